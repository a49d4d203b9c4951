#include "tsa.h"
void queue_lock(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
}
void queue_unlock(struct queue *q)
{
	pthread_mutex_unlock(&q->mu);
}
int queue_trylock(struct queue *q)
{
	return pthread_mutex_trylock(&q->mu);
}
