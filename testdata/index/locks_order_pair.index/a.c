/* a.c takes accounts_mu, then journal_mu; b.c the other way round: a
 * deadlock only the project index shows.  Reported once, by the file of
 * the smallest path among the cycle's (both are in the index as they
 * are). */
#include "locks.h"
pthread_mutex_t accounts_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t journal_mu = PTHREAD_MUTEX_INITIALIZER;
int balance;

void post(int v)
{
	pthread_mutex_lock(&accounts_mu);
	pthread_mutex_lock(&journal_mu); // expect-index: locks/lock-order
	balance += v;
	pthread_mutex_unlock(&journal_mu);
	pthread_mutex_unlock(&accounts_mu);
}

/* a struct field and a global: c->mu is the same lock as d->mu in b.c */
void conn_post(struct conn *c, int v)
{
	pthread_mutex_lock(&c->mu);
	pthread_mutex_lock(&accounts_mu); // expect-index: locks/lock-order
	balance += v + c->n;
	pthread_mutex_unlock(&accounts_mu);
	pthread_mutex_unlock(&c->mu);
}
