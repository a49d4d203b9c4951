/* Patterns from Open vSwitch that must stay quiet (false alarms seen on
 * lib/ovs-thread.c, lib/fat-rwlock.c, lib/netdev-offload-dpdk.c). */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct once {
	bool done;
	pthread_mutex_t mutex;
};

/* Returns true holding the mutex; the caller unlocks in once_done(). */
bool once_start(struct once *once)
{
	pthread_mutex_lock(&once->mutex);
	if (!once->done)
		return true;
	pthread_mutex_unlock(&once->mutex);
	return false;
}

struct table {
	pthread_mutex_t mutex;
	int n;
};

struct table *table_get(void *key);

/* A lock function reaching the lock through a local pointer. */
void table_rdlock(void *key)
{
	struct table *this = table_get(key);
	pthread_mutex_lock(&this->mutex);
}

/* The same without a telling name: held on every way out, so a wrapper. */
void table_enter(void *key)
{
	struct table *t = table_get(key);
	if (!t)
		return;
	pthread_mutex_lock(&t->mutex);
	t->n++;
}

/* Trylock-style wrapper: 0 means "locked". */
int table_try(struct table *t)
{
	if (pthread_mutex_trylock(&t->mutex) != 0)
		return 16;
	if (t->n < 0) {
		pthread_mutex_unlock(&t->mutex);
		return 22;
	}
	return 0;
}

/* Macro-generated lock function, as in ovs-thread.c's LOCK_FUNCTION. */
#define LOCK_FUNCTION(NAME)                                            \
	void table_##NAME##_at(const struct table *l_, const char *where) \
	{                                                              \
		struct table *l = (struct table *)l_;                  \
		int error = pthread_mutex_lock(&l->mutex);             \
		if (error)                                             \
			return;                                        \
		(void)where;                                           \
	}
LOCK_FUNCTION(lock)
