/* resources/leak: database connections, statements and results */
#include <stdio.h>
#include <stddef.h>
#include "db_decls.h"

struct app {
	sqlite3 *db;
	PGconn *pg;
};

/* --- positives --- */

int sqlite_count(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL) != SQLITE_OK)
		return -1;  // expect: resources/leak
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

int sqlite_stmt_leak(sqlite3 *db, int id)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "DELETE FROM t WHERE id = ?", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return -1;  // expect: resources/leak
	sqlite3_finalize(st);
	return 0;
}

int pg_connect_check(const char *info)
{
	PGconn *c = PQconnectdb(info);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(c));
		return -1;  // expect: resources/leak
	}
	PQfinish(c);
	return 0;
}

int pg_result_leak(PGconn *c)
{
	PGresult *r = PQexec(c, "SELECT 1");
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return -1;  // expect: resources/leak
	PQclear(r);
	return 0;
}

int mysql_connect_fail(void)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	if (!mysql_real_connect(m, "h", "u", "p", "db", 0, NULL, 0))
		return -2;  // expect: resources/leak
	mysql_close(m);
	return 0;
}

/* --- negatives --- */

int sqlite_right(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(db, "SELECT 1", -1, &st, NULL) != SQLITE_OK)
		goto out;
	rc = sqlite3_step(st);
out:
	if (st)
		sqlite3_finalize(st);
	if (db)
		sqlite3_close(db);
	return rc;
}

int app_open(struct app *a, const char *path)
{
	return sqlite3_open(path, &a->db);
}

sqlite3 *open_db(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return NULL;
	return db;
}

int pg_right(const char *info)
{
	PGconn *c = PQconnectdb(info);
	PGresult *r;
	if (PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return -1;
	}
	r = PQexec(c, "SELECT 1");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		PQfinish(c);
		return -1;
	}
	PQclear(r);
	PQfinish(c);
	return 0;
}

PGresult *pg_query(PGconn *c)
{
	PGresult *r = PQexec(c, "SELECT 2");
	return r;
}

int mysql_right(void)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return -1;
	if (!mysql_real_connect(m, "h", "u", "p", "db", 0, NULL, 0)) {
		mysql_close(m);
		return -2;
	}
	mysql_close(m);
	return 0;
}

int app_keep(struct app *a, const char *info)
{
	PGconn *c = PQconnectdb(info);
	a->pg = c;
	return PQstatus(c) == CONNECTION_OK ? 0 : -1;
}
