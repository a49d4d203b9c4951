#include <pthread.h>
extern pthread_mutex_t stock_mu, orders_mu, ship_mu, spare_mu;
extern int level;
