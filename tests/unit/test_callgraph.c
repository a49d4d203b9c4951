/* Call graph: nodes, resolution, SCCs, bottom-up scheduling. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "parse_helper.h"
#include "engine/callgraph.h"
#include "front/ast.h"

#include <stdlib.h>
#include <string.h>

static long fn_index(const struct dv_callgraph *cg, const char *name)
{
	unsigned i;
	for (i = 0; i < cg->n_funcs; i++)
		if (!strcmp(cg->funcs[i].name, name))
			return (long)i;
	return -1;
}

static long position(const struct dv_callgraph *cg, const char *name)
{
	long idx = fn_index(cg, name);
	unsigned i;
	for (i = 0; i < cg->n_funcs; i++)
		if ((long)cg->bottom_up[i] == idx)
			return (long)i;
	return -1;
}

static int has_callee(const struct dv_callgraph *cg, const char *from, const char *to)
{
	long f = fn_index(cg, from), t = fn_index(cg, to);
	unsigned i;
	if (f < 0 || t < 0)
		return 0;
	for (i = 0; i < cg->funcs[f].n_callees; i++)
		if ((long)cg->funcs[f].callees[i] == t)
			return 1;
	return 0;
}

static void test_bottom_up_order(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	long leaf, mid, top;
	unsigned i, seen[3] = { 0, 0, 0 };
	(void)state;
	assert_int_equal(dv_test_parse(&t,
					"int printf(const char *, ...);\n"
					"static int leaf(int x) { return x; }\n"
					"int top(int x);\n"
					"static int mid(int x) { return leaf(x) + 1; }\n"
					"int top(int x) { printf(\"x\"); return mid(x) + leaf(x) + mid(2); }\n",
					0),
			 0);
	cg = dv_callgraph_build(t.tu);
	assert_int_equal(cg->n_funcs, 3);
	leaf = fn_index(cg, "leaf");
	mid = fn_index(cg, "mid");
	top = fn_index(cg, "top");
	assert_true(leaf >= 0 && mid >= 0 && top >= 0);
	assert_true(position(cg, "leaf") < position(cg, "mid"));
	assert_true(position(cg, "mid") < position(cg, "top"));
	for (i = 0; i < cg->n_funcs; i++)
		seen[cg->bottom_up[i]]++;
	assert_int_equal(seen[0] + seen[1] + seen[2], 3);
	assert_int_equal(seen[0], 1);
	assert_int_equal(cg->funcs[top].n_callees, 2); /* deduplicated; printf is not defined here */
	assert_true(has_callee(cg, "top", "mid"));
	assert_true(has_callee(cg, "top", "leaf"));
	assert_int_equal(cg->funcs[leaf].n_callers, 2);
	assert_false(cg->funcs[top].recursive);
	assert_true(cg->funcs[leaf].scc != cg->funcs[mid].scc);
	assert_non_null(cg->funcs[top].usr);
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

static void test_recursion(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	long even, odd, user, fact;
	(void)state;
	assert_int_equal(dv_test_parse(&t,
					"int odd(int);\n"
					"int even(int n) { return n ? odd(n - 1) : 1; }\n"
					"int odd(int n) { return n ? even(n - 1) : 0; }\n"
					"int fact(int n) { return n ? n * fact(n - 1) : 1; }\n"
					"int user(void) { return even(4) + fact(3); }\n",
					0),
			 0);
	cg = dv_callgraph_build(t.tu);
	even = fn_index(cg, "even");
	odd = fn_index(cg, "odd");
	user = fn_index(cg, "user");
	fact = fn_index(cg, "fact");
	assert_int_equal(cg->funcs[even].scc, cg->funcs[odd].scc);
	assert_true(cg->funcs[even].recursive);
	assert_true(cg->funcs[odd].recursive);
	assert_true(cg->funcs[fact].recursive);
	assert_false(cg->funcs[user].recursive);
	assert_true(cg->funcs[fact].scc != cg->funcs[user].scc);
	/* SCC members adjacent, before their caller */
	assert_int_equal(labs(position(cg, "even") - position(cg, "odd")), 1);
	assert_true(position(cg, "even") < position(cg, "user"));
	assert_true(position(cg, "fact") < position(cg, "user"));
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

struct step_ctx {
	unsigned calls[16];
	unsigned order[64];
	unsigned n_order;
	int always_changed;
};

static int step(void *ctx, unsigned fn)
{
	struct step_ctx *s = ctx;
	s->calls[fn]++;
	if (s->n_order < 64)
		s->order[s->n_order++] = fn;
	return s->always_changed || s->calls[fn] < 2;
}

static void test_rounds_bound(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	struct step_ctx s;
	long even, odd, user;
	(void)state;
	assert_int_equal(dv_test_parse(&t,
					"int odd(int);\n"
					"int even(int n) { return n ? odd(n - 1) : 1; }\n"
					"int odd(int n) { return n ? even(n - 1) : 0; }\n"
					"int user(void) { return even(4); }\n",
					0),
			 0);
	cg = dv_callgraph_build(t.tu);
	even = fn_index(cg, "even");
	odd = fn_index(cg, "odd");
	user = fn_index(cg, "user");
	memset(&s, 0, sizeof(s));
	s.always_changed = 1;
	dv_callgraph_bottom_up(cg, step, &s, 3);
	assert_int_equal(s.calls[even], 3);
	assert_int_equal(s.calls[odd], 3);
	assert_int_equal(s.calls[user], 1);
	assert_int_equal(s.order[s.n_order - 1], user);
	/* stops when nothing changes: round 1 changes, round 2 does not */
	memset(&s, 0, sizeof(s));
	dv_callgraph_bottom_up(cg, step, &s, 10);
	assert_int_equal(s.calls[even], 2);
	assert_int_equal(s.calls[odd], 2);
	assert_int_equal(s.calls[user], 1);
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

static void test_prototype_resolution(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	CXCursor call, proto, ext;
	long later;
	(void)state;
	assert_int_equal(dv_test_parse(&t,
					"int later(int);\n"
					"int ext(int);\n"
					"int user(int x) { return later(x) + ext(x); }\n"
					"int later(int x) { return x; }\n",
					0),
			 0);
	cg = dv_callgraph_build(t.tu);
	later = fn_index(cg, "later");
	assert_true(later >= 0);
	assert_int_equal(fn_index(cg, "ext"), -1);
	call = dv_test_find(&t, "later", CXCursor_CallExpr, 0);
	assert_int_equal(dv_callgraph_callee(cg, call), later);
	proto = dv_test_find(&t, "later", CXCursor_FunctionDecl, 0);
	assert_false(clang_isCursorDefinition(proto));
	assert_int_equal(dv_callgraph_lookup(cg, proto), later);
	ext = dv_test_find(&t, "ext", CXCursor_CallExpr, 0);
	assert_int_equal(dv_callgraph_callee(cg, ext), -1);
	assert_true(has_callee(cg, "user", "later"));
	assert_true(position(cg, "later") < position(cg, "user"));
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

static void test_cxx_methods_and_lambdas(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	long lam = -1;
	unsigned i;
	const struct dv_cfg *c1, *c2;
	(void)state;
	assert_int_equal(dv_test_parse(&t,
					"namespace ns {\n"
					"struct S { int m(int x) { return x; } int n(); S() { m(0); } };\n"
					"int S::n() { return m(1); }\n"
					"}\n"
					"int top() { ns::S s; auto l = [&](int a) { return s.n() + a; }; return l(2); }\n",
					1),
			 0);
	cg = dv_callgraph_build(t.tu);
	for (i = 0; i < cg->n_funcs; i++)
		if (!strncmp(cg->funcs[i].name, "lambda@", 7))
			lam = (long)i;
	assert_true(lam >= 0);
	assert_string_equal(cg->funcs[lam].name, "lambda@5");
	assert_int_equal(clang_getCursorKind(cg->funcs[lam].cursor), CXCursor_LambdaExpr);
	assert_int_equal(cg->n_funcs, 5); /* m, n, S(), top, lambda */
	assert_true(has_callee(cg, "n", "m"));
	assert_true(has_callee(cg, "S", "m"));
	assert_true(has_callee(cg, "top", "S"));
	assert_true(has_callee(cg, "top", cg->funcs[lam].name));
	assert_true(has_callee(cg, cg->funcs[lam].name, "n"));
	assert_false(has_callee(cg, "top", "n")); /* the lambda's calls are its own */
	assert_true(position(cg, "m") < position(cg, "n"));
	assert_true(position(cg, "n") < position(cg, cg->funcs[lam].name));
	assert_true(position(cg, cg->funcs[lam].name) < position(cg, "top"));
	assert_int_equal(dv_callgraph_lookup(cg, cg->funcs[lam].cursor), lam);
	/* CFGs are built once and cached */
	c1 = dv_callgraph_cfg(cg, (unsigned)lam);
	c2 = dv_callgraph_cfg(cg, (unsigned)lam);
	assert_non_null(c1);
	assert_ptr_equal(c1, c2);
	assert_null(dv_callgraph_cfg(cg, cg->n_funcs));
	for (i = 0; i < cg->n_funcs; i++)
		assert_non_null(dv_callgraph_cfg(cg, i));
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

static void test_empty(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	struct step_ctx s;
	(void)state;
	assert_int_equal(dv_test_parse(&t, "int x; int f(int);", 0), 0);
	cg = dv_callgraph_build(t.tu);
	assert_int_equal(cg->n_funcs, 0);
	memset(&s, 0, sizeof(s));
	dv_callgraph_bottom_up(cg, step, &s, 3);
	assert_int_equal(s.n_order, 0);
	assert_int_equal(dv_callgraph_lookup(cg, clang_getNullCursor()), -1);
	dv_callgraph_free(cg);
	dv_callgraph_free(NULL);
	dv_test_release(&t);
}

static long fn_by_usr(const struct dv_callgraph *cg, const char *part)
{
	unsigned i;
	for (i = 0; i < cg->n_funcs; i++)
		if (strstr(cg->funcs[i].usr, part))
			return (long)i;
	return -1;
}

static enum CXChildVisitResult first_call(CXCursor c, CXCursor parent, void *data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_CXXMethod) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Fact keys: C linkage by name, C++ by USR (overloads apart); virtual
 * calls: devirtualised when the dynamic type is known, else every
 * override the TU declares. */
static void test_cxx_keys_and_virtual_targets(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	struct dv_call_targets tg;
	CXCursor call = clang_getNullCursor();
	long c, f1, f2, d1, d2, n, un;
	(void)state;
	assert_int_equal(dv_test_parse(&t,
					"extern \"C\" int cfun(int x) { return x; }\n"
					"namespace a { int f(int x) { return x; } int f(double x) { return 0; } }\n"
					"struct B { virtual ~B() {} virtual int v(int) const = 0; };\n"
					"struct D1 : B { int v(int x) const override { return x; } };\n"
					"struct D2 : B { int v(int x) const override { return -x; } };\n"
					"struct N { int v(int x) const { return x; } };\n"
					"int by_ref() { const B &b = D1(); return b.v(1); }\n"
					"int by_new() { B *p = new D2; return p->v(1); }\n"
					"int by_new_reset(B *q) { B *p = new D2; p = q; return p->v(1); }\n"
					"int unknown(const B &b) { return b.v(2); }\n"
					"int plain() { N x; return x.v(3); }\n",
					1),
			 0);
	cg = dv_callgraph_build(t.tu);
	c = fn_index(cg, "cfun");
	f1 = fn_by_usr(cg, "@N@a@F@f#I#");
	f2 = fn_by_usr(cg, "@N@a@F@f#d#");
	d1 = fn_by_usr(cg, "@S@D1@F@v#");
	d2 = fn_by_usr(cg, "@S@D2@F@v#");
	n = fn_by_usr(cg, "@S@N@F@v#");
	un = fn_index(cg, "unknown");
	assert_true(c >= 0 && f1 >= 0 && f2 >= 0 && d1 >= 0 && d2 >= 0 && n >= 0 && un >= 0);
	assert_string_equal(cg->funcs[c].key, "cfun");
	assert_string_equal(cg->funcs[f1].key, cg->funcs[f1].usr);
	assert_string_not_equal(cg->funcs[f1].key, cg->funcs[f2].key);
	assert_true(dv_callgraph_exported(cg, (unsigned)d1));
	call = clang_getNullCursor();
	clang_visitChildren(cg->funcs[fn_index(cg, "by_ref")].cursor, first_call, &call);
	assert_int_equal(dv_callgraph_callee(cg, call), d1);
	/* the unknown call's overrides are summarised before it */
	assert_true(cg->funcs[un].n_callees == 2);
	/* p->v() after p = q: any override */
	clang_visitChildren(cg->funcs[fn_index(cg, "by_new_reset")].cursor, first_call, &call);
	assert_false(clang_Cursor_isNull(call));
	assert_int_equal(dv_callgraph_callee(cg, call), -1);
	call = clang_getNullCursor();
	clang_visitChildren(cg->funcs[fn_index(cg, "by_new")].cursor, first_call, &call);
	assert_int_equal(dv_callgraph_callee(cg, call), d2);
	dv_callgraph_targets(cg, call, &tg);
	assert_int_equal(tg.n, 1);
	assert_true(tg.exact);
	call = clang_getNullCursor();
	clang_visitChildren(cg->funcs[un].cursor, first_call, &call);
	assert_int_equal(dv_callgraph_callee(cg, call), -1);
	dv_callgraph_targets(cg, call, &tg);
	assert_int_equal(tg.n, 2); /* D1::v, D2::v; B::v is pure */
	assert_false(tg.exact);
	call = clang_getNullCursor();
	clang_visitChildren(cg->funcs[fn_index(cg, "plain")].cursor, first_call, &call);
	assert_int_equal(dv_callgraph_callee(cg, call), n);
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bottom_up_order),
		cmocka_unit_test(test_recursion),
		cmocka_unit_test(test_rounds_bound),
		cmocka_unit_test(test_prototype_resolution),
		cmocka_unit_test(test_cxx_methods_and_lambdas),
		cmocka_unit_test(test_cxx_keys_and_virtual_targets),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
