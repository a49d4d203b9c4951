/* locks/trylock-unchecked */
#include <pthread.h>
#include <threads.h>
#include <time.h>

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t g_rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t g_spin;
static mtx_t g_mtx;
static int g_n;

struct obj {
	pthread_mutex_t mu;
	int refs;
};

void ignored(void)
{
	pthread_mutex_trylock(&g_lock);  // expect: locks/trylock-unchecked
	g_n++;
	pthread_mutex_unlock(&g_lock);
}

void ignored_void_cast(void)
{
	(void)pthread_mutex_trylock(&g_lock);  // expect: locks/trylock-unchecked
	g_n++;
	pthread_mutex_unlock(&g_lock);
}

void timed_ignored(const struct timespec *ts)
{
	pthread_mutex_timedlock(&g_lock, ts);  // expect: locks/trylock-unchecked
	g_n++;
	pthread_mutex_unlock(&g_lock);
}

void rw_try_ignored(void)
{
	pthread_rwlock_tryrdlock(&g_rw);  // expect: locks/trylock-unchecked
	g_n = g_n + 0;
	pthread_rwlock_unlock(&g_rw);
}

void rw_trywr_ignored(void)
{
	pthread_rwlock_trywrlock(&g_rw);  // expect: locks/trylock-unchecked
	g_n = 0;
	pthread_rwlock_unlock(&g_rw);
}

void spin_try_ignored(void)
{
	pthread_spin_trylock(&g_spin);  // expect: locks/trylock-unchecked
	g_n++;
	pthread_spin_unlock(&g_spin);
}

void c11_try_ignored(void)
{
	mtx_trylock(&g_mtx);  // expect: locks/trylock-unchecked
	g_n++;
	mtx_unlock(&g_mtx);
}

void c11_timed_ignored(const struct timespec *ts)
{
	mtx_timedlock(&g_mtx, ts);  // expect: locks/trylock-unchecked
	g_n++;
	mtx_unlock(&g_mtx);
}

void field_try_ignored(struct obj *o)
{
	pthread_mutex_trylock(&o->mu);  // expect: locks/trylock-unchecked
	o->refs++;
	pthread_mutex_unlock(&o->mu);
}

void stored_never_tested(void)
{
	int rc;
	rc = pthread_mutex_trylock(&g_lock);  // expect: locks/trylock-unchecked
	g_n++;
	pthread_mutex_unlock(&g_lock);
	(void)rc;
}

void ignored_in_branch(int x)
{
	if (x) {
		pthread_mutex_trylock(&g_lock);  // expect: locks/trylock-unchecked
		g_n++;
		pthread_mutex_unlock(&g_lock);
	}
}

/* --- negatives --- */

int checked_eq(void)
{
	if (pthread_mutex_trylock(&g_lock) == 0) {
		g_n++;
		pthread_mutex_unlock(&g_lock);
		return 1;
	}
	return 0;
}

int checked_ne(void)
{
	if (pthread_mutex_trylock(&g_lock) != 0)
		return 0;
	g_n++;
	pthread_mutex_unlock(&g_lock);
	return 1;
}

int checked_not(void)
{
	if (!pthread_mutex_trylock(&g_lock)) {
		g_n++;
		pthread_mutex_unlock(&g_lock);
	}
	return 0;
}

int stored_then_tested(void)
{
	int rc = pthread_mutex_trylock(&g_lock);
	if (rc)
		return rc;
	g_n++;
	pthread_mutex_unlock(&g_lock);
	return 0;
}

int assigned_then_tested(struct obj *o)
{
	int rc;
	rc = pthread_mutex_trylock(&o->mu);
	if (rc == 0) {
		o->refs++;
		pthread_mutex_unlock(&o->mu);
	}
	return rc;
}

int spin_until(void)
{
	while (pthread_mutex_trylock(&g_lock) != 0)
		g_n++;
	g_n = 0;
	pthread_mutex_unlock(&g_lock);
	return 0;
}

int my_trylock(void)
{
	return pthread_mutex_trylock(&g_lock);
}

int c11_checked(void)
{
	if (mtx_trylock(&g_mtx) != thrd_success)
		return -1;
	g_n++;
	mtx_unlock(&g_mtx);
	return 0;
}

int timed_checked(const struct timespec *ts)
{
	int rc = pthread_mutex_timedlock(&g_lock, ts);
	if (rc != 0)
		return rc;
	g_n++;
	pthread_mutex_unlock(&g_lock);
	return 0;
}

void try_ignored_never_released(void)
{
	pthread_mutex_trylock(&g_lock);
	g_n++;
}

int report_result(int rc);

void result_passed_on(void)
{
	if (report_result(pthread_mutex_trylock(&g_lock)) == 0) {
		g_n++;
	}
}
