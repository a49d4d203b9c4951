/* The factories' definitions: handing the new handle back is their job. */
#include <stdlib.h>
#include "conn.h"

struct conn {
	int fd;
};

struct conn *conn_open(const char *where)
{
	struct conn *c = malloc(sizeof(*c));
	if (!c)
		return NULL;
	c->fd = where ? 3 : -1;
	return c;
}

void conn_close(struct conn *c)
{
	free(c);
}
