/* A descriptor passed on through files: relay.c -> last.c; what the last
 * function does with it (reads it, closes it) is what the chain does. */
#include <fcntl.h>
#include "fds.h"

int logged(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	fd_log(fd);
	return 0; // expect-index: resources/leak
}

int done(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	fd_done(fd);
	return 0;
}

/* the last link is in no file of the project: it may keep or close it */
int away(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	fd_away(fd);
	return 0;
}
