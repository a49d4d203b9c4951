/* The same test guards the lock and the unlock, also through the
 * compiler's branch hints; facts die when the tested value changes. */
#include <assert.h>
#include <pthread.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

struct ctx {
	pthread_mutex_t lock;
	int shared;
	int n;
};

void hinted_pair(struct ctx *c)
{
	if (likely(c->shared))
		pthread_mutex_lock(&c->lock);
	c->n++;
	if (likely(c->shared))
		pthread_mutex_unlock(&c->lock);
}

void hint_then_plain(struct ctx *c, int need)
{
	if (unlikely(need))
		pthread_mutex_lock(&c->lock);
	c->n++;
	if (need)
		pthread_mutex_unlock(&c->lock);
}

/* the flag changes between the two tests: the lock may stay held */
void flag_changed(struct ctx *c, int need)
{
	if (need)
		pthread_mutex_lock(&c->lock);
	need = c->n > 3;
	if (need)
		pthread_mutex_unlock(&c->lock);
}  // expect: locks/held-at-return

/* the tested field is stored through between the tests */
void field_changed(struct ctx *c)
{
	if (c->shared)
		pthread_mutex_lock(&c->lock);
	c->shared = 0;
	if (c->shared)
		pthread_mutex_unlock(&c->lock);
}  // expect: locks/held-at-return

/* assert() states the lock's condition: the unlock is on a locked path */
void asserted_pair(struct ctx *c, int need)
{
	if (need)
		pthread_mutex_lock(&c->lock);
	assert(need);
	pthread_mutex_unlock(&c->lock);
}

/* assert() on something else refines nothing about the lock */
void asserted_other(struct ctx *c, int need)
{
	if (need)
		pthread_mutex_lock(&c->lock);
	assert(c->n > 0);
	pthread_mutex_unlock(&c->lock);  // expect: locks/unlock-not-held
}
