/* Queries issued once per element: sqlite3 directly, in nested loops,
 * in a goto loop, and a statement prepared inside the loop. */
#include "db.h"

void delete_jobs(sqlite3 *db, const int *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DELETE FROM jobs WHERE id = %d", ids[i]);
		sqlite3_exec(db, sql, NULL, NULL, NULL); // expect: nplus1/query-in-loop
	}
}

int count_tags(sqlite3 *db, const int *ids, int n)
{
	int total = 0;
	int i = 0;
	while (i < n) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM tags WHERE item = ?", -1, &st, NULL) != SQLITE_OK) // expect: nplus1/query-in-loop
			return -1;
		sqlite3_bind_int(st, 1, ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW)
			total += sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		i++;
	}
	return total;
}

void grid(sqlite3 *db, int w, int h)
{
	for (int x = 0; x < w; x++) {
		for (int y = 0; y < h; y++) {
			char sql[96];
			snprintf(sql, sizeof sql, "INSERT INTO cells VALUES (%d, %d)", x, y);
			sqlite3_exec(db, sql, NULL, NULL, NULL); // expect: nplus1/query-in-loop
		}
	}
}

void refresh(sqlite3 *db, const char **names, int n)
{
	int i = 0;
next:
	if (i < n) {
		char sql[128];
		char **rows;
		int nrow, ncol;
		snprintf(sql, sizeof sql, "SELECT * FROM t WHERE name = '%s'", names[i]);
		sqlite3_get_table(db, sql, &rows, &nrow, &ncol, NULL); // expect: nplus1/query-in-loop
		i++;
		goto next;
	}
}
