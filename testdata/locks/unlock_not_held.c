/* locks/unlock-not-held */
#include <pthread.h>
#include <threads.h>

struct conn {
	pthread_mutex_t lock;
	int state;
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t g_rw = PTHREAD_RWLOCK_INITIALIZER;
static mtx_t g_mtx;
static int g_n;

void double_unlock(void)
{
	pthread_mutex_lock(&g_lock);
	g_n++;
	pthread_mutex_unlock(&g_lock);
	pthread_mutex_unlock(&g_lock);  // expect: locks/unlock-not-held
}

int unlock_after_failed_lock(void)
{
	if (pthread_mutex_lock(&g_lock) != 0) {
		pthread_mutex_unlock(&g_lock);  // expect: locks/unlock-not-held
		return -1;
	}
	g_n++;
	pthread_mutex_unlock(&g_lock);
	return 0;
}

void error_path_unlocks_twice(struct conn *c, int err)
{
	pthread_mutex_lock(&c->lock);
	if (err) {
		pthread_mutex_unlock(&c->lock);
		goto out;
	}
	c->state = 1;
out:
	pthread_mutex_unlock(&c->lock);  // expect: locks/unlock-not-held
}

void trylock_failed_then_unlock(void)
{
	if (pthread_mutex_trylock(&g_lock) != 0) {
		g_n = -1;
		pthread_mutex_unlock(&g_lock);  // expect: locks/unlock-not-held
		return;
	}
	g_n++;
	pthread_mutex_unlock(&g_lock);
}

void rw_double_unlock(void)
{
	pthread_rwlock_rdlock(&g_rw);
	g_n = g_n + 1;
	pthread_rwlock_unlock(&g_rw);
	pthread_rwlock_unlock(&g_rw);  // expect: locks/unlock-not-held
}

void c11_double_unlock(void)
{
	mtx_lock(&g_mtx);
	mtx_unlock(&g_mtx);
	mtx_unlock(&g_mtx);  // expect: locks/unlock-not-held
}

void loop_unlock_twice(int n)
{
	int i;
	pthread_mutex_lock(&g_lock);
	for (i = 0; i < n; i++) {
		if (i == 3) {
			pthread_mutex_unlock(&g_lock);
			break;
		}
	}
	pthread_mutex_unlock(&g_lock);  // expect: locks/unlock-not-held
}

void switch_unlock_in_case(int op)
{
	pthread_mutex_lock(&g_lock);
	switch (op) {
	case 2:
		pthread_mutex_unlock(&g_lock);
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&g_lock);  // expect: locks/unlock-not-held
}

int stored_result_failure(void)
{
	int rc = pthread_mutex_lock(&g_lock);
	if (rc != 0) {
		pthread_mutex_unlock(&g_lock);  // expect: locks/unlock-not-held
		return rc;
	}
	pthread_mutex_unlock(&g_lock);
	return 0;
}

void release_twice_param(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
	g_n++;
	pthread_mutex_unlock(m);  // expect: locks/unlock-not-held
}

static void drop_lock(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
}

void helper_then_unlock(void)
{
	pthread_mutex_lock(&g_lock);
	drop_lock(&g_lock);
	pthread_mutex_unlock(&g_lock);  // expect: locks/unlock-not-held
}

/* --- negatives --- */

void called_with_lock_held(struct conn *c)
{
	c->state = 0;
	pthread_mutex_unlock(&c->lock);
}

void unlock_relock(struct conn *c)
{
	pthread_mutex_unlock(&c->lock);
	g_n++;
	pthread_mutex_lock(&c->lock);
}

void balanced(void)
{
	pthread_mutex_lock(&g_lock);
	g_n++;
	pthread_mutex_unlock(&g_lock);
}

void goto_cleanup_right(struct conn *c, int err)
{
	pthread_mutex_lock(&c->lock);
	if (err)
		goto out;
	c->state = 1;
out:
	pthread_mutex_unlock(&c->lock);
}

void conditional_pair(int need)
{
	if (need)
		pthread_mutex_lock(&g_lock);
	g_n++;
	if (need)
		pthread_mutex_unlock(&g_lock);
}

void trylock_success_unlock(void)
{
	if (pthread_mutex_trylock(&g_lock) == 0) {
		g_n++;
		pthread_mutex_unlock(&g_lock);
	}
}

void loop_unlock_break_right(int n)
{
	int i;
	pthread_mutex_lock(&g_lock);
	for (i = 0; i < n; i++) {
		if (i == 3)
			break;
	}
	pthread_mutex_unlock(&g_lock);
}

void opaque_relock(pthread_mutex_t *m);

void relocked_by_unknown(void)
{
	pthread_mutex_lock(&g_lock);
	pthread_mutex_unlock(&g_lock);
	opaque_relock(&g_lock);
	pthread_mutex_unlock(&g_lock);
}

static void take_lock(pthread_mutex_t *m)
{
	pthread_mutex_lock(m);
}

void helper_relocks(void)
{
	pthread_mutex_lock(&g_lock);
	pthread_mutex_unlock(&g_lock);
	take_lock(&g_lock);
	pthread_mutex_unlock(&g_lock);
}

void cond_wait_loop(pthread_cond_t *cv, struct conn *c)
{
	pthread_mutex_lock(&c->lock);
	while (!c->state)
		pthread_cond_wait(cv, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

void error_checked_right(void)
{
	if (pthread_mutex_lock(&g_lock) != 0)
		return;
	g_n++;
	pthread_mutex_unlock(&g_lock);
}
