/* Loops that run at most once, retry loops around one query, event loops,
 * fan-out and statement lists: not N+1 (one loop that runs twice is). */
#include "db.h"

int once_do_while0(sqlite3 *db, const char *sql)
{
	int rc;
	do {
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			break;
	} while (0);
	return rc;
}

int once_for_one(sqlite3 *db, const int *ids)
{
	int rc = 0;
	for (int i = 0; i < 1; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM t WHERE id = %d", ids[i]);
		rc |= sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	return rc;
}

int once_counting_down(sqlite3 *db, const int *ids)
{
	int rc = 0;
	for (int i = 3; i > 2; i--) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM t WHERE id = %d", ids[i]);
		rc |= sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	return rc;
}

int twice(sqlite3 *db, const int *ids)
{
	int rc = 0;
	for (int i = 0; i <= 1; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM t WHERE id = %d", ids[i]);
		rc |= sqlite3_exec(db, sql, NULL, NULL, NULL); // expect: nplus1/query-in-loop
	}
	return rc;
}

int once_while_break(PGconn *conn, const char *q)
{
	PGresult *r = NULL;
	while (1) {
		r = PQexec(conn, q);
		break;
	}
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

int retry_busy(sqlite3 *db, const char *sql)
{
	int rc;
	do {
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_BUSY)
			sqlite3_sleep(10);
	} while (rc == SQLITE_BUSY);
	return rc;
}

int retry_tries(PGconn *conn, const char *q)
{
	for (int tries = 0; tries < 3; tries++) {
		PGresult *r = PQexec(conn, q);
		if (PQresultStatus(r) == PGRES_COMMAND_OK) {
			PQclear(r);
			return 0;
		}
		PQclear(r);
		PQreset(conn);
		sleep(1);
	}
	return -1;
}

PGresult *retry_until_result(PGconn *conn)
{
	PGresult *r;
	while ((r = PQexec(conn, "SELECT 1")) == NULL)
		PQreset(conn);
	return r;
}

int retry_errmsg(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc, attempts = 0;
again:
	rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc == SQLITE_BUSY && attempts++ < 5) {
		sqlite3_free(err);
		err = NULL;
		goto again;
	}
	sqlite3_free(err);
	return rc;
}

/* a schema script: a constant table of different statements */
static const char *const schema[] = {
	"CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT)",
	"CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, user_id INTEGER)",
	"CREATE INDEX IF NOT EXISTS orders_user ON orders(user_id)",
};

int create_schema(sqlite3 *db)
{
	for (size_t i = 0; i < sizeof schema / sizeof schema[0]; i++)
		if (sqlite3_exec(db, schema[i], NULL, NULL, NULL) != SQLITE_OK)
			return -1;
	return 0;
}

/* an event loop: every iteration serves one request; no edge leaves it */
int next_request(int *id);
void serve(sqlite3 *db)
{
	for (;;) {
		int id;
		char sql[64];
		if (next_request(&id) != 0)
			continue;
		snprintf(sql, sizeof sql, "UPDATE hits SET n = n + 1 WHERE id = %d", id);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
}

/* a fan-out: one query per connection, each element's own */
struct shard {
	PGconn *conn;
	const char *check_sql;
};

void ping_shards(struct shard *shards, int n)
{
	for (int i = 0; i < n; i++) {
		struct shard *s = &shards[i];
		PQclear(PQexec(s->conn, "SELECT 1"));
	}
}

/* a list of configured statements, each run once */
void run_checks(PGconn *conn, struct shard *shards, int n)
{
	for (int i = 0; i < n; i++)
		PQclear(PQexec(conn, shards[i].check_sql));
}
