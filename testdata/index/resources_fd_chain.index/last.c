#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fds.h"
void fd_peek(int fd)
{
	struct stat st;
	if (fstat(fd, &st) == 0)
		printf("%ld\n", (long)st.st_size);
}
void fd_close(int fd)
{
	close(fd);
}
