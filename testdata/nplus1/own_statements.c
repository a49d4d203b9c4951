/* A batch of statements, each element's own: a wrapper that runs the
 * text it is given runs a different statement per element (a log
 * writer flushing its queued INSERTs inside one transaction), not the
 * same query once per element. */
#include "db.h"
#include <string.h>

struct worker {
	MYSQL *mysql;
	PGconn *pg;
	char *buf;
	size_t cap;
};

struct msg {
	const char *sql;
};

/* the text is copied into the worker's buffer before the query runs */
static int write_mysql(struct worker *w, const char *const sql)
{
	size_t need = strlen(sql) + 1;
	if (need > w->cap) {
		char *nb = realloc(w->buf, need);
		if (nb == NULL)
			return -1;
		w->buf = nb;
		w->cap = need;
	}
	memcpy(w->buf, sql, need);
	if (mysql_query(w->mysql, w->buf) != 0)
		return -1;
	return 0;
}

int flush_mysql(struct worker *w, struct msg *msgs, unsigned n)
{
	if (write_mysql(w, "START TRANSACTION") != 0)
		return -1;
	for (unsigned i = 0; i < n; ++i)
		if (write_mysql(w, msgs[i].sql) != 0)
			return -1;
	return write_mysql(w, "COMMIT");
}

/* two wrappers deep, the text is the first argument of each: a call does
 * not rewrite the statement it is given to run */
typedef unsigned char uchar;

static int try_exec(uchar *cmd, struct worker *w)
{
	PGresult *r = PQexec(w->pg, (char *)cmd);
	int bad = PQresultStatus(r) != PGRES_COMMAND_OK;
	PQclear(r);
	return bad;
}

static int write_pg(uchar *sql, struct worker *w)
{
	if (try_exec(sql, w)) {
		PQreset(w->pg);
		if (try_exec(sql, w))
			return -1;
	}
	return 0;
}

struct pmsg {
	uchar *param;
};

int flush_pg(struct worker *w, struct pmsg *params, unsigned n)
{
	if (write_pg((uchar *)"BEGIN", w) != 0)
		return -1;
	for (unsigned i = 0; i < n; ++i)
		if (write_pg(params[(i * 1) + 0].param, w) != 0)
			return -1;
	return write_pg((uchar *)"COMMIT", w);
}
