/* Unit tests for the in-memory line diff (src/diff/linediff.c): its output
 * parses as a diff and marks exactly the changed lines, and it agrees with
 * what git prints for the same texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "diff/linediff.h"

static struct dv_changeset *parse(const char *text)
{
	struct dv_error err = {0};
	struct dv_changeset *cs = dv_changeset_parse(text, strlen(text), "<test>", &err);

	if (!cs)
		fail_msg("not a diff (%s):\n%s", err.msg, text);
	return cs;
}

static void test_equal(void **state)
{
	char *d = dv_line_diff("a.c", "x\ny\n", 4, "x\ny\n", 4);

	(void)state;
	assert_string_equal(d, "");
	free(d);
}

static void test_git_format(void **state)
{
	const char *old = "a\nb\nc\nd\ne\n";
	const char *new = "a\nB\nc\nd\nnew1\nnew2\ne\n";
	char *d = dv_line_diff("src/x.c", old, strlen(old), new, strlen(new));

	(void)state;
	/* the hunks `git diff -U0` prints for these texts (counts always explicit) */
	assert_string_equal(d, "diff --git a/src/x.c b/src/x.c\n--- a/src/x.c\n+++ b/src/x.c\n"
			       "@@ -2,1 +2,1 @@\n-b\n+B\n@@ -4,0 +5,2 @@\n+new1\n+new2\n");
	free(d);
}

static void test_lines_marked(void **state)
{
	const char *old = "int a;\nint b;\nint c;\nint d;\n";
	const char *new = "int a;\nint c;\nint x;\nint d;\nint e;";
	char *d = dv_line_diff("f.c", old, strlen(old), new, strlen(new));
	struct dv_changeset *cs = parse(d);
	const struct dv_file_change *fc = dv_changeset_find(cs, "f.c");
	unsigned line;

	(void)state;
	assert_non_null(fc);
	for (line = 1; line <= 5; line++)
		assert_int_equal(dv_file_change_has_line(fc, line), line == 3 || line == 5);
	assert_int_equal(fc->n_deleted, 1);
	assert_string_equal(fc->deleted[0].text, "int b;");
	assert_int_equal(dv_file_change_verify(fc, new, strlen(new)), 0);
	dv_changeset_free(cs);
	free(d);
}

static void test_new_file(void **state)
{
	const char *new = "one\ntwo\n";
	char *d = dv_line_diff("n.c", NULL, 0, new, strlen(new));
	struct dv_changeset *cs = parse(d);
	const struct dv_file_change *fc = dv_changeset_find(cs, "n.c");

	(void)state;
	assert_non_null(fc);
	assert_null(fc->old_path);
	assert_true(dv_file_change_has_line(fc, 1));
	assert_true(dv_file_change_has_line(fc, 2));
	dv_changeset_free(cs);
	free(d);
}

/* Too large for the table: the whole middle counts as changed (more lines,
 * never fewer), and the result still parses and verifies. */
static void test_large_fallback(void **state)
{
	size_t n = 2500, i, len = 0;
	char *old = malloc(n * 16), *new = malloc(n * 16 + 64);
	char *d;
	struct dv_changeset *cs;
	const struct dv_file_change *fc;

	(void)state;
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(old + len, "line %zu\n", i);
	memcpy(new, old, len + 1);
	new[strlen("line 0\n")] = 'L';          /* line 2 */
	new[len - strlen("line 2499\n")] = 'L'; /* line 2500 */
	d = dv_line_diff("big.c", old, len, new, len);
	cs = parse(d);
	fc = dv_changeset_find(cs, "big.c");
	assert_non_null(fc);
	assert_true(dv_file_change_has_line(fc, 2));
	assert_true(dv_file_change_has_line(fc, 2500));
	assert_false(dv_file_change_has_line(fc, 1));
	assert_int_equal(dv_file_change_verify(fc, new, len), 0);
	dv_changeset_free(cs);
	free(d);
	free(old);
	free(new);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_git_format),
		cmocka_unit_test(test_lines_marked),
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_large_fallback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
