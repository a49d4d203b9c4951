/* locks/lock-order: a cycle of three locks across three functions, no two
 * of which alone invert; reported once, at the earliest inner acquire. */
#include <pthread.h>

static pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ledger = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t audit = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cfg_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cfg_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cfg_c = PTHREAD_MUTEX_INITIALIZER;
static int n;

void post_entry(void)
{
	pthread_mutex_lock(&accounts);
	pthread_mutex_lock(&ledger);  // expect: locks/lock-order
	n++;
	pthread_mutex_unlock(&ledger);
	pthread_mutex_unlock(&accounts);
}

static void audit_note(void)
{
	pthread_mutex_lock(&audit);
	n--;
	pthread_mutex_unlock(&audit);
}

void close_books(void)
{
	pthread_mutex_lock(&ledger);
	audit_note();
	pthread_mutex_unlock(&ledger);
}

void audit_accounts(void)
{
	pthread_mutex_lock(&audit);
	pthread_mutex_lock(&accounts);
	n = 0;
	pthread_mutex_unlock(&accounts);
	pthread_mutex_unlock(&audit);
}

/* --- one order everywhere: a -> b -> c, a -> c --- */

void cfg_all(void)
{
	pthread_mutex_lock(&cfg_a);
	pthread_mutex_lock(&cfg_b);
	pthread_mutex_lock(&cfg_c);
	n++;
	pthread_mutex_unlock(&cfg_c);
	pthread_mutex_unlock(&cfg_b);
	pthread_mutex_unlock(&cfg_a);
}

void cfg_ac(void)
{
	pthread_mutex_lock(&cfg_a);
	pthread_mutex_lock(&cfg_c);
	n++;
	pthread_mutex_unlock(&cfg_c);
	pthread_mutex_unlock(&cfg_a);
}

void cfg_bc(void)
{
	pthread_mutex_lock(&cfg_b);
	pthread_mutex_lock(&cfg_c);
	n--;
	pthread_mutex_unlock(&cfg_c);
	pthread_mutex_unlock(&cfg_b);
}
