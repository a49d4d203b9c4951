/* locks/lock-order: one finding per inverted pair, at the earliest inner acquire */
#include <pthread.h>
#include <threads.h>

static pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t journal = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cache = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t table = PTHREAD_RWLOCK_INITIALIZER;
static mtx_t m1, m2;
static int n;

struct node {
	pthread_mutex_t lock;
	pthread_mutex_t io_lock;
	struct node *parent;
	int v;
};

struct pool {
	pthread_mutex_t free_lock;
	pthread_mutex_t busy_lock;
};

void transfer(void)
{
	pthread_mutex_lock(&accounts);
	pthread_mutex_lock(&journal);  // expect: locks/lock-order
	n++;
	pthread_mutex_unlock(&journal);
	pthread_mutex_unlock(&accounts);
}

void rotate(void)
{
	pthread_mutex_lock(&journal);
	pthread_mutex_lock(&accounts);
	n--;
	pthread_mutex_unlock(&accounts);
	pthread_mutex_unlock(&journal);
}

void fill_cache(void)
{
	pthread_mutex_lock(&cache);
	pthread_rwlock_wrlock(&table);  // expect: locks/lock-order
	n = 1;
	pthread_rwlock_unlock(&table);
	pthread_mutex_unlock(&cache);
}

void scan_table(void)
{
	pthread_rwlock_rdlock(&table);
	pthread_mutex_lock(&cache);
	n = 2;
	pthread_mutex_unlock(&cache);
	pthread_rwlock_unlock(&table);
}

void node_io(struct node *x)
{
	pthread_mutex_lock(&x->lock);
	pthread_mutex_lock(&x->io_lock);  // expect: locks/lock-order
	x->v = 0;
	pthread_mutex_unlock(&x->io_lock);
	pthread_mutex_unlock(&x->lock);
}

void node_flush(struct node *y)
{
	pthread_mutex_lock(&y->io_lock);
	pthread_mutex_lock(&y->lock);
	y->v = 1;
	pthread_mutex_unlock(&y->lock);
	pthread_mutex_unlock(&y->io_lock);
}

void c11_ab(void)
{
	mtx_lock(&m1);
	mtx_lock(&m2);  // expect: locks/lock-order
	mtx_unlock(&m2);
	mtx_unlock(&m1);
}

void c11_ba(void)
{
	mtx_lock(&m2);
	mtx_lock(&m1);
	mtx_unlock(&m1);
	mtx_unlock(&m2);
}

void pool_take(struct pool *p)
{
	pthread_mutex_lock(&p->free_lock);
	pthread_mutex_lock(&p->busy_lock);  // expect: locks/lock-order
	pthread_mutex_unlock(&p->busy_lock);
	pthread_mutex_unlock(&p->free_lock);
}

static void stats_bump(void)
{
	pthread_mutex_lock(&stats);
	n++;
	pthread_mutex_unlock(&stats);
}

void pool_give(struct pool *p)
{
	pthread_mutex_lock(&p->busy_lock);
	pthread_mutex_lock(&p->free_lock);
	pthread_mutex_unlock(&p->free_lock);
	pthread_mutex_unlock(&p->busy_lock);
}

void cache_then_stats(void)
{
	pthread_mutex_lock(&cache);
	stats_bump();  // expect: locks/lock-order
	pthread_mutex_unlock(&cache);
}

void stats_then_cache(void)
{
	pthread_mutex_lock(&stats);
	pthread_mutex_lock(&cache);
	pthread_mutex_unlock(&cache);
	pthread_mutex_unlock(&stats);
}

void accounts_stats(int x)
{
	pthread_mutex_lock(&accounts);
	if (x)
		pthread_mutex_lock(&stats);  // expect: locks/lock-order
	n = x;
	if (x)
		pthread_mutex_unlock(&stats);
	pthread_mutex_unlock(&accounts);
}

void stats_accounts(void)
{
	pthread_mutex_lock(&stats);
	pthread_mutex_lock(&accounts);
	pthread_mutex_unlock(&accounts);
	pthread_mutex_unlock(&stats);
}

void journal_table(void)
{
	pthread_mutex_lock(&journal);
	pthread_rwlock_rdlock(&table);  // expect: locks/lock-order
	pthread_rwlock_unlock(&table);
	pthread_mutex_unlock(&journal);
}

void table_journal(void)
{
	pthread_rwlock_wrlock(&table);
	pthread_mutex_lock(&journal);
	pthread_mutex_unlock(&journal);
	pthread_rwlock_unlock(&table);
}

void same_function_both_orders(int x)
{
	if (x) {
		pthread_mutex_lock(&cache);
		pthread_mutex_lock(&journal);  // expect: locks/lock-order
		pthread_mutex_unlock(&journal);
		pthread_mutex_unlock(&cache);
	} else {
		pthread_mutex_lock(&journal);
		pthread_mutex_lock(&cache);
		pthread_mutex_unlock(&cache);
		pthread_mutex_unlock(&journal);
	}
}

static void with_accounts_table(void)
{
	pthread_mutex_lock(&accounts);
	pthread_rwlock_rdlock(&table);  // expect: locks/lock-order
	pthread_rwlock_unlock(&table);
	pthread_mutex_unlock(&accounts);
}

void table_then_accounts_via_helper(void)
{
	pthread_rwlock_wrlock(&table);
	pthread_mutex_lock(&accounts);
	pthread_mutex_unlock(&accounts);
	pthread_rwlock_unlock(&table);
	with_accounts_table();
}

/* --- negatives: consistent orders, released before the next, trylock --- */

void consistent_1(void)
{
	pthread_mutex_lock(&accounts);
	pthread_mutex_lock(&cache);
	pthread_mutex_unlock(&cache);
	pthread_mutex_unlock(&accounts);
}

void consistent_2(void)
{
	pthread_mutex_lock(&accounts);
	pthread_mutex_lock(&cache);
	pthread_mutex_unlock(&accounts);
	pthread_mutex_unlock(&cache);
}

void sequential_not_nested(void)
{
	pthread_mutex_lock(&cache);
	pthread_mutex_unlock(&cache);
	pthread_mutex_lock(&accounts);
	pthread_mutex_unlock(&accounts);
}

void trylock_avoids_deadlock(void)
{
	pthread_mutex_lock(&cache);
	if (pthread_mutex_trylock(&accounts) == 0)
		pthread_mutex_unlock(&accounts);
	pthread_mutex_unlock(&cache);
}

void parent_child(struct node *c)
{
	pthread_mutex_lock(&c->lock);
	pthread_mutex_lock(&c->parent->lock);
	pthread_mutex_unlock(&c->parent->lock);
	pthread_mutex_unlock(&c->lock);
}

void local_locks(void)
{
	pthread_mutex_t a, b;
	pthread_mutex_init(&a, 0);
	pthread_mutex_init(&b, 0);
	pthread_mutex_lock(&a);
	pthread_mutex_lock(&b);
	pthread_mutex_unlock(&b);
	pthread_mutex_unlock(&a);
	pthread_mutex_lock(&b);
	pthread_mutex_lock(&a);
	pthread_mutex_unlock(&a);
	pthread_mutex_unlock(&b);
}

static pthread_mutex_t ring_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ring_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ring_c = PTHREAD_MUTEX_INITIALIZER;

void chain_ab(void)
{
	pthread_mutex_lock(&ring_a);
	pthread_mutex_lock(&ring_b);
	pthread_mutex_unlock(&ring_b);
	pthread_mutex_unlock(&ring_a);
}

void chain_bc(void)
{
	pthread_mutex_lock(&ring_b);
	pthread_mutex_lock(&ring_c);
	pthread_mutex_unlock(&ring_c);
	pthread_mutex_unlock(&ring_b);
}

static void take_c(void)
{
	pthread_mutex_lock(&ring_c);
	pthread_mutex_unlock(&ring_c);
}

void chain_a_then_helper_c(void)
{
	pthread_mutex_lock(&ring_a);
	take_c();
	pthread_mutex_unlock(&ring_a);
}

void c_released_before_a(void)
{
	pthread_mutex_lock(&ring_c);
	pthread_mutex_unlock(&ring_c);
	pthread_mutex_lock(&ring_a);
	pthread_mutex_unlock(&ring_a);
}

void reverse_with_trylock(void)
{
	pthread_mutex_lock(&ring_b);
	if (pthread_mutex_trylock(&ring_a) == 0)
		pthread_mutex_unlock(&ring_a);
	pthread_mutex_unlock(&ring_b);
}

void reverse_after_unlock_in_branch(int x)
{
	pthread_mutex_lock(&ring_c);
	if (x) {
		pthread_mutex_unlock(&ring_c);
		pthread_mutex_lock(&ring_a);
		pthread_mutex_unlock(&ring_a);
		return;
	}
	pthread_mutex_unlock(&ring_c);
}
