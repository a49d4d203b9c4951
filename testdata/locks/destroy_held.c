/* locks/destroy-held */
#include <pthread.h>
#include <stdlib.h>

struct obj {
	pthread_mutex_t lock;
	int refs;
	struct obj *parent;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static int cache_n;

void obj_put(struct obj *o)
{
	pthread_mutex_lock(&o->lock);
	if (--o->refs == 0) {
		free(o);  // expect: locks/destroy-held
		return;
	}
	pthread_mutex_unlock(&o->lock);
}

void cache_shutdown(int flush)
{
	pthread_mutex_lock(&cache_lock);
	if (flush)
		cache_n = 0;
	pthread_mutex_destroy(&cache_lock);  // expect: locks/destroy-held
}

void obj_kill(struct obj *o)
{
	pthread_mutex_lock(&o->lock);
	o->refs = 0;
	pthread_mutex_destroy(&o->lock);  // expect: locks/destroy-held
	free(o);
}

/* --- negatives --- */

void obj_put_right(struct obj *o)
{
	int last;
	pthread_mutex_lock(&o->lock);
	last = --o->refs == 0;
	pthread_mutex_unlock(&o->lock);
	if (last) {
		pthread_mutex_destroy(&o->lock);
		free(o);
	}
}

/* the parent's lock is not inside the child */
void obj_detach(struct obj *o)
{
	struct obj *p = o->parent;
	pthread_mutex_lock(&p->lock);
	p->refs--;
	free(o);
	pthread_mutex_unlock(&p->lock);
}
