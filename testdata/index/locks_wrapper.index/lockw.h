/* Lock wrappers declared without any attribute: only their definitions
 * in lockw.c say what they lock. */
#include <pthread.h>
struct conn {
	pthread_mutex_t mu;
	int n;
};
void conn_lock(struct conn *c);
void conn_unlock(struct conn *c);
void big_lock(void);
void big_unlock(void);
