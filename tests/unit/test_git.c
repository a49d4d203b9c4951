/* Unit tests for the git runner (src/diff/git.c), against a real git in a
 * temporary repository.  The user's and the system's git configuration are
 * kept out, and commits carry their own identity, so that the tests behave
 * the same on a fresh CI machine. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diff/diff.h"
#include "diff/git.h"

struct repo {
	char dir[1024]; /* short enough for "%s/name" to fit in PATH_MAX */
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* Runs git in the repository; fails the test on error.  Returns stdout. */
static char *git_ok(const struct repo *r, const char *const *argv)
{
	struct dv_error err;
	char *out = NULL;
	size_t len = 0;

	memset(&err, 0, sizeof(err));
	if (dv_git_run(argv, r->dir, &out, &len, &err) != 0)
		fail_msg("git %s failed: %s", argv[0], err.msg);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

static void git_quiet(const struct repo *r, const char *const *argv)
{
	free(git_ok(r, argv));
}

static void commit_all(const struct repo *r, const char *message)
{
	const char *add[] = {"add", "-A", NULL};
	const char *commit[] = {"-c", "user.name=diffvet test", "-c", "user.email=test@example.invalid",
				"commit", "-q", "-m", message, NULL};
	git_quiet(r, add);
	git_quiet(r, commit);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	const char *init[] = {"init", "-q", NULL};
	struct repo *r = calloc(1, sizeof(*r));

	/* Keep machine and user configuration (diff.noprefix, hooks, ...) out. */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	if (!r)
		return -1;
	snprintf(r->dir, sizeof(r->dir), "%s/dv_git_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(r->dir)) {
		free(r);
		return -1;
	}
	git_quiet(r, init);
	*state = r;
	return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct repo *r = *state;

	nftw(r->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(r);
	return 0;
}

static void test_commit_and_diff(void **state)
{
	const struct repo *r = *state;
	const char *diff[] = {"diff", "--no-color", "--no-ext-diff", "HEAD", "--", NULL};
	const struct dv_file_change *fc;
	struct dv_changeset *cs;
	struct dv_error err;
	char *out;

	write_file(r->dir, "a.c", "int a;\nint b;\nint c;\nint d;\n");
	write_file(r->dir, "sp ace.c", "x\n");
	commit_all(r, "first");
	write_file(r->dir, "a.c", "int a;\nint B;\nint c;\nint d;\nint e;\n");
	write_file(r->dir, "sp ace.c", "y\n");
	out = git_ok(r, diff);
	memset(&err, 0, sizeof(err));
	cs = dv_changeset_parse(out, strlen(out), "git diff", &err);
	if (!cs)
		fail_msg("%s\n%s", err.msg, out);
	assert_int_equal(cs->n_files, 2);
	fc = dv_changeset_find(cs, "a.c");
	assert_non_null(fc);
	assert_false(dv_file_change_has_line(fc, 1));
	assert_true(dv_file_change_has_line(fc, 2));
	assert_false(dv_file_change_has_line(fc, 3));
	assert_true(dv_file_change_has_line(fc, 5));
	fc = dv_changeset_find(cs, "sp ace.c");
	assert_non_null(fc);
	assert_true(dv_file_change_has_line(fc, 1));
	dv_changeset_free(cs);
	free(out);
}

static void test_arguments_are_not_shell_words(void **state)
{
	const struct repo *r = *state;
	static const char message[] = "msg; echo pwned > x $(id) `id` 'q' \"dq\" * \\";
	const char *log[] = {"log", "-1", "--format=%s", NULL};
	char *out, marker[PATH_MAX];

	write_file(r->dir, "f.txt", "1\n");
	commit_all(r, message);
	out = git_ok(r, log);
	assert_string_equal(out, "msg; echo pwned > x $(id) `id` 'q' \"dq\" * \\\n");
	snprintf(marker, sizeof(marker), "%s/x", r->dir);
	assert_int_equal(access(marker, F_OK), -1);
	free(out);
}

static void test_large_output(void **state)
{
	const struct repo *r = *state;
	const char *show[] = {"show", "HEAD:big.txt", NULL};
	size_t i, size = 3u << 20; /* far beyond a pipe buffer */
	char *text = malloc(size + 1), *out;

	assert_non_null(text);
	for (i = 0; i < size; i++)
		text[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	text[size] = '\0';
	write_file(r->dir, "big.txt", text);
	commit_all(r, "big");
	out = git_ok(r, show);
	assert_int_equal(strlen(out), size);
	assert_memory_equal(out, text, size);
	free(out);
	free(text);
}

static void test_toplevel(void **state)
{
	const struct repo *r = *state;
	char sub[PATH_MAX], real[PATH_MAX];
	struct dv_error err;
	char *top;

	memset(&err, 0, sizeof(err));
	assert_non_null(realpath(r->dir, real));
	snprintf(sub, sizeof(sub), "%s/sub", r->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	top = dv_git_toplevel(sub, &err);
	if (!top)
		fail_msg("%s", err.msg);
	assert_string_equal(top, real);
	free(top);
}

static void test_not_a_repository(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], parent[PATH_MAX];
	struct dv_error err;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/dv_norepo_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	/* git must not find a repository above the temporary directory */
	snprintf(parent, sizeof(parent), "%s", dir);
	*strrchr(parent, '/') = '\0';
	setenv("GIT_CEILING_DIRECTORIES", parent, 1);
	memset(&err, 0, sizeof(err));
	assert_null(dv_git_toplevel(dir, &err));
	unsetenv("GIT_CEILING_DIRECTORIES");
	rmdir(dir);
	assert_int_equal(err.code, DV_ERR_IO);
	if (!strstr(err.msg, "not a git repository"))
		fail_msg("unexpected message: %s", err.msg);
}

static void test_bad_subcommand(void **state)
{
	const struct repo *r = *state;
	const char *argv[] = {"no-such-subcommand", "--flag", NULL};
	struct dv_error err;
	char *out = NULL;
	size_t len = 0;

	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_git_run(argv, r->dir, &out, &len, &err), DV_ERR_IO);
	assert_null(out);
	assert_int_equal(err.code, DV_ERR_IO);
	/* git's own first stderr line is in the message */
	if (!strstr(err.msg, "'no-such-subcommand' is not a git command"))
		fail_msg("message without git's stderr: %s", err.msg);
	assert_non_null(strstr(err.msg, "git no-such-subcommand --flag"));
	assert_null(strchr(err.msg, '\n'));
}

static void test_bad_revision(void **state)
{
	const struct repo *r = *state;
	const char *argv[] = {"diff", "no-such-revision-xyz", "--", NULL};
	struct dv_error err;
	char *out = NULL;

	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_git_run(argv, r->dir, &out, NULL, &err), DV_ERR_IO);
	assert_non_null(strstr(err.msg, "no-such-revision-xyz"));
	assert_non_null(strstr(err.msg, "exit code 128"));
}

static void test_missing_directory(void **state)
{
	const char *argv[] = {"status", NULL};
	struct dv_error err;
	char *out = NULL;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_git_run(argv, "/nonexistent/dv/dir", &out, NULL, &err), DV_ERR_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/dv/dir"));
}

static void test_cwd_null(void **state)
{
	const char *argv[] = {"--version", NULL};
	struct dv_error err;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_git_run(argv, NULL, &out, &len, &err), 0);
	assert_non_null(out);
	assert_int_equal(strncmp(out, "git version ", 12), 0);
	assert_int_equal(len, strlen(out));
	free(out);
}


/* Writes an executable script that creates `marker` in dir when run. */
static void write_marker_script(const char *dir, const char *name, const char *marker)
{
	char path[PATH_MAX], text[PATH_MAX * 2];

	snprintf(text, sizeof(text), "#!/bin/sh\ntouch '%s/%s'\ncat\n", dir, marker);
	write_file(dir, name, text);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(chmod(path, 0755), 0);
}

static int marker_exists(const char *dir, const char *marker)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, marker);
	return access(path, F_OK) == 0;
}

static void git_config(const struct repo *r, const char *key, const char *value)
{
	const char *argv[] = {"config", key, value, NULL};
	git_quiet(r, argv);
}

/* Every program the repository's own configuration names, for a filter,
 * a diff driver, the fsmonitor, hooks, the pager: none may run. */
static void test_repository_config_runs_nothing(void **state)
{
	const struct repo *r = *state;
	static const char *const markers[] = {"m-clean", "m-smudge", "m-process", "m-textconv",
					      "m-external", "m-command", "m-fsmonitor", "m-hook",
					      "m-pager", "m-inc-clean", NULL};
	const char *diff[] = {"diff", "--no-color", "HEAD", NULL};
	const char *show[] = {"show", "HEAD", NULL};
	const char *log[] = {"log", "-p", "-1", NULL};
	const char *others[] = {"ls-files", "--others", "--exclude-standard", "-z", NULL};
	char cmd[PATH_MAX], hooks[PATH_MAX], *out;
	struct dv_error err;
	size_t i, len = 0;

	write_marker_script(r->dir, "clean.sh", "m-clean");
	write_marker_script(r->dir, "smudge.sh", "m-smudge");
	write_marker_script(r->dir, "process.sh", "m-process");
	write_marker_script(r->dir, "textconv.sh", "m-textconv");
	write_marker_script(r->dir, "external.sh", "m-external");
	write_marker_script(r->dir, "command.sh", "m-command");
	write_marker_script(r->dir, "fsmonitor.sh", "m-fsmonitor");
	write_marker_script(r->dir, "pager.sh", "m-pager");
	write_marker_script(r->dir, "inc-clean.sh", "m-inc-clean");
	snprintf(hooks, sizeof(hooks), "%s/hooks", r->dir);
	assert_int_equal(mkdir(hooks, 0700), 0);
	write_marker_script(hooks, "post-index-change", "../m-hook");
	write_marker_script(hooks, "pre-commit", "../m-hook");
	write_marker_script(hooks, "post-commit", "../m-hook");
#define SCRIPT(name) (snprintf(cmd, sizeof(cmd), "%s/%s", r->dir, name), cmd)
	git_config(r, "filter.evil.clean", SCRIPT("clean.sh"));
	git_config(r, "filter.evil.smudge", SCRIPT("smudge.sh"));
	git_config(r, "filter.evil.process", SCRIPT("process.sh"));
	git_config(r, "filter.evil.required", "true");
	git_config(r, "diff.evil.textconv", SCRIPT("textconv.sh"));
	git_config(r, "diff.evil.command", SCRIPT("command.sh"));
	git_config(r, "diff.external", SCRIPT("external.sh"));
	git_config(r, "core.fsmonitor", SCRIPT("fsmonitor.sh"));
	git_config(r, "core.hooksPath", hooks);
	git_config(r, "core.pager", SCRIPT("pager.sh"));
	git_config(r, "pager.diff", SCRIPT("pager.sh"));
	/* a driver defined in an [include]d file from the work tree */
	snprintf(cmd, sizeof(cmd), "[filter \"inc.x\"]\n\tclean = %s/inc-clean.sh\n", r->dir);
	write_file(r->dir, "evil.cfg", cmd);
	git_config(r, "include.path", "../evil.cfg");
#undef SCRIPT
	write_file(r->dir, ".gitattributes", "*.c filter=evil diff=evil\n*.h filter=inc.x\n");
	write_file(r->dir, "a.c", "int a;\n");
	write_file(r->dir, "a.h", "int h;\n");
	commit_all(r, "first");
	write_file(r->dir, "a.c", "int a;\nint visible_change;\n");
	write_file(r->dir, "a.h", "int h;\nint h2;\n");
	write_file(r->dir, "new.c", "int n;\n");
	out = git_ok(r, diff);
	/* the change is there, byte for byte, not what a textconv makes of it */
	assert_non_null(strstr(out, "\n+int visible_change;\n"));
	assert_non_null(strstr(out, "\n+int h2;\n"));
	free(out);
	free(git_ok(r, show));
	free(git_ok(r, log));
	memset(&err, 0, sizeof(err));
	if (dv_git_run(others, r->dir, &out, &len, &err) != 0)
		fail_msg("%s", err.msg);
	free(out);
	for (i = 0; markers[i]; i++)
		if (marker_exists(r->dir, markers[i]))
			fail_msg("'%s' ran", markers[i]);
}

/* What the caller's environment says about diff programs and config is
 * not obeyed either. */
static void test_environment_overrides_dropped(void **state)
{
	const struct repo *r = *state;
	const char *diff[] = {"diff", "HEAD", NULL};
	char script[PATH_MAX], *out;

	write_marker_script(r->dir, "external.sh", "m-external");
	write_marker_script(r->dir, "fsmonitor.sh", "m-fsmonitor");
	write_file(r->dir, "a.c", "int a;\n");
	commit_all(r, "first");
	write_file(r->dir, "a.c", "int a;\nint b;\n");
	snprintf(script, sizeof(script), "%s/external.sh", r->dir);
	setenv("GIT_EXTERNAL_DIFF", script, 1);
	snprintf(script, sizeof(script), "'core.fsmonitor=%s/fsmonitor.sh'", r->dir);
	setenv("GIT_CONFIG_PARAMETERS", script, 1);
	out = git_ok(r, diff);
	unsetenv("GIT_EXTERNAL_DIFF");
	unsetenv("GIT_CONFIG_PARAMETERS");
	assert_non_null(strstr(out, "\n+int b;\n"));
	free(out);
	assert_false(marker_exists(r->dir, "m-external"));
	assert_false(marker_exists(r->dir, "m-fsmonitor"));
}

static void test_read_blob(void **state)
{
	const struct repo *r = *state;
	char path[PATH_MAX], sub[PATH_MAX];
	struct dv_git_blob blob;
	struct dv_error err;
	char cmd[PATH_MAX];

	write_file(r->dir, "a.c", "int a;\n");
	write_file(r->dir, "tool.sh", "#!/bin/sh\n");
	snprintf(path, sizeof(path), "%s/tool.sh", r->dir);
	assert_int_equal(chmod(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/env", r->dir);
	assert_int_equal(symlink("/proc/self/environ", path), 0);
	snprintf(sub, sizeof(sub), "%s/sub", r->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(sub, "b.c", "int b;\n");
	/* a smudge filter must not shape what is read */
	write_marker_script(r->dir, "smudge.sh", "m-smudge");
	snprintf(cmd, sizeof(cmd), "%s/smudge.sh", r->dir);
	git_config(r, "filter.evil.smudge", cmd);
	write_file(r->dir, ".gitattributes", "*.c filter=evil\n");
	commit_all(r, "first");
	write_file(r->dir, "a.c", "int changed_in_tree;\n");

	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "a.c", &blob, &err), 0);
	assert_int_equal(blob.len, 7);
	assert_string_equal(blob.data, "int a;\n");
	assert_int_equal(blob.mode, 0100644);
	assert_false(blob.is_link);
	dv_git_blob_release(&blob);
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "tool.sh", &blob, &err), 0);
	assert_int_equal(blob.mode, 0100755);
	dv_git_blob_release(&blob);
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "sub/b.c", &blob, &err), 0);
	assert_string_equal(blob.data, "int b;\n");
	dv_git_blob_release(&blob);
	/* a link is its link text */
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "env", &blob, &err), 0);
	assert_true(blob.is_link);
	assert_int_equal(blob.mode, 0120000);
	assert_string_equal(blob.data, "/proc/self/environ");
	dv_git_blob_release(&blob);
	assert_false(marker_exists(r->dir, "m-smudge"));

	/* absent, a directory, outside the tree, bad names */
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "nope.c", &blob, &err), 1);
	assert_null(blob.data);
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "sub/b", &blob, &err), 1);
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "sub", &blob, &err), DV_ERR_INPUT);
	assert_non_null(strstr(err.msg, "directory"));
	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "../a.c", &blob, &err), DV_ERR_USAGE);
	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "sub/../a.c", &blob, &err), DV_ERR_USAGE);
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "/etc/passwd", &blob, &err), DV_ERR_USAGE);
	assert_int_equal(dv_git_read_blob(r->dir, "HEAD", "", &blob, &err), DV_ERR_USAGE);
	assert_int_equal(dv_git_read_blob(r->dir, "--output=x", "a.c", &blob, &err), DV_ERR_USAGE);
	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_git_read_blob(r->dir, "no-such-rev", "a.c", &blob, &err), DV_ERR_IO);
	assert_null(blob.data);
}

static void test_rev_exists(void **state)
{
	const struct repo *r = *state;
	struct dv_error err;

	memset(&err, 0, sizeof(err));
	/* no commit yet: HEAD does not exist, the empty tree always does */
	assert_int_equal(dv_git_rev_exists(r->dir, "HEAD", &err), 0);
	assert_int_equal(dv_git_rev_exists(r->dir, "4b825dc642cb6eb9a060e54bf8d69288fbee4904", &err),
			 1);
	write_file(r->dir, "a.c", "int a;\n");
	commit_all(r, "first");
	assert_int_equal(dv_git_rev_exists(r->dir, "HEAD", &err), 1);
	assert_int_equal(dv_git_rev_exists(r->dir, "HEAD~1", &err), 0);
	assert_int_equal(dv_git_rev_exists(r->dir, "--all", &err), 0);
	assert_int_equal(err.code, 0);
	assert_true(dv_git_rev_exists("/nonexistent/dv/dir", "HEAD", &err) < 0);
}

/* core.worktree in the repository's config must not move the root. */
static void test_foreign_worktree_refused(void **state)
{
	const struct repo *r = *state;
	const char *tmp = getenv("TMPDIR");
	char elsewhere[PATH_MAX];
	struct dv_error err;
	char *top;

	snprintf(elsewhere, sizeof(elsewhere), "%s/dv_elsewhere_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(elsewhere));
	git_config(r, "core.worktree", elsewhere);
	memset(&err, 0, sizeof(err));
	top = dv_git_toplevel(r->dir, &err);
	rmdir(elsewhere);
	if (top)
		fail_msg("accepted work tree '%s'", top);
	assert_non_null(strstr(err.msg, "core.worktree"));
}

static int chown_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return lchown(path, 65534, 65534);
}

/* A repository owned by another user is refused unless the real global
 * configuration marks it safe; that one value is honoured, and the local
 * filter drivers are still switched off (git config skips the local
 * configuration of an untrusted repository, so they must be looked up
 * with safe.directory in place).  Needs root, to hand the repository to
 * another user. */
static void test_foreign_owner_safe_directory(void **state)
{
	const struct repo *r = *state;
	const char *diff[] = {"diff", "HEAD", NULL};
	char global[PATH_MAX + 64], real[PATH_MAX], text[PATH_MAX * 2], *out = NULL;
	struct dv_error err;

	if (geteuid() != 0)
		skip();
	write_file(r->dir, "a.c", "int a;\n");
	write_file(r->dir, ".gitattributes", "*.c filter=evil\n");
	commit_all(r, "first");
	write_marker_script(r->dir, "clean.sh", "m-clean");
	snprintf(text, sizeof(text), "%s/clean.sh", r->dir);
	git_config(r, "filter.evil.clean", text);
	write_file(r->dir, "a.c", "int a;\nint b;\n");
	assert_int_equal(nftw(r->dir, chown_entry, 16, FTW_PHYS), 0);
	assert_non_null(realpath(r->dir, real));
	snprintf(global, sizeof(global), "%s.gitconfig", r->dir);
	snprintf(text, sizeof(text), "[safe]\n\tdirectory = %s\n", real);
	{
		FILE *fp = fopen(global, "wb");
		assert_non_null(fp);
		fputs(text, fp);
		fclose(fp);
	}
	memset(&err, 0, sizeof(err));
	assert_null(dv_git_toplevel(r->dir, &err));
	assert_non_null(strstr(err.msg, "dubious ownership"));
	setenv("GIT_CONFIG_GLOBAL", global, 1);
	memset(&err, 0, sizeof(err));
	out = dv_git_toplevel(r->dir, &err);
	if (!out)
		fail_msg("%s", err.msg);
	free(out);
	if (dv_git_run(diff, r->dir, &out, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	assert_non_null(strstr(out, "\n+int b;\n"));
	free(out);
	/* from a directory of ours inside it: refused first, then retried */
	snprintf(text, sizeof(text), "%s/mine", r->dir);
	assert_int_equal(mkdir(text, 0700), 0);
	if (dv_git_run(diff, text, &out, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	unlink(global);
	assert_non_null(strstr(out, "\n+int b;\n"));
	free(out);
	assert_false(marker_exists(r->dir, "m-clean"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_and_diff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arguments_are_not_shell_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_toplevel, setup, teardown),
		cmocka_unit_test(test_not_a_repository),
		cmocka_unit_test_setup_teardown(test_bad_subcommand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_revision, setup, teardown),
		cmocka_unit_test(test_missing_directory),
		cmocka_unit_test(test_cwd_null),
		cmocka_unit_test_setup_teardown(test_repository_config_runs_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_environment_overrides_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_blob, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rev_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_worktree_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_owner_safe_directory, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
