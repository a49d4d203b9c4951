#include "proj.h"

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *cache;

/* The lock is still held on the allocation failure path. */
int cache_insert(stamp_t now)
{
	struct entry *e;

	pthread_mutex_lock(&cache_lock);
	assert(now > 0);
	e = malloc(sizeof(*e));
	if (e == NULL)
		return -1; // expect: locks/held-at-return
	e->last = now;
	e->count = 0;
	cache = e;
	pthread_mutex_unlock(&cache_lock);
	return 0;
}

/* Same shape, released on every path: no finding. */
int cache_touch(stamp_t now)
{
	pthread_mutex_lock(&cache_lock);
	assert(now > 0);
	if (cache == NULL) {
		pthread_mutex_unlock(&cache_lock);
		return -1;
	}
	if (cache->last >= now) {
		pthread_mutex_unlock(&cache_lock);
		return 1;
	}
	cache->last = now;
	cache->count++;
	pthread_mutex_unlock(&cache_lock);
	return 0;
}
