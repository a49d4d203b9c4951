// What a setuid tool or a daemon does with its own things: it drops to a
// user's account ids (pw->pw_uid), truncates and chmods the temp file it
// created through fdopen(mkstemp(...)), kills the child it forked whose
// pid it keeps in a file-scope variable or passes to a helper.  None of
// these is a privileged operation on something a request names.  Each
// negative has a positive twin where the value comes from the request.
#define _GNU_SOURCE
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- dropping to an account's ids ---- */

int handle_run_as_owner(const char *owner)
{
	struct passwd *pw = getpwnam(owner);
	if (!pw)
		return -1;
	if (setgid(pw->pw_gid) != 0 || initgroups(pw->pw_name, pw->pw_gid) != 0)
		return -1;
	if (setuid(pw->pw_uid) != 0)
		return -1;
	return 0;
}

int handle_run_as_id(uid_t uid)
{
	if (setuid(uid) != 0) // expect: permission/missing-check
		return -1;
	return 0;
}

/* ---- the temp file it created ---- */

int handle_save(const char *data, long n)
{
	char tmpl[] = "/tmp/saveXXXXXX";
	int fd;
	FILE *tmp;
	if ((fd = mkstemp(tmpl)) == -1 || !(tmp = fdopen(fd, "w+")))
		return -1;
	fputs(data, tmp);
	if (ftruncate(fileno(tmp), n) == -1 || fchmod(fileno(tmp), 0600) == -1) {
		fclose(tmp);
		return -1;
	}
	return fclose(tmp);
}

int handle_save_inline(const char *data)
{
	char tmpl[] = "/tmp/saveXXXXXX";
	FILE *tmp = fdopen(mkstemp(tmpl), "w");
	if (!tmp)
		return -1;
	fputs(data, tmp);
	fchmod(fileno(tmp), 0644);
	return fclose(tmp);
}

/* the descriptor comes with the request */
int handle_truncate(int fd)
{
	FILE *f = fdopen(fd, "w");
	int rc;
	if (!f)
		return -1;
	rc = ftruncate(fileno(f), 0); // expect: permission/missing-check
	fclose(f);
	return rc;
}

/* ---- children it forked ---- */

static pid_t child;
static pid_t *pids;

int start_child(void)
{
	child = fork();
	if (child == 0)
		_exit(0);
	return child > 0 ? 0 : -1;
}

int handle_stop(void)
{
	return kill(child, SIGTERM);
}

int open_slot(int fd)
{
	pid_t pid;
	if (!pids && !(pids = calloc(64, sizeof(pid_t))))
		return -1;
	if ((pid = fork()) == 0)
		_exit(0);
	pids[fd] = pid;
	return 0;
}

int handle_close_slot(int fd)
{
	int rc = kill(pids[fd], SIGTERM);
	pids[fd] = 0;
	return rc;
}

static void kill_child(pid_t pid)
{
	kill(-pid, SIGKILL);
	_exit(255);
}

int handle_session(void)
{
	pid_t pid = fork();
	if (pid == 0)
		return 0;
	if (pid < 0)
		return -1;
	kill(-pid, SIGTERM);
	kill_child(pid);
	return 0;
}

/* a pid the request names, through a helper and through a global */
static pid_t target;

static void stop_pid(pid_t pid)
{
	kill(pid, SIGTERM); // expect: permission/missing-check
}

int handle_kill(pid_t pid)
{
	stop_pid(pid);
	return 0;
}

int handle_set_target(pid_t pid)
{
	target = pid;
	return 0;
}

int handle_kill_target(void)
{
	return kill(target, SIGKILL); // expect: permission/missing-check
}

/* the child a wait call reports is one of ours: a stopped child is
 * resumed */
int handle_job_control(void)
{
	int status;
	pid_t pid = waitpid(-1, &status, WUNTRACED);
	if (pid > 0 && WIFSTOPPED(status))
		return kill(pid, SIGCONT);
	return 0;
}
