/* Error paths that give up without a trace: logging/silent-error-return. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum status { ST_OK, ST_FAILED, ST_BUSY };

/* pthread functions return their error number: translating it into -1
 * loses it. */
int start_worker(pthread_t *tid, void *(*fn)(void *), void *arg)
{
	if (pthread_create(tid, NULL, fn, arg) != 0)
		return -1; // expect: logging/silent-error-return
	return 0;
}

int run_sql(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return -1; // expect: logging/silent-error-return
	return 0;
}

/* goto cleanup with a pessimistic default: the failure path returns -1. */
int count_rows(sqlite3 *db, int *count)
{
	sqlite3_stmt *st = NULL;
	int ret = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	*count = sqlite3_column_int(st, 0);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret; // expect: logging/silent-error-return
}

/* The error is translated into a generic failure constant. */
enum status flush_db(sqlite3 *db)
{
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return ST_FAILED; // expect: logging/silent-error-return
	return ST_OK;
}

/* -1 stored for a shared exit */
int lock_table(pthread_mutex_t *m)
{
	int rc = pthread_mutex_lock(m);
	if (rc) {
		rc = -1;
		goto fail;
	}
	pthread_mutex_unlock(m);
	return 0;
fail:
	return rc; // expect: logging/silent-error-return
}

/* exit with a failure status and no message */
void must_detach(pthread_t t)
{
	if (pthread_detach(t) != 0)
		exit(1); // expect: logging/silent-error-return
}

/* main: a nonzero status is the error return */
int main(int argc, char **argv)
{
	FILE *f;
	if (argc < 2)
		return 2;
	f = fopen(argv[1], "r");
	if (f == NULL)
		return 1; // expect: logging/silent-error-return
	fclose(f);
	return 0;
}
