/* The same helper, with the descriptor lost on the allocation failure path. */
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
	if (!c)
		return NULL; // expect: resources/leak
	c->fd = fd;
	return c;
}
