/* A cycle of three locks over three files (stock -> orders in ring1.c,
 * orders -> ship in ring2.c, ship -> stock in ring3.c): no two files
 * alone invert.  spare_mu is taken after each in one order everywhere. */
#include "ring.h"
pthread_mutex_t stock_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t orders_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t ship_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t spare_mu = PTHREAD_MUTEX_INITIALIZER;
int level;

void reserve(void)
{
	pthread_mutex_lock(&stock_mu);
	pthread_mutex_lock(&orders_mu); // expect-index: locks/lock-order
	level--;
	pthread_mutex_lock(&spare_mu);
	level++;
	pthread_mutex_unlock(&spare_mu);
	pthread_mutex_unlock(&orders_mu);
	pthread_mutex_unlock(&stock_mu);
}
