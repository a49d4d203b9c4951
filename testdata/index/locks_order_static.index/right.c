#include <pthread.h>
#include "own_locks.h"
static pthread_mutex_t first_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second_mu = PTHREAD_MUTEX_INITIALIZER;
static int count;

void right_step(void)
{
	pthread_mutex_lock(&second_mu);
	pthread_mutex_lock(&first_mu);
	count--;
	pthread_mutex_unlock(&first_mu);
	pthread_mutex_unlock(&second_mu);
}

/* a struct local to this file: its field is this file's lock too */
struct { pthread_mutex_t mu; } right_box;
void right_box_step(void)
{
	pthread_mutex_lock(&right_box.mu);
	pthread_mutex_lock(&first_mu);
	count++;
	pthread_mutex_unlock(&first_mu);
	pthread_mutex_unlock(&right_box.mu);
}

void right_hdr(void)
{
	pthread_mutex_lock(&hdr_b_mu);
	pthread_mutex_lock(&hdr_a_mu);
	count++;
	pthread_mutex_unlock(&hdr_a_mu);
	pthread_mutex_unlock(&hdr_b_mu);
}
