#include "lockw.h"
static pthread_mutex_t big_mu = PTHREAD_MUTEX_INITIALIZER;
void conn_lock(struct conn *c)
{
	pthread_mutex_lock(&c->mu);
}
void conn_unlock(struct conn *c)
{
	pthread_mutex_unlock(&c->mu);
}
void big_lock(void)
{
	pthread_mutex_lock(&big_mu);
}
void big_unlock(void)
{
	pthread_mutex_unlock(&big_mu);
}
