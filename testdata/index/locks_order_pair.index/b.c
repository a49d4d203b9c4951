#include "locks.h"

void rotate(void)
{
	pthread_mutex_lock(&journal_mu);
	pthread_mutex_lock(&accounts_mu);
	balance = 0;
	pthread_mutex_unlock(&accounts_mu);
	pthread_mutex_unlock(&journal_mu);
}

void audit(struct conn *d)
{
	pthread_mutex_lock(&accounts_mu);
	pthread_mutex_lock(&d->mu);
	d->n = balance;
	pthread_mutex_unlock(&d->mu);
	pthread_mutex_unlock(&accounts_mu);
}
