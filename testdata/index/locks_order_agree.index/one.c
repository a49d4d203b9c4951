/* Every file takes outer_mu before inner_mu, and a node's mu after
 * inner_mu: one order everywhere, no finding with or without the index. */
#include "shared.h"
pthread_mutex_t outer_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t inner_mu = PTHREAD_MUTEX_INITIALIZER;
int total;

void add(struct node *n)
{
	pthread_mutex_lock(&outer_mu);
	pthread_mutex_lock(&inner_mu);
	pthread_mutex_lock(&n->mu);
	total += n->v;
	pthread_mutex_unlock(&n->mu);
	pthread_mutex_unlock(&inner_mu);
	pthread_mutex_unlock(&outer_mu);
}
