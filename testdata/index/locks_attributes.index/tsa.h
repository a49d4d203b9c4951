/* Clang's thread-safety attributes in a header teach every file that
 * includes it, index or not (the definitions are in tsa.c). */
#include <pthread.h>
struct queue {
	pthread_mutex_t mu;
	int len;
};
void queue_lock(struct queue *q) __attribute__((acquire_capability(q)));
void queue_unlock(struct queue *q) __attribute__((release_capability(q)));
int queue_trylock(struct queue *q) __attribute__((try_acquire_capability(0, q)));
