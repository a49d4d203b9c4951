/*
 * git runner: posix_spawnp with an argv array (never a shell), stdin from
 * /dev/null, stdout and stderr on two pipes drained together with poll()
 * so that neither pipe can fill up and block git.  "-C cwd" selects the
 * directory, so the parent never chdir()s (other threads may be running).
 * The hardening (what git.h lists) is a fresh environment array and argv
 * per call: nothing global is changed, so threads may run git at once.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* A growable NULL-terminated array of owned strings (argv, envp). */
struct strvec {
	char **v;
	size_t n, alloc;
};

static void strvec_push_owned(struct strvec *sv, char *s)
{
	DV_GROW(sv->v, sv->n + 2, sv->alloc);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

static void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

static void strvec_release(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

/* Variables of the caller's environment that would let something other
 * than this file choose configuration, programs or pathspec magic. */
static const char *const dropped_env[] = {
	"GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_GLOBAL",
	"GIT_CONFIG_NOSYSTEM", "GIT_CONFIG", "GIT_ATTR_NOSYSTEM", "GIT_EXTERNAL_DIFF",
	"GIT_DIFF_OPTS", "GIT_PAGER", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "GIT_ASKPASS",
	"SSH_ASKPASS", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_PROXY_COMMAND", "GIT_TERMINAL_PROMPT",
	"GIT_OPTIONAL_LOCKS", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE",
	"GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS",
	"GIT_ICASE_PATHSPECS", "GIT_PROTOCOL_FROM_USER", "GIT_ALLOW_PROTOCOL", "LC_ALL",
	"LANGUAGE", NULL,
};

static const char *const added_env[] = {
	"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_ATTR_NOSYSTEM=1",
	"GIT_PAGER=cat", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0",
	"GIT_NO_REPLACE_OBJECTS=1", "GIT_LITERAL_PATHSPECS=1", "GIT_PROTOCOL_FROM_USER=0",
	"LC_ALL=C", NULL,
};

/* Command-scope configuration for every invocation (see git.h). */
static const char *const base_config[][2] = {
	{"core.fsmonitor", "false"},   {"core.hooksPath", "/dev/null"},
	{"core.pager", "cat"},         {"protocol.allow", "never"},
	{"credential.helper", ""},     {"safe.bareRepository", "explicit"},
	{"gc.auto", "0"},              {"maintenance.auto", "false"},
	{"submodule.recurse", "false"}, {"diff.submodule", "short"},
	{"diff.noprefix", "false"},    {"diff.mnemonicPrefix", "false"},
	{"diff.relative", "false"},    {"color.ui", "false"},
};

static int env_dropped(const char *entry)
{
	size_t i, n;

	if (strncmp(entry, "GIT_CONFIG_KEY_", 15) == 0 || strncmp(entry, "GIT_CONFIG_VALUE_", 17) == 0)
		return 1;
	for (i = 0; dropped_env[i]; i++) {
		n = strlen(dropped_env[i]);
		if (strncmp(entry, dropped_env[i], n) == 0 && entry[n] == '=')
			return 1;
	}
	return 0;
}

/* `config` holds key, value, key, value, ... */
static void build_env(struct strvec *env, const struct strvec *config)
{
	size_t i;

	for (i = 0; environ[i]; i++)
		if (!env_dropped(environ[i]))
			strvec_push(env, environ[i]);
	for (i = 0; added_env[i]; i++)
		strvec_push(env, added_env[i]);
	for (i = 0; i + 1 < config->n; i += 2) {
		strvec_push_owned(env, xasprintf("GIT_CONFIG_KEY_%zu=%s", i / 2, config->v[i]));
		strvec_push_owned(env, xasprintf("GIT_CONFIG_VALUE_%zu=%s", i / 2, config->v[i + 1]));
	}
	strvec_push_owned(env, xasprintf("GIT_CONFIG_COUNT=%zu", config->n / 2));
}

static void add_base_config(struct strvec *config)
{
	size_t i;

	for (i = 0; i < sizeof(base_config) / sizeof(base_config[0]); i++) {
		strvec_push(config, base_config[i][0]);
		strvec_push(config, base_config[i][1]);
	}
}

/* Runs the full argv (starting with "git") with `envp`; on return 0, the
 * process ran and *status is its wait status.  Fills sout and serr. */
static int spawn_git(char *const *full, char *const *envp, struct strbuf *sout, struct strbuf *serr,
		     int *status, struct dv_error *err)
{
	posix_spawn_file_actions_t actions;
	int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, have_actions = 0, rc;
	pid_t pid = -1;

	*status = 0;
	{
		/* git's global config and hooks path point at /dev/null: a
		 * /dev/null that is a file someone can write would be config
		 * diffvet obeys.  Fail closed. */
		struct stat null_st;
		if (stat("/dev/null", &null_st) != 0 || !S_ISCHR(null_st.st_mode))
			return dv_error_set(err, DV_ERR_INTERNAL,
					    "/dev/null is not a character device on this machine; "
					    "refusing to run git (restore it: mknod -m 666 /dev/null c 1 3)");
	}
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
	    (rc = posix_spawnp(&pid, "git", &actions, NULL, full, envp))) {
		pid = -1;
		rc = dv_error_set(err, DV_ERR_IO, "cannot run 'git': %s", strerror(rc));
		goto cleanup;
	}
	close_fd(&out_pipe[1]);
	close_fd(&err_pipe[1]);
	if (drain(out_pipe[0], err_pipe[0], sout, serr)) {
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
	while (pid > 0 && waitpid(pid, status, 0) < 0) {
		if (errno != EINTR) {
			rc = dv_error_set(err, DV_ERR_IO, "cannot wait for git: %s", strerror(errno));
			break;
		}
	}
	if (have_actions)
		posix_spawn_file_actions_destroy(&actions);
	return rc;
}

static int exited_with(int status, int code)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/* "git [--no-pager] [-C cwd]" */
static void start_argv(struct strvec *full, const char *cwd)
{
	strvec_push(full, "git");
	strvec_push(full, "--no-pager");
	if (cwd) {
		strvec_push(full, "-C");
		strvec_push(full, cwd);
	}
}

/* Index of the subcommand in a caller's argv: after global options such
 * as "-c name=value" pairs. */
static size_t subcommand_index(const char *const *argv)
{
	size_t i = 0;

	while (argv[i] && argv[i][0] == '-') {
		if ((strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "-C") == 0) && argv[i + 1])
			i++;
		i++;
	}
	return i;
}

/* Commands that never convert working-tree files, so that the filter
 * drivers need not be looked up first. */
static int never_filters(const char *const *argv, size_t sub)
{
	static const char *const plain[] = {"rev-parse", "merge-base", "ls-tree", "config", NULL};
	size_t i;

	if (!argv[sub])
		return 1;
	for (i = 0; plain[i]; i++)
		if (strcmp(argv[sub], plain[i]) == 0)
			return 1;
	/* `cat-file blob` is raw; --filters and --textconv are not */
	return strcmp(argv[sub], "cat-file") == 0 && argv[sub + 1] && strcmp(argv[sub + 1], "blob") == 0;
}

/* Adds "filter.NAME.{clean,smudge,process}=" and ".required=false" for
 * every filter driver the repository's configuration defines. */
static int neutralise_filters(const char *cwd, struct strvec *config, struct dv_error *err)
{
	struct strvec full = {0}, env = {0}, seen = {0};
	struct strbuf sout, serr;
	static const char *const keys[] = {"clean", "smudge", "process"};
	int status = 0, rc;
	size_t pos, i;

	strbuf_init(&sout);
	strbuf_init(&serr);
	start_argv(&full, cwd);
	strvec_push(&full, "config");
	strvec_push(&full, "-z");
	strvec_push(&full, "--name-only");
	strvec_push(&full, "--get-regexp");
	strvec_push(&full, "^filter\\.");
	build_env(&env, config);
	if ((rc = spawn_git(full.v, env.v, &sout, &serr, &status, err)) != 0)
		goto cleanup;
	if (exited_with(status, 1))
		goto cleanup; /* no filter configured */
	if (!exited_with(status, 0)) {
		const char *const what[] = {"config", "--get-regexp", "^filter\\.", NULL};
		rc = git_failed(err, what, status, serr.buf);
		goto cleanup;
	}
	for (pos = 0; pos < sout.len; pos += strlen(sout.buf + pos) + 1) {
		const char *name = sout.buf + pos + 7, *last = strrchr(name, '.');
		char *driver;

		if (strncmp(sout.buf + pos, "filter.", 7) != 0 || !last || last == name)
			continue; /* "filter.clean" has no driver name */
		driver = xstrndup(name, (size_t)(last - name));
		for (i = 0; i < seen.n && strcmp(seen.v[i], driver) != 0; i++)
			;
		if (i < seen.n) {
			free(driver);
			continue;
		}
		for (i = 0; i < 3; i++) {
			strvec_push_owned(config, xasprintf("filter.%s.%s", driver, keys[i]));
			strvec_push(config, "");
		}
		strvec_push_owned(config, xasprintf("filter.%s.required", driver));
		strvec_push(config, "false");
		strvec_push_owned(&seen, driver);
	}
cleanup:
	strvec_release(&full);
	strvec_release(&env);
	strvec_release(&seen);
	strbuf_release(&sout);
	strbuf_release(&serr);
	return rc;
}

/* The safe.directory values of the real system and global configuration
 * (git honours them only there, and with them ignored a CI checkout owned
 * by another user, marked safe globally, would be refused), read with
 * the caller's own environment from outside any repository.  Nothing else
 * of that configuration is kept. */
static void add_safe_directories(struct strvec *config)
{
	/* posix_spawn's argv type predates const */
	char *const full[] = {(char *)"git", (char *)"-C", (char *)"/", (char *)"config",
			      (char *)"--show-scope", (char *)"-z", (char *)"--get-all",
			      (char *)"safe.directory", NULL};
	struct strbuf sout, serr;
	struct dv_error ignored = {0};
	int status = 0;
	size_t pos, n;

	strbuf_init(&sout);
	strbuf_init(&serr);
	if (spawn_git(full, environ, &sout, &serr, &status, &ignored) == 0 && exited_with(status, 0)) {
		/* "scope NUL value NUL" pairs */
		for (pos = 0; pos < sout.len; pos += n + 1) {
			const char *scope = sout.buf + pos, *value;

			pos += strlen(scope) + 1;
			if (pos >= sout.len)
				break;
			value = sout.buf + pos;
			n = strlen(value);
			if (strcmp(scope, "system") == 0 || strcmp(scope, "global") == 0) {
				strvec_push(config, "safe.directory");
				strvec_push(config, value);
			}
		}
	}
	strbuf_release(&sout);
	strbuf_release(&serr);
}

/* git's ownership check passes for a directory we own; elsewhere the
 * safe.directory values are needed (a guess: the check looks at the top
 * level and the git directory, so a refusal is tried once more below). */
static int owned_by_us(const char *cwd)
{
	struct stat st;

	return stat(cwd ? cwd : ".", &st) == 0 && st.st_uid == geteuid();
}

static int refused_for_owner(const char *stderr_text)
{
	return strstr(stderr_text, "detected dubious ownership") ||
	       strstr(stderr_text, "Not a git repository") ||
	       strstr(stderr_text, "not a git repository");
}

/* Runs the full argv hardened; the filter drivers are looked up with the
 * same configuration (safe.directory included: `git config` silently
 * skips the local configuration of a repository it does not trust, so a
 * lookup without it would find no driver to switch off). */
static int run_hardened(const char *cwd, char *const *full, int filters, struct strbuf *sout,
			struct strbuf *serr, int *status, struct dv_error *err)
{
	int with_safe = !owned_by_us(cwd), rc = 0;

	for (;;) {
		struct strvec config = {0}, env = {0};

		add_base_config(&config);
		if (with_safe)
			add_safe_directories(&config);
		if (filters)
			rc = neutralise_filters(cwd, &config, err);
		if (!rc) {
			build_env(&env, &config);
			strbuf_reset(sout);
			strbuf_reset(serr);
			rc = spawn_git(full, env.v, sout, serr, status, err);
		}
		strvec_release(&config);
		strvec_release(&env);
		if (rc || with_safe || exited_with(*status, 0) || !refused_for_owner(serr->buf))
			return rc;
		with_safe = 1;
	}
}

int dv_git_run(const char *const *argv, const char *cwd, char **out, size_t *out_len,
	       struct dv_error *err)
{
	static const char *const no_external[] = {"diff", "log", "show", NULL};
	struct strvec full = {0};
	struct strbuf sout, serr;
	size_t sub = subcommand_index(argv), i, k;
	int status = 0, rc;

	strbuf_init(&sout);
	strbuf_init(&serr);
	start_argv(&full, cwd);
	for (i = 0; argv[i]; i++) {
		strvec_push(&full, argv[i]);
		for (k = 0; i == sub && no_external[k]; k++)
			if (strcmp(argv[i], no_external[k]) == 0) {
				strvec_push(&full, "--no-ext-diff");
				strvec_push(&full, "--no-textconv");
			}
	}
	rc = run_hardened(cwd, full.v, !never_filters(argv, sub), &sout, &serr, &status, err);
	if (!rc && !exited_with(status, 0))
		rc = git_failed(err, argv, status, serr.buf);
	if (!rc) {
		if (out_len)
			*out_len = sout.len;
		*out = strbuf_detach(&sout);
	}
	strvec_release(&full);
	strbuf_release(&sout);
	strbuf_release(&serr);
	return rc;
}

/* GIT_DIR or GIT_WORK_TREE set by whoever started us: they chose where
 * the work tree is, the repository's config did not. */
static int environment_names_repository(void)
{
	return getenv("GIT_DIR") || getenv("GIT_WORK_TREE");
}

char *dv_git_toplevel(const char *cwd, struct dv_error *err)
{
	static const char *const argv[] = {"rev-parse", "--show-toplevel", NULL};
	char *out = NULL, *dotgit;
	size_t len = 0;
	struct stat st;
	int has_dotgit;

	if (dv_git_run(argv, cwd, &out, &len, err))
		return NULL;
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	if (len == 0) {
		free(out);
		dv_error_set(err, DV_ERR_IO, "'git rev-parse --show-toplevel' printed no directory");
		return NULL;
	}
	dotgit = xasprintf("%s/.git", out);
	has_dotgit = lstat(dotgit, &st) == 0;
	free(dotgit);
	if (!has_dotgit && !environment_names_repository()) {
		dv_error_set(err, DV_ERR_IO,
			     "git names '%s' as the work tree, but it has no .git (core.worktree in the "
			     "repository's configuration?): diffvet reads only a repository's own work "
			     "tree; remove core.worktree or set GIT_DIR and GIT_WORK_TREE",
			     out);
		free(out);
		return NULL;
	}
	return out;
}

/* A path git can name in a tree: relative, no "." or ".." component, no
 * empty component. */
static int tree_path_ok(const char *path)
{
	const char *p = path;

	if (!*p || *p == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/' && !*++p)
			return 0; /* trailing slash */
	}
	return 1;
}

static int rev_ok(const char *rev)
{
	return rev && *rev && *rev != '-' && !strchr(rev, '\n');
}

int dv_git_read_blob(const char *root, const char *rev, const char *path, struct dv_git_blob *out,
		     struct dv_error *err)
{
	const char *ls[] = {"ls-tree", "-z", "--full-tree", rev, "--", path, NULL};
	const char *cat[] = {"cat-file", "blob", NULL, NULL};
	char *listing = NULL, *tab, *end, oid[128];
	size_t len = 0, oid_len;
	unsigned long mode;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!rev_ok(rev))
		return dv_error_set(err, DV_ERR_USAGE, "'%s': not a revision name", rev ? rev : "");
	if (!tree_path_ok(path))
		return dv_error_set(err, DV_ERR_USAGE,
				    "'%s': not a path inside the repository (relative, without '..')",
				    path);
	if ((rc = dv_git_run(ls, root, &listing, &len, err)) != 0)
		return rc;
	/* "MODE SP TYPE SP OID TAB PATH NUL": exactly our path, or nothing */
	tab = memchr(listing, '\t', len);
	if (!len || !tab) {
		rc = 1;
		goto cleanup;
	}
	if (strcmp(tab + 1, path) != 0) {
		rc = 1;
		goto cleanup;
	}
	mode = strtoul(listing, &end, 8);
	if (*end != ' ' || strncmp(end + 1, "blob ", 5) != 0) {
		rc = dv_error_set(err, DV_ERR_INPUT, "'%s' is a %s at revision '%s', not a file", path,
				  strncmp(end + 1, "commit ", 7) == 0 ? "submodule" : "directory", rev);
		goto cleanup;
	}
	oid_len = (size_t)(tab - (end + 6));
	if (oid_len == 0 || oid_len >= sizeof(oid)) {
		rc = dv_error_set(err, DV_ERR_INTERNAL, "cannot read 'git ls-tree' output for '%s'", path);
		goto cleanup;
	}
	memcpy(oid, end + 6, oid_len);
	oid[oid_len] = '\0';
	cat[2] = oid;
	if ((rc = dv_git_run(cat, root, &out->data, &out->len, err)) != 0)
		goto cleanup;
	out->mode = (unsigned)mode;
	out->is_link = mode == 0120000;
cleanup:
	free(listing);
	return rc;
}

void dv_git_blob_release(struct dv_git_blob *blob)
{
	free(blob->data);
	memset(blob, 0, sizeof(*blob));
}

int dv_git_rev_exists(const char *root, const char *rev, struct dv_error *err)
{
	const char *argv[] = {"rev-parse", "--verify", "-q", "--end-of-options", NULL, NULL};
	struct strvec full = {0};
	struct strbuf sout, serr;
	int status = 0, rc;
	size_t i;

	if (!rev_ok(rev))
		return 0;
	strbuf_init(&sout);
	strbuf_init(&serr);
	start_argv(&full, root);
	for (i = 0; argv[i]; i++)
		strvec_push(&full, argv[i]);
	strvec_push_owned(&full, xasprintf("%s^{tree}", rev));
	rc = run_hardened(root, full.v, 0, &sout, &serr, &status, err);
	if (!rc && exited_with(status, 0))
		rc = 1;
	else if (!rc && !exited_with(status, 1))
		rc = git_failed(err, argv, status, serr.buf);
	strvec_release(&full);
	strbuf_release(&sout);
	strbuf_release(&serr);
	return rc;
}
