/* locks/unlock-not-held on paths that never took the lock */
#include <pthread.h>
#include <stdlib.h>

struct dev {
	pthread_mutex_t lock;
	int open;
	int *buf;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table_n;

/* the early exit jumps over the lock to the unlock */
int dev_reset(struct dev *d, int mode)
{
	int rc = -1;
	if (mode < 0)
		goto out;
	pthread_mutex_lock(&d->lock);
	d->open = mode;
	rc = 0;
out:
	pthread_mutex_unlock(&d->lock);  // expect: locks/unlock-not-held
	return rc;
}

/* a global released by a function that never takes it and is no wrapper */
void table_shrink(void)
{
	table_n--;
	pthread_mutex_unlock(&table_lock);  // expect: locks/unlock-not-held
}

/* a freshly initialised lock is not held */
int dev_setup(struct dev *d)
{
	if (pthread_mutex_init(&d->lock, NULL) != 0)
		return -1;
	d->open = 0;
	pthread_mutex_unlock(&d->lock);  // expect: locks/unlock-not-held
	return 0;
}

/* a local mutex that was never locked */
void local_never_locked(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	table_n++;
	pthread_mutex_unlock(&m);  // expect: locks/unlock-not-held
}

/* the lock is taken on one branch only; the other reaches the unlock */
void dev_toggle(struct dev *d, int on)
{
	if (on) {
		pthread_mutex_lock(&d->lock);
		d->open = 1;
	}
	free(d->buf);
	pthread_mutex_unlock(&d->lock);  // expect: locks/unlock-not-held
}
