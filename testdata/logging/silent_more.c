/* More silent error returns: bool and pointer conventions, abort, a
 * silent helper of this file, a failure detected inside a macro. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>

#define CHECK_SQL(x) ((x) == SQLITE_OK)

bool join_worker(pthread_t t)
{
	if (pthread_join(t, NULL) != 0)
		return false; // expect: logging/silent-error-return
	return true;
}

sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL; // expect: logging/silent-error-return
	}
	return db;
}

void init_lock(pthread_mutex_t *m)
{
	if (pthread_mutex_init(m, NULL) != 0)
		abort(); // expect: logging/silent-error-return
}

/* A silent helper with external linkage: its callers elsewhere are not
 * known, and this file's caller translates its failure again. */
int begin(sqlite3 *db)
{
	int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return -1; // expect: logging/silent-error-return
	return 0;
}

bool begin_or_fail(sqlite3 *db)
{
	if (begin(db) != 0)
		return false; // expect: logging/silent-error-return
	return true;
}

int vacuum(sqlite3 *db)
{
	if (!CHECK_SQL(sqlite3_exec(db, "VACUUM", NULL, NULL, NULL)))
		return -1; // expect: logging/silent-error-return
	return 0;
}
