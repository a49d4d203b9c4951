/* locks/held-at-return: positives and negatives */
#include <pthread.h>
#include <stddef.h>

struct queue {
	pthread_mutex_t lock;
	int len;
	int items[16];
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_counter;

int pop_early_return(struct queue *q)
{
	int item;
	pthread_mutex_lock(&q->lock);
	if (q->len == 0)
		return -1;  // expect: locks/held-at-return
	item = q->items[--q->len];
	pthread_mutex_unlock(&q->lock);
	return item;
}

int pop_goto_right(struct queue *q)
{
	int rc = -1;
	pthread_mutex_lock(&q->lock);
	if (q->len == 0)
		goto out;
	rc = q->items[--q->len];
out:
	pthread_mutex_unlock(&q->lock);
	return rc;
}

int pop_goto_wrong(struct queue *q)
{
	int rc = -1;
	if (!q)
		goto out;
	pthread_mutex_lock(&q->lock);
	if (q->len == 0)
		goto out;
	rc = q->items[--q->len];
	pthread_mutex_unlock(&q->lock);
out:
	return rc;  // expect: locks/held-at-return
}

void bump_fall_off(int n)
{
	pthread_mutex_lock(&g_lock);
	if (n > 3) {
		g_counter += n;
		pthread_mutex_unlock(&g_lock);
	}
}  // expect: locks/held-at-return

void conditional_lock(int need)
{
	if (need)
		pthread_mutex_lock(&g_lock);
	g_counter++;
	if (need)
		pthread_mutex_unlock(&g_lock);
}

int error_checked(void)
{
	if (pthread_mutex_lock(&g_lock) != 0)
		return -1;
	g_counter++;
	pthread_mutex_unlock(&g_lock);
	return 0;
}

void take_big_lock(void)
{
	pthread_mutex_lock(&g_lock);
}

void queue_lock(struct queue *q)
{
	if (q)
		pthread_mutex_lock(&q->lock);
}

int trylock_right(void)
{
	if (pthread_mutex_trylock(&g_lock) != 0)
		return -1;
	g_counter++;
	pthread_mutex_unlock(&g_lock);
	return 0;
}

/* --- more positives --- */

int loop_break_holding(struct queue *q, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&q->lock);
		if (q->items[i] < 0)
			break;
		pthread_mutex_unlock(&q->lock);
	}
	return i;  // expect: locks/held-at-return
}

int switch_early_return(struct queue *q, int op)
{
	pthread_mutex_lock(&q->lock);
	switch (op) {
	case 0:
		q->len = 0;
		break;
	case 1:
		return -1;  // expect: locks/held-at-return
	default:
		q->len++;
		break;
	}
	pthread_mutex_unlock(&q->lock);
	return 0;
}

int rwlock_error_path(pthread_rwlock_t *rw, int *table, int key)
{
	pthread_rwlock_rdlock(rw);
	if (key < 0)
		return -1;  // expect: locks/held-at-return
	key = table[key];
	pthread_rwlock_unlock(rw);
	return key;
}

int spin_early(pthread_spinlock_t *sl, int v)
{
	pthread_spin_lock(sl);
	if (v)
		return v;  // expect: locks/held-at-return
	pthread_spin_unlock(sl);
	return 0;
}

int local_mutex_forgotten(void)
{
	pthread_mutex_t m;
	pthread_mutex_init(&m, NULL);
	pthread_mutex_lock(&m);
	g_counter++;
	return 0;  // expect: locks/held-at-return
}

int trylock_success_forgets(void)
{
	if (pthread_mutex_trylock(&g_lock) == 0) {
		g_counter++;
		return 1;  // expect: locks/held-at-return
	}
	return 0;
}

int two_locks_one_forgotten(struct queue *a, struct queue *b)
{
	pthread_mutex_lock(&a->lock);
	pthread_mutex_lock(&b->lock);
	a->len = b->len;
	pthread_mutex_unlock(&a->lock);
	if (a->len == 0) {
		pthread_mutex_unlock(&b->lock);
		return 0;
	}
	return -1;  // expect: locks/held-at-return
}

int while_loop_continue_path(struct queue *q)
{
	int n = 0;
	while (n < 10) {
		pthread_mutex_lock(&q->lock);
		if (q->len > n)
			return n;  // expect: locks/held-at-return
		pthread_mutex_unlock(&q->lock);
		n++;
	}
	return -1;
}

/* --- more negatives --- */

int loop_break_released(struct queue *q, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&q->lock);
		if (q->items[i] < 0) {
			pthread_mutex_unlock(&q->lock);
			break;
		}
		pthread_mutex_unlock(&q->lock);
	}
	return i;
}

int switch_all_unlock(struct queue *q, int op)
{
	pthread_mutex_lock(&q->lock);
	switch (op) {
	case 0:
		q->len = 0;
		break;
	case 1:
		pthread_mutex_unlock(&q->lock);
		return -1;
	default:
		break;
	}
	pthread_mutex_unlock(&q->lock);
	return 0;
}

int trylock_stored_result(void)
{
	int rc = pthread_mutex_trylock(&g_lock);
	if (rc != 0)
		return rc;
	g_counter++;
	pthread_mutex_unlock(&g_lock);
	return 0;
}

void wait_on(pthread_cond_t *cv, struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	while (q->len == 0)
		pthread_cond_wait(cv, &q->lock);
	q->len--;
	pthread_mutex_unlock(&q->lock);
}


