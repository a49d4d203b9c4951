/* Failures detected and then ignored: logging/swallowed-error. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

void sync_file(int fd)
{
	if (fsync(fd) != 0) // expect: logging/swallowed-error
	{
	}
	close(fd);
}

void set_journal(sqlite3 *db)
{
	int rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	if (rc != SQLITE_OK) // expect: logging/swallowed-error
		;
	sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL); // expect: logging/unchecked-result
}

int unlock_all(pthread_mutex_t *a)
{
	int rc = pthread_mutex_unlock(a);
	if (rc) // expect: logging/swallowed-error
	{
	} else {
		rc = 0;
	}
	return 0;
}
