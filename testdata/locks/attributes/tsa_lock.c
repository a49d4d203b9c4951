/* The wrappers' definitions: returning with the lock held is their job. */
#include "tsa_lock.h"

void tsa_lock(struct tsa_mutex *m)
{
	pthread_mutex_lock(&m->mu);
}

void tsa_unlock(struct tsa_mutex *m)
{
	pthread_mutex_unlock(&m->mu);
}

int tsa_trylock(struct tsa_mutex *m)
{
	return pthread_mutex_trylock(&m->mu) == 0;
}

void macro_lock(struct tsa_mutex *m)
{
	pthread_mutex_lock(&m->mu);
}

void grab(struct tsa_mutex *m)
{
	pthread_mutex_lock(&m->mu);
}
