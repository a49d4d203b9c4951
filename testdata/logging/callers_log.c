/* A static helper whose every caller logs the failure is not silent. */
#include <pthread.h>
#include <stdio.h>
#include <syslog.h>

static int spawn(pthread_t *t, void *(*fn)(void *))
{
	if (pthread_create(t, NULL, fn, NULL) != 0)
		return -1;
	return 0;
}

int start_reader(pthread_t *t, void *(*fn)(void *))
{
	if (spawn(t, fn) < 0) {
		syslog(LOG_ERR, "cannot start the reader");
		return -1;
	}
	return 0;
}

int start_writer(pthread_t *t, void *(*fn)(void *))
{
	int rc = spawn(t, fn);
	if (rc) {
		fprintf(stderr, "cannot start the writer\n");
		return rc;
	}
	return 0;
}
