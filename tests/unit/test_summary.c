/* Summary store (bottom-up, several kinds) and top-down passes over callers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "parse_helper.h"
#include "engine/callers.h"
#include "engine/summary.h"
#include "front/ast.h"

#include <stdio.h>
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

/* kind 1: "calls puts, directly or transitively", with an owned name */
struct calls_puts {
	int yes;
	char *via; /* callee through which, owned */
};

static void calls_puts_release(void *p)
{
	free(((struct calls_puts *)p)->via);
}

static const struct dv_summary_kind calls_puts_kind = {
	"test/calls-puts", sizeof(struct calls_puts), NULL, calls_puts_release,
};

/* kind 2: call depth, initialised to -1 to show init runs */
struct depth {
	int depth;
};

static void depth_init(void *p)
{
	((struct depth *)p)->depth = -1;
}

static const struct dv_summary_kind depth_kind = { "test/depth", sizeof(struct depth), depth_init, NULL };

struct step_ctx {
	struct dv_summaries *s;
	unsigned steps;
};

static enum CXChildVisitResult puts_visit(CXCursor c, CXCursor parent, void *data)
{
	struct step_ctx *ctx = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		char *name = dv_ast_callee_name(c);
		struct calls_puts *callee = dv_summary_of_call(ctx->s, &calls_puts_kind, c);
		if (name && !strcmp(name, "puts"))
			ctx->steps |= 0x10000u;
		if (callee && callee->yes)
			ctx->steps |= 0x20000u;
		free(name);
	}
	return CXChildVisit_Recurse;
}

static int puts_step(void *data, unsigned fn, void *summary)
{
	struct step_ctx *ctx = data;
	struct calls_puts *sum = summary;
	struct dv_callgraph *cg = dv_summaries_callgraph(ctx->s);
	unsigned flags;
	int before = sum->yes;
	/* low bits count steps, two high bits say what this body calls */
	ctx->steps = (ctx->steps & 0xffffu) + 1;
	clang_visitChildren(cg->funcs[fn].cursor, puts_visit, ctx);
	flags = ctx->steps & 0x30000u;
	if (flags && !sum->yes) {
		sum->yes = 1;
		free(sum->via);
		sum->via = strdup(flags & 0x10000u ? "puts" : "callee");
	}
	ctx->steps &= 0xffffu;
	return sum->yes != before;
}

static int depth_step(void *data, unsigned fn, void *summary)
{
	struct step_ctx *ctx = data;
	struct dv_callgraph *cg = dv_summaries_callgraph(ctx->s);
	struct depth *d = summary;
	int best = 0, old = d->depth;
	unsigned i;
	for (i = 0; i < cg->funcs[fn].n_callees; i++) {
		const struct depth *c = dv_summary_get(ctx->s, &depth_kind, cg->funcs[fn].callees[i]);
		/* a callee not yet computed (recursion) has depth -1 */
		if (c->depth + 1 > best)
			best = c->depth + 1;
	}
	d->depth = best > 8 ? 8 : best;
	return d->depth != old;
}

static const char *const SRC =
	"int puts(const char *);\n"
	"static void leaf(void) { puts(\"x\"); }\n"
	"static void mid(void) { leaf(); }\n"
	"static void quiet(int n) { if (n) quiet(n - 1); }\n"
	"static void ping(int n);\n"
	"static void pong(int n) { if (n) ping(n - 1); }\n"
	"static void ping(int n) { if (n) pong(n - 1); else mid(); }\n"
	"void top(void) { mid(); quiet(3); ping(2); }\n";

static void test_two_kinds_bottom_up(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	struct dv_summaries *s;
	struct step_ctx ctx;
	const struct calls_puts *p;
	(void)state;
	assert_int_equal(dv_test_parse(&t, SRC, 0), 0);
	cg = dv_callgraph_build(t.tu);
	s = dv_summaries_new(cg);
	ctx.s = s;
	ctx.steps = 0;
	assert_null(dv_summary_get(s, &calls_puts_kind, 0));
	assert_false(dv_summaries_has_kind(s, &depth_kind));
	dv_summaries_add_kind(s, &depth_kind);
	assert_int_equal(((struct depth *)dv_summary_get(s, &depth_kind, 0))->depth, -1);

	dv_summaries_compute(s, &calls_puts_kind, puts_step, &ctx, 5);
	p = dv_summary_get(s, &calls_puts_kind, (unsigned)fn_index(cg, "leaf"));
	assert_true(p->yes);
	assert_string_equal(p->via, "puts");
	p = dv_summary_get(s, &calls_puts_kind, (unsigned)fn_index(cg, "mid"));
	assert_true(p->yes);
	assert_string_equal(p->via, "callee");
	assert_true(((struct calls_puts *)dv_summary_get(s, &calls_puts_kind,
							 (unsigned)fn_index(cg, "top")))->yes);
	/* recursive SCC {ping, pong}: pong learns it through ping on a later round */
	assert_true(((struct calls_puts *)dv_summary_get(s, &calls_puts_kind,
							 (unsigned)fn_index(cg, "ping")))->yes);
	assert_true(((struct calls_puts *)dv_summary_get(s, &calls_puts_kind,
							 (unsigned)fn_index(cg, "pong")))->yes);
	assert_false(((struct calls_puts *)dv_summary_get(s, &calls_puts_kind,
							  (unsigned)fn_index(cg, "quiet")))->yes);

	/* the second kind is independent of the first */
	dv_summaries_compute(s, &depth_kind, depth_step, &ctx, 20);
	assert_int_equal(((struct depth *)dv_summary_get(s, &depth_kind,
							 (unsigned)fn_index(cg, "leaf")))->depth, 0);
	assert_int_equal(((struct depth *)dv_summary_get(s, &depth_kind,
							 (unsigned)fn_index(cg, "mid")))->depth, 1);
	/* bounded by max_rounds and the cap inside the step */
	assert_int_equal(((struct depth *)dv_summary_get(s, &depth_kind,
							 (unsigned)fn_index(cg, "ping")))->depth, 8);
	assert_true(((struct calls_puts *)dv_summary_get(s, &calls_puts_kind,
							 (unsigned)fn_index(cg, "mid")))->yes);
	dv_summaries_free(s);
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

struct order {
	const struct dv_callgraph *cg;
	char seq[256];
};

static int record_step(void *data, unsigned fn)
{
	struct order *o = data;
	size_t n = strlen(o->seq);
	snprintf(o->seq + n, sizeof(o->seq) - n, "%s ", o->cg->funcs[fn].name);
	return 0;
}

static void test_top_down_order(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	struct order o;
	(void)state;
	assert_int_equal(dv_test_parse(&t, SRC, 0), 0);
	cg = dv_callgraph_build(t.tu);
	o.cg = cg;
	o.seq[0] = 0;
	dv_callgraph_top_down(cg, record_step, &o, 3);
	/* callers before callees */
	assert_non_null(strstr(o.seq, "top "));
	assert_true(strstr(o.seq, "top ") < strstr(o.seq, "mid "));
	assert_true(strstr(o.seq, "mid ") < strstr(o.seq, "leaf "));
	assert_true(strstr(o.seq, "top ") < strstr(o.seq, "quiet "));
	assert_true(strstr(o.seq, "ping ") < strstr(o.seq, "mid "));
	assert_true(strstr(o.seq, "pong ") < strstr(o.seq, "mid "));
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

static int arg_is_constant(void *ctx, unsigned caller, CXCursor call)
{
	long long v;
	(void)ctx;
	(void)caller;
	return dv_ast_int_value(dv_ast_call_arg(call, 0), &v) == 0;
}

static void test_every_caller(void **state)
{
	struct dv_test_tu t;
	struct dv_callgraph *cg;
	struct dv_callers_info *ci;
	long f_const, f_mixed, f_extern, f_table, f_unused;
	(void)state;
	assert_int_equal(dv_test_parse(&t,
					"static int c(int x) { return x; }\n"
					"static int m(int x) { return x; }\n"
					"int e(int x) { return x; }\n"
					"static int tb(int x) { return x; }\n"
					"static int unused(int x) { return x; }\n"
					"int (*table[])(int) = { tb };\n"
					"int a(int y) { return c(1) + c(2) + m(3) + m(y) + e(4) + tb(5); }\n"
					"int b(void) { return c(7); }\n",
					0),
			 0);
	cg = dv_callgraph_build(t.tu);
	ci = dv_callers_info_new(cg, t.tu);
	f_const = fn_index(cg, "c");
	f_mixed = fn_index(cg, "m");
	f_extern = fn_index(cg, "e");
	f_table = fn_index(cg, "tb");
	f_unused = fn_index(cg, "unused");
	assert_true(dv_callers_all_known(ci, (unsigned)f_const));
	assert_false(dv_callers_all_known(ci, (unsigned)f_extern));
	assert_false(dv_callers_all_known(ci, (unsigned)f_table)); /* address in a table */
	assert_int_equal(dv_call_sites(cg, (unsigned)fn_index(cg, "a"), (unsigned)f_const, NULL, NULL), 2);
	assert_true(dv_every_caller(cg, ci, (unsigned)f_const, arg_is_constant, NULL));
	assert_false(dv_every_caller(cg, ci, (unsigned)f_mixed, arg_is_constant, NULL));
	assert_false(dv_every_caller(cg, ci, (unsigned)f_extern, arg_is_constant, NULL));
	assert_false(dv_every_caller(cg, ci, (unsigned)f_table, arg_is_constant, NULL));
	assert_false(dv_every_caller(cg, ci, (unsigned)f_unused, arg_is_constant, NULL));
	dv_callers_info_free(ci);
	dv_callgraph_free(cg);
	dv_test_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_kinds_bottom_up),
		cmocka_unit_test(test_top_down_order),
		cmocka_unit_test(test_every_caller),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
