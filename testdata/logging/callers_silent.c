/* A static helper with one caller that ignores its failure: the helper's
 * silent return is reported, and so is the caller that translates a
 * silent failure into -1. */
#include <pthread.h>

static int spawn(pthread_t *t, void *(*fn)(void *))
{
	if (pthread_create(t, NULL, fn, NULL) != 0)
		return -1; // expect: logging/silent-error-return
	return 0;
}

int start_reader(pthread_t *t, void *(*fn)(void *))
{
	if (spawn(t, fn) < 0)
		return -1; // expect: logging/silent-error-return
	return 0;
}

void start_writer(pthread_t *t, void *(*fn)(void *))
{
	spawn(t, fn);
}
