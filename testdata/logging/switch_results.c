/* A switch over a call's result: the arm of an error value, and the
 * default arm of a switch that names the successes, are failure paths. */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int next_row(sqlite3_stmt *st, int *id)
{
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*id = sqlite3_column_int(st, 0);
		return 1;
	case SQLITE_DONE:
		return 0;
	default:
		return -1; // expect: logging/silent-error-return
	}
}

int apply(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	switch (rc) {
	case SQLITE_OK:
		return 0;
	default:
		return -1; // expect: logging/silent-error-return
	}
}

/* pthread functions return the error number: a nonzero arm is a failure */
int spawn(pthread_t *t, void *(*fn)(void *), void *arg)
{
	switch (pthread_create(t, NULL, fn, arg)) {
	case 0:
		return 0;
	case EAGAIN:
		return -1; // expect: logging/silent-error-return
	default:
		return -1; // expect: logging/silent-error-return
	}
}

sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;
	switch (sqlite3_open(path, &db)) {
	case SQLITE_OK:
		break;
	default:
		exit(1); // expect: logging/silent-error-return
	}
	return db;
}

/* ---- not findings ---- */

/* the default arm logs */
int next_row_logged(sqlite3 *db, sqlite3_stmt *st)
{
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		return 1;
	case SQLITE_DONE:
		return 0;
	default:
		fprintf(stderr, "step: %s\n", sqlite3_errmsg(db));
		return -1;
	}
}

/* the callee's own code goes back to the caller */
int step_code(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	switch (rc) {
	case SQLITE_ROW:
	case SQLITE_DONE:
		return 0;
	default:
		return rc;
	}
}

/* fork sets errno: -1 keeps the POSIX convention */
int start_child(void (*fn)(void))
{
	pid_t pid;
	switch (pid = fork()) {
	case -1:
		return -1;
	case 0:
		fn();
		_exit(0);
	default:
		return (int)pid;
	}
}

/* the switch names no success: the default is just another value */
int classify(int c);
int kind_code(int c)
{
	switch (classify(c)) {
	case 1:
		return 10;
	case 2:
		return 20;
	default:
		return -1;
	}
}

/* a busy database is retried, not given up on */
int step_retry(sqlite3_stmt *st)
{
	for (int tries = 0; tries < 5; tries++) {
		switch (sqlite3_step(st)) {
		case SQLITE_DONE:
			return 0;
		case SQLITE_ROW:
			return 1;
		default:
			sqlite3_sleep(10);
			continue;
		}
	}
	fprintf(stderr, "database busy\n");
	return -1;
}

/* no default: the other values fall through to normal code */
int count_rows(sqlite3_stmt *st)
{
	int n = 0;
	for (;;) {
		switch (sqlite3_step(st)) {
		case SQLITE_ROW:
			n++;
			continue;
		case SQLITE_DONE:
			break;
		}
		break;
	}
	return n;
}

/* a switch over a plain value */
int mode_flags(int mode)
{
	switch (mode) {
	case 0:
		return 1;
	default:
		return -1;
	}
}
