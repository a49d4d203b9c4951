/* Releases of a lock in its entry state that are right: the caller holds
 * it (wrappers by name, attribute or callers; a parameter's lock), or the
 * function drops a caller's hold and takes it back. */
#include <pthread.h>
#include <stdlib.h>

struct dev {
	pthread_mutex_t lock;
	int open;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int table_n, stats_n;

/* its name says it releases for its caller */
void table_unlock(void)
{
	pthread_mutex_unlock(&table_lock);
}

/* a thread-safety attribute says the caller holds it */
void table_commit(void) __attribute__((exclusive_locks_required(table_lock)));
void table_commit(void)
{
	table_n++;
	pthread_mutex_unlock(&table_lock);
}

/* no telling name, but its only caller takes the lock before calling */
static void stats_flush(void)
{
	stats_n = 0;
	pthread_mutex_unlock(&stats_lock);
}

void stats_add(int v)
{
	pthread_mutex_lock(&stats_lock);
	stats_n += v;
	if (stats_n > 100) {
		stats_flush();
		return;
	}
	pthread_mutex_unlock(&stats_lock);
}

/* a parameter's lock, held by the caller */
void dev_close_locked(struct dev *d)
{
	d->open = 0;
	pthread_mutex_unlock(&d->lock);
}

/* the caller's hold dropped around a slow call, then taken again */
void dev_wait(struct dev *d)
{
	pthread_mutex_unlock(&d->lock);
	table_n++;
	pthread_mutex_lock(&d->lock);
}

/* the same test guards the lock and the unlock */
void dev_maybe(struct dev *d, int locked)
{
	if (locked)
		pthread_mutex_lock(&d->lock);
	d->open++;
	if (locked)
		pthread_mutex_unlock(&d->lock);
}

/* initialised, taken, released, destroyed */
int dev_lifecycle(struct dev *d)
{
	if (pthread_mutex_init(&d->lock, NULL) != 0)
		return -1;
	pthread_mutex_lock(&d->lock);
	d->open = 1;
	pthread_mutex_unlock(&d->lock);
	pthread_mutex_destroy(&d->lock);
	return 0;
}

/* the once object goes to a function defined elsewhere, which may take its
 * lock; the TU's own release function gives it back */
struct once {
	int done;
	pthread_mutex_t mutex;
};

int once_enter_slow(struct once *o); /* defined in another file */

static void once_finish(struct once *o)
{
	o->done = 1;
	pthread_mutex_unlock(&o->mutex);
}

void init_tables(void)
{
	static struct once once;
	if (once_enter_slow(&once)) {
		table_n = 0;
		once_finish(&once);
	}
}
