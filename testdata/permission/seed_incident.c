// The seed incident: an automated repair path that deletes state and builds it again, reached
// from a request with no authorization or confirmation on the way.
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int sqlite3_exec(void *db, const char *sql, void *cb, void *arg, char **err);
extern void *db;
int is_admin(void *u);
int confirm_with_operator(const char *what);

/* rm -rf through exec with an argv array, then the directory again */
static int rebuild_environment(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL };
	pid_t pid = fork();
	if (pid == 0) {
		execv("/bin/rm", argv); // expect: permission/destructive-operation
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, NULL, 0) < 0)
		return -1;
	return mkdir(dir, 0755);
}

static int auto_repair(const char *dir)
{
	if (access(dir, W_OK) == 0)
		return 0;
	return rebuild_environment(dir);
}

int handle_health_failure(const char *dir)
{
	return auto_repair(dir);
}

/* DROP then CREATE */
int cmd_reset_schema(void)
{
	if (sqlite3_exec(db, "DROP TABLE IF EXISTS jobs", 0, 0, 0) != 0) // expect: permission/destructive-operation, permission/missing-check
		return -1;
	return sqlite3_exec(db, "CREATE TABLE jobs (id INTEGER PRIMARY KEY)", 0, 0, 0);
}

/* nftw + remove, listed in a dispatch table */
static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

static int op_wipe_cache(const char *dir)
{
	if (nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS) != 0) // expect: permission/destructive-operation
		return -1;
	return mkdir(dir, 0700);
}

struct op {
	const char *name;
	int (*run)(const char *);
};
const struct op repair_ops[] = { { "wipe-cache", op_wipe_cache } };

/* ---- negatives ---- */

/* not recursive: a single file */
int remove_pidfile(const char *path)
{
	char *argv[] = { "rm", "-f", (char *)path, NULL };
	return execv("/bin/rm", argv);
}

/* not destructive at all */
int list_dir(const char *dir)
{
	char *argv[] = { "ls", "-la", (char *)dir, NULL };
	return execvp("ls", argv);
}

/* creating tables is not destroying them */
int cmd_init_schema(void)
{
	return sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS jobs (id INTEGER)", 0, 0, 0);
}

/* confirmed by an operator first: still destructive, but not silent */
int handle_rebuild(void)
{
	if (!confirm_with_operator("rebuild the environment"))
		return -ECANCELED;
	if (system("rm -rf /srv/app/state") != 0) // expect: permission/destructive-operation
		return -1;
	return mkdir("/srv/app/state", 0755);
}
