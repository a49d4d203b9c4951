// permission/missing-check: privileged operations on request paths.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct user;
struct req {
	struct user *user;
	const char *path;
	pid_t pid;
	int op;
};
int is_admin(struct user *u);
int has_permission(struct user *u, int op);
int check_permission(struct user *u, int op); /* 0 = allowed */
int sqlite3_exec(void *db, const char *sql, void *cb, void *arg, char **err);
void *db;

/* ---- positives ---- */

int handle_delete(struct req *r)
{
	return unlink(r->path); // expect: permission/missing-check
}

int handle_chmod(struct req *r)
{
	return chmod(r->path, 0777); // expect: permission/missing-check
}

int handle_kill(struct req *r)
{
	return kill(r->pid, SIGTERM); // expect: permission/missing-check
}

/* the check guards only one branch; the operation runs after the join */
int handle_rename(struct req *r, const char *to)
{
	if (is_admin(r->user))
		printf("admin rename\n");
	return rename(r->path, to); // expect: permission/missing-check
}

/* a helper reached from an unchecked handler */
static int remove_dir(const char *p)
{
	return rmdir(p); // expect: permission/missing-check
}

int handle_rmdir(struct req *r)
{
	return remove_dir(r->path);
}

int rpc_purge(struct req *r)
{
	(void)r;
	return sqlite3_exec(db, "DELETE FROM sessions", 0, 0, 0); // expect: permission/missing-check
}

int rpc_reset_prices(struct req *r)
{
	(void)r;
	return sqlite3_exec(db, "UPDATE items SET price = 0", 0, 0, 0); // expect: permission/missing-check
}

/* checked on the wrong value: another condition, not the check */
int handle_chown(struct req *r, int force)
{
	int ok = has_permission(r->user, 3);
	if (force)
		return chown(r->path, 0, 0); // expect: permission/missing-check
	return ok;
}

int cmd_truncate(struct req *r)
{
	return truncate(r->path, 0); // expect: permission/missing-check
}

int handle_setuid(struct req *r)
{
	if (setuid(r->op) != 0) // expect: permission/missing-check
		return -1;
	return 0;
}

/* ---- negatives ---- */

/* early return on failure */
int handle_delete_checked(struct req *r)
{
	if (!is_admin(r->user))
		return -EPERM;
	return unlink(r->path);
}

/* the operation runs only on the branch where the check passed */
int handle_chmod_checked(struct req *r)
{
	if (has_permission(r->user, 1))
		return chmod(r->path, 0600);
	return -EPERM;
}

/* errno-style check: 0 means allowed */
int handle_kill_checked(struct req *r)
{
	int rc = check_permission(r->user, 2);
	if (rc != 0)
		return rc;
	return kill(r->pid, SIGTERM);
}

/* the check is done in the only caller, before the call */
static int do_rmdir(const char *p)
{
	return rmdir(p);
}

int handle_rmdir_checked(struct req *r)
{
	if (!is_admin(r->user))
		return -EPERM;
	return do_rmdir(r->path);
}

/* a check wrapper that never returns on failure */
static void require_admin_or_die(struct req *r)
{
	if (!is_admin(r->user)) {
		fprintf(stderr, "denied\n");
		exit(1);
	}
}

int handle_truncate(struct req *r)
{
	require_admin_or_die(r);
	return truncate(r->path, 0);
}

/* constant paths and WHERE-limited SQL are not privileged */
int handle_cleanup(struct req *r)
{
	(void)r;
	unlink("/run/myd.pid");
	return sqlite3_exec(db, "UPDATE items SET seen = 1 WHERE id = 4", 0, 0, 0);
}

/* kill(pid, 0) only probes; kill of our own pid is not another process */
int handle_probe(struct req *r)
{
	if (kill(r->pid, 0) != 0)
		return -1;
	return kill(getpid(), SIGHUP);
}

/* not an entry point and not called from one: no request reaches it */
int tool_remove(const char *p)
{
	return unlink(p);
}

/* && chain: both must pass */
int handle_rename_checked(struct req *r, const char *to)
{
	if (is_admin(r->user) && to)
		return rename(r->path, to);
	return -EPERM;
}

/* going back to the real ids drops privileges: nothing to authorize */
int handle_drop_privileges(struct req *r)
{
	(void)r;
	if (setgid(getgid()) != 0 || setuid(getuid()) != 0)
		return -1;
	return 0;
}
