/* transactions/unterminated */
#include <stddef.h>
#include "db_decls.h"

#define BEGIN_SQL "BEGIN TRANSACTION"

/* --- positives --- */

int sqlite_insert_error_path(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		return -1;  // expect: transactions/unterminated
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

int sqlite_macro_begin(sqlite3 *db, int n)
{
	sqlite3_exec(db, BEGIN_SQL, NULL, NULL, NULL);
	if (n < 0)
		return -1;  // expect: transactions/unterminated
	sqlite3_exec(db, "END", NULL, NULL, NULL);
	return 0;
}

void sqlite_forgot_commit(sqlite3 *db, int quick)
{
	sqlite3_exec(db, "begin immediate;", NULL, NULL, NULL);
	if (quick) {
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		return;
	}
	sqlite3_exec(db, "UPDATE t SET x = 1", NULL, NULL, NULL);
}  // expect: transactions/unterminated

int sqlite_checked_begin(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return -2;  // expect: transactions/unterminated
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

int pg_error_path(PGconn *c)
{
	PGresult *r;
	PQclear(PQexec(c, "BEGIN"));
	r = PQexec(c, "INSERT INTO t VALUES (1)");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		PQclear(r);
		return -1;  // expect: transactions/unterminated
	}
	PQclear(r);
	PQclear(PQexec(c, "COMMIT"));
	return 0;
}

int mysql_error_path(MYSQL *m, const char *q)
{
	if (mysql_query(m, "START TRANSACTION"))
		return -1;
	if (mysql_query(m, q))
		return -1;  // expect: transactions/unterminated
	mysql_query(m, "COMMIT");
	return 0;
}

int loop_break(sqlite3 *db, const char **stmts, int n)
{
	int i;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (i = 0; i < n; i++) {
		if (sqlite3_exec(db, stmts[i], NULL, NULL, NULL) != SQLITE_OK)
			return i;  // expect: transactions/unterminated
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return n;
}

int switch_early(sqlite3 *db, int op)
{
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	switch (op) {
	case 0:
		sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL);
		break;
	case 1:
		return 1;  // expect: transactions/unterminated
	default:
		break;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

int goto_wrong(sqlite3 *db, const char *sql)
{
	int rc = -1;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	rc = 0;
out:
	return rc;  // expect: transactions/unterminated
}

int savepoint_release_is_not_end(sqlite3 *db, int x)
{
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_exec(db, "SAVEPOINT a", NULL, NULL, NULL);
	if (x) {
		sqlite3_exec(db, "RELEASE a", NULL, NULL, NULL);
		return 1;  // expect: transactions/unterminated
	}
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

int local_db(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL);
	if (sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(db); /* closing the connection rolls back */
		return -1;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}

int local_db_no_rollback(const char *path)
{
	sqlite3 *db;
	int rc;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	rc = sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

int mysql_begin_work(MYSQL *m, int fail)
{
	mysql_query(m, "BEGIN WORK");
	if (fail)
		return -1;  // expect: transactions/unterminated
	mysql_query(m, "ROLLBACK");
	return 0;
}

int pg_two_exits(PGconn *c, int x)
{
	PQclear(PQexec(c, "START TRANSACTION"));
	if (x > 1)
		return 2;  // expect: transactions/unterminated
	PQclear(PQexec(c, "COMMIT"));
	return 0;
}

/* --- negatives --- */

int sqlite_right(sqlite3 *db, const char *sql)
{
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

int goto_right(sqlite3 *db, const char *sql)
{
	int rc = -1;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		goto rollback;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
rollback:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int begin_failed(sqlite3 *db)
{
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}

int begin_tx(sqlite3 *db)
{
	return sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
}

void start_transaction(sqlite3 *db)
{
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
}

static void commit_tx(sqlite3 *db)
{
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

int commit_via_helper(sqlite3 *db, int n)
{
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (n < 0) {
		commit_tx(db);
		return -1;
	}
	commit_tx(db);
	return 0;
}

void finish_elsewhere(sqlite3 *db);

int handed_off(sqlite3 *db)
{
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	finish_elsewhere(db);
	return 0;
}

int pg_right(PGconn *c)
{
	PGresult *r;
	PQclear(PQexec(c, "BEGIN"));
	r = PQexec(c, "INSERT INTO t VALUES (1)");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		PQclear(r);
		PQclear(PQexec(c, "ROLLBACK"));
		return -1;
	}
	PQclear(r);
	PQclear(PQexec(c, "COMMIT"));
	return 0;
}

int pg_begin_checked(PGconn *c)
{
	PGresult *r = PQexec(c, "BEGIN");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		PQclear(r);
		return -1;
	}
	PQclear(r);
	PQclear(PQexec(c, "COMMIT"));
	return 0;
}

int mysql_right(MYSQL *m, const char *q)
{
	if (mysql_query(m, "START TRANSACTION"))
		return -1;
	if (mysql_query(m, q)) {
		mysql_query(m, "ROLLBACK");
		return -1;
	}
	return mysql_query(m, "COMMIT");
}

int commit_only(sqlite3 *db)
{
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

int select_only(sqlite3 *db)
{
	return sqlite3_exec(db, "SELECT 1", NULL, NULL, NULL);
}

int conditional_tx(sqlite3 *db, int batch)
{
	if (batch)
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_exec(db, "INSERT INTO t VALUES (2)", NULL, NULL, NULL);
	if (batch)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return 0;
}
