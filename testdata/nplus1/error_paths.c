/* A configuration loop whose helper reaches a query only when it fails
 * (its cleanup commits pending work and the helper returns -1): the loop
 * does not run a query per element (collectd's postgresql plugin). */
#include "db.h"

struct conn_cfg {
	PGconn *conn;
	int pending;
};

int register_conn(struct conn_cfg *c);

static void conn_free(struct conn_cfg *c)
{
	if (c->pending)
		PQclear(PQexec(c->conn, "COMMIT"));
	free(c);
}

static int conn_configure(const char *name)
{
	struct conn_cfg *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -1;
	if (name[0] == '\0') {
		conn_free(c);
		return -1;
	}
	if (register_conn(c) != 0) {
		conn_free(c);
		return -1;
	}
	return 0;
}

int configure_all(const char *const *names, int n)
{
	int failed = 0;
	for (int i = 0; i < n; i++)
		if (conn_configure(names[i]) != 0)
			failed++;
	return failed;
}

/* shutting down each connection: one query per connection, its own */
void close_all(struct conn_cfg **conns, int n)
{
	for (int i = 0; i < n; i++)
		conn_free(conns[i]);
}
