/* pthread mutexes are recursive when their init's attribute was set to
 * PTHREAD_MUTEX_RECURSIVE: taking one again is no self-deadlock, but every
 * hold is owed a release. */
#include <pthread.h>

static pthread_mutex_t rec_lock;
static pthread_mutex_t plain_lock;
static pthread_mutex_t chosen_lock;

void init_locks(int kind)
{
	pthread_mutexattr_t ra, pa, ka;

	pthread_mutexattr_init(&ra);
	pthread_mutexattr_settype(&ra, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rec_lock, &ra);
	pthread_mutexattr_destroy(&ra);

	pthread_mutexattr_init(&pa);
	pthread_mutexattr_settype(&pa, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&plain_lock, &pa);
	pthread_mutexattr_destroy(&pa);

	/* a kind chosen at run time may be recursive */
	pthread_mutexattr_init(&ka);
	pthread_mutexattr_settype(&ka, kind);
	pthread_mutex_init(&chosen_lock, &ka);
	pthread_mutexattr_destroy(&ka);
}

void nested_ok(void)
{
	pthread_mutex_lock(&rec_lock);
	pthread_mutex_lock(&rec_lock);
	pthread_mutex_unlock(&rec_lock);
	pthread_mutex_unlock(&rec_lock);
}

void chosen_nested(void)
{
	pthread_mutex_lock(&chosen_lock);
	pthread_mutex_lock(&chosen_lock);
	pthread_mutex_unlock(&chosen_lock);
	pthread_mutex_unlock(&chosen_lock);
}

/* one release short: the outer hold is still taken at return */
void nested_short(void)
{
	pthread_mutex_lock(&rec_lock);
	pthread_mutex_lock(&rec_lock);
	pthread_mutex_unlock(&rec_lock);
}  // expect: locks/held-at-return

/* an error-checking mutex is not recursive */
void plain_twice(void)
{
	pthread_mutex_lock(&plain_lock);
	pthread_mutex_lock(&plain_lock);  // expect: locks/double-lock
	pthread_mutex_unlock(&plain_lock);
	pthread_mutex_unlock(&plain_lock);  // expect: locks/unlock-not-held
}
