#include <pthread.h>
#include "log.h"
static void *work(void *arg)
{
	return arg;
}
int start(pthread_t *t)
{
	if (pthread_create(t, NULL, work, NULL) != 0) {
		note_problem(1, "cannot start the worker");
		return -1;
	}
	return 0;
}
int start2(pthread_t *t)
{
	if (pthread_create(t, NULL, work, NULL) != 0) {
		tell_admin("cannot start the worker");
		return -1; // expect-noindex: logging/silent-error-return
	}
	return 0;
}
int start3(pthread_t *t, struct buf *b)
{
	if (pthread_create(t, NULL, work, NULL) != 0) {
		buf_appendf(b, "cannot start the worker");
		return -1; // expect-index: logging/silent-error-return
	}
	return 0;
}
