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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
