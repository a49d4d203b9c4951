/* Loops over the wrappers of db.c: N+1 only the index can see. */
#include "db.h"
int show_users(sqlite3 *db, const int *ids, int n, struct user *out)
{
	int i;
	for (i = 0; i < n; i++)
		if (db_get_user(db, ids[i], &out[i]) != 0) // expect-index: nplus1/query-in-loop
			return -1;
	return 0;
}
/* one more level, in this file */
static int fetch_one(sqlite3 *db, int id, struct user *u)
{
	return db_get_user(db, id, u);
}
int show_users2(sqlite3 *db, const int *ids, int n, struct user *out)
{
	int i;
	for (i = 0; i < n; i++)
		fetch_one(db, ids[i], &out[i]); // expect-index: nplus1/query-in-loop
	return 0;
}
/* not in a loop */
int count_once(sqlite3 *db)
{
	return db_count(db);
}
/* in a loop, but the wrapper runs no query */
int bump_all(int *counters, int n)
{
	int i, sum = 0;
	for (i = 0; i < n; i++)
		sum += db_bump(&counters[i]);
	return sum;
}
