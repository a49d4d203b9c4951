/* Unit tests for the session API (include/diffvet/session.h): analyses of
 * in-memory buffers under a root that does not exist on disk, so nothing
 * can come from the file system. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diffvet/session.h"

#define ROOT "/nonexistent/diffvet-session-test"

static const char bad_c[] = "#include <stdlib.h>\n"
			    "int run(void)\n"
			    "{\n"
			    "\treturn system(getenv(\"CMD\"));\n"
			    "}\n";

static struct dv_session *new_session(void)
{
	struct dv_session_options so;
	struct dv_error err = {0};
	struct dv_session *s;

	memset(&so, 0, sizeof(so));
	so.root = ROOT;
	so.rules_dir = DV_SOURCE_DIR "/rules";
	so.jobs = 1;
	s = dv_session_new(&so, &err);
	if (!s)
		fprintf(stderr, "session: %s\n", err.msg);
	assert_non_null(s);
	return s;
}

static size_t count_rule(const struct dv_analysis *a, const char *rule, unsigned line)
{
	const struct dv_findings *fs = dv_analysis_findings(a);
	size_t i, n = 0;

	for (i = 0; i < fs->count; i++)
		if (strcmp(fs->items[i].rule_id, rule) == 0 && fs->items[i].primary.line == line)
			n++;
	return n;
}

static void test_check_buffer(void **state)
{
	struct dv_session *s = new_session();
	struct dv_analysis *a = NULL;
	struct dv_error err = {0};
	const char *paths[] = {"a.c"};

	(void)state;
	dv_session_set_buffer(s, "a.c", bad_c, strlen(bad_c));
	assert_int_equal(dv_session_check(s, paths, 1, &a, &err), 0);
	assert_int_equal(count_rule(a, "injection/command", 4), 1);
	assert_true(dv_analysis_complete(a));
	assert_int_equal(dv_analysis_verdict(a), DV_VERDICT_SENIOR_APPROVAL);
	assert_int_equal(dv_analysis_exit_status(a, DV_LEVEL_ERROR, 0), 1);
	dv_analysis_free(a);

	/* The buffer changes (an editor edit): the next analysis sees it. */
	dv_session_set_buffer(s, "a.c", "int run(void) { return 0; }\n", 28);
	assert_int_equal(dv_session_check(s, paths, 1, &a, &err), 0);
	assert_int_equal(dv_analysis_findings(a)->count, 0);
	assert_int_equal(dv_analysis_verdict(a), DV_VERDICT_PASS);
	assert_int_equal(dv_analysis_exit_status(a, DV_LEVEL_NOTE, 1), 0);
	dv_analysis_free(a);
	dv_session_free(s);
}

static void test_change_from_buffers(void **state)
{
	static const char patch[] = "--- a/a.c\n+++ b/a.c\n@@ -3,3 +3,3 @@\n {\n-\treturn 0;\n"
				    "+\treturn system(getenv(\"CMD\"));\n }\n";
	struct dv_session *s = new_session();
	struct dv_analysis *a = NULL;
	struct dv_error err = {0};
	struct dv_change_source src;

	(void)state;
	dv_session_set_buffer(s, ROOT "/a.c", bad_c, strlen(bad_c));
	memset(&src, 0, sizeof(src));
	src.patch_text = patch;
	src.patch_len = strlen(patch);
	src.patch_name = "test.diff";
	assert_int_equal(dv_session_check_change(s, &src, &a, &err), DV_OK);
	assert_int_equal(count_rule(a, "injection/command", 4), 1);
	dv_analysis_free(a);

	/* Text that is not a diff is an input error, never an empty change. */
	src.patch_text = "commit 0123abc\nAuthor: x\n\n    fix things\n";
	src.patch_len = strlen(src.patch_text);
	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_session_check_change(s, &src, &a, &err), DV_ERR_INPUT);
	assert_null(a);
	assert_non_null(strstr(err.msg, "not a unified diff"));
	dv_session_free(s);
}

static void test_write_formats(void **state)
{
	struct dv_session *s = new_session();
	struct dv_analysis *a = NULL;
	struct dv_error err = {0};
	const char *paths[] = {"a.c"};
	const char *formats[] = {"text", "json", "sarif", "markdown"};
	char *buf = NULL;
	size_t len = 0, i;

	(void)state;
	dv_session_set_buffer(s, "a.c", bad_c, strlen(bad_c));
	assert_int_equal(dv_session_check(s, paths, 1, &a, &err), 0);
	for (i = 0; i < 4; i++) {
		FILE *out = open_memstream(&buf, &len);
		assert_int_equal(dv_analysis_write(a, formats[i], out, NULL, &err), 0);
		fclose(out);
		assert_non_null(strstr(buf, "injection/command"));
		/* the verdict is in every format */
		assert_non_null(strstr(buf, "senior-approval"));
		free(buf);
		buf = NULL;
	}
	dv_analysis_free(a);
	dv_session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_buffer),
		cmocka_unit_test(test_change_from_buffers),
		cmocka_unit_test(test_write_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
