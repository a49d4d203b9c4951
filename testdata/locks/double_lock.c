/* locks/double-lock */
#include <pthread.h>
#include <threads.h>

struct store {
	pthread_mutex_t lock;
	int dirty;
	int value;
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static mtx_t g_mtx;
static int g_n;

void flush(struct store *s);

void relock_after_flush(struct store *s)
{
	pthread_mutex_lock(&s->lock);
	if (s->dirty)
		s->value = 0;
	pthread_mutex_lock(&s->lock);  // expect: locks/double-lock
	pthread_mutex_unlock(&s->lock);
}

void global_twice(void)
{
	pthread_mutex_lock(&g_lock);
	g_n++;
	pthread_mutex_lock(&g_lock);  // expect: locks/double-lock
	pthread_mutex_unlock(&g_lock);
}

void c11_twice(void)
{
	mtx_lock(&g_mtx);
	mtx_lock(&g_mtx);  // expect: locks/double-lock
	mtx_unlock(&g_mtx);
}

void in_branch(int x)
{
	pthread_mutex_lock(&g_lock);
	if (x) {
		pthread_mutex_lock(&g_lock);  // expect: locks/double-lock
		g_n = x;
	}
	pthread_mutex_unlock(&g_lock);
}

void loop_forgets_unlock(int n)
{
	int i;
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&g_lock);  // expect: locks/double-lock
		g_n += i;
		if (g_n > 100)
			continue;
		pthread_mutex_unlock(&g_lock);
	}
}  // expect: locks/held-at-return

void rw_twice(pthread_rwlock_t *rw)
{
	pthread_rwlock_wrlock(rw);
	pthread_rwlock_wrlock(rw);  // expect: locks/double-lock
	pthread_rwlock_unlock(rw);
}

void spin_twice(pthread_spinlock_t *sp)
{
	pthread_spin_lock(sp);
	pthread_spin_lock(sp);  // expect: locks/double-lock
	pthread_spin_unlock(sp);
}

static void helper_takes_lock(void)
{
	pthread_mutex_lock(&g_lock);
	g_n++;
	pthread_mutex_unlock(&g_lock);
}

void calls_locking_helper(void)
{
	pthread_mutex_lock(&g_lock);
	helper_takes_lock();  // expect: locks/double-lock
	pthread_mutex_unlock(&g_lock);
}

void big_lock(void)
{
	pthread_mutex_lock(&g_lock);
}

void big_unlock(void)
{
	pthread_mutex_unlock(&g_lock);
}

void wrapper_twice(void)
{
	big_lock();
	g_n++;
	big_lock();  // expect: locks/double-lock
	big_unlock();
}

void switch_case_relock(int op)
{
	pthread_mutex_lock(&g_lock);
	switch (op) {
	case 1:
		pthread_mutex_lock(&g_lock);  // expect: locks/double-lock
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&g_lock);
}

void after_goto(int x)
{
	pthread_mutex_lock(&g_lock);
	if (x)
		goto again;
	pthread_mutex_unlock(&g_lock);
	return;
again:
	pthread_mutex_lock(&g_lock);  // expect: locks/double-lock
	pthread_mutex_unlock(&g_lock);
}

/* --- negatives --- */

void lock_unlock_lock(void)
{
	pthread_mutex_lock(&g_lock);
	g_n++;
	pthread_mutex_unlock(&g_lock);
	pthread_mutex_lock(&g_lock);
	g_n++;
	pthread_mutex_unlock(&g_lock);
}

void two_different_stores(struct store *a, struct store *b)
{
	pthread_mutex_lock(&a->lock);
	pthread_mutex_lock(&b->lock);
	a->value = b->value;
	pthread_mutex_unlock(&b->lock);
	pthread_mutex_unlock(&a->lock);
}

void loop_balanced(int n)
{
	int i;
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&g_lock);
		g_n += i;
		pthread_mutex_unlock(&g_lock);
	}
}

void trylock_while_held_is_fine(void)
{
	pthread_mutex_lock(&g_lock);
	if (pthread_mutex_trylock(&g_lock) == 0)
		g_n = -1;
	pthread_mutex_unlock(&g_lock);
}

void failed_lock_then_retry(void)
{
	if (pthread_mutex_lock(&g_lock) != 0) {
		pthread_mutex_lock(&g_lock);
	}
	g_n++;
	pthread_mutex_unlock(&g_lock);
}

void correlated_flags(int need)
{
	if (need)
		pthread_mutex_lock(&g_lock);
	g_n++;
	if (need)
		pthread_mutex_unlock(&g_lock);
	if (!need)
		pthread_mutex_lock(&g_lock);
	g_n--;
	if (!need)
		pthread_mutex_unlock(&g_lock);
}

void unknown_release(struct store *s);

void handed_to_unknown(struct store *s)
{
	pthread_mutex_lock(&s->lock);
	unknown_release(s);
	pthread_mutex_unlock(&s->lock);
}

void opaque_unlock(pthread_mutex_t *m);

void passed_to_unknown(void)
{
	pthread_mutex_lock(&g_lock);
	opaque_unlock(&g_lock);
	pthread_mutex_lock(&g_lock);
	pthread_mutex_unlock(&g_lock);
}

static void helper_unlocks(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
}

void summary_release(void)
{
	pthread_mutex_lock(&g_lock);
	helper_unlocks(&g_lock);
	pthread_mutex_lock(&g_lock);
	pthread_mutex_unlock(&g_lock);
}

void c11_balanced(void)
{
	mtx_lock(&g_mtx);
	g_n++;
	mtx_unlock(&g_mtx);
	mtx_lock(&g_mtx);
	mtx_unlock(&g_mtx);
}

/* --- through callees and recursion --- */

struct node {
	pthread_mutex_t lock;
	struct node *child;
	int v;
};

static void node_touch(struct node *n)
{
	pthread_mutex_lock(&n->lock);
	n->v++;
	pthread_mutex_unlock(&n->lock);
}

void node_update(struct node *n)
{
	pthread_mutex_lock(&n->lock);
	node_touch(n);  // expect: locks/double-lock
	pthread_mutex_unlock(&n->lock);
}

/* the child's lock is another lock of the same field: no deadlock */
void node_update_child(struct node *n)
{
	pthread_mutex_lock(&n->lock);
	if (n->child)
		node_touch(n->child);
	pthread_mutex_unlock(&n->lock);
}

/* the callee releases the caller's hold before taking it again */
static void node_wait(struct node *n)
{
	pthread_mutex_unlock(&n->lock);
	n->v = 0;
	pthread_mutex_lock(&n->lock);
}

void node_waiter(struct node *n)
{
	pthread_mutex_lock(&n->lock);
	node_wait(n);
	pthread_mutex_unlock(&n->lock);
}

int count_down(int n)
{
	int r;
	pthread_mutex_lock(&g_lock);
	if (n <= 0) {
		pthread_mutex_unlock(&g_lock);
		return 0;
	}
	r = count_down(n - 1);  // expect: locks/double-lock
	pthread_mutex_unlock(&g_lock);
	return r + 1;
}

/* recursion after the unlock is fine */
int count_down_right(int n)
{
	pthread_mutex_lock(&g_lock);
	g_n++;
	pthread_mutex_unlock(&g_lock);
	if (n <= 0)
		return 0;
	return count_down_right(n - 1) + 1;
}
