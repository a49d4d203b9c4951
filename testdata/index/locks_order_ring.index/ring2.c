#include "ring.h"

static void note(void)
{
	pthread_mutex_lock(&ship_mu);
	level++;
	pthread_mutex_unlock(&ship_mu);
}

/* ship_mu is acquired inside the callee, holding orders_mu */
void dispatch(void)
{
	pthread_mutex_lock(&orders_mu);
	note();
	pthread_mutex_lock(&spare_mu);
	pthread_mutex_unlock(&spare_mu);
	pthread_mutex_unlock(&orders_mu);
}
