/* The project's own lock API, defined in this file and named in the
 * config: its definitions return holding / release by design. */
#include <pthread.h>

struct pool {
	pthread_mutex_t lock;
	int n;
};

void pool_take(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	p->n++;
}

static pthread_mutex_t global_pool = PTHREAD_MUTEX_INITIALIZER;

void pool_give(struct pool *p)
{
	p->n--;
	pthread_mutex_unlock(&p->lock);
	(void)global_pool;
}
