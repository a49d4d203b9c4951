/*
 * Suppression comments: the parser of one marker, and the pass over
 * findings in check mode and in diff mode (where a comment the change
 * adds does not lower the gate).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "session/suppress.h"
#include "util/xalloc.h"

/* ---- the parser -------------------------------------------------------- */

static void assert_span(const char *text, size_t len, const char *want)
{
	if (strlen(want) != len || memcmp(text, want, len) != 0)
		fail_msg("got '%.*s', want '%s'", (int)len, text, want);
}

static void test_parse_one(void **state)
{
	const char *line = "x(); // diffvet-ignore[ injection/command , secrets/* ]:  fixed argv  */";
	struct dv_suppression s;
	size_t next;

	(void)state;
	next = dv_suppression_parse(line, strlen(line), &s);
	assert_int_equal(s.offset, 8);
	assert_int_equal(next, (size_t)(strchr(line, ']') + 1 - line));
	assert_int_equal(s.n_ids, 2);
	assert_span(s.ids[0].text, s.ids[0].len, "injection/command");
	assert_span(s.ids[1].text, s.ids[1].len, "secrets/*");
	assert_span(s.reason, s.reason_len, "fixed argv");
	assert_false(s.unterminated);
	assert_true(dv_suppression_matches(&s, "injection/command"));
	assert_true(dv_suppression_matches(&s, "secrets/github-token"));
	assert_false(dv_suppression_matches(&s, "injection/sql"));
	assert_false(dv_suppression_matches(&s, "secretsx/a"));
}

static void test_parse_edge_cases(void **state)
{
	struct dv_suppression s;
	const char *two = "diffvet-ignore[a/b] diffvet-ignore[*]: r";
	size_t next;
	char many[512] = "diffvet-ignore[";
	int i;

	(void)state;
	assert_int_equal(dv_suppression_parse("no marker here", 14, &s), 0);
	assert_int_equal(dv_suppression_parse(NULL, 0, &s), 0);
	/* the marker cut by the length is not there */
	assert_int_equal(dv_suppression_parse("diffvet-ignore[a/b]: r", 10, &s), 0);
	/* no ']' within the length: unterminated, and the rest is not read */
	assert_int_equal(dv_suppression_parse("diffvet-ignore[a/b]: r", 18, &s), 18);
	assert_true(s.unterminated);
	assert_int_equal(s.n_ids, 0);
	/* no reason: nothing after ']', or an empty one */
	dv_suppression_parse("diffvet-ignore[a/b]", 19, &s);
	assert_null(s.reason);
	dv_suppression_parse("diffvet-ignore[a/b]:   */", 25, &s);
	assert_null(s.reason);
	dv_suppression_parse("diffvet-ignore[a/b] because", 27, &s);
	assert_null(s.reason);
	/* empty ids are kept (and reported by the pass), never match */
	dv_suppression_parse("diffvet-ignore[]: r", 19, &s);
	assert_int_equal(s.n_ids, 1);
	assert_int_equal(s.ids[0].len, 0);
	assert_false(dv_suppression_matches(&s, "a/b"));
	/* two markers: the first, then the second from where it stopped */
	next = dv_suppression_parse(two, strlen(two), &s);
	assert_null(s.reason);
	assert_true(dv_suppression_matches(&s, "a/b"));
	assert_int_equal(dv_suppression_parse(two + next, strlen(two) - next, &s), strlen(two) - next - 3);
	assert_true(dv_suppression_matches(&s, "any/rule"));
	assert_span(s.reason, s.reason_len, "r");
	/* more ids than the maximum */
	for (i = 0; i < DV_SUPPRESSION_MAX_IDS + 3; i++)
		strcat(many, "a/b,");
	strcat(many, "c/d]: r");
	dv_suppression_parse(many, strlen(many), &s);
	assert_int_equal(s.n_ids, DV_SUPPRESSION_MAX_IDS);
	assert_true(s.too_many_ids);
}

/* ---- the pass over findings ------------------------------------------- */

/* One file "f.c" held as lines; `added` lists the change's added lines. */
struct repo {
	const char *const *lines; /* NULL-terminated, line 1 first */
	const unsigned *added;    /* 0-terminated */
};

static const char *read_line(void *ctx, const char *path, unsigned line)
{
	const struct repo *r = ctx;
	unsigned i;

	if (strcmp(path, "f.c") != 0 || line == 0)
		return NULL;
	for (i = 0; i < line - 1; i++)
		if (!r->lines[i])
			return NULL;
	return r->lines[line - 1];
}

static int line_added(void *ctx, const char *path, unsigned line)
{
	const struct repo *r = ctx;
	size_t i;

	for (i = 0; strcmp(path, "f.c") == 0 && r->added[i]; i++)
		if (r->added[i] == line)
			return 1;
	return 0;
}

struct fixture {
	struct dv_ruleset *rules;
	struct dv_findings findings;
	struct dv_notifications notes;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct dv_error err = {0};

	fx->rules = dv_ruleset_load(DV_SOURCE_DIR "/rules", NULL, NULL, 0, &err);
	if (!fx->rules)
		return -1;
	dv_findings_init(&fx->findings);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	dv_findings_release(&fx->findings);
	dv_notifications_release(&fx->notes);
	dv_ruleset_free(fx->rules);
	free(fx);
	return 0;
}

static struct dv_finding *add_finding(struct fixture *fx, const char *rule, unsigned line)
{
	struct dv_finding *f = dv_findings_push(&fx->findings);

	f->rule_id = xstrdup(rule);
	f->message = xstrdup("m");
	dv_location_set(&f->primary, "f.c", line, 1, 0, 0, NULL);
	return f;
}

static void run(struct fixture *fx, struct repo *r, int diff_mode)
{
	static const char *const paths[] = {"f.c"};
	struct dv_suppress_options o;

	memset(&o, 0, sizeof(o));
	o.read_line = read_line;
	o.read_ctx = r;
	o.rules = fx->rules;
	if (diff_mode) {
		o.line_added = line_added;
		o.added_ctx = r;
		o.paths = paths;
		o.n_paths = 1;
	}
	dv_apply_suppressions(&fx->findings, &o, &fx->notes);
}

/* The notes, one "LINE: LEVEL: message" per line, for exact checks. */
static void expect_notes(const struct fixture *fx, size_t n, ...)
{
	va_list ap;
	size_t i;

	for (i = 0; fx->notes.count != n && i < fx->notes.count; i++)
		print_message("note %u: %s\n", fx->notes.items[i].line, fx->notes.items[i].message);
	assert_int_equal(fx->notes.count, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		unsigned line = va_arg(ap, unsigned);
		const char *want = va_arg(ap, const char *);

		assert_int_equal(fx->notes.items[i].level, DV_LEVEL_NOTE);
		assert_int_equal(fx->notes.items[i].line, line);
		if (!strstr(fx->notes.items[i].message, want))
			fail_msg("note '%s' lacks '%s'", fx->notes.items[i].message, want);
	}
	va_end(ap);
}

static void test_check_mode(void **state)
{
	struct fixture *fx = *state;
	static const char *const lines[] = {
		"// diffvet-ignore[injection/command]: argv is fixed", /* 1 */
		"system(cmd);",                                         /* 2: above suppresses */
		"system(cmd); // diffvet-ignore[injection/command]",    /* 3: no reason */
		"system(cmd); // diffvet-ignore[injection/comand]: typo", /* 4 */
		"system(cmd); // diffvet-ignore[injection]: family",    /* 5 */
		"system(cmd); // diffvet-ignore[injection/*]: all of the family", /* 6 */
		"// diffvet-ignore[nosuch/rule]: far from any finding", /* 7: not looked at */
		"x();",                                                 /* 8 */
		NULL};
	static const unsigned none[] = {0};
	struct repo r = {lines, none};
	struct dv_finding *f;

	add_finding(fx, "injection/command", 2);
	add_finding(fx, "injection/command", 3);
	add_finding(fx, "injection/command", 4);
	add_finding(fx, "injection/command", 5);
	add_finding(fx, "injection/command", 6);
	run(fx, &r, 0);
	f = fx->findings.items;
	assert_true(f[0].suppressed);
	assert_string_equal(f[0].suppression_reason, "argv is fixed");
	assert_false(f[0].suppressed_in_change);
	assert_false(f[1].suppressed); /* no reason: the line above is not consulted */
	assert_false(f[2].suppressed);
	assert_false(f[3].suppressed);
	assert_true(f[4].suppressed);
	assert_string_equal(f[4].suppression_reason, "all of the family");
	expect_notes(fx, 3, 3u, "a reason is required", 4u,
		     "unknown rule id 'injection/comand' (did you mean 'injection/command'?)", 5u,
		     "names 'injection', not a rule id: write 'injection/RULE' or 'injection/*'");
}

static void test_diff_mode(void **state)
{
	struct fixture *fx = *state;
	static const char *const lines[] = {
		"system(a); // diffvet-ignore[injection/command]: old, reviewed", /* 1: base */
		"x();",                                                          /* 2 */
		"system(b); // diffvet-ignore[injection/command]: trust me",      /* 3: added */
		"// diffvet-ignore[injection/command]: added above",             /* 4: added */
		"system(c); // diffvet-ignore[injection/command]: old one wins",  /* 5: base */
		"// diffvet-ignore[nosuch/rule]: added, suppresses nothing",      /* 6: added */
		"// diffvet-ignore[nosuch/rule]: at the base, not looked at",     /* 7 */
		"// diffvet-ignore[*]",                                          /* 8: added */
		NULL};
	static const unsigned added[] = {3, 4, 6, 8, 0};
	struct repo r = {lines, added};
	struct dv_finding *f;

	add_finding(fx, "injection/command", 1);
	add_finding(fx, "injection/command", 3);
	add_finding(fx, "injection/command", 5);
	run(fx, &r, 1);
	f = fx->findings.items;
	/* present at the base: works as before */
	assert_true(f[0].suppressed);
	assert_false(f[0].suppressed_in_change);
	/* added by the change: marked, listed (and counted: dv_gate_counts) */
	assert_true(f[1].suppressed);
	assert_true(f[1].suppressed_in_change);
	assert_string_equal(f[1].suppression_reason, "trust me");
	/* an added comment above, the base's on the line: the base's counts */
	assert_true(f[2].suppressed);
	assert_false(f[2].suppressed_in_change);
	assert_string_equal(f[2].suppression_reason, "old one wins");
	expect_notes(fx, 3, 6u, "unknown rule id 'nosuch/rule'", 8u, "a reason is required", 3u,
		     "suppression of 'injection/command' added by this change: the finding at "
		     "line 3 still counts for the gate (reason given: trust me)");
}

static void test_diff_mode_added_line_above(void **state)
{
	struct fixture *fx = *state;
	static const char *const lines[] = {"// diffvet-ignore[injection/command]: new", "system(x);",
					    NULL};
	static const unsigned added[] = {1, 2, 0};
	struct repo r = {lines, added};

	add_finding(fx, "injection/command", 2);
	run(fx, &r, 1);
	assert_true(fx->findings.items[0].suppressed);
	assert_true(fx->findings.items[0].suppressed_in_change);
	expect_notes(fx, 1, 1u, "added by this change: the finding at line 2 still counts");
	/* the same text in check mode suppresses */
	dv_notifications_release(&fx->notes);
	memset(&fx->notes, 0, sizeof(fx->notes));
	fx->findings.items[0].suppressed_in_change = 0;
	fx->findings.items[0].suppressed = 0;
	free(fx->findings.items[0].suppression_reason);
	fx->findings.items[0].suppression_reason = NULL;
	run(fx, &r, 0);
	assert_true(fx->findings.items[0].suppressed);
	assert_false(fx->findings.items[0].suppressed_in_change);
	expect_notes(fx, 0);
}

static void test_without_ruleset(void **state)
{
	struct fixture *fx = *state;
	static const char *const lines[] = {"f(); // diffvet-ignore[made/up, fam]: r", NULL};
	static const unsigned none[] = {0};
	struct repo r = {lines, none};
	struct dv_suppress_options o;

	add_finding(fx, "made/up", 1);
	memset(&o, 0, sizeof(o));
	o.read_line = read_line;
	o.read_ctx = &r;
	dv_apply_suppressions(&fx->findings, &o, &fx->notes);
	/* without rules only the form is checked */
	assert_true(fx->findings.items[0].suppressed);
	expect_notes(fx, 1, 1u, "names 'fam', not a rule id");
}

static void test_line_above_needs_own_comment(void **state)
{
	struct fixture *fx = *state;
	static const char *const lines[] = {
		"system(FIXED); // diffvet-ignore[injection/command]: fixed argv", /* 1 */
		"system(user);",                                                    /* 2 */
		"  /* diffvet-ignore[injection/command]: argv from a table */",      /* 3 */
		"system(table[i]);",                                                /* 4: added */
		NULL};
	static const unsigned added[] = {4, 0};
	struct repo r = {lines, added};
	struct dv_finding *f;

	add_finding(fx, "injection/command", 1);
	add_finding(fx, "injection/command", 2);
	add_finding(fx, "injection/command", 4);
	run(fx, &r, 1);
	f = fx->findings.items;
	assert_true(f[0].suppressed);
	/* the trailing comment above is about its own line */
	assert_false(f[1].suppressed);
	assert_false(f[1].suppressed_in_change);
	/* an older comment of its own above a line the change wrote: works,
	 * and the reviewer is told */
	assert_true(f[2].suppressed);
	assert_string_equal(f[2].suppression_reason, "argv from a table");
	expect_notes(fx, 1, 4u,
		     "line 4, which this change wrote, is suppressed for 'injection/command' by the "
		     "older comment above it (reason given: argv from a table)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_one),
		cmocka_unit_test(test_parse_edge_cases),
		cmocka_unit_test_setup_teardown(test_check_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_mode_added_line_above, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_ruleset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_above_needs_own_comment, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
