#include <sqlite3.h>
struct user {
	int id;
	int age;
};
int db_get_user(sqlite3 *db, int id, struct user *out);
int db_count(sqlite3 *db);
int db_bump(int *counter);
