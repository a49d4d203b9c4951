/* locks/held-at-return: a function holding a lock on every way out is a
 * wrapper only when its name, an attribute, the config or a caller that
 * releases the lock says so. */
#include <pthread.h>

struct q {
	pthread_mutex_t lock;
	int n;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int table_n, stats_n;

/* held on every way out, no caller, no telling name: a forgotten unlock */
void stats_bump(int v)
{
	pthread_mutex_lock(&stats_lock);
	stats_n += v;
}  // expect: locks/held-at-return

/* the return value does not say "held" to anyone: a plain early return */
int q_is_empty(struct q *q)
{
	pthread_mutex_lock(&q->lock);
	if (q->n == 0)
		return 0;  // expect: locks/held-at-return
	pthread_mutex_unlock(&q->lock);
	return 1;
}

/* --- negatives --- */

/* no telling name, but its caller releases what it returns holding */
static void table_edit(void)
{
	pthread_mutex_lock(&table_lock);
	table_n++;
}

void table_update(void)
{
	table_edit();
	table_n *= 2;
	pthread_mutex_unlock(&table_lock);
}

/* a thread-safety attribute says it returns holding the lock */
void q_hold(struct q *q) __attribute__((exclusive_lock_function(q->lock)));
void q_hold(struct q *q)
{
	pthread_mutex_lock(&q->lock);
	q->n++;
}

/* a try function: the name says its result tells whether it holds */
int q_try(struct q *q)
{
	if (pthread_mutex_trylock(&q->lock) != 0)
		return -1;
	if (q->n < 0) {
		pthread_mutex_unlock(&q->lock);
		return -2;
	}
	return 0;
}

/* returns 0 holding both locks, an error when taking one failed: the
 * result passes the failure on, so it tells whether the locks are held */
int grab_two(struct q *a, struct q *b)
{
	if (pthread_mutex_lock(&a->lock) != 0)
		return -1;
	if (pthread_mutex_lock(&b->lock) != 0) {
		pthread_mutex_unlock(&a->lock);
		return -1;
	}
	return 0;
}
