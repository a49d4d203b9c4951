/* Two files each have their own file-static first_mu and second_mu and
 * take them in opposite orders: four different locks, no cycle. */
#include <pthread.h>
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
