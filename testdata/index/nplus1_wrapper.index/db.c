/* The project's database layer: db_get_user reaches sqlite3 through a
 * helper (two levels below a caller's loop), db_count directly. */
#include <stdio.h>
#include "db.h"
static int run_query(sqlite3 *db, const char *sql, struct user *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		out->age = sqlite3_column_int(st, 0);
	return sqlite3_finalize(st);
}
int db_get_user(sqlite3 *db, int id, struct user *out)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT age FROM users WHERE id = %d", id);
	out->id = id;
	return run_query(db, sql, out);
}
int db_count(sqlite3 *db)
{
	return sqlite3_exec(db, "SELECT count(*) FROM users", NULL, NULL, NULL);
}
/* named like the layer, but no round trip */
int db_bump(int *counter)
{
	return ++*counter;
}
