/* Unit tests for the unified diff reader (src/diff/diff.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"

static struct dv_changeset *parse_ok(const char *text)
{
	struct dv_error err;
	struct dv_changeset *cs;

	memset(&err, 0, sizeof(err));
	cs = dv_changeset_parse(text, strlen(text), "t.diff", &err);
	if (!cs)
		fail_msg("unexpected parse error: %s", err.msg);
	assert_int_equal(err.code, 0);
	return cs;
}

/* The error message must start with `prefix` ("t.diff:LINE:"). */
static void expect_error(const char *text, const char *prefix)
{
	struct dv_error err;
	struct dv_changeset *cs;

	memset(&err, 0, sizeof(err));
	cs = dv_changeset_parse(text, strlen(text), "t.diff", &err);
	if (cs) {
		dv_changeset_free(cs);
		fail_msg("expected an error starting with '%s'", prefix);
	}
	assert_int_equal(err.code, DV_ERR_INPUT);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
		fail_msg("message '%s' does not start with '%s'", err.msg, prefix);
}

/* Added ranges as "1-3 7-7", anchors as "2 9": easy to compare. */
static const char *ranges_str(const struct dv_file_change *fc, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < fc->n_added && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%u-%u", i ? " " : "",
					 fc->added[i].start, fc->added[i].end);
	return buf;
}

static const char *anchors_str(const struct dv_file_change *fc, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < fc->n_deleted_anchors && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%u", i ? " " : "",
					 fc->deleted_anchors[i]);
	return buf;
}

#define ASSERT_RANGES(fc, want)                                                \
	do {                                                                   \
		char buf_[256];                                                \
		assert_string_equal(ranges_str((fc), buf_, sizeof(buf_)), (want)); \
	} while (0)
#define ASSERT_ANCHORS(fc, want)                                               \
	do {                                                                   \
		char buf_[256];                                                \
		assert_string_equal(anchors_str((fc), buf_, sizeof(buf_)), (want)); \
	} while (0)

static void assert_paths(const struct dv_file_change *fc, const char *old_path, const char *new_path)
{
	if (old_path)
		assert_string_equal(fc->old_path, old_path);
	else
		assert_null(fc->old_path);
	if (new_path)
		assert_string_equal(fc->new_path, new_path);
	else
		assert_null(fc->new_path);
}

static void test_git_prefixes(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/src/x.c b/src/x.c\n"
					   "index 1111111..2222222 100644\n"
					   "--- a/src/x.c\n"
					   "+++ b/src/x.c\n"
					   "@@ -1,4 +1,6 @@ int main(void)\n"
					   " one\n"
					   "-two\n"
					   "+TWO\n"
					   "+TWO.5\n"
					   " three\n"
					   " four\n"
					   "+five\n");
	(void)state;
	assert_int_equal(cs->n_files, 1);
	assert_paths(&cs->files[0], "src/x.c", "src/x.c");
	assert_int_equal(cs->files[0].status, DV_FILE_MODIFIED);
	assert_false(cs->files[0].binary);
	assert_false(cs->files[0].mode_change);
	ASSERT_RANGES(&cs->files[0], "2-3 6-6");
	ASSERT_ANCHORS(&cs->files[0], "2");
	dv_changeset_free(cs);
}

static void test_no_prefix(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git src/x.c src/x.c\n"
					   "index 1111111..2222222 100644\n"
					   "--- src/x.c\n"
					   "+++ src/x.c\n"
					   "@@ -1 +1 @@\n"
					   "-a\n"
					   "+b\n"
					   "diff --git a/x.c a/x.c\n" /* a directory really named a */
					   "--- a/x.c\n"
					   "+++ a/x.c\n"
					   "@@ -1 +1,2 @@\n"
					   " a\n"
					   "+b\n");
	(void)state;
	assert_int_equal(cs->n_files, 2);
	assert_paths(&cs->files[0], "src/x.c", "src/x.c");
	ASSERT_RANGES(&cs->files[0], "1-1");
	ASSERT_ANCHORS(&cs->files[0], "1");
	assert_paths(&cs->files[1], "a/x.c", "a/x.c");
	ASSERT_RANGES(&cs->files[1], "2-2");
	dv_changeset_free(cs);
}

static void test_mnemonic_prefix(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git i/lib/y.c w/lib/y.c\n"
					   "--- i/lib/y.c\n"
					   "+++ w/lib/y.c\n"
					   "@@ -2,0 +3 @@\n"
					   "+z\n");
	(void)state;
	assert_paths(&cs->files[0], "lib/y.c", "lib/y.c");
	ASSERT_RANGES(&cs->files[0], "3-3");
	dv_changeset_free(cs);
}

static void test_rename_with_hunk(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/big.c b/moved.c\n"
					   "similarity index 81%\n"
					   "rename from big.c\n"
					   "rename to moved.c\n"
					   "index c9e9e05..b00a0f1 100644\n"
					   "--- a/big.c\n"
					   "+++ b/moved.c\n"
					   "@@ -6,5 +6,3 @@ five\n"
					   " six\n"
					   " seven\n"
					   " eight\n"
					   "-nine\n"
					   "-ten\n");
	(void)state;
	assert_int_equal(cs->n_files, 1);
	assert_paths(&cs->files[0], "big.c", "moved.c");
	assert_int_equal(cs->files[0].status, DV_FILE_RENAMED);
	assert_int_equal(cs->files[0].n_added, 0);
	ASSERT_ANCHORS(&cs->files[0], "9"); /* deletion at end of file: last line (8) + 1 */
	dv_changeset_free(cs);
}

static void test_rename_without_hunk(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/old dir/f.c b/new dir/g.c\n"
					   "similarity index 100%\n"
					   "rename from old dir/f.c\n"
					   "rename to new dir/g.c\n"
					   "diff --git old.c new.c\n" /* --no-prefix */
					   "similarity index 100%\n"
					   "rename from old.c\n"
					   "rename to new.c\n");
	(void)state;
	assert_int_equal(cs->n_files, 2);
	assert_paths(&cs->files[0], "old dir/f.c", "new dir/g.c");
	assert_int_equal(cs->files[0].status, DV_FILE_RENAMED);
	assert_int_equal(cs->files[0].n_added, 0);
	assert_int_equal(cs->files[0].n_deleted_anchors, 0);
	assert_paths(&cs->files[1], "old.c", "new.c");
	assert_int_equal(cs->files[1].status, DV_FILE_RENAMED);
	dv_changeset_free(cs);
}

static void test_copy(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/moved.c b/copy.c\n"
					   "similarity index 86%\n"
					   "copy from moved.c\n"
					   "copy to copy.c\n"
					   "index b00a0f1..c598bd0 100644\n"
					   "--- a/moved.c\n"
					   "+++ b/copy.c\n"
					   "@@ -6,3 +6,4 @@ five\n"
					   " six\n"
					   " seven\n"
					   " eight\n"
					   "+extra\n");
	(void)state;
	assert_paths(&cs->files[0], "moved.c", "copy.c");
	assert_int_equal(cs->files[0].status, DV_FILE_COPIED);
	ASSERT_RANGES(&cs->files[0], "9-9");
	dv_changeset_free(cs);
}

static void test_new_file(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/n.c b/n.c\n"
					   "new file mode 100644\n"
					   "index 0000000..3e75765\n"
					   "--- /dev/null\n"
					   "+++ b/n.c\n"
					   "@@ -0,0 +1,3 @@\n"
					   "+a\n"
					   "+b\n"
					   "+c\n"
					   "diff --git a/empty.c b/empty.c\n"
					   "new file mode 100644\n"
					   "index 0000000..e69de29\n");
	(void)state;
	assert_int_equal(cs->n_files, 2);
	assert_paths(&cs->files[0], NULL, "n.c");
	assert_int_equal(cs->files[0].status, DV_FILE_ADDED);
	ASSERT_RANGES(&cs->files[0], "1-3");
	assert_paths(&cs->files[1], NULL, "empty.c");
	assert_int_equal(cs->files[1].status, DV_FILE_ADDED);
	assert_int_equal(cs->files[1].n_added, 0);
	dv_changeset_free(cs);
}

static void test_deleted_file(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/gone.c b/gone.c\n"
					   "deleted file mode 100644\n"
					   "index 3e75765..0000000\n"
					   "--- a/gone.c\n"
					   "+++ /dev/null\n"
					   "@@ -1,2 +0,0 @@\n"
					   "-a\n"
					   "-b\n");
	(void)state;
	assert_int_equal(cs->n_files, 1);
	assert_paths(&cs->files[0], "gone.c", NULL);
	assert_int_equal(cs->files[0].status, DV_FILE_DELETED);
	assert_int_equal(cs->files[0].n_added, 0);
	assert_null(dv_changeset_find(cs, "gone.c"));
	dv_changeset_free(cs);
}

static void test_mode_change_only(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/run.sh b/run.sh\n"
					   "old mode 100644\n"
					   "new mode 100755\n"
					   "diff --git a/x.c b/x.c\n"
					   "old mode 100755\n"
					   "new mode 100644\n"
					   "index 1..2\n"
					   "--- a/x.c\n"
					   "+++ b/x.c\n"
					   "@@ -1 +1 @@\n"
					   "-a\n"
					   "+b\n");
	(void)state;
	assert_int_equal(cs->n_files, 2);
	assert_paths(&cs->files[0], "run.sh", "run.sh");
	assert_true(cs->files[0].mode_change);
	assert_int_equal(cs->files[0].status, DV_FILE_MODIFIED);
	assert_int_equal(cs->files[0].n_added, 0);
	assert_true(cs->files[1].mode_change);
	ASSERT_RANGES(&cs->files[1], "1-1");
	dv_changeset_free(cs);
}

static void test_binary(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/x.bin b/x.bin\n"
					   "index 87ae6b6..22f6b3b 100644\n"
					   "Binary files a/x.bin and b/x.bin differ\n"
					   "diff --git a/y.bin b/y.bin\n"
					   "index 87ae6b695deceaf160611414f7dcd5c7366b2e79..22f6b3b038c9c8f81e86f801c481bbf851e477fe 100644\n"
					   "GIT binary patch\n"
					   "literal 8\n"
					   "PcmYew%wtF_sx$%s42c4`\n"
					   "\n"
					   "literal 7\n"
					   "OcmYew%wtF_sssQD(E^45\n"
					   "\n"
					   "diff --git a/gone.bin b/gone.bin\n"
					   "deleted file mode 100644\n"
					   "index 22f6b3b..0000000\n"
					   "Binary files a/gone.bin and /dev/null differ\n"
					   "diff --git a/z.c b/z.c\n"
					   "--- a/z.c\n"
					   "+++ b/z.c\n"
					   "@@ -1 +1 @@\n"
					   "-a\n"
					   "+b\n");
	(void)state;
	assert_int_equal(cs->n_files, 4);
	assert_paths(&cs->files[0], "x.bin", "x.bin");
	assert_true(cs->files[0].binary);
	assert_int_equal(cs->files[0].n_added, 0);
	assert_paths(&cs->files[1], "y.bin", "y.bin");
	assert_true(cs->files[1].binary);
	assert_paths(&cs->files[2], "gone.bin", NULL);
	assert_true(cs->files[2].binary);
	assert_int_equal(cs->files[2].status, DV_FILE_DELETED);
	assert_false(cs->files[3].binary);
	ASSERT_RANGES(&cs->files[3], "1-1");
	dv_changeset_free(cs);
}

static void test_gnu_diff_r_noise(void **state)
{
	/* diff -r's own lines carry no line changes: skipped, not errors */
	struct dv_changeset *cs = parse_ok("Only in a: junk\n"
					   "Binary files a/p.png and b/p.png differ\n"
					   "diff -ru a/q.c b/q.c\n"
					   "--- a/q.c\t2024-01-02 03:04:05.000000000 +0100\n"
					   "+++ b/q.c\t2024-01-02 03:04:06.000000000 +0100\n"
					   "@@ -1 +1 @@\n"
					   "-a\n"
					   "+b\n"
					   "Only in b: more\n");
	(void)state;
	assert_int_equal(cs->n_files, 1);
	assert_paths(&cs->files[0], "q.c", "q.c");
	dv_changeset_free(cs);
}

static void test_no_newline_at_eof(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/e.c b/e.c\n"
					   "--- a/e.c\n"
					   "+++ b/e.c\n"
					   "@@ -1,2 +1,2 @@\n"
					   " x\n"
					   "-y\n"
					   "\\ No newline at end of file\n"
					   "+y\n"
					   "\\ No newline at end of file\n"
					   "diff --git a/f.c b/f.c\n"
					   "--- a/f.c\n"
					   "+++ b/f.c\n"
					   "@@ -1 +1,2 @@\n"
					   "-q\n"
					   "\\ No newline at end of file\n"
					   "+q\n"
					   "+r");
	(void)state;
	assert_int_equal(cs->n_files, 2);
	ASSERT_RANGES(&cs->files[0], "2-2");
	ASSERT_ANCHORS(&cs->files[0], "2");
	ASSERT_RANGES(&cs->files[1], "1-2");
	dv_changeset_free(cs);
}

static void test_crlf(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/w.c b/w.c\r\n"
					   "index 1..2 100644\r\n"
					   "--- a/w.c\r\n"
					   "+++ b/w.c\r\n"
					   "@@ -1,3 +1,3 @@\r\n"
					   " a\r\n"
					   "-b\r\n"
					   "+B\r\n"
					   "\r\n" /* an empty context line whose space was lost */
					   "\\ No newline at end of file\r\n");
	(void)state;
	assert_int_equal(cs->n_files, 1);
	assert_paths(&cs->files[0], "w.c", "w.c");
	ASSERT_RANGES(&cs->files[0], "2-2");
	dv_changeset_free(cs);
}

static void test_multiple_files_and_hunks(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/a.c b/a.c\n"
					   "index 1..2 100644\n"
					   "--- a/a.c\n"
					   "+++ b/a.c\n"
					   "@@ -1,3 +1,4 @@\n"
					   " 1\n"
					   "+1.5\n"
					   " 2\n"
					   " 3\n"
					   "@@ -10,3 +11,3 @@ void f(void)\n"
					   " 10\n"
					   "-11\n"
					   "+eleven\n"
					   " 12\n"
					   "@@ -20,2 +21,3 @@\n"
					   " 20\n"
					   "+20.5\n"
					   " 21\n"
					   "diff --git a/b.c b/b.c\n"
					   "index 1..2 100644\n"
					   "--- a/b.c\n"
					   "+++ b/b.c\n"
					   "@@ -1 +1 @@\n"
					   "-x\n"
					   "+y\n");
	const struct dv_file_change *a, *b;

	(void)state;
	assert_int_equal(cs->n_files, 2);
	a = dv_changeset_find(cs, "a.c");
	b = dv_changeset_find(cs, "b.c");
	assert_non_null(a);
	assert_non_null(b);
	ASSERT_RANGES(a, "2-2 12-12 22-22");
	ASSERT_ANCHORS(a, "12");
	ASSERT_RANGES(b, "1-1");
	dv_changeset_free(cs);
}

static void test_zero_length_ranges(void **state)
{
	struct dv_changeset *cs = parse_ok("--- a/z.c\n"
					   "+++ b/z.c\n"
					   "@@ -3,2 +2,0 @@\n"
					   "-three\n"
					   "-four\n"
					   "@@ -5,0 +4,2 @@\n"
					   "+six\n"
					   "+seven\n"
					   "@@ -40 +40 @@\n"
					   "-x\n"
					   "+y\n");
	(void)state;
	ASSERT_RANGES(&cs->files[0], "4-5 40-40");
	/* "+2,0": the deletion sits after new line 2, so it anchors at 3 */
	ASSERT_ANCHORS(&cs->files[0], "3 40");
	dv_changeset_free(cs);
	/* -U0 deletion of the first lines: "+0,0" anchors at line 1 */
	cs = parse_ok("--- a/z.c\n+++ b/z.c\n@@ -1,2 +0,0 @@\n-a\n-b\n@@ -0,0 +1 @@\n+c\n");
	ASSERT_ANCHORS(&cs->files[0], "1");
	ASSERT_RANGES(&cs->files[0], "1-1");
	dv_changeset_free(cs);
}

static void test_merge_adjacent_ranges(void **state)
{
	struct dv_changeset *cs = parse_ok("--- a/m.c\n"
					   "+++ b/m.c\n"
					   "@@ -1,0 +2,1 @@\n"
					   "+two\n"
					   "@@ -1,0 +3,2 @@\n" /* same old line, contiguous new lines */
					   "+three\n"
					   "+four\n");
	(void)state;
	ASSERT_RANGES(&cs->files[0], "2-4");
	dv_changeset_free(cs);
}

static void test_plain_diff_u(void **state)
{
	struct dv_changeset *cs =
		parse_ok("--- src/p.c.orig\t2024-01-02 03:04:05.000000000 +0100\n"
			 "+++ src/p.c\t2024-01-02 03:04:06.000000000 +0100\n"
			 "@@ -1,2 +1,2 @@\n"
			 "-a\n"
			 "+b\n"
			 " c\n"
			 "diff -u a/q.c b/q.c\n"
			 "--- a/q.c\t2024-01-02 03:04:05.000000000 +0100\n"
			 "+++ b/q.c\t2024-01-02 03:04:06.000000000 +0100\n"
			 "@@ -1 +1,2 @@\n"
			 " a\n"
			 "+b\n");
	(void)state;
	assert_int_equal(cs->n_files, 2);
	assert_paths(&cs->files[0], "src/p.c.orig", "src/p.c");
	assert_int_equal(cs->files[0].status, DV_FILE_MODIFIED);
	ASSERT_RANGES(&cs->files[0], "1-1");
	assert_paths(&cs->files[1], "q.c", "q.c");
	ASSERT_RANGES(&cs->files[1], "2-2");
	dv_changeset_free(cs);
}

static void test_quoted_paths(void **state)
{
	struct dv_changeset *cs = parse_ok("diff --git a/sp ace.c b/sp ace.c\n"
					   "index de98044..7be73ce 100644\n"
					   "--- a/sp ace.c\t\n"
					   "+++ b/sp ace.c\t\n"
					   "@@ -1,3 +1,3 @@\n"
					   " a\n"
					   "-b\n"
					   "+B\n"
					   " c\n"
					   "diff --git \"a/\\303\\251.c\" \"b/\\303\\251.c\"\n"
					   "index 587be6b..e25f181 100644\n"
					   "--- \"a/\\303\\251.c\"\n"
					   "+++ \"b/\\303\\251.c\"\n"
					   "@@ -1 +1 @@\n"
					   "-x\n"
					   "+y\n"
					   "diff --git \"a/dq\\\"t.c\" \"b/dq\\\"t.c\"\n"
					   "old mode 100644\n"
					   "new mode 100755\n"
					   "diff --git \"b/sp ace\\tx.c\" \"b/sp ace\\tx.c\"\n" /* --no-prefix */
					   "old mode 100644\n"
					   "new mode 100755\n"
					   "diff --git a/q r.c \"b/q\\tr.c\"\n"
					   "similarity index 100%\n"
					   "rename from q r.c\n"
					   "rename to \"q\\tr.c\"\n");
	(void)state;
	assert_int_equal(cs->n_files, 5);
	assert_paths(&cs->files[0], "sp ace.c", "sp ace.c");
	ASSERT_RANGES(&cs->files[0], "2-2");
	assert_paths(&cs->files[1], "\303\251.c", "\303\251.c");
	assert_non_null(dv_changeset_find(cs, "\xc3\xa9.c"));
	assert_paths(&cs->files[2], "dq\"t.c", "dq\"t.c");
	assert_true(cs->files[2].mode_change);
	assert_paths(&cs->files[3], "b/sp ace\tx.c", "b/sp ace\tx.c");
	assert_paths(&cs->files[4], "q r.c", "q\tr.c");
	assert_int_equal(cs->files[4].status, DV_FILE_RENAMED);
	dv_changeset_free(cs);
}

static void test_deleted_line_anchors(void **state)
{
	struct dv_changeset *cs = parse_ok("--- a/d.c\n"
					   "+++ b/d.c\n"
					   "@@ -1,9 +1,5 @@\n"
					   " 1\n"
					   "-2\n"
					   "-3\n"
					   " 4\n"
					   "-5\n"
					   "+five\n"
					   "-6\n"
					   " 7\n"
					   " 8\n"
					   "-9\n");
	const struct dv_file_change *fc;

	(void)state;
	fc = &cs->files[0];
	/* run 2-3 anchors at new line 2 ("4"); run 5 at 3 ("five"); run 6
	 * at 4 ("7"); the deletion of the last line at 5 + 1 */
	ASSERT_ANCHORS(fc, "2 3 4 6");
	ASSERT_RANGES(fc, "3-3");
	assert_true(dv_file_change_touches(fc, 6, 100));
	assert_false(dv_file_change_touches(fc, 5, 5));
	dv_changeset_free(cs);
}

static void test_malformed_counts(void **state)
{
	(void)state;
	/* body shorter than the header says, cut by the next file */
	expect_error("diff --git a/a.c b/a.c\n"
		     "--- a/a.c\n"
		     "+++ b/a.c\n"
		     "@@ -1,3 +1,3 @@\n"
		     " a\n"
		     "-b\n"
		     "+B\n"
		     "diff --git a/b.c b/b.c\n",
		     "t.diff:8: hunk of line 4 expects 1 more old and 1 more new lines");
	/* body shorter, cut by the end of the input: reported at the hunk */
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1,2 +1,2 @@\n-a\n+b\n", "t.diff:3: hunk ends early");
	/* body longer than the header says */
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n+c\n", "t.diff:6: line past the end");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n-b\n+c\n", "t.diff:5: hunk of line 3");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n c\n", "t.diff:6: line past the end");
}

static void test_malformed_headers(void **state)
{
	(void)state;
	expect_error("--- a/a.c\n+++ b/a.c\n@@ garbage @@\n+x\n", "t.diff:3: malformed hunk header");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1,x +1 @@\n", "t.diff:3: malformed hunk header");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1 +1\n", "t.diff:3: malformed hunk header");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -0,1 +0,1 @@\n", "t.diff:3: malformed hunk header");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1 +99999999999999999999 @@\n",
		     "t.diff:3: malformed hunk header");
	/* a '+' line with no hunk header before it */
	expect_error("diff --git a/a.c b/a.c\n"
		     "index 1..2 100644\n"
		     "--- a/a.c\n"
		     "+++ b/a.c\n"
		     "+added\n",
		     "t.diff:5: line outside a hunk");
	expect_error("diff --git a/a.c b/a.c\n+x\n", "t.diff:2: line outside a hunk");
	expect_error("hello\n@@ -1 +1 @@\n-a\n+b\n", "t.diff:2: hunk header outside a file");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -5,0 +6,2 @@\n+a\n+b\n@@ -3,2 +2,0 @@\n-c\n-d\n",
		     "t.diff:6: hunk overlaps or precedes the previous one");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n a\n+b\n@@ -2 +2 @@\n-c\n+d\n",
		     "t.diff:6: hunk overlaps");
	expect_error("--- a/a.c\n+++ \"b/bad\\q\"\n", "t.diff:2: bad file name");
	expect_error("--- /dev/null\n+++ /dev/null\n", "t.diff:1: no file name");
	expect_error("diff --git a/x b/y\nrename from \"\n", "t.diff:2: bad file name");
}

/* Paths must stay below the root: absolute and ".." paths are errors at
 * the line where the file's diff starts, whatever header carries them. */
static void test_paths_leaving_the_root(void **state)
{
	static const char text[] = "--- /dev/null\n+++ b//abs/path.c\n@@ -0,0 +1 @@\n+x\n";
	struct dv_changeset *cs;
	struct dv_error err;

	(void)state;
	expect_error("diff --git a/etc/shadow b//etc/shadow\n"
		     "--- a/etc/shadow\n"
		     "+++ b//etc/shadow\n"
		     "@@ -1 +1 @@\n-a\n+b\n",
		     "t.diff:1: file name '/etc/shadow' is absolute");
	expect_error("--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n"
		     "--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n",
		     "t.diff:6: file name '/etc/passwd' is absolute");
	expect_error("--- a/../../secret\n+++ b/../../secret\n@@ -1 +1 @@\n-a\n+b\n",
		     "t.diff:1: file name '../../secret' has a '..' component");
	expect_error("--- a/src/../../x.c\n+++ b/src/ok.c\n@@ -1 +1 @@\n-a\n+b\n",
		     "t.diff:1: file name 'src/../../x.c' has a '..' component");
	expect_error("diff --git a/x.c b/x.c\nsimilarity index 90%\nrename from x.c\n"
		     "rename to ../outside.c\n",
		     "t.diff:1: file name '../outside.c' has a '..' component");
	expect_error("diff --git \"a/..\" \"b/..\"\nnew file mode 100644\n--- /dev/null\n"
		     "+++ \"b/..\"\n@@ -0,0 +1 @@\n+x\n",
		     "t.diff:1: file name '..' has a '..' component");
	/* the message says what to do */
	memset(&err, 0, sizeof(err));
	assert_null(dv_changeset_parse(text, strlen(text), "t.diff", &err));
	assert_non_null(strstr(err.msg, "relative to the repository root"));
	assert_non_null(strstr(err.msg, "git diff"));
	/* names that only look like it stay accepted */
	cs = parse_ok("--- a/..x/...c\n+++ b/..x/...c\n@@ -1 +1 @@\n-a\n+b\n");
	assert_string_equal(cs->files[0].new_path, "..x/...c");
	dv_changeset_free(cs);
}

static void test_empty_input(void **state)
{
	struct dv_changeset *cs;
	struct dv_error err;

	(void)state;
	memset(&err, 0, sizeof(err));
	cs = dv_changeset_parse("", 0, "t.diff", &err);
	assert_non_null(cs);
	assert_int_equal(cs->n_files, 0);
	assert_null(dv_changeset_find(cs, "x"));
	dv_changeset_free(cs);
	cs = dv_changeset_parse(NULL, 0, NULL, &err);
	assert_non_null(cs);
	assert_int_equal(cs->n_files, 0);
	dv_changeset_free(cs);
	cs = parse_ok("just some text\nno diff here\n+not a hunk line\n");
	assert_int_equal(cs->n_files, 0);
	dv_changeset_free(cs);
	dv_changeset_free(NULL);
}

static void test_find_has_line_touches(void **state)
{
	struct dv_changeset *cs = parse_ok("--- a/f.c\n"
					   "+++ b/f.c\n"
					   "@@ -10,2 +10,5 @@\n"
					   " 10\n"
					   "+11\n"
					   "+12\n"
					   " 13\n"
					   "+14\n"
					   "@@ -30,2 +32,1 @@\n"
					   " 32\n"
					   "-gone\n");
	const struct dv_file_change *fc = dv_changeset_find(cs, "f.c");

	(void)state;
	assert_non_null(fc);
	assert_null(dv_changeset_find(cs, "b/f.c"));
	assert_null(dv_changeset_find(cs, "f"));
	assert_false(dv_file_change_has_line(fc, 10));
	assert_true(dv_file_change_has_line(fc, 11));
	assert_true(dv_file_change_has_line(fc, 12));
	assert_false(dv_file_change_has_line(fc, 13));
	assert_true(dv_file_change_has_line(fc, 14));
	assert_false(dv_file_change_has_line(fc, 15));
	assert_false(dv_file_change_has_line(fc, 0));
	assert_false(dv_file_change_has_line(NULL, 1));
	assert_true(dv_file_change_touches(fc, 1, 11));
	assert_true(dv_file_change_touches(fc, 13, 14));
	assert_false(dv_file_change_touches(fc, 15, 32));
	assert_true(dv_file_change_touches(fc, 33, 33)); /* the deleted-line anchor */
	assert_false(dv_file_change_touches(fc, 34, 1000));
	assert_false(dv_file_change_touches(fc, 12, 11));
	assert_false(dv_file_change_touches(NULL, 1, 2));
	dv_changeset_free(cs);
}

static void test_preamble_and_extended_headers(void **state)
{
	struct dv_changeset *cs = parse_ok(
		"From 1ceb64637cd487494d30a89b96389a72559f3001 Mon Sep 17 00:00:00 2001\n"
		"From: x <y>\n"
		"Subject: [PATCH] three\n"
		"\n"
		"+1 to this, said the reviewer\n"
		"---\n"
		" a.c   | 2 +-\n"
		" 1 file changed, 1 insertion(+), 1 deletion(-)\n"
		" create mode 100644 n.c\n"
		"\n"
		"diff --git a/a.c b/b.c\n"
		"dissimilarity index 90%\n"
		"rename from a.c\n"
		"rename to b.c\n"
		"index 1..2 100644\n"
		"--- a/a.c\n"
		"+++ b/b.c\n"
		"@@ -1 +1 @@\n"
		"-x\n"
		"+y\n"
		"-- \n"
		"2.39.5\n"
		"\n"
		"commit 0123456789abcdef\n"
		"Author: x <y>\n"
		"\n"
		"    message line\n"
		"    +indented plus\n"
		"\n"
		"diff --git a/c.c b/c.c\n"
		"index 1..2 100644\n"
		"--- a/c.c\n"
		"+++ b/c.c\n"
		"@@ -1 +1 @@\n"
		"-x\n"
		"+y\n"
		"\n"
		"commit fedcba9876543210 (merge)\n"
		"\n"
		"diff --cc m.c\n"
		"index 1,2..3\n"
		"--- a/m.c\n"
		"+++ b/m.c\n"
		"@@@ -1,1 -1,1 +1,1 @@@\n"
		"- a\n"
		" -b\n"
		"++c\n");
	(void)state;
	assert_int_equal(cs->n_files, 2);
	assert_paths(&cs->files[0], "a.c", "b.c");
	assert_int_equal(cs->files[0].status, DV_FILE_RENAMED);
	ASSERT_RANGES(&cs->files[0], "1-1");
	assert_paths(&cs->files[1], "c.c", "c.c");
	dv_changeset_free(cs);
}

/* Every prefix and many one-byte mutations of a rich diff must parse or
 * fail cleanly (run under ASan this is a tiny fuzzer). */
static void test_robust_on_mutations(void **state)
{
	static const char base[] = "junk\ndiff --git \"a/\\303\\251 x.c\" b/q.c\n"
				   "rename from \"\\303\\251 x.c\"\nrename to q.c\n"
				   "--- a/p.c\t2020\n+++ b/p.c\n@@ -1,3 +1,2 @@\n a\n-b\n+c\n"
				   "\\ No newline\n@@ -9,0 +9 @@\n+z\r\n"
				   "Binary files a/x and b/x differ\nGIT binary patch\n";
	static const char subst[] = "\n\r\"\\ +-@,0123456789/\t";
	char buf[sizeof(base)];
	size_t len = sizeof(base) - 1, i, k;
	struct dv_error err;
	struct dv_changeset *cs;

	(void)state;
	for (i = 0; i <= len; i++) {
		memset(&err, 0, sizeof(err));
		cs = dv_changeset_parse(base, i, "m", &err);
		assert_true(cs != NULL || err.code == DV_ERR_INPUT);
		dv_changeset_free(cs);
	}
	for (i = 0; i < len; i++) {
		for (k = 0; k < sizeof(subst); k++) { /* includes the NUL byte */
			memcpy(buf, base, sizeof(base));
			buf[i] = subst[k];
			memset(&err, 0, sizeof(err));
			cs = dv_changeset_parse(buf, len, "m", &err);
			assert_true(cs != NULL || err.code == DV_ERR_INPUT);
			dv_changeset_free(cs);
		}
	}
}

/* Deleted lines keep their old line number, anchor and text (CRLF and the
 * '-' taken off), across hunks and at the end of the file. */
static void test_deleted_lines_text(void **state)
{
	const char *text = "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
			   "@@ -2,4 +2,3 @@ ctx\n"
			   " keep\n"
			   "-\tunlock(&m);\r\n"
			   "-  fclose(f);\n"
			   "+added();\n"
			   " tail\n"
			   "@@ -20,2 +19,1 @@\n"
			   " last\n"
			   "-gone\n";
	struct dv_changeset *cs = parse_ok(text);
	const struct dv_file_change *fc;

	(void)state;
	assert_int_equal(cs->n_files, 1);
	fc = &cs->files[0];
	assert_int_equal(fc->n_deleted, 3);
	assert_int_equal(fc->deleted[0].old_line, 3);
	assert_int_equal(fc->deleted[0].anchor, 3);
	assert_string_equal(fc->deleted[0].text, "\tunlock(&m);");
	assert_int_equal(fc->deleted[1].old_line, 4);
	assert_int_equal(fc->deleted[1].anchor, 3);
	assert_string_equal(fc->deleted[1].text, "  fclose(f);");
	assert_int_equal(fc->deleted[2].old_line, 21);
	assert_int_equal(fc->deleted[2].anchor, 20);
	assert_string_equal(fc->deleted[2].text, "gone");
	dv_changeset_free(cs);
}

/* The added lines' hashes tell a patch made against another text; only
 * whitespace may differ. */
static void test_verify_against_file(void **state)
{
	static const char patch[] = "--- a/f.c\n+++ b/f.c\n@@ -1,2 +1,3 @@\n int a;\n"
				    "+int run(void) { return 1; }\n int b;\n@@ -9,0 +11 @@\n+int z;\n";
	static const char applied[] = "int a;\nint run(void) { return 1; }\nint b;\n4\n5\n6\n"
				      "7\n8\n9\n10\nint z;\n";
	static const char respaced[] = "int a;\r\n\tint  run(void){ return 1; }\r\nint b;\n4\n5\n"
				       "6\n7\n8\n9\n10\nint z;";
	static const char base[] = "int a;\nint b;\n";
	static const char other[] = "int a;\nint run(void) { return 2; }\nint b;\n4\n5\n6\n"
				    "7\n8\n9\n10\nint z;\n";
	static const char shorter[] = "int a;\nint run(void) { return 1; }\nint b;\n";
	struct dv_changeset *cs = parse_ok(patch);
	const struct dv_file_change *fc = &cs->files[0];

	(void)state;
	assert_int_equal(fc->n_added_hashes, 2);
	assert_int_equal(dv_file_change_verify(fc, applied, strlen(applied)), 0);
	assert_int_equal(dv_file_change_verify(fc, respaced, strlen(respaced)), 0);
	assert_int_equal(dv_file_change_verify(fc, base, strlen(base)), 2);
	assert_int_equal(dv_file_change_verify(fc, other, strlen(other)), 2);
	assert_int_equal(dv_file_change_verify(fc, shorter, strlen(shorter)), 11);
	assert_int_equal(dv_file_change_verify(fc, "", 0), 2);
	assert_true(dv_diff_line_hash("a b", 3) == dv_diff_line_hash("ab\r", 3));
	assert_true(dv_diff_line_hash("ab", 2) != dv_diff_line_hash("ba", 2));
	dv_changeset_free(cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_git_prefixes),
		cmocka_unit_test(test_no_prefix),
		cmocka_unit_test(test_mnemonic_prefix),
		cmocka_unit_test(test_rename_with_hunk),
		cmocka_unit_test(test_rename_without_hunk),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_deleted_file),
		cmocka_unit_test(test_mode_change_only),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_gnu_diff_r_noise),
		cmocka_unit_test(test_no_newline_at_eof),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_multiple_files_and_hunks),
		cmocka_unit_test(test_zero_length_ranges),
		cmocka_unit_test(test_merge_adjacent_ranges),
		cmocka_unit_test(test_plain_diff_u),
		cmocka_unit_test(test_quoted_paths),
		cmocka_unit_test(test_deleted_line_anchors),
		cmocka_unit_test(test_malformed_counts),
		cmocka_unit_test(test_malformed_headers),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_paths_leaving_the_root),
		cmocka_unit_test(test_find_has_line_touches),
		cmocka_unit_test(test_preamble_and_extended_headers),
		cmocka_unit_test(test_robust_on_mutations),
		cmocka_unit_test(test_deleted_lines_text),
		cmocka_unit_test(test_verify_against_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
