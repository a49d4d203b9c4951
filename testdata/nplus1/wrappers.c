/* Wrappers of this file are query functions too, one and two levels deep;
 * the finding is at the call in the loop, with the inner query as a related
 * location. */
#include "db.h"

struct user {
	int id;
	char name[64];
};

static int db_load_user(sqlite3 *db, int id, struct user *out)
{
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(db, "SELECT name FROM users WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	out->id = id;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* two levels: the service calls the data layer */
static int user_service_get(sqlite3 *db, int id, struct user *out)
{
	if (id <= 0)
		return -1;
	return db_load_user(db, id, out);
}

static void touch(PGconn *conn, const char *key)
{
	const char *params[1] = { key };
	PGresult *r = PQexecParams(conn, "UPDATE seen SET at = now() WHERE k = $1", 1, NULL, params,
				   NULL, NULL, 0);
	PQclear(r);
}

void load_all(sqlite3 *db, const int *ids, int n, struct user *users)
{
	for (int i = 0; i < n; i++)
		db_load_user(db, ids[i], &users[i]); // expect: nplus1/query-in-loop
}

void load_all_service(sqlite3 *db, const int *ids, int n, struct user *users)
{
	int i = 0;
	do {
		user_service_get(db, ids[i], &users[i]); // expect: nplus1/query-in-loop
	} while (++i < n);
}

void touch_keys(PGconn *conn, const char *const *keys)
{
	for (const char *const *k = keys; *k; k++)
		touch(conn, *k); // expect: nplus1/query-in-loop
}

/* sqlite3_exec calls its callback once per row of the result */
static int on_user(void *ctx, int argc, char **argv, char **cols)
{
	sqlite3 *db = ctx;
	char sql[128];
	(void)argc;
	(void)cols;
	snprintf(sql, sizeof sql, "UPDATE users SET seen = 1 WHERE id = %s", argv[0]);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int count_row(void *ctx, int argc, char **argv, char **cols)
{
	(void)argc;
	(void)argv;
	(void)cols;
	++*(int *)ctx;
	return 0;
}

int mark_users(sqlite3 *db, int *n)
{
	if (sqlite3_exec(db, "SELECT id FROM users", count_row, n, NULL) != SQLITE_OK)
		return -1;
	return sqlite3_exec(db, "SELECT id FROM users", on_user, db, NULL); // expect: nplus1/query-in-loop
}
