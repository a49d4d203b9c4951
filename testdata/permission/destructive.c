// permission/destructive-operation: irreversible destruction for a human to confirm.
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int sqlite3_exec(void *db, const char *sql, void *cb, void *arg, char **err);
void *db;
int is_admin(void *u);

/* the seed incident: an automated repair path that wipes and rebuilds */
int repair_environment(const char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s", dir, dir);
	return system(cmd); // expect: permission/destructive-operation
}

int handle_reset(void *u)
{
	(void)u;
	return repair_environment("/srv/app/state");
}

void wipe_cache(void)
{
	system("rm -r /var/cache/app/*"); // expect: permission/destructive-operation
}

FILE *format_disk(void)
{
	return popen("mkfs.ext4 -F /dev/sdb1", "r"); // expect: permission/destructive-operation
}

void zero_disk(void)
{
	system("dd if=/dev/zero of=/dev/sda bs=1M"); // expect: permission/destructive-operation
}

int drop_all(void)
{
	sqlite3_exec(db, "DROP TABLE users", 0, 0, 0); // expect: permission/destructive-operation
	return sqlite3_exec(db, "CREATE TABLE users (id INTEGER)", 0, 0, 0);
}

int empty_log(void)
{
	return sqlite3_exec(db, "TRUNCATE audit_log", 0, 0, 0); // expect: permission/destructive-operation
}

void exec_rm(const char *path)
{
	execl("/bin/rm", "rm", "-rf", path, (char *)0); // expect: permission/destructive-operation
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

int remove_tree(const char *root)
{
	return nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS); // expect: permission/destructive-operation
}

/* checks do not make destruction less final: still for a human to confirm */
int handle_drop(void *u)
{
	if (!is_admin(u))
		return -1;
	return sqlite3_exec(db, "DROP DATABASE app", 0, 0, 0); // expect: permission/destructive-operation
}

/* ---- negatives ---- */

static int count_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)p;
	(void)sb;
	(void)flag;
	(void)f;
	return 0;
}

int count_tree(const char *root)
{
	return nftw(root, count_entry, 16, FTW_PHYS);
}

void list_files(void)
{
	system("ls -l /var/cache/app");
	system("rm /tmp/app.lock");
}

int read_users(void)
{
	return sqlite3_exec(db, "SELECT * FROM users WHERE dropped = 0", 0, 0, 0);
}

void exec_ls(void)
{
	execl("/bin/ls", "ls", "-rf", (char *)0);
}
