/* Failure branches that do something, or say why they do nothing. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

void sync_file(int fd)
{
	if (fsync(fd) != 0) {
		/* best effort: the data is also in the journal */
	}
	close(fd);
}

void sync_logged(int fd)
{
	if (fsync(fd) != 0)
		syslog(LOG_WARNING, "fsync: %m");
	close(fd);
}

int sync_retry(int fd)
{
	int tries = 0;
	while (fsync(fd) != 0) {
		if (errno != EINTR || ++tries > 3)
			return -errno;
	}
	return 0;
}

/* a success branch that is empty is not a swallowed failure */
void maybe_sync(int fd)
{
	if (fsync(fd) == 0) {
	}
}

/* a test that is not of a call result */
void noop(int x)
{
	if (x < 0) {
	}
}

/* a function of this file that logs its own failure */
static int flush_logged(int fd)
{
	if (fsync(fd) != 0) {
		syslog(LOG_ERR, "fsync: %m");
		return -1;
	}
	return 0;
}

void flush_twice(int fd)
{
	if (flush_logged(fd) < 0) {
	}
	if (flush_logged(fd) < 0)
		;
}

/* a function of another file: assumed to trace its own failures */
int remote_flush(int fd);

void flush_remote(int fd)
{
	if (remote_flush(fd) < 0) {
	}
}

/* the failure branch jumps somewhere: not an empty fall-through */
int flush_jump(int fd)
{
	int ret = 0;
	if (fsync(fd) != 0)
		goto out;
	ret = 1;
out:
	return ret;
}

/* the success branch is the empty one */
void unlock_quiet(pthread_mutex_t *m)
{
	if (pthread_mutex_unlock(m) == 0) {
	} else {
		syslog(LOG_ERR, "unlock failed");
	}
}

/* allocation failures are off by default */
#include <stdlib.h>
void *grow(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
	}
	return q;
}

/* the branch was written to handle the case: its debug macro is compiled out */
#define DEBUG_LOG(args)

int cluster_local(const char *path)
{
	FILE *f;
	int local = 0;
	if ((f = fopen(path, "r"))) {
		local = fgetc(f) == '1';
		fclose(f);
	} else {
		DEBUG_LOG(("no cluster file %s\n", path));
	}
	return local;
}
