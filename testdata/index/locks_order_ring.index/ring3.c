#include "ring.h"

void restock(void)
{
	pthread_mutex_lock(&ship_mu);
	pthread_mutex_lock(&stock_mu);
	level += 10;
	pthread_mutex_unlock(&stock_mu);
	pthread_mutex_unlock(&ship_mu);
}
