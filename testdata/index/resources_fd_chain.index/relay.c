#include "fds.h"
void fd_log(int fd)
{
	fd_peek(fd);
}
void fd_done(int fd)
{
	fd_close(fd);
}
void fd_away(int fd)
{
	fd_somewhere(fd);
}
