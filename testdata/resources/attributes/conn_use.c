#include <string.h>
#include "conn.h"

int send_leaks(const char *where, const char *msg)
{
	struct conn *c = conn_open(where);
	if (!c)
		return -1;
	if (!msg)
		return -2; // expect: resources/leak
	conn_send(c, msg);
	conn_close(c);
	return 0;
}

int send_ok(const char *where, const char *msg)
{
	struct conn *c = conn_open(where);
	int rc;
	if (!c)
		return -1;
	rc = conn_send(c, msg);
	conn_close(c);
	return rc;
}

int pool_leaks(size_t n)
{
	char *p = pool_get(n);
	if (!p)
		return -1;
	memset(p, 0, n);
	if (n > 4096)
		return -2; // expect: resources/leak
	pool_put(p);
	return 0;
}

int pool_ok(size_t n)
{
	char *p = pool_get(n);
	if (!p)
		return -1;
	memset(p, 0, n);
	pool_put(p);
	return 0;
}

int lookup_only(const char *where, const char *msg)
{
	struct conn *c = conn_lookup(where);
	if (!c)
		return -1;
	if (!msg)
		return -2;
	conn_send(c, msg);
	return 0;
}
