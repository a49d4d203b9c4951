/* A wrapper that prepares its statement once (cached in a static handle)
 * and only binds and steps it afterwards: calling it in a loop executes a
 * prepared statement, the pattern recommended for work that cannot be
 * batched. No findings. */
#include "db.h"

struct store {
	sqlite3 *db;
	sqlite3_stmt *get_stmt;
};

static int get_count(sqlite3 *db, int id)
{
	static sqlite3_stmt *st;
	int n = -1;
	if (!st && sqlite3_prepare_v2(db, "SELECT n FROM counts WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

static int store_get(struct store *s, int id)
{
	int n = -1;
	if (s->get_stmt == NULL) {
		if (sqlite3_prepare_v2(s->db, "SELECT n FROM counts WHERE id = ?", -1, &s->get_stmt, NULL))
			return -1;
	}
	sqlite3_bind_int(s->get_stmt, 1, id);
	if (sqlite3_step(s->get_stmt) == SQLITE_ROW)
		n = sqlite3_column_int(s->get_stmt, 0);
	sqlite3_reset(s->get_stmt);
	return n;
}

int total(sqlite3 *db, struct store *s, const int *ids, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += get_count(db, ids[i]) + store_get(s, ids[i]);
	return sum;
}
