/* Statement-level dominance, post-dominance and check guards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfg_helper.h"
#include "engine/dom.h"

#define PRE                                                                        \
	"int f(int); void g(void); void h(void); void op(void); void op2(void);\n" \
	"void abort(void); void exit(int); int is_admin(int); int check_perm(int);\n"

struct dfx {
	struct fx fx;
	struct dv_dom *dom;
};

static const struct dv_cfg *dopen(struct dfx *d, const char *src)
{
	const struct dv_cfg *cfg = fx_open(&d->fx, src, 0, "t");
	d->dom = cfg ? dv_dom_build(cfg) : NULL;
	return cfg;
}

static void dclose(struct dfx *d)
{
	dv_dom_free(d->dom);
	fx_close(&d->fx);
}

/* Position of the first call whose text is `text` (e.g. "op()"). */
struct find_call {
	const char *text;
	CXCursor found;
};

static enum CXChildVisitResult find_call_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct find_call *fc = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr && cursor_text_is(c, fc->text)) {
		fc->found = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static CXCursor call(struct dfx *d, const char *text)
{
	struct find_call fc = { text, clang_getNullCursor() };
	clang_visitChildren(d->fx.cfg->body, find_call_visit, &fc);
	assert_false(clang_Cursor_isNull(fc.found));
	return fc.found;
}

static struct dv_pos pos(struct dfx *d, const char *text)
{
	struct dv_pos p = { UINT_MAX, UINT_MAX };
	assert_int_equal(dv_dom_locate(d->dom, call(d, text), &p), 0);
	return p;
}

static int guarded(struct dfx *d, const char *check, enum dv_check_pass pass, const char *x)
{
	return dv_dom_guarded(d->dom, call(d, check), pass, pos(d, x));
}

static void test_same_block_order(void **state)
{
	struct dfx d;
	struct dv_pos g, h;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(void) { g(); h(); }"));
	g = pos(&d, "g()");
	h = pos(&d, "h()");
	assert_int_equal(g.block, h.block);
	assert_true(g.elem < h.elem);
	assert_true(dv_dom_dominates(d.dom, g, h));
	assert_false(dv_dom_dominates(d.dom, h, g));
	assert_true(dv_dom_postdominates(d.dom, h, g));
	assert_false(dv_dom_postdominates(d.dom, g, h));
	dclose(&d);
}

static void test_if_join(void **state)
{
	struct dfx d;
	struct dv_pos g, h, f;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(int x) { g(); if (x) h(); f(1); }"));
	g = pos(&d, "g()");
	h = pos(&d, "h()");
	f = pos(&d, "f(1)");
	assert_true(dv_dom_dominates(d.dom, g, f));
	assert_false(dv_dom_dominates(d.dom, h, f));
	assert_true(dv_dom_postdominates(d.dom, f, g));
	assert_true(dv_dom_postdominates(d.dom, f, h));
	assert_false(dv_dom_postdominates(d.dom, h, g));
	assert_int_equal(dv_dom_ipdom(d.dom, g.block), f.block);
	dclose(&d);
}

static void test_early_return_postdom(void **state)
{
	struct dfx d;
	struct dv_pos g, h;
	(void)state;
	assert_non_null(dopen(&d, PRE "int t(int x) { g(); if (x) return 1; h(); return 0; }"));
	g = pos(&d, "g()");
	h = pos(&d, "h()");
	assert_true(dv_dom_dominates(d.dom, g, h));
	assert_false(dv_dom_postdominates(d.dom, h, g)); /* the early return skips h */
	dclose(&d);
}

static void test_noreturn_paths_do_not_count(void **state)
{
	struct dfx d;
	struct dv_pos g, h, a;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(int x) { g(); if (x) abort(); h(); }"));
	g = pos(&d, "g()");
	h = pos(&d, "h()");
	a = pos(&d, "abort()");
	assert_true(dv_dom_postdominates(d.dom, h, g));
	assert_false(dv_dom_postdominates(d.dom, h, a)); /* abort's block never reaches the exit */
	assert_int_equal(dv_dom_ipdom(d.dom, a.block), UINT_MAX);
	dclose(&d);
}

static void test_loop_postdom(void **state)
{
	struct dfx d;
	struct dv_pos g, h, f;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(int n) { for (int i = 0; i < n; i++) { g(); if (f(i)) break; h(); } op(); }"));
	g = pos(&d, "g()");
	h = pos(&d, "h()");
	f = pos(&d, "op()");
	assert_true(dv_dom_postdominates(d.dom, f, g));
	assert_true(dv_dom_postdominates(d.dom, f, h));
	assert_false(dv_dom_postdominates(d.dom, h, g));
	assert_true(dv_dom_dominates(d.dom, g, h));
	assert_false(dv_dom_dominates(d.dom, h, f));
	dclose(&d);
}

static void test_infinite_loop(void **state)
{
	struct dfx d;
	struct dv_pos g, h;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(void) { for (;;) { g(); h(); } }"));
	g = pos(&d, "g()");
	h = pos(&d, "h()");
	assert_true(dv_dom_dominates(d.dom, g, h));
	/* no exit is reachable: post-dominance says nothing */
	assert_false(dv_dom_postdominates(d.dom, h, g));
	dclose(&d);
}

static void test_guard_early_return(void **state)
{
	struct dfx d;
	(void)state;
	assert_non_null(dopen(&d, PRE "int t(int u) { g(); if (!is_admin(u)) return -1; op(); return 0; }"));
	assert_true(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "op()"));
	assert_false(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "g()"));
	/* a check whose convention is "0 passes" is the opposite test */
	assert_false(guarded(&d, "is_admin(u)", DV_PASS_ZERO, "op()"));
	assert_true(dv_dom_result_tested(d.dom, call(&d, "is_admin(u)")));
	dclose(&d);
}

static void test_guard_then_branch(void **state)
{
	struct dfx d;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(int u) { if (is_admin(u)) op(); else op2(); g(); }"));
	assert_true(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "op()"));
	assert_false(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "op2()"));
	assert_false(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "g()")); /* after the join */
	dclose(&d);
}

static void test_guard_through_variable(void **state)
{
	struct dfx d;
	(void)state;
	assert_non_null(dopen(&d, PRE "int t(int u) { int rc = check_perm(u); g(); if (rc < 0) goto out; op(); out: h(); return rc; }"));
	assert_true(guarded(&d, "check_perm(u)", DV_PASS_NONNEG, "op()"));
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_NONNEG, "h()"));
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_NONNEG, "g()"));
	/* "< 0 fails" says nothing about a "0 passes" convention's positive values */
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "op()"));
	dclose(&d);
}

static void test_guard_through_flag(void **state)
{
	struct dfx d;
	(void)state;
	/* amroot = getuid() == 0: the flag is nonzero exactly when the value is 0 */
	assert_non_null(dopen(&d, PRE "int t(int u) { int ok = check_perm(u) == 0; g(); if (!ok) return -1; op(); return 0; }"));
	assert_true(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "op()"));
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_NONZERO, "op()"));
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "g()"));
	dclose(&d);
	assert_non_null(dopen(&d, PRE "void t(int u) { int bad; bad = (0 != check_perm(u)); if (bad) op2(); else op(); h(); }"));
	assert_true(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "op()"));
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "op2()"));
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "h()"));
	dclose(&d);
	/* a flag of another comparison (< 0) is not modelled: it guards nothing */
	assert_non_null(dopen(&d, PRE "void t(int u) { int neg = check_perm(u) < 0; if (neg) return; op(); }"));
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_NONNEG, "op()"));
	dclose(&d);
}

static void test_guard_assignment_in_condition(void **state)
{
	struct dfx d;
	(void)state;
	assert_non_null(dopen(&d, PRE "int t(int u) { int rc; if ((rc = check_perm(u)) != 0) return rc; op(); return 0; }"));
	assert_true(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "op()"));
	assert_true(guarded(&d, "check_perm(u)", DV_PASS_NONNEG, "op()"));
	dclose(&d);
}

static void test_guard_short_circuit(void **state)
{
	struct dfx d;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(int u, int x) { if (!is_admin(u) || x) return; op(); }"));
	assert_true(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "op()"));
	dclose(&d);
	assert_non_null(dopen(&d, PRE "void t(int u, int x) { if (x || is_admin(u)) op(); }"));
	/* x alone reaches op */
	assert_false(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "op()"));
	dclose(&d);
}

static void test_guard_noreturn_failure(void **state)
{
	struct dfx d;
	struct dv_pos exit_pos;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(int u) { if (!is_admin(u)) exit(1); op(); }"));
	assert_true(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "op()"));
	/* every normal return passed the check: a "checks or dies" function */
	exit_pos.block = d.fx.cfg->exit;
	exit_pos.elem = 0;
	assert_true(dv_dom_guarded(d.dom, call(&d, "is_admin(u)"), DV_PASS_NONZERO, exit_pos));
	dclose(&d);
}

static void test_ignored_result(void **state)
{
	struct dfx d;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(int u) { is_admin(u); op(); }"));
	assert_false(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "op()"));
	assert_false(dv_dom_result_tested(d.dom, call(&d, "is_admin(u)")));
	dclose(&d);
}

static void test_other_value_tested(void **state)
{
	struct dfx d;
	(void)state;
	/* a branch on another value after the check guards nothing */
	assert_non_null(dopen(&d, PRE "void t(int u, int x) { int ok = is_admin(u); if (x) op(); (void)ok; }"));
	assert_false(guarded(&d, "is_admin(u)", DV_PASS_NONZERO, "op()"));
	assert_false(dv_dom_result_tested(d.dom, call(&d, "is_admin(u)")));
	dclose(&d);
}

static void test_guard_switch(void **state)
{
	struct dfx d;
	(void)state;
	assert_non_null(dopen(&d, PRE "void t(int u) { switch (check_perm(u)) { case 0: op(); break; default: op2(); } }"));
	assert_true(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "op()"));
	assert_false(guarded(&d, "check_perm(u)", DV_PASS_ZERO, "op2()"));
	dclose(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_block_order),
		cmocka_unit_test(test_if_join),
		cmocka_unit_test(test_early_return_postdom),
		cmocka_unit_test(test_noreturn_paths_do_not_count),
		cmocka_unit_test(test_loop_postdom),
		cmocka_unit_test(test_infinite_loop),
		cmocka_unit_test(test_guard_early_return),
		cmocka_unit_test(test_guard_then_branch),
		cmocka_unit_test(test_guard_through_variable),
		cmocka_unit_test(test_guard_assignment_in_condition),
		cmocka_unit_test(test_guard_short_circuit),
		cmocka_unit_test(test_guard_noreturn_failure),
		cmocka_unit_test(test_ignored_result),
		cmocka_unit_test(test_other_value_tested),
		cmocka_unit_test(test_guard_switch),
		cmocka_unit_test(test_guard_through_flag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
