/* A helper that returns a descriptor fails with a negative value: the
 * caller's `if (fd < 0) return` path holds nothing (BlueZ's hci.c). */
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

struct conn { int fd; };

static int create_socket(int domain)
{
	int fd = socket(domain, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	return fd;
}

struct conn *conn_new(int domain)
{
	struct conn *c;
	int fd;

	fd = create_socket(domain);
	if (fd < 0)
		return NULL;
	c = malloc(sizeof(*c));
	if (!c) {
		close(fd);
		return NULL;
	}
	c->fd = fd;
	return c;
}
