#include "shared.h"

void drain(struct node *n)
{
	pthread_mutex_lock(&outer_mu);
	pthread_mutex_lock(&inner_mu);
	total = 0;
	pthread_mutex_unlock(&inner_mu);
	pthread_mutex_unlock(&outer_mu);
	pthread_mutex_lock(&inner_mu);
	pthread_mutex_lock(&n->mu);
	n->v = 0;
	pthread_mutex_unlock(&n->mu);
	pthread_mutex_unlock(&inner_mu);
}

/* released before the next is taken: no order between them */
void seq(struct node *n)
{
	pthread_mutex_lock(&n->mu);
	n->v++;
	pthread_mutex_unlock(&n->mu);
	pthread_mutex_lock(&outer_mu);
	total++;
	pthread_mutex_unlock(&outer_mu);
}
