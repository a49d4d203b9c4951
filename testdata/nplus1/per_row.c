/* The textbook N+1: a loop over the rows of one query runs another query
 * with a value of the current row (sqlite3, libpq, MySQL, ODBC). */
#include "db.h"

void orders_per_user_sqlite(sqlite3 *db)
{
	sqlite3_stmt *users;
	if (sqlite3_prepare_v2(db, "SELECT id FROM users", -1, &users, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(users) == SQLITE_ROW) {
		int id = sqlite3_column_int(users, 0);
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT * FROM orders WHERE user_id = %d", id);
		sqlite3_exec(db, sql, NULL, NULL, NULL); // expect: nplus1/query-per-row
	}
	sqlite3_finalize(users);
}

static int count_orders(sqlite3 *db, int user)
{
	sqlite3_stmt *st;
	int n = 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM orders WHERE user_id = ?", -1, &st, NULL))
		return -1;
	sqlite3_bind_int(st, 1, user);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int order_total_sqlite(sqlite3 *db, sqlite3_stmt *users)
{
	int total = 0;
	for (;;) {
		int rc = sqlite3_step(users);
		if (rc != SQLITE_ROW)
			break;
		total += count_orders(db, sqlite3_column_int(users, 0)); // expect: nplus1/query-per-row
	}
	return total;
}

void orders_per_user_pq(PGconn *conn)
{
	PGresult *users = PQexec(conn, "SELECT id FROM users");
	for (int i = 0; i < PQntuples(users); i++) {
		const char *params[1] = { PQgetvalue(users, i, 0) };
		PGresult *o = PQexecParams(conn, "SELECT * FROM orders WHERE user_id = $1", 1, NULL, // expect: nplus1/query-per-row
					   params, NULL, NULL, 0);
		PQclear(o);
	}
	PQclear(users);
}

void orders_per_user_pq_count(PGconn *conn, PGresult *users)
{
	int n = PQntuples(users);
	for (int i = 0; i < n; i++) {
		char q[128];
		int id = atoi(PQgetvalue(users, i, 0));
		snprintf(q, sizeof q, "DELETE FROM sessions WHERE user_id = %d", id);
		PQclear(PQexec(conn, q)); // expect: nplus1/query-per-row
	}
}

void orders_per_user_mysql(MYSQL *conn)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	if (mysql_query(conn, "SELECT id FROM users"))
		return;
	res = mysql_store_result(conn);
	while ((row = mysql_fetch_row(res))) {
		char q[128];
		snprintf(q, sizeof q, "SELECT * FROM orders WHERE user_id = %s", row[0]);
		mysql_query(conn, q); // expect: nplus1/query-per-row
		mysql_free_result(mysql_store_result(conn));
	}
	mysql_free_result(res);
}

void orders_per_user_odbc(SQLHSTMT users, SQLHSTMT orders)
{
	SQLINTEGER id;
	SQLLEN ind;
	SQLCHAR sql[128];
	while (SQLFetch(users) == SQL_SUCCESS) {
		SQLGetData(users, 1, SQL_C_LONG, &id, 0, &ind);
		snprintf((char *)sql, sizeof sql, "SELECT * FROM orders WHERE user_id = %d", (int)id);
		SQLExecDirect(orders, sql, SQL_NTS); // expect: nplus1/query-per-row
	}
}

void orders_per_user_odbc_bound(SQLHSTMT users, SQLHSTMT orders)
{
	SQLINTEGER id;
	SQLLEN ind;
	SQLCHAR sql[128];
	SQLBindCol(users, 1, SQL_C_LONG, &id, 0, &ind);
	while (SQLFetch(users) == SQL_SUCCESS) {
		snprintf((char *)sql, sizeof sql, "SELECT * FROM orders WHERE user_id = %d", (int)id);
		SQLExecDirect(orders, sql, SQL_NTS); // expect: nplus1/query-per-row
	}
}

/* a row loop whose body queries without a row value: still a query per
 * iteration, but not the per-row rule */
void log_each_row(sqlite3 *db, sqlite3_stmt *rows)
{
	while (sqlite3_step(rows) == SQLITE_ROW)
		sqlite3_exec(db, "UPDATE stats SET seen = seen + 1", NULL, NULL, NULL); // expect: nplus1/query-in-loop
}
