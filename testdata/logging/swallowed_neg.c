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
