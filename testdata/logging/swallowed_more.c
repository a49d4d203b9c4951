/* More failures detected and dropped. */
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

static int flush_journal(sqlite3 *db)
{
	if (sqlite3_exec(db, "PRAGMA wal_checkpoint", NULL, NULL, NULL) != SQLITE_OK)
		return -1; // expect: logging/silent-error-return
	return 0;
}

void finish(pthread_t t, sqlite3 *db, sqlite3_stmt *st)
{
	if (pthread_join(t, NULL) != 0) // expect: logging/swallowed-error
	{
	}
	if (sqlite3_step(st) != SQLITE_DONE) // expect: logging/swallowed-error
		;
	if (flush_journal(db) < 0) // expect: logging/swallowed-error
	{
	}
}

void drop(int fd)
{
	if (close(fd) < 0) // expect: logging/swallowed-error
	{
	}
}
