/* Two files each have their own file-static first_mu and second_mu and
 * take them in opposite orders: four different locks, no cycle; the same
 * for the static locks of own_locks.h. */
#include <pthread.h>
#include "own_locks.h"
static pthread_mutex_t first_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second_mu = PTHREAD_MUTEX_INITIALIZER;
static int count;

void left_step(void)
{
	pthread_mutex_lock(&first_mu);
	pthread_mutex_lock(&second_mu);
	count++;
	pthread_mutex_unlock(&second_mu);
	pthread_mutex_unlock(&first_mu);
}

void left_hdr(void)
{
	pthread_mutex_lock(&hdr_a_mu);
	pthread_mutex_lock(&hdr_b_mu);
	count++;
	pthread_mutex_unlock(&hdr_b_mu);
	pthread_mutex_unlock(&hdr_a_mu);
}
