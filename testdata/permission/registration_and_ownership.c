// Shapes from BlueZ 5.66 that are not missing checks or ignored checks:
// registering an authorization callback, a driver method that shares a
// libc name, pids the process spawned itself (also stored in a struct by
// another function), a lock file the daemon created in another function;
// and getuid()/geteuid() tests as authorization.  Each negative has a
// positive twin so the model, not the fixture's shape, decides.
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct server;
typedef bool (*authorize_cb)(struct server *s, int op, void *data);
bool server_set_authorize(struct server *s, authorize_cb cb, void *data);
bool server_authorize(struct server *s, int op);
void server_set_authorize_void(struct server *s, authorize_cb cb, void *data);

static bool my_authorize(struct server *s, int op, void *data)
{
	(void)s;
	(void)data;
	return op == 0;
}

/* registration, not a check: the result says whether it was stored */
void handle_connected(struct server *s, void *db)
{
	server_set_authorize(s, my_authorize, db);
}

/* a real check whose result is thrown away */
void handle_request(struct server *s, const char *path)
{
	server_authorize(s, 1); // expect: permission/check-ignored
	unlink(path); // expect: permission/missing-check
}

/* a void registration does not guard what follows either */
int handle_remove(struct server *s, const char *path)
{
	server_set_authorize_void(s, my_authorize, NULL);
	return unlink(path); // expect: permission/missing-check
}

/* a driver method named like remove(3) is not remove(3) */
struct driver {
	int (*remove)(const char *name);
	int (*rename)(const char *a, const char *b);
};
struct session {
	const struct driver *driver;
	char *path;
	char *lock_file;
	int pid;
	int peer_pid;
};

void handle_reset(struct session *os)
{
	if (os->path && os->driver->remove)
		os->driver->remove(os->path);
}

int handle_move(struct session *os, const char *to)
{
	return os->driver->rename(os->path, to);
}

/* kill of the child this function forked */
int cmd_run(char **argv)
{
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	return status;
}

/* kill of a pid the request names */
int cmd_stop(pid_t pid)
{
	return kill(pid, SIGTERM); // expect: permission/missing-check
}

/* a child spawned by one function, stored by another, killed by a third */
static int spawn_helper(char **argv)
{
	pid_t pid;
	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, NULL) != 0)
		return -1;
	return pid;
}

void session_open(struct session *s, char **argv)
{
	s->pid = -1;
	s->pid = spawn_helper(argv);
}

int handle_close(struct session *s)
{
	if (s->pid < 0)
		return 0;
	return kill(s->pid, SIGTERM);
}

/* a pid field that also receives a pid from elsewhere is not ours */
void session_attach(struct session *s, int pid)
{
	s->peer_pid = spawn_helper(NULL);
	s->peer_pid = pid;
}

int handle_detach(struct session *s)
{
	return kill(s->peer_pid, SIGTERM); // expect: permission/missing-check
}

/* the lock file the daemon created in connect, removed at disconnect */
void session_connect(struct session *s, const char *dir)
{
	char *filename = NULL;
	int fd;
	if (asprintf(&filename, "%s/.lock", dir) < 0)
		return;
	fd = open(filename, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		free(filename);
		return;
	}
	close(fd);
	s->lock_file = filename;
}

void handle_disconnect(struct session *s)
{
	if (s->lock_file) {
		remove(s->lock_file);
		free(s->lock_file);
		s->lock_file = NULL;
	}
}

/* a path a request stored is not ours */
void session_name(struct session *s, char *name)
{
	s->path = name;
}

void handle_delete(struct session *s)
{
	remove(s->path); // expect: permission/missing-check
}

/* root tests are authorization checks */
int cmd_chown(const char *path, uid_t uid)
{
	if (getuid() != 0)
		return -1;
	return chown(path, uid, 0);
}

int cmd_chmod(const char *path)
{
	if (geteuid() == 0)
		return chmod(path, 0600);
	return -1;
}

int cmd_rmdir(const char *path)
{
	uid_t uid = getuid();
	if (uid != 0)
		return -1;
	return rmdir(path);
}

/* a root test on one branch only guards nothing after the join */
int cmd_truncate(const char *path, int force)
{
	if (!force && geteuid() != 0)
		return -1;
	return truncate(path, 0); // expect: permission/missing-check
}

/* an amroot flag assigned from a root test is the check's result */
int cmd_kill(pid_t pid)
{
	int amroot = geteuid() == 0;
	if (!amroot)
		return -1;
	return kill(pid, SIGKILL);
}

int cmd_unlink(const char *path)
{
	bool amroot;
	amroot = (getuid() == 0);
	if (amroot)
		return unlink(path);
	return -1;
}

/* a flag tested on the wrong branch guards nothing */
int cmd_remove(const char *path)
{
	int amroot = getuid() == 0;
	if (amroot)
		return -1;
	return remove(path); // expect: permission/missing-check
}
