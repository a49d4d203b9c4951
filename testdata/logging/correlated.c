/* Branches on a value the error path already knows: the helper logs its
 * failure under `if (err)` (BlueZ's btmon-logger create_dir), so the
 * caller's failure exit is traced. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static int make_dir(const char *dir)
{
	int err = 0;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		err = errno;
	if (err)
		printf("cannot create %s\n", dir);
	return -err;
}

int main(int argc, char **argv)
{
	if (argc > 1 && make_dir(argv[1]) < 0)
		return EXIT_FAILURE;
	return 0;
}

/* the failed result tested again on the cleanup path */
int start(pthread_t *t, void *(*fn)(void *))
{
	int ret = -1;
	int rc = pthread_create(t, NULL, fn, NULL);
	if (rc != 0)
		goto out;
	ret = 0;
out:
	if (rc != 0)
		fprintf(stderr, "pthread_create failed: %d\n", rc);
	return ret;
}

/* the same shape without the log is still reported */
int start_quiet(pthread_t *t, void *(*fn)(void *))
{
	int ret = -1;
	if (pthread_create(t, NULL, fn, NULL) != 0)
		goto out;
	ret = 0;
out:
	if (ret == 0)
		fprintf(stderr, "started\n");
	return ret; // expect: logging/silent-error-return
}
