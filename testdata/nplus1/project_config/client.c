/* The project's own client functions (declared in .diffvet.json) and
 * prepared executes, which this project asks to see. */
#include "../db.h"

struct app_db;
int app_db_run(struct app_db *db, const char *sql);
const char **app_db_fetch(struct app_db *db);

void archive(struct app_db *db, const int *ids, int n)
{
	for (int i = 0; i < n; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "UPDATE t SET archived = 1 WHERE id = %d", ids[i]);
		app_db_run(db, sql); // expect: nplus1/query-in-loop
	}
}

void per_row(struct app_db *db)
{
	const char **row;
	while ((row = app_db_fetch(db)) != NULL) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT * FROM orders WHERE user = '%s'", row[0]);
		app_db_run(db, sql); // expect: nplus1/query-per-row
	}
}

void pq_prepared_loop(PGconn *conn, const char *const *keys, int n)
{
	PQclear(PQprepare(conn, "del", "DELETE FROM cache WHERE k = $1", 1, NULL));
	for (int i = 0; i < n; i++) {
		const char *v[1] = { keys[i] };
		PQclear(PQexecPrepared(conn, "del", 1, v, NULL, NULL, 0)); // expect: nplus1/execute-in-loop
	}
}

void mysql_prepared_loop(MYSQL_STMT *st, int n)
{
	static const char q[] = "UPDATE t SET n = n + 1";
	if (mysql_stmt_prepare(st, q, sizeof q - 1))
		return;
	for (int i = 0; i < n; i++)
		mysql_stmt_execute(st); // expect: nplus1/execute-in-loop
}

/* executed once: nothing to report */
int run_once(MYSQL_STMT *st)
{
	return mysql_stmt_execute(st);
}
