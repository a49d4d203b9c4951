/* Error paths that leave a trace or hand a detailed error to the caller:
 * no logging/silent-error-return. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

struct error { int code; const char *msg; };

/* A project logging macro around a function of another file. */
void emit_record(int level, const char *fmt, ...);
#define LOG_ERROR(...) emit_record(3, __VA_ARGS__)

/* A project logger known by its format attribute. */
void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A logger of this file: it logs on every path. */
static void oops(const char *what, int rc)
{
	fprintf(stderr, "%s failed: %s\n", what, strerror(rc));
}

/* a function of another file: assumed to trace its own failures */
int load_plugin(const char *name);

int start_logged(pthread_t *tid, void *(*fn)(void *), void *arg)
{
	int rc = pthread_create(tid, NULL, fn, arg);
	if (rc != 0) {
		syslog(LOG_ERR, "pthread_create: %s", strerror(rc));
		return -1;
	}
	return 0;
}

/* goto cleanup with the log before the goto */
int exec_logged(sqlite3 *db, const char *sql)
{
	int ret = -1;
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		LOG_ERROR("exec %s: %s", sql, sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/* goto fail with a single logged exit */
int two_steps(pthread_mutex_t *a, pthread_mutex_t *b)
{
	if (pthread_mutex_lock(a) != 0)
		goto fail;
	if (pthread_mutex_lock(b) != 0)
		goto fail_a;
	return 0;
fail_a:
	pthread_mutex_unlock(a);
fail:
	complain("cannot take the locks");
	return -1;
}

/* the callee's own code, unchanged */
int propagate(pthread_mutex_t *m)
{
	int rc = pthread_mutex_lock(m);
	if (rc != 0)
		return rc;
	pthread_mutex_unlock(m);
	return 0;
}

/* -errno, and -1 right after a function that sets errno */
int open_ro(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	return fd;
}

int open_rw(const char *path)
{
	int fd = open(path, O_RDWR);
	if (fd == -1)
		return -1;
	return fd;
}

FILE *open_log(const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return NULL;
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

int save_errno(int fd)
{
	int err;
	if (fsync(fd) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return 0;
}

/* an error out-parameter set for the caller */
int exec_err(sqlite3 *db, const char *sql, struct error *err)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		err->code = rc;
		err->msg = "exec failed";
		return -1;
	}
	return 0;
}

int exec_errp(sqlite3 *db, const char *sql, int *errp)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		*errp = 1;
		return -1;
	}
	return 0;
}

/* out of memory: the usual C idiom, off by default */
char *dup_name(const char *s)
{
	char *p = malloc(strlen(s) + 1);
	if (!p)
		return NULL;
	strcpy(p, s);
	return p;
}

/* retried, then logged */
int lock_retry(pthread_mutex_t *m)
{
	int tries;
	for (tries = 0; tries < 3; tries++) {
		if (pthread_mutex_trylock(m) != 0)
			continue;
		return 0;
	}
	oops("trylock", EBUSY);
	return -1;
}

/* the failure is a fallback, not an error return */
int size_or_zero(int fd, long *out)
{
	struct stat_like { long size; } st = { 0 };
	if (fsync(fd) != 0)
		st.size = 0;
	*out = st.size;
	if (*out > 100)
		return -1;
	return 0;
}

/* the file's own logger, by its summary */
int start_oops(pthread_t *tid, void *(*fn)(void *), void *arg)
{
	int rc = pthread_create(tid, NULL, fn, arg);
	if (rc) {
		oops("pthread_create", rc);
		return -1;
	}
	return 0;
}

/* a project function of another file: it logs its own failures */
int load_all(void)
{
	if (load_plugin("core") < 0)
		return -1;
	return 0;
}

/* exit with a message, and err() which logs and exits */
void detach_or_die(pthread_t t)
{
	int rc = pthread_detach(t);
	if (rc != 0) {
		perror("pthread_detach");
		exit(1);
	}
}

/* a void function: nothing is returned to a caller */
void best_effort_sync(int fd)
{
	if (fsync(fd) != 0)
		return;
	close(fd);
}

/* success returns after a failure test are not error returns */
int try_cache(pthread_mutex_t *m)
{
	if (pthread_mutex_trylock(m) != 0)
		return 0;
	pthread_mutex_unlock(m);
	return 1;
}

/* a specific code tells the caller what failed */
enum status { ST_OK, ST_IO_ERROR };

enum status flush_db(sqlite3 *db)
{
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return ST_IO_ERROR;
	return ST_OK;
}

int spawn_eagain(pthread_t *tid, void *(*fn)(void *))
{
	if (pthread_create(tid, NULL, fn, NULL) != 0)
		return -EAGAIN;
	return 0;
}

/* read errors: errno is set by fread, ferror only looks */
int slurp(FILE *fp, char *buf, size_t n)
{
	fread(buf, 1, n, fp);
	if (ferror(fp))
		return -1;
	return 0;
}

/* a project's print macro around fprintf(stderr, ...) logs */
#define eprintf_(...) fprintf(stderr, __VA_ARGS__)

int open_config_macro(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		eprintf_("cannot open %s\n", path);
		exit(2);
	}
	return fd;
}
