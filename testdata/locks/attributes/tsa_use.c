/* Callers of wrappers declared in tsa_lock.h and defined in another file. */
#include "tsa_lock.h"

struct queue {
	struct tsa_mutex lock;
	int n;
};

int pop_leaky(struct queue *q)
{
	tsa_lock(&q->lock);
	if (q->n == 0)
		return -1; // expect: locks/held-at-return
	q->n--;
	tsa_unlock(&q->lock);
	return 0;
}

int pop_ok(struct queue *q)
{
	int r = -1;
	tsa_lock(&q->lock);
	if (q->n > 0) {
		q->n--;
		r = 0;
	}
	tsa_unlock(&q->lock);
	return r;
}

void twice(struct queue *q)
{
	old_lock(&q->lock);
	old_lock(&q->lock); // expect: locks/double-lock
	q->n++;
	old_unlock(&q->lock);
}

void old_ok(struct queue *q)
{
	old_lock(&q->lock);
	q->n++;
	old_unlock(&q->lock);
}

void unlock_twice(struct queue *q)
{
	macro_lock(&q->lock);
	q->n++;
	macro_unlock(&q->lock);
	macro_unlock(&q->lock); // expect: locks/unlock-not-held
}

void macro_ok(struct queue *q)
{
	macro_lock(&q->lock);
	q->n++;
	macro_unlock(&q->lock);
}

void try_unchecked(struct queue *q)
{
	tsa_trylock(&q->lock); // expect: locks/trylock-unchecked
	q->n++;
	tsa_unlock(&q->lock);
}

int try_ok(struct queue *q)
{
	if (!tsa_trylock(&q->lock))
		return -1;
	q->n++;
	tsa_unlock(&q->lock);
	return 0;
}

void touch_only(struct queue *q)
{
	tsa_touch(&q->lock);
	q->n++;
}

int grab_leaky(struct queue *q)
{
	grab(&q->lock);
	if (q->n < 0)
		return -1; // expect: locks/held-at-return
	let_go(&q->lock);
	return 0;
}

int grab_ok(struct queue *q)
{
	grab(&q->lock);
	q->n = 0;
	let_go(&q->lock);
	return 0;
}
