/* Loop forest: membership and nesting per statement, loop statements, goto loops. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfg_helper.h"
#include "engine/loops.h"

struct lfx {
	struct fx fx;
	struct dv_loopnest *ln;
};

static void lfx_open(struct lfx *l, const char *src, int cxx, const char *func)
{
	assert_non_null(fx_open(&l->fx, src, cxx, func));
	l->ln = dv_loopnest_build(l->fx.cfg);
	assert_non_null(l->ln);
}

static void lfx_close(struct lfx *l)
{
	dv_loopnest_free(l->ln);
	fx_close(&l->fx);
}

/* The loops holding the element whose text is `text`, innermost first. */
static unsigned loops_of(struct lfx *l, const char *text, unsigned *out, unsigned max)
{
	unsigned b = blk(l->fx.cfg, text);
	assert_true(b != UINT_MAX);
	return dv_loopnest_of_block(l->ln, b, out, max);
}

static void test_no_loop(void **state)
{
	struct lfx l;
	(void)state;
	lfx_open(&l, "void f(int x) { if (x) x++; do { x--; } while (0); }", 0, "f");
	assert_int_equal(l.ln->n_loops, 0);
	assert_int_equal(loops_of(&l, "x++", NULL, 0), 0);
	assert_int_equal(loops_of(&l, "x--", NULL, 0), 0);
	lfx_close(&l);
}

static void test_nested_for_while(void **state)
{
	struct lfx l;
	unsigned in[4], n;
	(void)state;
	lfx_open(&l,
		 "void g(int);\n"
		 "void f(int n) {\n"
		 "  g(0);\n"
		 "  for (int i = 0; i < n; i++) {\n"
		 "    g(1);\n"
		 "    int j = 0;\n"
		 "    while (j < i) { g(2); j++; }\n"
		 "  }\n"
		 "  g(3);\n"
		 "}\n",
		 0, "f");
	assert_int_equal(l.ln->n_loops, 2);
	assert_int_equal(loops_of(&l, "g(0)", NULL, 0), 0);
	assert_int_equal(loops_of(&l, "g(3)", NULL, 0), 0);
	n = loops_of(&l, "g(1)", in, 4);
	assert_int_equal(n, 1);
	assert_int_equal(l.ln->loops[in[0]].kind, DV_LOOP_FOR);
	assert_int_equal(l.ln->loops[in[0]].depth, 1);
	n = loops_of(&l, "g(2)", in, 4);
	assert_int_equal(n, 2);
	assert_int_equal(l.ln->loops[in[0]].kind, DV_LOOP_WHILE);
	assert_int_equal(l.ln->loops[in[1]].kind, DV_LOOP_FOR);
	assert_int_equal(l.ln->loops[in[0]].parent, in[1]);
	assert_int_equal(l.ln->loops[in[0]].depth, 2);
	assert_int_equal(clang_getCursorKind(l.ln->loops[in[0]].stmt), CXCursor_WhileStmt);
	/* the for's condition and increment are in the loop, its init is not */
	assert_int_equal(loops_of(&l, "i < n", NULL, 0), 1);
	assert_int_equal(loops_of(&l, "i++", NULL, 0), 1);
	assert_int_equal(dv_loopnest_of_block(l.ln, blk_kind_n(l.fx.cfg, DV_ELEM_DECL, "int i = 0", 0),
					      NULL, 0),
			 0);
	assert_int_equal(dv_loopnest_of_block(l.ln, blk_kind_n(l.fx.cfg, DV_ELEM_DECL, "int j = 0", 0),
					      NULL, 0),
			 1);
	lfx_close(&l);
}

static enum CXChildVisitResult find_call(CXCursor c, CXCursor parent, void *data)
{
	CXCursor *out = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr && cursor_text_is(c, "g(5)")) {
		*out = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static void test_do_and_cursor(void **state)
{
	struct lfx l;
	unsigned in[2];
	CXCursor call = clang_getNullCursor();
	(void)state;
	lfx_open(&l,
		 "int g(int);\n"
		 "void f(int n) { do { n = n - g(5) * 2; } while (n > 0); }\n",
		 0, "f");
	assert_int_equal(l.ln->n_loops, 1);
	clang_visitChildren(l.fx.t.tu ? clang_getTranslationUnitCursor(l.fx.t.tu) : clang_getNullCursor(),
			    find_call, &call);
	assert_false(clang_Cursor_isNull(call));
	/* a sub-expression of an element: found through the element holding it */
	assert_int_equal(dv_loopnest_of_cursor(l.ln, call, in, 2), 1);
	assert_int_equal(l.ln->loops[in[0]].kind, DV_LOOP_DO);
	assert_int_equal(dv_loopnest_innermost_of(l.ln, call), in[0]);
	lfx_close(&l);
}

static void test_goto_loop(void **state)
{
	struct lfx l;
	unsigned in[2];
	CXString s;
	(void)state;
	lfx_open(&l,
		 "int g(int);\n"
		 "void f(int n) {\n"
		 "  g(0);\n"
		 "again:\n"
		 "  g(1);\n"
		 "  if (--n > 0) goto again;\n"
		 "  g(2);\n"
		 "}\n",
		 0, "f");
	assert_int_equal(l.ln->n_loops, 1);
	assert_int_equal(loops_of(&l, "g(0)", NULL, 0), 0);
	assert_int_equal(loops_of(&l, "g(1)", in, 2), 1);
	assert_int_equal(loops_of(&l, "g(2)", NULL, 0), 0);
	assert_int_equal(l.ln->loops[in[0]].kind, DV_LOOP_GOTO);
	s = clang_getCursorSpelling(l.ln->loops[in[0]].stmt);
	assert_string_equal(clang_getCString(s), "again");
	clang_disposeString(s);
	lfx_close(&l);
}

static void test_cleanup_goto_is_no_loop(void **state)
{
	struct lfx l;
	(void)state;
	lfx_open(&l,
		 "int g(int);\n"
		 "int f(int n) {\n"
		 "  if (g(0)) goto out;\n"
		 "  g(1);\n"
		 "out:\n"
		 "  return g(2);\n"
		 "}\n",
		 0, "f");
	assert_int_equal(l.ln->n_loops, 0);
	lfx_close(&l);
}

static void test_sibling_loops_and_exit(void **state)
{
	struct lfx l;
	unsigned a[2], b[2], hb, after;
	(void)state;
	lfx_open(&l,
		 "int g(int);\n"
		 "void f(int n) {\n"
		 "  while (g(1)) { if (g(2)) break; }\n"
		 "  for (;;) { if (g(3)) return; }\n"
		 "}\n",
		 0, "f");
	assert_int_equal(l.ln->n_loops, 2);
	assert_int_equal(loops_of(&l, "g(2)", a, 2), 1);
	assert_int_equal(loops_of(&l, "g(3)", b, 2), 1);
	assert_true(a[0] != b[0]);
	assert_int_equal(l.ln->loops[a[0]].parent, DV_LOOP_NONE);
	assert_int_equal(l.ln->loops[b[0]].parent, DV_LOOP_NONE);
	/* the while header's FALSE edge leaves the loop, its TRUE edge does not */
	hb = blk(l.fx.cfg, "g(1)");
	after = succ_of(l.fx.cfg, hb, DV_EDGE_FALSE);
	assert_true(dv_loopnest_is_exit_edge(l.ln, a[0], hb, after));
	assert_false(dv_loopnest_is_exit_edge(l.ln, a[0], hb, succ_of(l.fx.cfg, hb, DV_EDGE_TRUE)));
	lfx_close(&l);
}

static void test_range_for(void **state)
{
	struct lfx l;
	unsigned in[2];
	(void)state;
	lfx_open(&l,
		 "int g(int);\n"
		 "void f() { int v[3] = {1, 2, 3}; for (int x : v) g(x); }\n",
		 1, "f");
	assert_int_equal(loops_of(&l, "g(x)", in, 2), 1);
	assert_int_equal(l.ln->loops[in[0]].kind, DV_LOOP_RANGE_FOR);
	lfx_close(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_loop),
		cmocka_unit_test(test_nested_for_while),
		cmocka_unit_test(test_do_and_cursor),
		cmocka_unit_test(test_goto_loop),
		cmocka_unit_test(test_cleanup_goto_is_no_loop),
		cmocka_unit_test(test_sibling_loops_and_exit),
		cmocka_unit_test(test_range_for),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
