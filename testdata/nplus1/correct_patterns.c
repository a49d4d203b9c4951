/* Correct code: statements prepared before the loop and only bound,
 * stepped and reset inside; row iteration itself; queries outside loops;
 * loops with no query. No findings. */
#include "db.h"

int insert_all(sqlite3 *db, const int *ids, int n)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO jobs(id) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int(st, 1, ids[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			break;
		sqlite3_reset(st);
	}
	return sqlite3_finalize(st);
}

int sum_column(sqlite3 *db)
{
	sqlite3_stmt *st;
	int total = 0;
	if (sqlite3_prepare_v2(db, "SELECT amount FROM orders", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		total += sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return total;
}

int join_instead(PGconn *conn)
{
	PGresult *r = PQexec(conn, "SELECT u.id, o.total FROM users u JOIN orders o ON o.user_id = u.id");
	int n = PQntuples(r), sum = 0;
	for (int i = 0; i < n; i++)
		sum += atoi(PQgetvalue(r, i, 1));
	PQclear(r);
	return sum;
}

/* a row loop of ODBC with the second statement prepared once and executed
 * per row: the prepared-statement pattern (execute is reported only when the
 * project asks for it) */
void per_row_prepared(SQLHSTMT users, SQLHSTMT upd)
{
	SQLINTEGER id;
	SQLLEN ind;
	if (SQLPrepare(upd, (SQLCHAR *)"UPDATE orders SET seen = 1 WHERE user_id = ?", SQL_NTS) != SQL_SUCCESS)
		return;
	SQLBindParameter(upd, 1, 1, SQL_C_LONG, 4, 0, 0, &id, 0, &ind);
	SQLBindCol(users, 1, SQL_C_LONG, &id, 0, &ind);
	while (SQLFetch(users) == SQL_SUCCESS)
		SQLExecute(upd);
}

void pq_prepared_loop(PGconn *conn, const char *const *keys, int n)
{
	PQclear(PQprepare(conn, "del", "DELETE FROM cache WHERE k = $1", 1, NULL));
	for (int i = 0; i < n; i++) {
		const char *v[1] = { keys[i] };
		PQclear(PQexecPrepared(conn, "del", 1, v, NULL, NULL, 0));
	}
}

void mysql_prepared_loop(MYSQL_STMT *st, int n)
{
	static const char q[] = "UPDATE t SET n = n + 1";
	if (mysql_stmt_prepare(st, q, sizeof q - 1))
		return;
	for (int i = 0; i < n; i++)
		mysql_stmt_execute(st);
}

/* a query after the loop, a loop without queries */
int after_loop(sqlite3 *db, const int *v, int n)
{
	int sum = 0;
	char sql[64];
	for (int i = 0; i < n; i++)
		sum += v[i];
	snprintf(sql, sizeof sql, "INSERT INTO sums VALUES (%d)", sum);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* a wrapper is only a problem where it is called in a loop */
static int save_one(sqlite3 *db, int v)
{
	char sql[64];
	snprintf(sql, sizeof sql, "INSERT INTO t VALUES (%d)", v);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int save_once(sqlite3 *db, int v)
{
	return save_one(db, v);
}

/* a statement cache filled at start-up: each element keeps its own prepared
 * statement for later */
struct table_stmts {
	const char *name;
	sqlite3_stmt *count;
};

int prepare_counts(sqlite3 *db, struct table_stmts *tables, int n)
{
	for (int i = 0; i < n; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i].name);
		if (sqlite3_prepare_v2(db, sql, -1, &tables[i].count, NULL) != SQLITE_OK)
			return -1;
	}
	return 0;
}

/* one transaction per batch of rows: BEGIN and COMMIT move no data */
int insert_in_batches(sqlite3 *db, sqlite3_stmt *ins, const int *v, int n)
{
	for (int start = 0; start < n; start += 1000) {
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		for (int i = start; i < n && i < start + 1000; i++) {
			sqlite3_bind_int(ins, 1, v[i]);
			sqlite3_step(ins);
			sqlite3_reset(ins);
		}
		if (sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
			return -1;
	}
	return 0;
}
