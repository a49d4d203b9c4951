#include "tsa.h"
int push(struct queue *q, int n)
{
	queue_lock(q);
	if (n < 0)
		return -1; // expect: locks/held-at-return
	q->len += n;
	queue_unlock(q);
	return 0;
}
int push_ok(struct queue *q, int n)
{
	queue_lock(q);
	q->len += n;
	queue_unlock(q);
	return 0;
}
int try_push(struct queue *q)
{
	queue_trylock(q); // expect: locks/trylock-unchecked
	q->len++;
	queue_unlock(q);
	return 0;
}
int try_push_ok(struct queue *q)
{
	if (queue_trylock(q) != 0)
		return -1;
	q->len++;
	queue_unlock(q);
	return 0;
}
