/* A lock inside an object handed to a function defined elsewhere: only a
 * callee named for ending something (…_unlock, …_release) may be taken to
 * release what the object contains. */
#include <pthread.h>

struct conn {
	pthread_mutex_t mu;
	int n;
};

void conn_unlock(struct conn *c);   /* defined in another file */
void log_conn(struct conn *c);      /* defined in another file */

int bump_then_unlock_elsewhere(struct conn *c)
{
	pthread_mutex_lock(&c->mu);
	c->n++;
	conn_unlock(c);
	return 0;
}

int bump_then_log(struct conn *c)
{
	pthread_mutex_lock(&c->mu);
	c->n++;
	log_conn(c);
	return 0; // expect: locks/held-at-return
}
