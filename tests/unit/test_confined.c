/* Unit tests for the confined reader (src/model/confined.c): links are
 * link text, never followed; nothing outside the root is opened. */
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp, symlink */
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

#include "model/confined.h"

/* top/root is the repository root; top/outside holds what must never be
 * read through it. */
struct tree {
	char top[512], root[600], outside[600];
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

static void make_link(const char *dir, const char *name, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct tree *t = calloc(1, sizeof(*t));
	char path[PATH_MAX];

	if (!t)
		return -1;
	snprintf(t->top, sizeof(t->top), "%s/dv_confined_XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t->top))
		return -1;
	snprintf(t->root, sizeof(t->root), "%s/root", t->top);
	snprintf(t->outside, sizeof(t->outside), "%s/outside", t->top);
	if (mkdir(t->root, 0700) || mkdir(t->outside, 0700))
		return -1;
	write_file(t->outside, "secret.c", "const char *k = \"outside-secret\";\n");
	write_file(t->root, "a.c", "int a;\n");
	snprintf(path, sizeof(path), "%s/sub", t->root);
	if (mkdir(path, 0700))
		return -1;
	write_file(path, "b.c", "int b;\n");
	snprintf(path, sizeof(path), "%s/secret.c", t->outside);
	make_link(t->root, "abs-link.c", path);
	make_link(t->root, "rel-link.c", "../outside/secret.c");
	make_link(t->root, "env", "/proc/self/environ");
	make_link(t->root, "dirlink", t->outside);
	make_link(t->root, "dangling.c", "no/such/target");
	snprintf(path, sizeof(path), "%s/fifo", t->root);
	if (mkfifo(path, 0600))
		return -1;
	*state = t;
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
	struct tree *t = *state;

	nftw(t->top, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

/* Reads and returns the text (caller frees), or NULL with err set. */
static char *read_text(const char *root, const char *path, unsigned flags, int *is_link,
		       struct dv_error *err)
{
	struct strbuf sb;

	memset(err, 0, sizeof(*err));
	strbuf_init(&sb);
	if (dv_confined_read(root, path, flags, &sb, is_link, err) != 0) {
		assert_int_equal(err->code, DV_ERR_IO);
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

static void expect_refused(const char *root, const char *path, unsigned flags, const char *why)
{
	struct dv_error err;
	int is_link = -1;
	char *text = read_text(root, path, flags, &is_link, &err);

	if (text)
		fail_msg("'%s' was read: '%s'", path, text);
	if (!strstr(err.msg, why))
		fail_msg("'%s': message '%s' lacks '%s'", path, err.msg, why);
}

static void test_regular_files(void **state)
{
	const struct tree *t = *state;
	struct dv_error err;
	char abs[PATH_MAX], *text;
	int is_link = -1;

	text = read_text(t->root, "a.c", 0, &is_link, &err);
	assert_non_null(text);
	assert_string_equal(text, "int a;\n");
	assert_int_equal(is_link, 0);
	free(text);
	text = read_text(t->root, "sub/b.c", 0, NULL, &err);
	assert_string_equal(text, "int b;\n");
	free(text);
	text = read_text(t->root, "./sub//b.c", 0, NULL, &err);
	assert_string_equal(text, "int b;\n");
	free(text);
	snprintf(abs, sizeof(abs), "%s/sub/b.c", t->root);
	text = read_text(t->root, abs, 0, NULL, &err);
	assert_string_equal(text, "int b;\n");
	free(text);
	assert_int_equal(dv_confined_kind(t->root, "a.c", 0), DV_CONFINED_FILE);
	assert_true(dv_confined_parsable(t->root, "sub/b.c", 0));
	assert_true(dv_confined_parsable(t->root, abs, 0));
}

/* A link is its link text, whatever it points at. */
static void test_links_are_link_text(void **state)
{
	const struct tree *t = *state;
	struct dv_error err;
	char *text;
	int is_link = 0;

	text = read_text(t->root, "env", 0, &is_link, &err);
	assert_non_null(text);
	assert_string_equal(text, "/proc/self/environ");
	assert_int_equal(is_link, 1);
	free(text);
	text = read_text(t->root, "rel-link.c", 0, &is_link, &err);
	assert_string_equal(text, "../outside/secret.c");
	assert_int_equal(is_link, 1);
	free(text);
	text = read_text(t->root, "dangling.c", 0, &is_link, &err);
	assert_string_equal(text, "no/such/target");
	free(text);
	text = read_text(t->root, "dirlink", 0, &is_link, &err);
	assert_string_equal(text, t->outside);
	free(text);
	assert_int_equal(dv_confined_kind(t->root, "env", 0), DV_CONFINED_LINK);
	assert_int_equal(dv_confined_kind(t->root, "abs-link.c", 0), DV_CONFINED_LINK);
	/* a parser would follow them */
	assert_false(dv_confined_parsable(t->root, "abs-link.c", 0));
	assert_false(dv_confined_parsable(t->root, "rel-link.c", 0));
	assert_false(dv_confined_parsable(t->root, "env", 0));
}

static void test_outside_refused(void **state)
{
	const struct tree *t = *state;
	char path[PATH_MAX];

	expect_refused(t->root, "dirlink/secret.c", 0, "'dirlink' on the way is a symbolic link");
	expect_refused(t->root, "../outside/secret.c", 0, "'..'");
	expect_refused(t->root, "sub/../../outside/secret.c", 0, "'..'");
	expect_refused(t->root, "sub/..", 0, "'..'");
	snprintf(path, sizeof(path), "%s/secret.c", t->outside);
	expect_refused(t->root, path, 0, "outside the repository root");
	expect_refused(t->root, "/etc/passwd", 0, "outside the repository root");
	/* lexically below the root, but through a link: still refused */
	snprintf(path, sizeof(path), "%s/dirlink/secret.c", t->root);
	expect_refused(t->root, path, 0, "symbolic link");
	assert_int_equal(dv_confined_kind(t->root, "dirlink/secret.c", 0), DV_CONFINED_OUTSIDE);
	assert_int_equal(dv_confined_kind(t->root, "../outside/secret.c", 0), DV_CONFINED_OUTSIDE);
	assert_int_equal(dv_confined_kind(t->root, "/etc/passwd", 0), DV_CONFINED_OUTSIDE);
	assert_false(dv_confined_parsable(t->root, "dirlink/secret.c", 0));
	assert_false(dv_confined_parsable(t->root, "/etc/passwd", 0));
}

static void test_other_kinds(void **state)
{
	const struct tree *t = *state;

	/* a fifo is never opened (opening it would block) */
	expect_refused(t->root, "fifo", 0, "not a regular file");
	assert_int_equal(dv_confined_kind(t->root, "fifo", 0), DV_CONFINED_SPECIAL);
	expect_refused(t->root, "sub", 0, "directory");
	assert_int_equal(dv_confined_kind(t->root, "sub", 0), DV_CONFINED_DIR);
	assert_int_equal(dv_confined_kind(t->root, "", 0), DV_CONFINED_DIR);
	expect_refused(t->root, "nope.c", 0, "No such file");
	assert_int_equal(dv_confined_kind(t->root, "nope.c", 0), DV_CONFINED_MISSING);
	assert_int_equal(dv_confined_kind(t->root, "a.c/x", 0), DV_CONFINED_MISSING);
	assert_int_equal(dv_confined_kind(t->root, "no/dir/x.c", 0), DV_CONFINED_MISSING);
	assert_false(dv_confined_parsable(t->root, "fifo", 0));
	assert_false(dv_confined_parsable(t->root, "sub", 0));
}

/* A file the user named outside the root: its own directory is trusted,
 * a link as the file is not followed. */
static void test_named_outside_root(void **state)
{
	const struct tree *t = *state;
	char path[PATH_MAX], *text;
	struct dv_error err;
	int is_link = -1;

	snprintf(path, sizeof(path), "%s/secret.c", t->outside);
	text = read_text(t->root, path, DV_CONFINE_NAMED, &is_link, &err);
	assert_non_null(text);
	assert_non_null(strstr(text, "outside-secret"));
	assert_int_equal(is_link, 0);
	free(text);
	assert_true(dv_confined_parsable(t->root, path, DV_CONFINE_NAMED));
	make_link(t->outside, "link.c", "/proc/self/environ");
	snprintf(path, sizeof(path), "%s/link.c", t->outside);
	text = read_text(t->root, path, DV_CONFINE_NAMED, &is_link, &err);
	assert_string_equal(text, "/proc/self/environ");
	assert_int_equal(is_link, 1);
	free(text);
	assert_false(dv_confined_parsable(t->root, path, DV_CONFINE_NAMED));
	/* below the root, NAMED changes nothing */
	expect_refused(t->root, "dirlink/secret.c", DV_CONFINE_NAMED, "symbolic link");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_regular_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_are_link_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outside_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_named_outside_root, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
