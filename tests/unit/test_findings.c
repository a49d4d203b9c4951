/* Unit tests for src/model/findings.c: list ownership, sort, de-duplication
 * and fingerprints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diffvet/finding.h"
#include "util/xalloc.h"

/* A fake source file: line N of any path is lines[N - 1]. */
struct fake_source {
	const char *const *lines;
	unsigned n;
};

static const char *fake_read_line(void *ctx, const char *path, unsigned line)
{
	const struct fake_source *src = ctx;

	(void)path;
	if (line == 0 || line > src->n)
		return NULL;
	return src->lines[line - 1];
}

static struct dv_finding *add_finding(struct dv_findings *list, const char *rule, const char *path,
				      unsigned line, unsigned col, const char *message)
{
	struct dv_finding *f = dv_findings_push(list);

	f->rule_id = xstrdup(rule);
	f->level = DV_LEVEL_ERROR;
	f->message = xstrdup(message);
	dv_location_set(&f->primary, path, line, col, line, col + 4, NULL);
	return f;
}

static int is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return 1;
}

static void test_push_and_release(void **state)
{
	struct dv_findings list;
	struct dv_finding *f;
	struct dv_location *rel, *step;
	size_t i;

	(void)state;
	dv_findings_init(&list);
	for (i = 0; i < 20; i++) {
		f = add_finding(&list, "injection/command", "a.c", (unsigned)i + 1, 1, "m");
		assert_int_equal(f->suppressed, 0);
		assert_null(f->fingerprint);
	}
	assert_int_equal(list.count, 20);
	f = &list.items[3];
	rel = dv_finding_add_related(f);
	dv_location_set(rel, "b.c", 7, 2, 0, 0, "source here");
	step = dv_finding_add_flow(f);
	dv_location_set(step, "b.c", 7, 2, 7, 9, NULL);
	step = dv_finding_add_flow(f);
	dv_location_set(step, "a.c", 4, 1, 4, 5, "sink");
	assert_int_equal(f->n_related, 1);
	assert_int_equal(f->n_flow, 2);
	assert_string_equal(f->related[0].message, "source here");
	assert_null(f->flow[0].message);
	assert_string_equal(f->flow[1].path, "a.c");

	/* Setting a location from its own strings must not read freed memory. */
	dv_location_set(rel, rel->path, 8, 3, 0, 0, rel->message);
	assert_string_equal(rel->path, "b.c");
	assert_string_equal(rel->message, "source here");
	assert_int_equal(rel->line, 8);

	dv_findings_release(&list);
	assert_int_equal(list.count, 0);
	assert_null(list.items);
	dv_findings_release(&list); /* twice is harmless */
}

static void test_move(void **state)
{
	struct dv_findings a, b;

	(void)state;
	dv_findings_init(&a);
	dv_findings_init(&b);
	add_finding(&a, "r/one", "a.c", 1, 1, "one");
	add_finding(&b, "r/two", "b.c", 2, 1, "two");
	add_finding(&b, "r/three", "c.c", 3, 1, "three");
	dv_findings_move(&a, &b);
	assert_int_equal(a.count, 3);
	assert_int_equal(b.count, 0);
	assert_string_equal(a.items[1].rule_id, "r/two");
	assert_string_equal(a.items[2].message, "three");
	dv_findings_move(&a, &b); /* empty source: nothing happens */
	assert_int_equal(a.count, 3);
	dv_findings_release(&a);
	dv_findings_release(&b);
}

static void test_fingerprint_shape_and_inputs(void **state)
{
	struct dv_finding f, g;
	char *base, *other;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.rule_id = xstrdup("injection/command");
	dv_location_set(&f.primary, "src/a.c", 10, 5, 10, 16, NULL);
	f.function = xstrdup("main");

	base = dv_finding_fingerprint(&f, "    system(cmd);");
	assert_int_equal(strlen(base), 32);
	assert_true(is_hex(base, 32));

	/* Same identity, different line number and column: same fingerprint. */
	memset(&g, 0, sizeof(g));
	g.rule_id = xstrdup("injection/command");
	dv_location_set(&g.primary, "src/a.c", 250, 9, 250, 20, NULL);
	g.function = xstrdup("main");
	other = dv_finding_fingerprint(&g, "system(cmd);");
	assert_string_equal(base, other); /* re-indenting does not matter either */
	free(other);
	other = dv_finding_fingerprint(&g, "\tsystem(cmd);\t\r");
	assert_string_equal(base, other);
	free(other);
	other = dv_finding_fingerprint(&g, "system( cmd);");
	assert_string_not_equal(base, other); /* inner whitespace runs collapse, not vanish */
	free(other);
	other = dv_finding_fingerprint(&g, "system(cmd2);");
	assert_string_not_equal(base, other);
	free(other);

	free(g.rule_id);
	g.rule_id = xstrdup("injection/sql");
	other = dv_finding_fingerprint(&g, "system(cmd);");
	assert_string_not_equal(base, other);
	free(other);
	free(g.rule_id);
	g.rule_id = xstrdup("injection/command");

	dv_location_set(&g.primary, "src/b.c", 10, 5, 0, 0, NULL);
	other = dv_finding_fingerprint(&g, "system(cmd);");
	assert_string_not_equal(base, other);
	free(other);
	dv_location_set(&g.primary, "src/a.c", 10, 5, 0, 0, NULL);

	free(g.function);
	g.function = xstrdup("helper");
	other = dv_finding_fingerprint(&g, "system(cmd);");
	assert_string_not_equal(base, other);
	free(other);
	free(g.function);
	g.function = NULL;
	other = dv_finding_fingerprint(&g, "system(cmd);");
	assert_string_not_equal(base, other);
	free(other);
	g.function = xstrdup("main");

	g.fingerprint_extra = xstrdup("sha256:abcd");
	other = dv_finding_fingerprint(&g, "system(cmd);");
	assert_string_not_equal(base, other);
	free(other);

	/* No source text: still a valid fingerprint. */
	other = dv_finding_fingerprint(&g, NULL);
	assert_int_equal(strlen(other), 32);
	free(other);

	free(base);
	dv_finding_release(&f);
	dv_finding_release(&g);
}

static void test_fingerprint_field_boundaries(void **state)
{
	struct dv_finding f, g;
	char *a, *b;

	(void)state;
	memset(&f, 0, sizeof(f));
	memset(&g, 0, sizeof(g));
	/* ("ab", "c") and ("a", "bc") must not hash alike. */
	f.rule_id = xstrdup("ab");
	dv_location_set(&f.primary, "c", 1, 1, 0, 0, NULL);
	g.rule_id = xstrdup("a");
	dv_location_set(&g.primary, "bc", 1, 1, 0, 0, NULL);
	a = dv_finding_fingerprint(&f, "x");
	b = dv_finding_fingerprint(&g, "x");
	assert_string_not_equal(a, b);
	free(a);
	free(b);
	dv_finding_release(&f);
	dv_finding_release(&g);
}

static void test_finalize_sorts(void **state)
{
	struct dv_findings list;

	(void)state;
	dv_findings_init(&list);
	add_finding(&list, "r/b", "src/b.c", 5, 1, "m");
	add_finding(&list, "r/a", "src/a.c", 9, 3, "m");
	add_finding(&list, "r/z", "src/a.c", 9, 1, "m");
	add_finding(&list, "r/b", "src/a.c", 9, 3, "m");
	add_finding(&list, "r/a", "src/a.c", 2, 7, "m");
	dv_findings_finalize(&list, NULL, NULL);
	assert_int_equal(list.count, 5);
	assert_string_equal(list.items[0].primary.path, "src/a.c");
	assert_int_equal(list.items[0].primary.line, 2);
	assert_int_equal(list.items[1].primary.col, 1);
	assert_string_equal(list.items[1].rule_id, "r/z");
	assert_string_equal(list.items[2].rule_id, "r/a");
	assert_string_equal(list.items[3].rule_id, "r/b");
	assert_int_equal(list.items[3].primary.line, 9);
	assert_string_equal(list.items[4].primary.path, "src/b.c");
	for (size_t i = 0; i < list.count; i++)
		assert_non_null(list.items[i].fingerprint);
	dv_findings_release(&list);

	dv_findings_init(&list);
	dv_findings_finalize(&list, NULL, NULL); /* empty list */
	assert_int_equal(list.count, 0);
	dv_findings_release(&list);
}

static void test_finalize_dedupes(void **state)
{
	struct dv_findings list;
	struct dv_finding *f;

	(void)state;
	dv_findings_init(&list);
	f = add_finding(&list, "r/a", "a.c", 3, 2, "same");
	dv_location_set(dv_finding_add_related(f), "a.c", 1, 1, 0, 0, "first copy");
	add_finding(&list, "r/a", "a.c", 3, 2, "same");              /* exact duplicate */
	add_finding(&list, "r/a", "a.c", 3, 2, "different message"); /* kept */
	add_finding(&list, "r/b", "a.c", 3, 2, "same");              /* other rule: kept */
	add_finding(&list, "r/a", "a.c", 3, 3, "same");              /* other column: kept */
	f = add_finding(&list, "r/a", "a.c", 3, 2, "same");          /* duplicate, suppressed */
	f->suppressed = 1;
	f->suppression_reason = xstrdup("reviewed");
	dv_findings_finalize(&list, NULL, NULL);
	assert_int_equal(list.count, 4);
	/* The first copy survives and takes the duplicate's suppression. */
	assert_string_equal(list.items[0].rule_id, "r/a");
	assert_string_equal(list.items[0].message, "different message");
	assert_string_equal(list.items[1].message, "same");
	assert_int_equal(list.items[1].n_related, 1);
	assert_string_equal(list.items[1].related[0].message, "first copy");
	assert_int_equal(list.items[1].suppressed, 1);
	assert_string_equal(list.items[1].suppression_reason, "reviewed");
	assert_string_equal(list.items[2].rule_id, "r/b");
	assert_int_equal(list.items[3].primary.col, 3);
	dv_findings_release(&list);
}

static void test_finalize_uses_line_text(void **state)
{
	static const char *const before[] = {"int main(void) {", "  system(cmd);", "}"};
	static const char *const after[] = {"#include <stdlib.h>", "", "int main(void) {",
					    "\tsystem(cmd);", "}"};
	struct fake_source src_before = {before, 3}, src_after = {after, 5};
	struct dv_findings a, b;
	char *fp;

	(void)state;
	dv_findings_init(&a);
	dv_findings_init(&b);
	add_finding(&a, "injection/command", "a.c", 2, 3, "m");
	add_finding(&b, "injection/command", "a.c", 4, 2, "m");
	dv_findings_finalize(&a, fake_read_line, &src_before);
	dv_findings_finalize(&b, fake_read_line, &src_after);
	assert_string_equal(a.items[0].fingerprint, b.items[0].fingerprint);
	fp = dv_finding_fingerprint(&a.items[0], "system(cmd);");
	assert_string_equal(fp, a.items[0].fingerprint);
	free(fp);

	/* finalize again: fingerprints are recomputed, not appended to. */
	dv_findings_finalize(&a, fake_read_line, &src_before);
	assert_string_equal(a.items[0].fingerprint, b.items[0].fingerprint);
	dv_findings_release(&a);
	dv_findings_release(&b);
}

static void test_duplicate_fingerprints_numbered(void **state)
{
	static const char *const v1[] = {"void f(void) {", "  free(p);", "  free(p);", "  free(q);",
					 "  free(p);", "}"};
	/* Two lines inserted at the top: everything shifts by two. */
	static const char *const v2[] = {"/* header */", "", "void f(void) {", "  free(p);",
					 "  free(p);", "  free(q);", "  free(p);", "}"};
	struct fake_source s1 = {v1, 6}, s2 = {v2, 8};
	struct dv_findings a, b;
	size_t i;

	(void)state;
	dv_findings_init(&a);
	dv_findings_init(&b);
	for (i = 2; i <= 5; i++) {
		add_finding(&a, "memory/double-free", "m.c", (unsigned)i, 3, "m");
		add_finding(&b, "memory/double-free", "m.c", (unsigned)i + 2, 3, "m");
	}
	/* Same text, other file: numbered separately. */
	add_finding(&a, "memory/double-free", "n.c", 2, 3, "m");
	dv_findings_finalize(&a, fake_read_line, &s1);
	dv_findings_finalize(&b, fake_read_line, &s2);
	assert_int_equal(a.count, 5);

	/* free(p) at lines 2, 3, 5 -> base, :2, :3; free(q) unique. */
	assert_int_equal(strlen(a.items[0].fingerprint), 32);
	assert_int_equal(strlen(a.items[1].fingerprint), 34);
	assert_memory_equal(a.items[1].fingerprint, a.items[0].fingerprint, 32);
	assert_string_equal(a.items[1].fingerprint + 32, ":2");
	assert_int_equal(strlen(a.items[2].fingerprint), 32);
	assert_string_not_equal(a.items[2].fingerprint, a.items[0].fingerprint);
	assert_memory_equal(a.items[3].fingerprint, a.items[0].fingerprint, 32);
	assert_string_equal(a.items[3].fingerprint + 32, ":3");
	assert_int_equal(strlen(a.items[4].fingerprint), 32);
	assert_string_equal(a.items[4].primary.path, "n.c");

	/* All unique, and stable under the line shift. */
	for (i = 0; i < a.count; i++) {
		for (size_t j = i + 1; j < a.count; j++)
			assert_string_not_equal(a.items[i].fingerprint, a.items[j].fingerprint);
	}
	for (i = 0; i < b.count; i++)
		assert_string_equal(a.items[i].fingerprint, b.items[i].fingerprint);
	dv_findings_release(&a);
	dv_findings_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_and_release),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_fingerprint_shape_and_inputs),
		cmocka_unit_test(test_fingerprint_field_boundaries),
		cmocka_unit_test(test_finalize_sorts),
		cmocka_unit_test(test_finalize_dedupes),
		cmocka_unit_test(test_finalize_uses_line_text),
		cmocka_unit_test(test_duplicate_fingerprints_numbered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
