/* CFG shapes for every construct the builder models. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfg_helper.h"
#include "util/strbuf.h"
#include "engine/cfg_internal.h"

#define PRE                                                                        \
	"#define NULL ((void*)0)\n"                                                \
	"int f(int); void g(void); void h(void); int a, b, c, d;\n"                \
	"void abort(void); void exit(int); void _exit(int);\n"

#define CXX_PRE                                                                    \
	"int f(int); void g(void); void h(void);\n"                                \
	"struct Mutex { void lock(); void unlock(); };\n"                          \
	"struct Guard { Mutex &m; Guard(Mutex &x) : m(x) { m.lock(); } ~Guard() { m.unlock(); } };\n" \
	"template <class T> struct TGuard { T &m; TGuard(T &x) : m(x) { m.lock(); } ~TGuard() { m.unlock(); } };\n" \
	"struct Pod { int x; };\n"                                                 \
	"struct Defaulted { int x; ~Defaulted() = default; };\n"                   \
	"struct Holder { Guard g; };\n"

#define OPEN(src, cxx)                                                             \
	struct fx fx;                                                              \
	const struct dv_cfg *cfg = fx_open(&fx, src, cxx, "t");                    \
	assert_non_null(cfg)

static unsigned rpo_count(const struct dv_cfg *cfg)
{
	return cfg->n_rpo;
}

static void test_compound(void **state)
{
	(void)state;
	OPEN(PRE "void t(void) { g(); { h(); } }", 0);
	assert_int_equal(cfg->n_blocks, 2);
	assert_int_equal(rpo_count(cfg), 2);
	assert_int_equal(cfg->entry, 0);
	assert_int_equal(cfg->blocks[0].n_elems, 3);
	assert_int_equal(cfg->blocks[0].elems[0].kind, DV_ELEM_EXPR);
	assert_true(cursor_text_is(cfg->blocks[0].elems[1].cursor, "h()"));
	assert_int_equal(cfg->blocks[0].elems[2].kind, DV_ELEM_EXIT);
	assert_int_equal(clang_getCursorKind(cfg->blocks[0].elems[2].cursor), CXCursor_CompoundStmt);
	assert_int_equal(n_edges(cfg, 0, cfg->exit, DV_EDGE_NORMAL), 1);
	assert_int_equal(cfg->idom[cfg->exit], 0);
	assert_false(cfg->incomplete);
	fx_close(&fx);
}

static void test_if(void **state)
{
	unsigned c, tb, hb;
	(void)state;
	OPEN(PRE "void t(int x) { if (x) g(); h(); }", 0);
	c = blk(cfg, "x");
	tb = blk(cfg, "g()");
	hb = blk(cfg, "h()");
	assert_int_equal(c, cfg->entry);
	assert_false(clang_Cursor_isNull(cfg->blocks[c].cond));
	assert_true(cursor_text_is(cfg->blocks[c].cond, "x"));
	assert_int_equal(clang_getCursorKind(cfg->blocks[c].terminator), CXCursor_IfStmt);
	assert_int_equal(cfg->blocks[c].n_succ, 2);
	assert_int_equal(n_edges(cfg, c, tb, DV_EDGE_TRUE), 1);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, c, DV_EDGE_FALSE)), hb);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, tb, DV_EDGE_NORMAL)), hb);
	assert_true(dv_cfg_dominates(cfg, c, hb));
	assert_true(dv_cfg_dominates(cfg, c, tb));
	assert_false(dv_cfg_dominates(cfg, tb, hb));
	assert_true(dv_cfg_dominates(cfg, hb, hb));
	assert_int_equal(count_elems(cfg, DV_ELEM_EXIT, 1), 1);
	fx_close(&fx);
}

static void test_if_else(void **state)
{
	unsigned c, gb, hb, fb;
	(void)state;
	OPEN(PRE "void t(int x) { if (x) g(); else h(); f(1); }", 0);
	c = blk(cfg, "x");
	gb = blk(cfg, "g()");
	hb = blk(cfg, "h()");
	fb = blk(cfg, "f(1)");
	assert_int_equal(n_edges(cfg, c, gb, DV_EDGE_TRUE), 1);
	assert_int_equal(n_edges(cfg, c, hb, DV_EDGE_FALSE), 1);
	assert_int_equal(n_edges(cfg, gb, fb, DV_EDGE_NORMAL), 1);
	assert_int_equal(n_edges(cfg, hb, fb, DV_EDGE_NORMAL), 1);
	assert_true(dv_cfg_dominates(cfg, c, fb));
	assert_false(dv_cfg_dominates(cfg, gb, fb));
	assert_false(dv_cfg_dominates(cfg, hb, fb));
	assert_int_equal(cfg->idom[fb], c);
	assert_int_equal(rpo_count(cfg), 5);
	fx_close(&fx);
}

static void test_else_if_chain(void **state)
{
	unsigned c1, c2, gb, hb, fb, after;
	(void)state;
	OPEN(PRE "void t(int x) { if (x == 1) g(); else if (x == 2) h(); else f(3); f(4); }", 0);
	c1 = blk(cfg, "x == 1");
	c2 = blk(cfg, "x == 2");
	gb = blk(cfg, "g()");
	hb = blk(cfg, "h()");
	fb = blk(cfg, "f(3)");
	after = blk(cfg, "f(4)");
	assert_int_equal(n_edges(cfg, c1, gb, DV_EDGE_TRUE), 1);
	assert_int_equal(n_edges(cfg, c1, c2, DV_EDGE_FALSE), 1);
	assert_int_equal(n_edges(cfg, c2, hb, DV_EDGE_TRUE), 1);
	assert_int_equal(n_edges(cfg, c2, fb, DV_EDGE_FALSE), 1);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, gb, DV_EDGE_NORMAL)), after);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, hb, DV_EDGE_NORMAL)), after);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, fb, DV_EDGE_NORMAL)), after);
	assert_int_equal(cfg->idom[after], c1);
	assert_int_equal(cfg->idom[hb], c2);
	fx_close(&fx);
}

static void test_while(void **state)
{
	unsigned hd, body, after;
	struct dv_loop *loops = NULL;
	unsigned n;
	(void)state;
	OPEN(PRE "void t(int x) { while (x) { g(); } h(); }", 0);
	hd = blk(cfg, "x");
	body = blk(cfg, "g()");
	after = blk(cfg, "h()");
	assert_int_equal(clang_getCursorKind(cfg->blocks[hd].terminator), CXCursor_WhileStmt);
	assert_int_equal(n_edges(cfg, hd, body, DV_EDGE_TRUE), 1);
	assert_int_equal(n_edges(cfg, body, hd, DV_EDGE_BACK), 1);
	assert_int_equal(n_edges(cfg, body, hd, DV_EDGE_NORMAL), 0);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, hd, DV_EDGE_FALSE)), after);
	n = dv_cfg_loops(cfg, &loops);
	assert_int_equal(n, 1);
	assert_int_equal(loops[0].header, hd);
	assert_int_equal(loops[0].n_blocks, 2);
	assert_int_equal(clang_getCursorKind(loops[0].stmt), CXCursor_WhileStmt);
	assert_int_equal(cfg->loop_depth[body], 1);
	assert_int_equal(cfg->loop_depth[hd], 1);
	assert_int_equal(cfg->loop_depth[after], 0);
	assert_int_equal(count_edges(cfg, DV_EDGE_BACK), 1);
	dv_loops_free(loops, n);
	fx_close(&fx);
}

static void test_while_constant(void **state)
{
	unsigned hd, body;
	(void)state;
	/* while (1): no FALSE edge, code after it is unreachable without break */
	OPEN(PRE "int t(int x) { while (1) { if (f(x)) break; g(); } h(); while (x) g(); return 0; }", 0);
	hd = blk_kind_n(cfg, DV_ELEM_EXPR, "1", 0);
	assert_true(clang_Cursor_isNull(cfg->blocks[hd].cond));
	assert_int_equal(cfg->blocks[hd].n_succ, 1);
	body = blk(cfg, "f(x)");
	assert_true(is_reachable(cfg, body));
	assert_true(is_reachable(cfg, blk(cfg, "h()")));
	/* a non-constant variable is not folded */
	assert_false(clang_Cursor_isNull(cfg->blocks[blk(cfg, "x")].cond));
	fx_close(&fx);
}

static void test_do_while(void **state)
{
	unsigned body, c, after;
	struct dv_loop *loops = NULL;
	unsigned n;
	(void)state;
	OPEN(PRE "void t(int x) { do { g(); } while (x); h(); }", 0);
	body = blk(cfg, "g()");
	c = blk(cfg, "x");
	after = blk(cfg, "h()");
	assert_int_equal(n_edges(cfg, body, c, DV_EDGE_NORMAL), 1);
	assert_int_equal(n_edges(cfg, c, body, DV_EDGE_TRUE), 1);
	assert_int_equal(n_edges(cfg, c, after, DV_EDGE_FALSE), 1);
	assert_true(dv_cfg_dominates(cfg, body, c));
	n = dv_cfg_loops(cfg, &loops);
	assert_int_equal(n, 1);
	assert_int_equal(loops[0].header, body);
	assert_int_equal(clang_getCursorKind(loops[0].stmt), CXCursor_DoStmt);
	assert_int_equal(loops[0].n_blocks, 2);
	dv_loops_free(loops, n);
	fx_close(&fx);
}

static void test_do_while_zero(void **state)
{
	struct dv_loop *loops = NULL;
	unsigned n;
	(void)state;
	OPEN(PRE "#define M(x) do { g(); if (x) h(); } while (0)\nvoid t(int x) { M(x); M(1); f(1); }", 0);
	n = dv_cfg_loops(cfg, &loops);
	assert_int_equal(n, 0);
	assert_int_equal(count_edges(cfg, DV_EDGE_BACK), 0);
	assert_true(is_reachable(cfg, blk(cfg, "f(1)")));
	dv_loops_free(loops, n);
	fx_close(&fx);
}

static void test_for_full(void **state)
{
	unsigned init, hd, body, inc, after;
	struct dv_loop *loops = NULL;
	unsigned n;
	(void)state;
	OPEN(PRE "void t(int x) { for (int i = 0; i < x; i++) g(); h(); }", 0);
	init = blk_kind_n(cfg, DV_ELEM_DECL, "int i = 0", 0);
	hd = blk(cfg, "i < x");
	body = blk(cfg, "g()");
	inc = blk(cfg, "i++");
	after = blk(cfg, "h()");
	assert_int_equal(init, cfg->entry);
	assert_int_equal(clang_getCursorKind(cfg->blocks[hd].terminator), CXCursor_ForStmt);
	assert_int_equal(n_edges(cfg, hd, body, DV_EDGE_TRUE), 1);
	assert_int_equal(n_edges(cfg, body, inc, DV_EDGE_NORMAL), 1);
	assert_int_equal(n_edges(cfg, inc, hd, DV_EDGE_BACK), 1);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, hd, DV_EDGE_FALSE)), after);
	n = dv_cfg_loops(cfg, &loops);
	assert_int_equal(n, 1);
	assert_int_equal(loops[0].header, hd);
	assert_int_equal(loops[0].n_blocks, 3);
	assert_int_equal(clang_getCursorKind(loops[0].stmt), CXCursor_ForStmt);
	dv_loops_free(loops, n);
	fx_close(&fx);
}

static void test_for_forever(void **state)
{
	struct dv_loop *loops = NULL;
	unsigned n, body;
	(void)state;
	OPEN(PRE "void t(int x) { for (;;) { g(); } h(); }", 0);
	body = blk(cfg, "g()");
	assert_true(is_reachable(cfg, body));
	assert_false(is_reachable(cfg, blk(cfg, "h()")));
	assert_false(is_reachable(cfg, cfg->exit));
	assert_int_equal(count_elems(cfg, DV_ELEM_EXIT, 1), 0);
	n = dv_cfg_loops(cfg, &loops);
	assert_int_equal(n, 1);
	assert_int_equal(cfg->loop_depth[body], 1);
	dv_loops_free(loops, n);
	fx_close(&fx);
}

static void test_for_init_inc_no_cond(void **state)
{
	unsigned inc, brk, hd;
	(void)state;
	OPEN(PRE "void t(int x) { for (int i = 0; ; i++) { if (i > x) break; g(); } h(); }", 0);
	assert_int_equal(blk_kind_n(cfg, DV_ELEM_DECL, "int i = 0", 0), cfg->entry);
	inc = blk(cfg, "i++");
	assert_true(inc != UINT_MAX);
	assert_true(clang_Cursor_isNull(cfg->blocks[inc].cond));
	hd = succ_of(cfg, inc, DV_EDGE_BACK);
	assert_true(hd != UINT_MAX);
	assert_true(clang_Cursor_isNull(cfg->blocks[hd].cond));
	assert_int_equal(clang_getCursorKind(cfg->blocks[hd].terminator), CXCursor_ForStmt);
	brk = blk(cfg, "i > x");
	assert_int_equal(skip_empty(cfg, succ_of(cfg, brk, DV_EDGE_TRUE)), blk(cfg, "h()"));
	assert_true(is_reachable(cfg, cfg->exit));
	fx_close(&fx);
}

/* The remaining absent-part combinations, told apart by the ';' tokens. */
static void test_for_combinations(void **state)
{
	(void)state;
	{
		OPEN(PRE "void t(int x) { for (; x; ) g(); }", 0);
		unsigned c = blk(cfg, "x"), body = blk(cfg, "g()");
		assert_false(clang_Cursor_isNull(cfg->blocks[c].cond));
		assert_int_equal(n_edges(cfg, body, c, DV_EDGE_BACK), 1);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(int x) { for (; ; x++) g(); }", 0);
		unsigned inc = blk(cfg, "x++"), body = blk(cfg, "g()");
		assert_true(clang_Cursor_isNull(cfg->blocks[inc].cond));
		assert_int_equal(n_edges(cfg, body, inc, DV_EDGE_NORMAL), 1);
		assert_false(is_reachable(cfg, cfg->exit));
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(int x) { for (x = 0; x < 3; ) g(); }", 0);
		assert_int_equal(blk(cfg, "x = 0"), cfg->entry);
		assert_false(clang_Cursor_isNull(cfg->blocks[blk(cfg, "x < 3")].cond));
		assert_int_equal(n_edges(cfg, blk(cfg, "g()"), blk(cfg, "x < 3"), DV_EDGE_BACK), 1);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(int x) { for (x = 0; ; ) { if (x) return; } }", 0);
		assert_int_equal(blk(cfg, "x = 0"), cfg->entry);
		assert_int_equal(count_elems(cfg, DV_ELEM_EXPR, 1), 2);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(int x) { for (; x < 3; x++) g(); }", 0);
		unsigned c = blk(cfg, "x < 3"), inc = blk(cfg, "x++");
		assert_false(clang_Cursor_isNull(cfg->blocks[c].cond));
		assert_int_equal(n_edges(cfg, inc, c, DV_EDGE_BACK), 1);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(int x) { for (x = 0; x < 3; x++) ; }", 0);
		unsigned c = blk(cfg, "x < 3"), inc = blk(cfg, "x++");
		assert_int_equal(skip_empty(cfg, succ_of(cfg, c, DV_EDGE_TRUE)), inc);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(int x) { for (x = 0; ; x++) g(); }", 0);
		unsigned inc = blk(cfg, "x++");
		assert_int_equal(blk(cfg, "x = 0"), cfg->entry);
		assert_true(clang_Cursor_isNull(cfg->blocks[inc].cond));
		fx_close(&fx);
	}
}

static void test_switch(void **state)
{
	unsigned s, c1, c2, c3, after, wh, brk;
	(void)state;
	OPEN(PRE "void t(int x) {\n"
		 "  switch (x) {\n"
		 "  case 1: g();\n"
		 "  case 2: h(); break;\n"
		 "  case 3: { while (x) { if (f(x)) break; x--; } f(3); break; }\n"
		 "  case 4 ... 6: f(4);\n"
		 "  }\n"
		 "  f(9);\n"
		 "}", 0);
	s = cfg->entry;
	assert_true(cursor_text_is(cfg->blocks[s].cond, "x"));
	assert_int_equal(clang_getCursorKind(cfg->blocks[s].terminator), CXCursor_SwitchStmt);
	c1 = blk(cfg, "g()");
	c2 = blk(cfg, "h()");
	c3 = succ_of(cfg, s, DV_EDGE_CASE);
	assert_int_equal(c3, c1);
	after = blk(cfg, "f(9)");
	assert_int_equal(cfg->blocks[s].n_succ, 5);
	assert_int_equal(cfg->blocks[s].succ[0].case_value, 1);
	assert_int_equal(cfg->blocks[s].succ[1].case_value, 2);
	assert_int_equal(cfg->blocks[s].succ[1].to, c2);
	assert_int_equal(cfg->blocks[s].succ[2].case_value, 3);
	assert_int_equal(cfg->blocks[s].succ[3].kind, DV_EDGE_CASE);
	assert_int_equal(cfg->blocks[s].succ[3].case_value, 4);
	assert_int_equal(cfg->blocks[s].succ[3].to, blk(cfg, "f(4)"));
	/* no default: DEFAULT edge goes past the switch */
	assert_int_equal(cfg->blocks[s].succ[4].kind, DV_EDGE_DEFAULT);
	assert_int_equal(skip_empty(cfg, cfg->blocks[s].succ[4].to), after);
	/* fall-through */
	assert_int_equal(n_edges(cfg, c1, c2, DV_EDGE_NORMAL), 1);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, c2, DV_EDGE_NORMAL)), after);
	/* break inside the nested loop leaves the loop, not the switch */
	wh = blk_kind_n(cfg, DV_ELEM_EXPR, "x", 1);
	assert_true(wh != s && wh != UINT_MAX);
	brk = blk(cfg, "f(x)");
	assert_int_equal(skip_empty(cfg, succ_of(cfg, brk, DV_EDGE_TRUE)), blk(cfg, "f(3)"));
	assert_int_equal(skip_empty(cfg, succ_of(cfg, blk(cfg, "f(3)"), DV_EDGE_NORMAL)), after);
	fx_close(&fx);
}

static void test_switch_default(void **state)
{
	unsigned s, d;
	(void)state;
	OPEN(PRE "void t(int x) { switch (x) { case 1: g(); break; default: h(); } f(1); }", 0);
	s = cfg->entry;
	d = blk(cfg, "h()");
	assert_int_equal(n_edges(cfg, s, d, DV_EDGE_DEFAULT), 1);
	assert_int_equal(cfg->blocks[s].n_succ, 2);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, d, DV_EDGE_NORMAL)), blk(cfg, "f(1)"));
	fx_close(&fx);
}

static void test_nested_loops_break_continue(void **state)
{
	struct dv_loop *loops = NULL;
	unsigned n, outer, inner, i;
	(void)state;
	OPEN(PRE "void t(int x) {\n"
		 "  while (x) {\n"
		 "    for (int i = 0; i < x; i++) { if (i == 2) continue; if (i == 3) break; g(); }\n"
		 "    h();\n"
		 "    if (x == 7) continue;\n"
		 "    x--;\n"
		 "  }\n"
		 "}", 0);
	outer = blk(cfg, "x");
	inner = blk(cfg, "i < x");
	assert_int_equal(skip_empty(cfg, succ_of(cfg, blk(cfg, "i == 2"), DV_EDGE_TRUE)), blk(cfg, "i++"));
	assert_int_equal(skip_empty(cfg, succ_of(cfg, blk(cfg, "i == 3"), DV_EDGE_TRUE)), blk(cfg, "h()"));
	/* outer continue goes back to the while header */
	assert_int_equal(skip_empty(cfg, succ_of(cfg, blk(cfg, "x == 7"), DV_EDGE_TRUE)), outer);
	n = dv_cfg_loops(cfg, &loops);
	assert_int_equal(n, 2);
	assert_int_equal(loops[0].header, inner); /* innermost first */
	assert_int_equal(loops[1].header, outer);
	assert_true(loops[0].n_blocks < loops[1].n_blocks);
	for (i = 0; i < loops[0].n_blocks; i++)
		assert_true(cfg->loop_depth[loops[0].blocks[i]] == 2);
	assert_int_equal(cfg->loop_depth[blk(cfg, "g()")], 2);
	assert_int_equal(cfg->loop_depth[blk(cfg, "h()")], 1);
	for (i = 1; i < loops[1].n_blocks; i++)
		assert_true(loops[1].blocks[i - 1] < loops[1].blocks[i]);
	dv_loops_free(loops, n);
	fx_close(&fx);
}

static void test_return(void **state)
{
	unsigned r1, r2;
	(void)state;
	OPEN(PRE "int t(int x) { if (x) return 1; g(); return 0; }", 0);
	r1 = blk_kind_n(cfg, DV_ELEM_RETURN, "return 1", 0);
	r2 = blk_kind_n(cfg, DV_ELEM_RETURN, "return 0", 0);
	assert_true(r1 != r2);
	assert_int_equal(cfg->blocks[r1].elems[cfg->blocks[r1].n_elems - 1].kind, DV_ELEM_EXIT);
	assert_int_equal(clang_getCursorKind(cfg->blocks[r1].elems[1].cursor), CXCursor_ReturnStmt);
	assert_int_equal(n_edges(cfg, r1, cfg->exit, DV_EDGE_NORMAL), 1);
	assert_int_equal(n_edges(cfg, r2, cfg->exit, DV_EDGE_NORMAL), 1);
	assert_int_equal(count_elems(cfg, DV_ELEM_EXIT, 1), 2);
	assert_int_equal(count_elems(cfg, DV_ELEM_RETURN, 1), 2);
	assert_int_equal(cfg->blocks[cfg->exit].n_pred, 2);
	fx_close(&fx);
}

static void test_void_return_and_fall_off(void **state)
{
	unsigned e;
	(void)state;
	OPEN(PRE "void t(int x) { if (x) return; g(); }", 0);
	assert_int_equal(count_elems(cfg, DV_ELEM_EXIT, 1), 2);
	e = blk(cfg, "g()");
	assert_int_equal(cfg->blocks[e].elems[1].kind, DV_ELEM_EXIT);
	assert_int_equal(clang_getCursorKind(cfg->blocks[e].elems[1].cursor), CXCursor_CompoundStmt);
	fx_close(&fx);
}

static void test_goto_cleanup(void **state)
{
	unsigned e1, e2, free_b, out_b;
	(void)state;
	OPEN(PRE "int t(int x) {\n"
		 "  int rc = -1;\n"
		 "  if (f(1) < 0) goto out;\n"
		 "  if (f(2) < 0) goto out_free;\n"
		 "  rc = 0;\n"
		 "out_free:\n"
		 "  h();\n"
		 "out:\n"
		 "  return rc;\n"
		 "}", 0);
	e1 = blk(cfg, "f(1) < 0");
	e2 = blk(cfg, "f(2) < 0");
	free_b = blk(cfg, "h()");
	out_b = blk_kind_n(cfg, DV_ELEM_RETURN, "return rc", 0);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, e1, DV_EDGE_TRUE)), out_b);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, e2, DV_EDGE_TRUE)), free_b);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, free_b, DV_EDGE_NORMAL)), out_b);
	assert_true(path_exists(cfg, blk(cfg, "rc = 0"), free_b));
	assert_false(dv_cfg_dominates(cfg, free_b, out_b));
	assert_true(dv_cfg_dominates(cfg, e1, free_b));
	assert_int_equal(cfg->blocks[out_b].n_pred, 2);
	assert_int_equal(count_edges(cfg, DV_EDGE_BACK), 0);
	assert_false(cfg->incomplete);
	fx_close(&fx);
}

static void test_goto_backward(void **state)
{
	struct dv_loop *loops = NULL;
	unsigned n, body;
	(void)state;
	OPEN(PRE "void t(int x) { h(); again: g(); if (f(x)) goto again; h(); }", 0);
	body = blk(cfg, "g()");
	n = dv_cfg_loops(cfg, &loops);
	assert_int_equal(n, 1);
	assert_int_equal(loops[0].header, body);
	assert_true(clang_Cursor_isNull(loops[0].stmt));
	assert_int_equal(count_edges(cfg, DV_EDGE_BACK), 1);
	assert_int_equal(cfg->loop_depth[blk(cfg, "f(x)")], 1);
	dv_loops_free(loops, n);
	fx_close(&fx);
}

static void test_label_fallthrough(void **state)
{
	unsigned gb, hb;
	(void)state;
	OPEN(PRE "void t(void) { g(); lbl: h(); }", 0);
	gb = blk(cfg, "g()");
	hb = blk(cfg, "h()");
	assert_true(gb != hb);
	assert_int_equal(n_edges(cfg, gb, hb, DV_EDGE_NORMAL), 1);
	assert_int_equal(rpo_count(cfg), 3);
	fx_close(&fx);
}

static void test_and_or(void **state)
{
	(void)state;
	{
		OPEN(PRE "void t(void) { if (a && f(1)) g(); h(); }", 0);
		unsigned ab = blk(cfg, "a"), bb = blk(cfg, "f(1)"), gb = blk(cfg, "g()"), hb = blk(cfg, "h()");
		assert_true(cursor_text_is(cfg->blocks[ab].cond, "a"));
		assert_true(cursor_text_is(cfg->blocks[bb].cond, "f(1)"));
		assert_int_equal(n_edges(cfg, ab, bb, DV_EDGE_TRUE), 1);
		assert_int_equal(skip_empty(cfg, succ_of(cfg, ab, DV_EDGE_FALSE)), hb);
		assert_int_equal(n_edges(cfg, bb, gb, DV_EDGE_TRUE), 1);
		assert_int_equal(skip_empty(cfg, succ_of(cfg, bb, DV_EDGE_FALSE)), hb);
		assert_int_equal(clang_getCursorKind(cfg->blocks[bb].terminator), CXCursor_IfStmt);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(void) { if (a || f(1)) g(); h(); }", 0);
		unsigned ab = blk(cfg, "a"), bb = blk(cfg, "f(1)"), gb = blk(cfg, "g()"), hb = blk(cfg, "h()");
		assert_int_equal(n_edges(cfg, ab, gb, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, ab, bb, DV_EDGE_FALSE), 1);
		assert_int_equal(n_edges(cfg, bb, gb, DV_EDGE_TRUE), 1);
		assert_int_equal(skip_empty(cfg, succ_of(cfg, bb, DV_EDGE_FALSE)), hb);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(void) { if ((a && b) || (c && d)) g(); h(); }", 0);
		unsigned ab = blk(cfg, "a"), bb = blk(cfg, "b"), cb = blk(cfg, "c"), db = blk(cfg, "d");
		unsigned gb = blk(cfg, "g()"), hb = blk(cfg, "h()");
		assert_int_equal(n_edges(cfg, ab, bb, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, ab, cb, DV_EDGE_FALSE), 1);
		assert_int_equal(n_edges(cfg, bb, gb, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, bb, cb, DV_EDGE_FALSE), 1);
		assert_int_equal(n_edges(cfg, cb, db, DV_EDGE_TRUE), 1);
		assert_int_equal(skip_empty(cfg, succ_of(cfg, cb, DV_EDGE_FALSE)), hb);
		assert_int_equal(n_edges(cfg, db, gb, DV_EDGE_TRUE), 1);
		assert_int_equal(skip_empty(cfg, succ_of(cfg, db, DV_EDGE_FALSE)), hb);
		assert_int_equal(count_edges(cfg, DV_EDGE_TRUE), 4);
		assert_int_equal(count_edges(cfg, DV_EDGE_FALSE), 4);
		fx_close(&fx);
	}
	{
		/* `!` over a short-circuit swaps the targets */
		OPEN(PRE "void t(void) { if (!(a && b)) g(); h(); }", 0);
		unsigned ab = blk(cfg, "a"), bb = blk(cfg, "b"), gb = blk(cfg, "g()"), hb = blk(cfg, "h()");
		assert_int_equal(n_edges(cfg, ab, gb, DV_EDGE_FALSE), 1);
		assert_int_equal(n_edges(cfg, ab, bb, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, bb, gb, DV_EDGE_FALSE), 1);
		assert_int_equal(skip_empty(cfg, succ_of(cfg, bb, DV_EDGE_TRUE)), hb);
		fx_close(&fx);
	}
}

static void test_and_or_values(void **state)
{
	(void)state;
	{
		OPEN(PRE "void t(int x) { x = a && f(1); h(); }", 0);
		unsigned ab = blk(cfg, "a"), fb = blk(cfg, "f(1)"), asg = blk(cfg, "x = a && f(1)");
		const struct dv_block *blkp = &cfg->blocks[asg];
		int idx = elem_index(cfg, asg, DV_ELEM_EXPR, "x = a && f(1)");
		assert_true(idx >= 0);
		assert_int_equal(blkp->elems[idx].n_opaque, 1);
		assert_true(cursor_text_is(blkp->elems[idx].opaque[0], "a && f(1)"));
		assert_int_equal(n_edges(cfg, ab, fb, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, ab, asg, DV_EDGE_FALSE), 1);
		assert_int_equal(n_edges(cfg, fb, asg, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, fb, asg, DV_EDGE_FALSE), 1);
		assert_int_equal(blk(cfg, "h()"), asg);
		fx_close(&fx);
	}
	{
		OPEN(PRE "int t(int x) { f(a || b); int y = c ? f(1) : f(2); a || f(3); return c && d; }", 0);
		unsigned call = blk(cfg, "f(a || b)"), decl = blk_kind_n(cfg, DV_ELEM_DECL, "int y = c ? f(1) : f(2)", 0);
		unsigned ret = blk_kind_n(cfg, DV_ELEM_RETURN, "return c && d", 0);
		int i1 = elem_index(cfg, call, DV_ELEM_EXPR, "f(a || b)");
		int i2 = elem_index(cfg, decl, DV_ELEM_DECL, NULL);
		int i3 = elem_index(cfg, ret, DV_ELEM_RETURN, NULL);
		assert_int_equal(cfg->blocks[call].elems[i1].n_opaque, 1);
		assert_int_equal(cfg->blocks[decl].elems[i2].n_opaque, 1);
		assert_true(cursor_text_is(cfg->blocks[decl].elems[i2].opaque[0], "c ? f(1) : f(2)"));
		assert_int_equal(cfg->blocks[ret].elems[i3].n_opaque, 1);
		/* `a || g();` as a statement: no element for the whole expression */
		assert_int_equal(blk(cfg, "a || f(3)"), UINT_MAX);
		assert_true(blk(cfg, "f(3)") != UINT_MAX);
		fx_close(&fx);
	}
}

static void test_conditional(void **state)
{
	(void)state;
	{
		OPEN(PRE "void t(int x) { x = a ? f(1) : f(2); }", 0);
		unsigned ab = blk(cfg, "a"), f1 = blk(cfg, "f(1)"), f2 = blk(cfg, "f(2)");
		unsigned asg = blk(cfg, "x = a ? f(1) : f(2)");
		assert_int_equal(n_edges(cfg, ab, f1, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, ab, f2, DV_EDGE_FALSE), 1);
		assert_int_equal(n_edges(cfg, f1, asg, DV_EDGE_NORMAL), 1);
		assert_int_equal(n_edges(cfg, f2, asg, DV_EDGE_NORMAL), 1);
		assert_int_equal(cfg->idom[asg], ab);
		assert_int_equal(clang_getCursorKind(cfg->blocks[ab].terminator), CXCursor_ConditionalOperator);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(void) { if (a ? b : c) g(); h(); }", 0);
		unsigned ab = blk(cfg, "a"), bb = blk(cfg, "b"), cb = blk(cfg, "c"), gb = blk(cfg, "g()");
		assert_int_equal(n_edges(cfg, ab, bb, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, ab, cb, DV_EDGE_FALSE), 1);
		assert_int_equal(n_edges(cfg, bb, gb, DV_EDGE_TRUE), 1);
		assert_int_equal(n_edges(cfg, cb, gb, DV_EDGE_TRUE), 1);
		assert_int_equal(skip_empty(cfg, succ_of(cfg, cb, DV_EDGE_FALSE)), blk(cfg, "h()"));
		fx_close(&fx);
	}
}

static void test_comma(void **state)
{
	(void)state;
	{
		OPEN(PRE "void t(int x) { if (g(), x) h(); }", 0);
		unsigned gb = blk(cfg, "g()"), xb = blk(cfg, "x");
		assert_int_equal(gb, xb);
		assert_int_equal(elem_index(cfg, xb, DV_ELEM_EXPR, "g()"), 0);
		assert_int_equal(elem_index(cfg, xb, DV_ELEM_EXPR, "x"), 1);
		assert_true(cursor_text_is(cfg->blocks[xb].cond, "x"));
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(int x) { x = 1, f(2); }", 0);
		assert_int_equal(elem_index(cfg, 0, DV_ELEM_EXPR, "x = 1"), 0);
		assert_int_equal(elem_index(cfg, 0, DV_ELEM_EXPR, "f(2)"), 1);
		assert_int_equal(cfg->blocks[0].n_elems, 3);
		fx_close(&fx);
	}
}

static void check_noreturn_block(const struct dv_cfg *cfg, const char *call)
{
	unsigned b = blk(cfg, call);
	assert_true(b != UINT_MAX);
	assert_true(is_reachable(cfg, b));
	assert_true(cfg->blocks[b].noreturn);
	assert_int_equal(cfg->blocks[b].n_succ, 0);
	assert_false(path_exists(cfg, b, cfg->exit));
}

static void test_noreturn(void **state)
{
	(void)state;
	OPEN(PRE "typedef long jmp_buf[8]; void longjmp(jmp_buf, int); jmp_buf jb;\n"
		 "void die(void) __attribute__((noreturn));\n"
		 "_Noreturn void die2(int);\n"
		 "void die3(void) __attribute__((__noreturn__));\n"
		 "_Noreturn void die4(void);\n"
		 "void die4(void) { for (;;) ; }\n"
		 "int t(int x) {\n"
		 "  if (x == 1) abort();\n"
		 "  if (x == 2) exit(1);\n"
		 "  if (x == 3) die();\n"
		 "  if (x == 4) die2(x);\n"
		 "  if (x == 5) __builtin_unreachable();\n"
		 "  if (x == 6) _exit(2);\n"
		 "  if (x == 7) longjmp(jb, 1);\n"
		 "  if (x == 8) die3();\n"
		 "  if (x == 9) die4();\n"
		 "  if (x == 10) { g(); (void)die(); h(); }\n"
		 "  g();\n"
		 "  return 0;\n"
		 "}", 0);
	check_noreturn_block(cfg, "abort()");
	check_noreturn_block(cfg, "exit(1)");
	check_noreturn_block(cfg, "die()");
	check_noreturn_block(cfg, "die2(x)");
	check_noreturn_block(cfg, "__builtin_unreachable()");
	check_noreturn_block(cfg, "_exit(2)");
	check_noreturn_block(cfg, "longjmp(jb, 1)");
	check_noreturn_block(cfg, "die3()");
	check_noreturn_block(cfg, "die4()");
	check_noreturn_block(cfg, "(void)die()");
	/* code after a noreturn call is unreachable */
	assert_false(is_reachable(cfg, blk(cfg, "h()")));
	assert_true(is_reachable(cfg, cfg->exit));
	assert_int_equal(count_elems(cfg, DV_ELEM_EXIT, 1), 1);
	fx_close(&fx);
}

static void test_cxx_noreturn(void **state)
{
	(void)state;
	OPEN(CXX_PRE "[[noreturn]] void fatal(const char *);\n"
		     "struct Log { [[noreturn]] static void die(); };\n"
		     "int t(int x) { if (x) fatal(\"x\"); if (x > 1) Log::die(); return 0; }", 1);
	check_noreturn_block(cfg, "fatal(\"x\")");
	check_noreturn_block(cfg, "Log::die()");
	fx_close(&fx);
}

static void test_range_for(void **state)
{
	struct dv_loop *loops = NULL;
	unsigned n, hd, body;
	(void)state;
	OPEN(CXX_PRE "void t() { int arr[3] = {1, 2, 3}; for (int e : arr) { if (e) continue; f(e); } h(); }", 1);
	body = blk_kind_n(cfg, DV_ELEM_DECL, "int e :", 0);
	assert_true(body != UINT_MAX);
	n = dv_cfg_loops(cfg, &loops);
	assert_int_equal(n, 1);
	hd = loops[0].header;
	assert_int_equal(clang_getCursorKind(loops[0].stmt), CXCursor_CXXForRangeStmt);
	assert_int_equal(cfg->blocks[hd].n_succ, 2);
	assert_int_equal(n_edges(cfg, hd, body, DV_EDGE_NORMAL), 1);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, blk(cfg, "e"), DV_EDGE_TRUE)), hd);
	assert_true(path_exists(cfg, hd, blk(cfg, "h()")));
	assert_int_equal(cfg->loop_depth[blk(cfg, "f(e)")], 1);
	assert_int_equal(cfg->loop_depth[blk(cfg, "h()")], 0);
	dv_loops_free(loops, n);
	fx_close(&fx);
}

static void test_try_catch(void **state)
{
	unsigned fb, tb, h1, h2, after, gb;
	(void)state;
	OPEN(CXX_PRE "void t(int x) {\n"
		     "  try { f(1); if (x) throw 1; g(); }\n"
		     "  catch (int e) { h(); }\n"
		     "  catch (...) { f(2); }\n"
		     "  f(3);\n"
		     "}", 1);
	fb = blk(cfg, "f(1)");
	tb = blk(cfg, "throw 1");
	gb = blk(cfg, "g()");
	h1 = blk(cfg, "h()");
	h2 = blk(cfg, "f(2)");
	after = blk(cfg, "f(3)");
	assert_int_equal(n_edges(cfg, fb, h1, DV_EDGE_EXCEPTION), 1);
	assert_int_equal(n_edges(cfg, fb, h2, DV_EDGE_EXCEPTION), 1);
	assert_int_equal(n_edges(cfg, tb, h1, DV_EDGE_EXCEPTION), 1);
	assert_int_equal(cfg->blocks[tb].n_succ, 2); /* only exception edges */
	assert_int_equal(n_edges(cfg, gb, h1, DV_EDGE_EXCEPTION), 1);
	assert_true(is_reachable(cfg, h1));
	assert_true(is_reachable(cfg, h2));
	assert_int_equal(blk_kind_n(cfg, DV_ELEM_DECL, "int e", 0), h1);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, h1, DV_EDGE_NORMAL)), after);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, h2, DV_EDGE_NORMAL)), after);
	assert_int_equal(skip_empty(cfg, succ_of(cfg, gb, DV_EDGE_NORMAL)), after);
	/* blocks before and after the try have no exception edges */
	assert_int_equal(count_edges(cfg, DV_EDGE_EXCEPTION), 6);
	fx_close(&fx);
}

static void test_throw_outside_try(void **state)
{
	unsigned tb;
	(void)state;
	OPEN(CXX_PRE "int t(int x) { if (x) throw 2; return 0; }", 1);
	tb = blk(cfg, "throw 2");
	assert_int_equal(cfg->blocks[tb].n_succ, 0);
	assert_false(path_exists(cfg, tb, cfg->exit));
	fx_close(&fx);
}

static void test_lambda_not_entered(void **state)
{
	(void)state;
	OPEN(CXX_PRE "int t(int x) { auto l = [&](int a) { g(); if (a) return a; return 0; }; h(); return l(x); }", 1);
	assert_int_equal(blk(cfg, "g()"), UINT_MAX);
	assert_int_equal(count_elems(cfg, DV_ELEM_RETURN, 0), 1);
	assert_int_equal(count_edges(cfg, DV_EDGE_TRUE), 0);
	assert_int_equal(blk(cfg, "h()"), cfg->entry);
	fx_close(&fx);
}

/* Position of the SCOPE_EXIT of variable `var` in block b, or -1. */
static int scope_exit_at(const struct dv_cfg *cfg, unsigned b, const char *var)
{
	unsigned j;
	if (b >= cfg->n_blocks)
		return -1;
	for (j = 0; j < cfg->blocks[b].n_elems; j++) {
		const struct dv_elem *e = &cfg->blocks[b].elems[j];
		if (e->kind == DV_ELEM_SCOPE_EXIT) {
			CXString s = clang_getCursorSpelling(e->cursor);
			int eq = !strcmp(clang_getCString(s), var);
			clang_disposeString(s);
			if (eq)
				return (int)j;
		}
	}
	return -1;
}

static void test_raii_scope_exits(void **state)
{
	unsigned b, r1, r2, brk, cont, gto, fall;
	(void)state;
	OPEN(CXX_PRE "int t(Mutex &m, int n) {\n"
		     "  Guard outer(m);\n"
		     "  Pod pod; Pod *pp = &pod; Guard &ref = outer; static Guard st(m); Defaulted dd;\n"
		     "  { Guard blk(m); f(1); }\n"
		     "  f(2);\n"
		     "  for (int i = 0; i < n; i++) {\n"
		     "    TGuard<Mutex> inner(m);\n"
		     "    if (i == 3) continue;\n"
		     "    if (i == 4) break;\n"
		     "    if (i == 5) goto out;\n"
		     "    if (i == 6) return 1;\n"
		     "    f(7);\n"
		     "  }\n"
		     "  { Holder hd{outer}; f(8); }\n"
		     "out:\n"
		     "  return 0;\n"
		     "}", 1);
	/* fall-through out of a block: right after f(1), before f(2) */
	b = blk(cfg, "f(1)");
	assert_int_equal(scope_exit_at(cfg, b, "blk"), elem_index(cfg, b, DV_ELEM_EXPR, "f(1)") + 1);
	assert_int_equal(elem_index(cfg, b, DV_ELEM_EXPR, "f(2)"), scope_exit_at(cfg, b, "blk") + 1);
	/* no scope exit for POD, pointer, reference, static, defaulted dtor */
	assert_int_equal(count_elems(cfg, DV_ELEM_SCOPE_EXIT, 0),
			 1 /* blk */ + 5 /* inner: continue, break, goto, return, fall */ +
				 1 /* outer at return 1 */ + 1 /* outer at return 0 */ + 1 /* hd */);
	/* return inside the loop: RETURN, inner, outer, EXIT */
	r1 = blk_kind_n(cfg, DV_ELEM_RETURN, "return 1", 0);
	assert_int_equal(cfg->blocks[r1].elems[0].kind, DV_ELEM_RETURN);
	assert_int_equal(scope_exit_at(cfg, r1, "inner"), 1);
	assert_int_equal(scope_exit_at(cfg, r1, "outer"), 2);
	assert_int_equal(cfg->blocks[r1].elems[3].kind, DV_ELEM_EXIT);
	r2 = blk_kind_n(cfg, DV_ELEM_RETURN, "return 0", 0);
	assert_int_equal(scope_exit_at(cfg, r2, "outer"), 1);
	assert_int_equal(scope_exit_at(cfg, r2, "inner"), -1);
	/* break, continue, goto out of the loop body */
	brk = succ_of(cfg, blk(cfg, "i == 4"), DV_EDGE_TRUE);
	cont = succ_of(cfg, blk(cfg, "i == 3"), DV_EDGE_TRUE);
	gto = succ_of(cfg, blk(cfg, "i == 5"), DV_EDGE_TRUE);
	assert_int_equal(scope_exit_at(cfg, brk, "inner"), 0);
	assert_int_equal(scope_exit_at(cfg, cont, "inner"), 0);
	assert_int_equal(scope_exit_at(cfg, gto, "inner"), 0);
	assert_int_equal(scope_exit_at(cfg, gto, "outer"), -1);
	/* fall-through at the end of the loop body */
	fall = blk(cfg, "f(7)");
	assert_int_equal(scope_exit_at(cfg, fall, "inner"), 1);
	/* a member with a destructor makes the holder need one */
	assert_true(scope_exit_at(cfg, blk(cfg, "f(8)"), "hd") >= 0);
	fx_close(&fx);
}

static void test_raii_nested_return(void **state)
{
	unsigned r;
	(void)state;
	OPEN(CXX_PRE "int t(Mutex &m) { Guard a(m); { Guard b(m); { return 1; } } }", 1);
	r = blk_kind_n(cfg, DV_ELEM_RETURN, "return 1", 0);
	assert_int_equal(scope_exit_at(cfg, r, "b"), elem_index(cfg, r, DV_ELEM_RETURN, NULL) + 1);
	assert_int_equal(scope_exit_at(cfg, r, "a"), elem_index(cfg, r, DV_ELEM_RETURN, NULL) + 2);
	assert_int_equal(cfg->blocks[r].elems[scope_exit_at(cfg, r, "a") + 1].kind, DV_ELEM_EXIT);
	assert_int_equal(count_elems(cfg, DV_ELEM_SCOPE_EXIT, 1), 2);
	fx_close(&fx);
}

static void test_odd_code(void **state)
{
	(void)state;
	{
		OPEN(PRE "int t(int x) { x = ({ int q = f(1); q && x; }); __asm__(\"nop\"); return x; }", 0);
		assert_false(cfg->incomplete);
		assert_true(blk(cfg, "__asm__(\"nop\")") != UINT_MAX);
		/* the statement expression's body is in the CFG: `q && x`
		 * branches twice */
		assert_int_equal(count_edges(cfg, DV_EDGE_TRUE), 2);
		fx_close(&fx);
	}
	{
		/* glibc's assert(): a statement expression whose else arm does
		 * not return, so only the TRUE edge reaches g() */
		OPEN(PRE "void die(void) __attribute__((noreturn));\n"
			 "void t(int x) { __extension__ ({ if (x) ; else die(); }); g(); }", 0);
		assert_false(cfg->incomplete);
		assert_int_equal(count_edges(cfg, DV_EDGE_TRUE), 1);
		assert_true(blk(cfg, "die()") != blk(cfg, "g()"));
		assert_int_equal(n_edges(cfg, blk(cfg, "die()"), blk(cfg, "g()"), DV_EDGE_NORMAL), 0);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(int x) { void *p = &&l1; goto *p; l1: g(); }", 0);
		assert_true(cfg->incomplete);
		fx_close(&fx);
	}
	{
		OPEN(PRE "void t(void) { }", 0);
		assert_int_equal(cfg->n_blocks, 2);
		assert_int_equal(cfg->blocks[0].n_elems, 1);
		assert_int_equal(cfg->blocks[0].elems[0].kind, DV_ELEM_EXIT);
		fx_close(&fx);
	}
	{
		/* syntax errors and undeclared names still give a graph */
		OPEN(PRE "int t(int x) { if (x) { undeclared(x); } while ( { } return y; }", 0);
		assert_true(cfg->n_blocks >= 2);
		fx_close(&fx);
	}
	{
		struct fx fx2;
		CXCursor proto;
		assert_int_equal(dv_test_parse(&fx2.t, PRE "void t(void);", 0), 0);
		proto = dv_test_find(&fx2.t, "t", CXCursor_FunctionDecl, 0);
		assert_false(clang_Cursor_isNull(proto));
		assert_null(dv_cfg_build(proto));
		dv_test_release(&fx2.t);
	}
}

static void test_block_of(void **state)
{
	CXCursor call, arg;
	unsigned b;
	(void)state;
	OPEN(PRE "void t(int x) { g(); if (x) { f(x + 1); } }", 0);
	call = dv_test_find(&fx.t, "f", CXCursor_CallExpr, 0);
	assert_false(clang_Cursor_isNull(call));
	b = dv_cfg_block_of(cfg, call);
	assert_int_equal(b, blk(cfg, "f(x + 1)"));
	arg = dv_ast_call_arg(call, 0);
	assert_int_equal(dv_cfg_block_of(cfg, arg), b);
	assert_int_equal(dv_cfg_block_of(cfg, cfg->blocks[0].cond), 0);
	fx_close(&fx);
}

static void test_dump(void **state)
{
	FILE *f;
	(void)state;
	OPEN(PRE "int t(int x) { while (x) { if (f(x)) break; } switch (x) { case 1: return 1; } return 0; }", 0);
	f = tmpfile();
	assert_non_null(f);
	dv_cfg_dump(cfg, f);
	assert_true(ftell(f) > 100);
	fclose(f);
	fx_close(&fx);
}

static void test_block_cap(void **state)
{
	struct strbuf sb;
	unsigned i;
	(void)state;
	strbuf_init(&sb);
	strbuf_addstr(&sb, PRE "void t(int x) {\n");
	for (i = 0; i < 10500; i++)
		strbuf_addstr(&sb, "if (x) g();\n");
	strbuf_addstr(&sb, "}\n");
	{
		OPEN(sb.buf, 0);
		assert_true(cfg->incomplete);
		assert_true(cfg->n_blocks <= DV_CFG_MAX_BLOCKS + 1);
		fx_close(&fx);
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compound),
		cmocka_unit_test(test_if),
		cmocka_unit_test(test_if_else),
		cmocka_unit_test(test_else_if_chain),
		cmocka_unit_test(test_while),
		cmocka_unit_test(test_while_constant),
		cmocka_unit_test(test_do_while),
		cmocka_unit_test(test_do_while_zero),
		cmocka_unit_test(test_for_full),
		cmocka_unit_test(test_for_forever),
		cmocka_unit_test(test_for_init_inc_no_cond),
		cmocka_unit_test(test_for_combinations),
		cmocka_unit_test(test_switch),
		cmocka_unit_test(test_switch_default),
		cmocka_unit_test(test_nested_loops_break_continue),
		cmocka_unit_test(test_return),
		cmocka_unit_test(test_void_return_and_fall_off),
		cmocka_unit_test(test_goto_cleanup),
		cmocka_unit_test(test_goto_backward),
		cmocka_unit_test(test_label_fallthrough),
		cmocka_unit_test(test_and_or),
		cmocka_unit_test(test_and_or_values),
		cmocka_unit_test(test_conditional),
		cmocka_unit_test(test_comma),
		cmocka_unit_test(test_noreturn),
		cmocka_unit_test(test_cxx_noreturn),
		cmocka_unit_test(test_range_for),
		cmocka_unit_test(test_try_catch),
		cmocka_unit_test(test_throw_outside_try),
		cmocka_unit_test(test_lambda_not_entered),
		cmocka_unit_test(test_raii_scope_exits),
		cmocka_unit_test(test_raii_nested_return),
		cmocka_unit_test(test_odd_code),
		cmocka_unit_test(test_block_of),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_block_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
