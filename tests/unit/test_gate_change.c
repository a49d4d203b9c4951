/* Unit tests for the gate's change reasons (src/gate/gate.c): any change
 * under critical_paths, removed guards, --fail-on verdict names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "gate/gate.h"

static char *critical[] = {"src/auth/"};

static void empty_input(struct dv_gate_input *in, struct dv_ruleset *rs, struct dv_findings *fs)
{
	memset(rs, 0, sizeof(*rs));
	dv_gate_policy_default(&rs->gate);
	rs->critical_paths = critical;
	rs->n_critical_paths = 1;
	dv_findings_init(fs);
	memset(in, 0, sizeof(*in));
	in->findings = fs;
	in->rules = rs;
	in->diff_mode = 1;
}

static const struct dv_gate_reason *find_kind(const struct dv_gate *g, enum dv_reason_kind k)
{
	size_t i;

	for (i = 0; i < g->n_reasons; i++)
		if (g->reasons[i].kind == k)
			return &g->reasons[i];
	return NULL;
}

static void test_critical_path_changed(void **state)
{
	struct dv_gate_input in;
	struct dv_ruleset rs;
	struct dv_findings fs;
	struct dv_gate g;
	const char *paths[] = {"README.md", "src/auth/login.c"};
	const struct dv_gate_reason *r;

	(void)state;
	empty_input(&in, &rs, &fs);
	in.changed_paths = paths;
	in.n_changed_paths = 2;
	dv_gate_compute(&in, &g);
	assert_int_equal(g.verdict, DV_VERDICT_SENIOR_APPROVAL);
	r = find_kind(&g, DV_REASON_CRITICAL_PATH);
	assert_non_null(r);
	assert_string_equal(r->path, "src/auth/login.c");
	assert_non_null(strstr(r->message, "modifies a critical path"));
	dv_gate_release(&g);

	/* outside the critical paths: nothing to approve */
	in.n_changed_paths = 1;
	dv_gate_compute(&in, &g);
	assert_int_equal(g.verdict, DV_VERDICT_PASS);
	assert_null(find_kind(&g, DV_REASON_CRITICAL_PATH));
	dv_gate_release(&g);
}

static void test_guard_removed(void **state)
{
	struct dv_gate_input in;
	struct dv_ruleset rs;
	struct dv_findings fs;
	struct dv_gate g;
	struct dv_gate_guard guard = {"the change removed the call to 'fclose' in f()", "a.c", 7};
	const struct dv_gate_reason *r;

	(void)state;
	empty_input(&in, &rs, &fs);
	in.removed_guards = &guard;
	in.n_removed_guards = 1;
	dv_gate_compute(&in, &g);
	assert_int_equal(g.verdict, DV_VERDICT_DUAL_REVIEW);
	r = find_kind(&g, DV_REASON_GUARD_REMOVED);
	assert_non_null(r);
	assert_int_equal(r->line, 7);
	assert_string_equal(dv_reason_kind_name(r->kind), "guard-removed");
	dv_gate_release(&g);
}

static void test_verdict_names(void **state)
{
	enum dv_verdict v;

	(void)state;
	assert_int_equal(dv_verdict_parse("dual-review", &v), 0);
	assert_int_equal(v, DV_VERDICT_DUAL_REVIEW);
	assert_int_equal(dv_verdict_parse("senior-approval", &v), 0);
	assert_int_equal(v, DV_VERDICT_SENIOR_APPROVAL);
	assert_int_equal(dv_verdict_parse("bogus", &v), -1);
}

static void test_change_size(void **state)
{
	struct dv_gate_input in;
	struct dv_ruleset rs;
	struct dv_findings fs;
	struct dv_gate g;
	const struct dv_gate_reason *r;

	(void)state;
	empty_input(&in, &rs, &fs);
	in.changed_lines = 1000; /* at the limit: no reason */
	dv_gate_compute(&in, &g);
	assert_int_equal(g.verdict, DV_VERDICT_PASS);
	assert_null(find_kind(&g, DV_REASON_CHANGE_SIZE));
	dv_gate_release(&g);

	in.changed_lines = 1001;
	dv_gate_compute(&in, &g);
	assert_int_equal(g.verdict, DV_VERDICT_REVIEW);
	r = find_kind(&g, DV_REASON_CHANGE_SIZE);
	assert_non_null(r);
	assert_non_null(strstr(r->message, "1001 lines"));
	dv_gate_release(&g);

	rs.gate.large_change_verdict = DV_VERDICT_DUAL_REVIEW;
	dv_gate_compute(&in, &g);
	assert_int_equal(g.verdict, DV_VERDICT_DUAL_REVIEW);
	dv_gate_release(&g);

	rs.gate.max_changed_lines = 0; /* no limit */
	dv_gate_compute(&in, &g);
	assert_int_equal(g.verdict, DV_VERDICT_PASS);
	dv_gate_release(&g);

	/* check mode has no change size */
	rs.gate.max_changed_lines = 10;
	in.diff_mode = 0;
	dv_gate_compute(&in, &g);
	assert_null(find_kind(&g, DV_REASON_CHANGE_SIZE));
	dv_gate_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_critical_path_changed),
		cmocka_unit_test(test_guard_removed),
		cmocka_unit_test(test_verdict_names),
		cmocka_unit_test(test_change_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
