/*
 * git runner: posix_spawnp with an argv array (never a shell), stdin from
 * /dev/null, stdout and stderr on two pipes drained together with poll()
 * so that neither pipe can fill up and block git.  "-C cwd" selects the
 * directory, so the parent never chdir()s (other threads may be running).
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* pipe2: close-on-exec without a window for other threads */
#endif
#include "diff/git.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int cloexec_pipe(int fds[2])
{
#if defined(__linux__)
	return pipe2(fds, O_CLOEXEC);
#else
	if (pipe(fds))
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
#endif
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Reads both pipes to end of file; returns 0 or -1 with errno set. */
static int drain(int out_fd, int err_fd, struct strbuf *out, struct strbuf *errout)
{
	struct pollfd pfd[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
	struct strbuf *dst[2] = {out, errout};
	char chunk[16384];
	ssize_t n;
	int i;

	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, chunk, sizeof(chunk));
			if (n > 0)
				strbuf_add(dst[i], chunk, (size_t)n);
			else if (n == 0 || errno != EINTR)
				close_fd(&pfd[i].fd); /* poll() skips negative fds */
		}
	}
	return 0;
}

/* "git diff --cached" for messages: the first few words of the command. */
static void describe_command(struct strbuf *sb, const char *const *argv)
{
	size_t i;

	strbuf_addstr(sb, "git");
	for (i = 0; argv[i] && i < 3; i++)
		strbuf_addf(sb, " %s", argv[i]);
	if (argv[i])
		strbuf_addstr(sb, " ...");
}

/* The stderr line that says why: the first "fatal:" or "error:" line (a
 * "warning:" or a hint may come first), else the first line. */
static const char *reason_line(const char *text, int *len)
{
	const char *line = text;

	while (*line && strncmp(line, "fatal: ", 7) != 0 && strncmp(line, "error: ", 7) != 0) {
		line += strcspn(line, "\n");
		if (*line)
			line++;
	}
	if (!*line)
		line = text;
	*len = (int)strcspn(line, "\r\n");
	return line;
}

static int git_failed(struct dv_error *err, const char *const *argv, int status, const char *stderr_text)
{
	struct strbuf cmd;
	int reason_len;
	const char *reason = reason_line(stderr_text, &reason_len);
	int rc;

	strbuf_init(&cmd);
	describe_command(&cmd, argv);
	if (WIFEXITED(status))
		rc = dv_error_set(err, DV_ERR_IO, "'%s' failed with exit code %d%s%.*s", cmd.buf,
				  WEXITSTATUS(status), reason_len ? ": " : "", reason_len, reason);
	else
		rc = dv_error_set(err, DV_ERR_IO, "'%s' was killed by signal %d", cmd.buf,
				  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	strbuf_release(&cmd);
	return rc;
}

int dv_git_run(const char *const *argv, const char *cwd, char **out, size_t *out_len,
	       struct dv_error *err)
{
	struct strbuf sout, serr;
	posix_spawn_file_actions_t actions;
	int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, have_actions = 0, status = 0, rc;
	size_t argc = 0, i, k = 0;
	char **full;
	pid_t pid = -1;

	strbuf_init(&sout);
	strbuf_init(&serr);
	while (argv[argc])
		argc++;
	full = xcalloc(argc + 4, sizeof(*full));
	full[k++] = (char *)"git";
	if (cwd) {
		full[k++] = (char *)"-C";
		full[k++] = (char *)cwd;
	}
	for (i = 0; i < argc; i++)
		full[k++] = (char *)argv[i]; /* posix_spawn's argv type predates const */
	if (cloexec_pipe(out_pipe) || cloexec_pipe(err_pipe)) {
		rc = dv_error_set(err, DV_ERR_IO, "cannot create a pipe for git: %s", strerror(errno));
		goto cleanup;
	}
	if ((rc = posix_spawn_file_actions_init(&actions)) != 0) {
		rc = dv_error_set(err, DV_ERR_IO, "cannot run git: %s", strerror(rc));
		goto cleanup;
	}
	have_actions = 1;
	if ((rc = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)) ||
	    (rc = posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1)) ||
	    (rc = posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2)) ||
	    (rc = posix_spawnp(&pid, "git", &actions, NULL, full, environ))) {
		pid = -1;
		rc = dv_error_set(err, DV_ERR_IO, "cannot run 'git': %s", strerror(rc));
		goto cleanup;
	}
	close_fd(&out_pipe[1]);
	close_fd(&err_pipe[1]);
	if (drain(out_pipe[0], err_pipe[0], &sout, &serr)) {
		rc = dv_error_set(err, DV_ERR_IO, "cannot read git's output: %s", strerror(errno));
		goto cleanup;
	}
	out_pipe[0] = err_pipe[0] = -1; /* closed by drain */
	rc = 0;

cleanup:
	close_fd(&out_pipe[0]);
	close_fd(&out_pipe[1]);
	close_fd(&err_pipe[0]);
	close_fd(&err_pipe[1]);
	while (pid > 0 && waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = dv_error_set(err, DV_ERR_IO, "cannot wait for git: %s", strerror(errno));
			break;
		}
	}
	if (!rc && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		rc = git_failed(err, argv, status, serr.buf);
	if (have_actions)
		posix_spawn_file_actions_destroy(&actions);
	if (!rc) {
		if (out_len)
			*out_len = sout.len;
		*out = strbuf_detach(&sout);
	}
	strbuf_release(&sout);
	strbuf_release(&serr);
	free(full);
	return rc;
}

char *dv_git_toplevel(const char *cwd, struct dv_error *err)
{
	static const char *const argv[] = {"rev-parse", "--show-toplevel", NULL};
	char *out = NULL;
	size_t len = 0;

	if (dv_git_run(argv, cwd, &out, &len, err))
		return NULL;
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	if (len == 0) {
		free(out);
		dv_error_set(err, DV_ERR_IO, "'git rev-parse --show-toplevel' printed no directory");
		return NULL;
	}
	return out;
}
