/* Dataflow solver, event walker and branch conditions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfg_helper.h"
#include "engine/dataflow.h"

#include <string.h>

#define PRE                                                                        \
	"#define NULL ((void*)0)\n"                                                \
	"int f(int); void g(void); void h(void); int k(int); void *get(void);\n"   \
	"int a, b;\n"

/* ---- toy lattice: set of called functions (bit per name) ---- */

static const char *const NAMES[] = { "f", "g", "h", "k", "Guard", "lock" };
#define BIT_TRUE (1u << 30)
#define BIT_FALSE (1u << 29)
#define BIT_CASE(v) (1u << (20 + (v)))

struct log_entry {
	enum dv_event_kind kind;
	char text[64];
	int reporting;
	unsigned n_args;
	int op;
	int rhs_null;
};

struct branch_entry {
	char cond[64];
	enum dv_edge_kind kind;
	long long value;
};

struct toy {
	int must; /* join = intersection instead of union */
	int record;
	struct log_entry log[256];
	unsigned n_log;
	struct branch_entry br[64];
	unsigned n_br;
	unsigned transfers;
	unsigned reporting_transfers;
	int counter_mode; /* infinite-height lattice to hit max_visits */
	unsigned walk_state;
};

static void copy_text(char *dst, size_t n, CXCursor c)
{
	char *t = dv_ast_text(c);
	size_t i, j = 0;
	for (i = 0; t[i] && j + 1 < n; i++)
		if (t[i] != ' ')
			dst[j++] = t[i];
	dst[j] = 0;
	free(t);
}

static void *toy_entry(void *ctx)
{
	(void)ctx;
	return calloc(1, sizeof(unsigned));
}

static void *toy_copy(void *ctx, const void *s)
{
	unsigned *n = malloc(sizeof(unsigned));
	(void)ctx;
	*n = *(const unsigned *)s;
	return n;
}

static void toy_free(void *ctx, void *s)
{
	(void)ctx;
	free(s);
}

static int toy_join(void *ctx, void *dst, const void *src)
{
	struct toy *t = ctx;
	unsigned *d = dst, old = *d, s = *(const unsigned *)src;
	if (t->counter_mode)
		*d = old > s ? old : s;
	else if (t->must)
		*d = old & s;
	else
		*d = old | s;
	return *d != old;
}

static void toy_transfer(void *ctx, void *state, const struct dv_event *ev)
{
	struct toy *t = ctx;
	unsigned *st = state, i;
	t->transfers++;
	if (ev->reporting)
		t->reporting_transfers++;
	if (t->counter_mode) {
		if (ev->kind == DV_EV_CALL)
			(*st)++;
		return;
	}
	if (ev->kind == DV_EV_CALL && ev->callee)
		for (i = 0; i < sizeof(NAMES) / sizeof(NAMES[0]); i++)
			if (!strcmp(ev->callee, NAMES[i]))
				*st |= 1u << i;
	if (t->record && t->n_log < 256) {
		struct log_entry *l = &t->log[t->n_log++];
		l->kind = ev->kind;
		l->reporting = ev->reporting;
		l->n_args = ev->n_args;
		l->op = ev->op;
		l->rhs_null = clang_Cursor_isNull(ev->rhs);
		if (ev->kind == DV_EV_CALL && ev->callee)
			snprintf(l->text, sizeof(l->text), "%s", ev->callee);
		else if (ev->kind == DV_EV_ASSIGN)
			copy_text(l->text, sizeof(l->text), ev->lhs);
		else if (ev->kind == DV_EV_DECL || ev->kind == DV_EV_SCOPE_EXIT) {
			CXString s = clang_getCursorSpelling(ev->cursor);
			snprintf(l->text, sizeof(l->text), "%s", clang_getCString(s));
			clang_disposeString(s);
		} else
			l->text[0] = 0;
	}
}

static void toy_branch(void *ctx, void *state, const struct dv_branch *br)
{
	struct toy *t = ctx;
	unsigned *st = state;
	if (t->counter_mode)
		return;
	if (br->kind == DV_EDGE_TRUE)
		*st |= BIT_TRUE;
	else if (br->kind == DV_EDGE_FALSE)
		*st |= BIT_FALSE;
	else if (br->kind == DV_EDGE_CASE && br->case_value >= 0 && br->case_value < 8)
		*st |= BIT_CASE(br->case_value);
	if (t->n_br < 64) {
		struct branch_entry *e = &t->br[t->n_br++];
		copy_text(e->cond, sizeof(e->cond), br->cond);
		e->kind = br->kind;
		e->value = br->case_value;
	}
}

static const struct dv_lattice TOY = {
	toy_entry, toy_copy, toy_free, toy_join, toy_transfer, toy_branch,
};

#define BIT(name) (1u << name_index(name))
static unsigned name_index(const char *n)
{
	unsigned i;
	for (i = 0; i < sizeof(NAMES) / sizeof(NAMES[0]); i++)
		if (!strcmp(NAMES[i], n))
			return i;
	return 31;
}

static unsigned in_state(const struct dv_solution *sol, unsigned b)
{
	assert_true(b < sol->cfg->n_blocks);
	assert_non_null(sol->in[b]);
	return *(const unsigned *)sol->in[b] & ~(BIT_TRUE | BIT_FALSE | 0xFF00000u);
}

#define OPEN(src, cxx)                                                             \
	struct fx fx;                                                              \
	const struct dv_cfg *cfg = fx_open(&fx, src, cxx, "t");                    \
	assert_non_null(cfg)

static void test_may_and_must(void **state)
{
	struct toy may, must;
	struct dv_solution *s1, *s2;
	unsigned after;
	(void)state;
	OPEN(PRE "void t(int x) { if (x) { g(); h(); } else { h(); } f(1); }", 0);
	memset(&may, 0, sizeof(may));
	memset(&must, 0, sizeof(must));
	must.must = 1;
	s1 = dv_dataflow_solve(cfg, &TOY, &may, 0);
	s2 = dv_dataflow_solve(cfg, &TOY, &must, 0);
	after = blk(cfg, "f(1)");
	assert_int_equal(in_state(s1, after), BIT("g") | BIT("h"));
	assert_int_equal(in_state(s2, after), BIT("h"));
	assert_int_equal(in_state(s1, cfg->exit), BIT("g") | BIT("h") | BIT("f"));
	assert_false(s1->incomplete);
	dv_solution_free(s1, &TOY, &may);
	dv_solution_free(s2, &TOY, &must);
	fx_close(&fx);
}

static void test_loop_fixpoint(void **state)
{
	struct toy may, must;
	struct dv_solution *s1, *s2;
	unsigned after, hd;
	(void)state;
	OPEN(PRE "void t(int x) { g(); while (x) { if (x > 5) h(); else { k(x); break; } x--; } f(1); }", 0);
	memset(&may, 0, sizeof(may));
	memset(&must, 0, sizeof(must));
	must.must = 1;
	s1 = dv_dataflow_solve(cfg, &TOY, &may, 0);
	s2 = dv_dataflow_solve(cfg, &TOY, &must, 0);
	after = blk(cfg, "f(1)");
	hd = blk(cfg, "x");
	/* the loop header sees what the back edge brings */
	assert_int_equal(in_state(s1, hd), BIT("g") | BIT("h"));
	assert_int_equal(in_state(s2, hd), BIT("g"));
	assert_int_equal(in_state(s1, after), BIT("g") | BIT("h") | BIT("k"));
	assert_int_equal(in_state(s2, after), BIT("g"));
	dv_solution_free(s1, &TOY, &may);
	dv_solution_free(s2, &TOY, &must);
	fx_close(&fx);
}

static void test_branch_refinement(void **state)
{
	struct toy t;
	struct dv_solution *sol;
	unsigned then_b, else_b, c, i, saw_true = 0, saw_false = 0;
	(void)state;
	OPEN(PRE "void t(int x) { if (x < 0) g(); else h(); f(1); }", 0);
	memset(&t, 0, sizeof(t));
	sol = dv_dataflow_solve(cfg, &TOY, &t, 0);
	c = blk(cfg, "x < 0");
	then_b = blk(cfg, "g()");
	else_b = blk(cfg, "h()");
	assert_int_equal(*(unsigned *)sol->in[then_b] & (BIT_TRUE | BIT_FALSE), BIT_TRUE);
	assert_int_equal(*(unsigned *)sol->in[else_b] & (BIT_TRUE | BIT_FALSE), BIT_FALSE);
	assert_int_equal(*(unsigned *)sol->in[blk(cfg, "f(1)")] & (BIT_TRUE | BIT_FALSE), BIT_TRUE | BIT_FALSE);
	/* the entry block's own in-state is not refined */
	assert_int_equal(*(unsigned *)sol->in[c] & (BIT_TRUE | BIT_FALSE), 0);
	for (i = 0; i < t.n_br; i++) {
		assert_string_equal(t.br[i].cond, "x<0");
		saw_true += t.br[i].kind == DV_EDGE_TRUE;
		saw_false += t.br[i].kind == DV_EDGE_FALSE;
	}
	assert_int_equal(saw_true, 1);
	assert_int_equal(saw_false, 1);
	dv_solution_free(sol, &TOY, &t);
	fx_close(&fx);
}

static void test_switch_branches(void **state)
{
	struct toy t;
	struct dv_solution *sol;
	unsigned i, n_default = 0;
	(void)state;
	OPEN(PRE "void t(int x) { switch (x) { case 1: g(); break; case 3: h(); break; } f(1); }", 0);
	memset(&t, 0, sizeof(t));
	sol = dv_dataflow_solve(cfg, &TOY, &t, 0);
	assert_true(*(unsigned *)sol->in[blk(cfg, "g()")] & BIT_CASE(1));
	assert_false(*(unsigned *)sol->in[blk(cfg, "g()")] & BIT_CASE(3));
	assert_true(*(unsigned *)sol->in[blk(cfg, "h()")] & BIT_CASE(3));
	for (i = 0; i < t.n_br; i++)
		n_default += t.br[i].kind == DV_EDGE_DEFAULT;
	assert_int_equal(n_default, 1);
	assert_int_equal(t.n_br, 3);
	dv_solution_free(sol, &TOY, &t);
	fx_close(&fx);
}

static void test_replay(void **state)
{
	struct toy t;
	struct dv_solution *sol;
	unsigned i;
	(void)state;
	OPEN(PRE "void t(int x) { while (x) { g(); x--; } return; h(); }", 0);
	memset(&t, 0, sizeof(t));
	sol = dv_dataflow_solve(cfg, &TOY, &t, 0);
	assert_int_equal(t.reporting_transfers, 0);
	assert_null(sol->in[blk(cfg, "h()")]); /* unreachable: bottom */
	t.record = 1;
	dv_dataflow_replay(sol, &TOY, &t);
	assert_true(t.n_log > 0);
	for (i = 0; i < t.n_log; i++)
		assert_int_equal(t.log[i].reporting, 1);
	/* each reachable block once: g, x--, RETURN, EXIT */
	assert_int_equal(t.n_log, 4);
	assert_int_equal(t.log[0].kind, DV_EV_CALL);
	assert_int_equal(t.log[1].kind, DV_EV_ASSIGN);
	assert_int_equal(t.log[2].kind, DV_EV_RETURN);
	assert_int_equal(t.log[3].kind, DV_EV_EXIT);
	dv_solution_free(sol, &TOY, &t);
	fx_close(&fx);
}

static void walk_log(void *ctx, const struct dv_event *ev)
{
	toy_transfer(ctx, &((struct toy *)ctx)->walk_state, ev);
}

static void walk(const struct dv_cfg *cfg, struct toy *t)
{
	memset(t, 0, sizeof(*t));
	t->record = 1;
	dv_cfg_walk_events(cfg, walk_log, t);
}

static void test_event_order(void **state)
{
	struct toy t;
	(void)state;
	{
		OPEN(PRE "int t(int x) { int y = f(k(x)); g(); return k(y); }", 0);
		walk(cfg, &t);
		assert_int_equal(t.n_log, 7);
		assert_int_equal(t.log[0].kind, DV_EV_CALL);
		assert_string_equal(t.log[0].text, "k");
		assert_string_equal(t.log[1].text, "f"); /* args before the call */
		assert_int_equal(t.log[1].n_args, 1);
		assert_int_equal(t.log[2].kind, DV_EV_DECL); /* init before the decl */
		assert_string_equal(t.log[2].text, "y");
		assert_false(t.log[2].rhs_null);
		assert_string_equal(t.log[3].text, "g");
		assert_string_equal(t.log[4].text, "k");
		assert_int_equal(t.log[5].kind, DV_EV_RETURN);
		assert_false(t.log[5].rhs_null);
		assert_int_equal(t.log[6].kind, DV_EV_EXIT);
		assert_int_equal(t.log[6].reporting, 1);
		fx_close(&fx);
	}
	{
		OPEN("struct Mutex { void lock(); void unlock(); };\n"
		     "struct Guard { Mutex &m; Guard(Mutex &x) : m(x) { m.lock(); } ~Guard() { m.unlock(); } };\n"
		     "int f(int);\n"
		     "int t(Mutex &m) { Guard gd(m); m.lock(); return f(1); }", 1);
		walk(cfg, &t);
		assert_int_equal(t.n_log, 7);
		assert_int_equal(t.log[0].kind, DV_EV_CALL);
		assert_string_equal(t.log[0].text, "Guard");
		assert_int_equal(t.log[1].kind, DV_EV_DECL);
		assert_string_equal(t.log[2].text, "lock");
		assert_string_equal(t.log[3].text, "f");
		assert_int_equal(t.log[4].kind, DV_EV_RETURN);
		assert_int_equal(t.log[5].kind, DV_EV_SCOPE_EXIT);
		assert_string_equal(t.log[5].text, "gd");
		assert_int_equal(t.log[6].kind, DV_EV_EXIT);
		fx_close(&fx);
	}
}

static void test_assign_events(void **state)
{
	struct toy t;
	(void)state;
	OPEN(PRE "void t(int x, int *p) { x = 3; x += k(2); x++; --x; *p = x; int u; u = x == 1; }", 0);
	walk(cfg, &t);
	assert_int_equal(t.log[0].kind, DV_EV_ASSIGN);
	assert_int_equal(t.log[0].op, CXBinaryOperator_Assign);
	assert_string_equal(t.log[0].text, "x");
	assert_false(t.log[0].rhs_null);
	assert_string_equal(t.log[1].text, "k");
	assert_int_equal(t.log[2].op, CXBinaryOperator_AddAssign);
	assert_int_equal(t.log[3].op, CXUnaryOperator_PostInc);
	assert_true(t.log[3].rhs_null);
	assert_int_equal(t.log[4].op, CXUnaryOperator_PreDec);
	assert_string_equal(t.log[5].text, "*p");
	assert_int_equal(t.log[6].kind, DV_EV_DECL);
	assert_true(t.log[6].rhs_null);
	assert_int_equal(t.log[7].kind, DV_EV_ASSIGN);
	assert_int_equal(t.log[8].kind, DV_EV_EXIT);
	assert_int_equal(t.n_log, 9);
	fx_close(&fx);
}

static void test_opaque_and_unevaluated(void **state)
{
	struct toy t;
	unsigned i, calls_f = 0, calls_g = 0, assigns = 0;
	(void)state;
	{
		OPEN(PRE "void t(int x) { x = a && f(1); x = sizeof(f(2)); x = b ? k(1) : k(2); int z = a || k(3); }", 0);
		walk(cfg, &t);
		for (i = 0; i < t.n_log; i++) {
			calls_f += t.log[i].kind == DV_EV_CALL && !strcmp(t.log[i].text, "f");
			calls_g += t.log[i].kind == DV_EV_CALL && !strcmp(t.log[i].text, "k");
			assigns += t.log[i].kind == DV_EV_ASSIGN;
		}
		assert_int_equal(calls_f, 1);
		assert_int_equal(calls_g, 3);
		assert_int_equal(assigns, 3);
		fx_close(&fx);
	}
	{
		OPEN("void g(); void h(); void t() { auto l = [](){ g(); }; h(); }", 1);
		walk(cfg, &t);
		calls_g = 0;
		for (i = 0; i < t.n_log; i++)
			calls_g += t.log[i].kind == DV_EV_CALL && !strcmp(t.log[i].text, "g");
		assert_int_equal(calls_g, 0);
		fx_close(&fx);
	}
}

static void test_max_visits(void **state)
{
	struct toy t;
	struct dv_solution *sol;
	(void)state;
	OPEN(PRE "void t(int x) { while (x) { g(); } }", 0);
	memset(&t, 0, sizeof(t));
	t.counter_mode = 1;
	sol = dv_dataflow_solve(cfg, &TOY, &t, 5);
	assert_true(sol->incomplete);
	dv_solution_free(sol, &TOY, &t);
	fx_close(&fx);
}

/* ---- cond ---- */

struct cond_case {
	const char *cond;
	int ok_true;
	const char *operand;
	enum dv_cmp cmp_true;
	long long value;
	enum dv_cmp cmp_false;
};

static void check_cond(const struct cond_case *cc)
{
	char src[512];
	struct dv_branch br;
	struct dv_cond_atom atom;
	char text[64];
	unsigned c;
	snprintf(src, sizeof(src), PRE "void t(int x, int y, char *p) { if (%s) g(); }", cc->cond);
	{
		OPEN(src, 0);
		c = cfg->entry;
		while (c < cfg->n_blocks && clang_Cursor_isNull(cfg->blocks[c].cond))
			c++;
		assert_true(c < cfg->n_blocks);
		memset(&br, 0, sizeof(br));
		br.cond = cfg->blocks[c].cond;
		br.cfg = cfg;
		br.kind = DV_EDGE_TRUE;
		if (!cc->ok_true) {
			assert_int_equal(dv_cond_normalize(&br, &atom), -1);
			fx_close(&fx);
			return;
		}
		assert_int_equal(dv_cond_normalize(&br, &atom), 0);
		copy_text(text, sizeof(text), atom.operand);
		assert_string_equal(text, cc->operand);
		assert_int_equal(atom.cmp, cc->cmp_true);
		assert_int_equal(atom.value, cc->value);
		br.kind = DV_EDGE_FALSE;
		assert_int_equal(dv_cond_normalize(&br, &atom), 0);
		assert_int_equal(atom.cmp, cc->cmp_false);
		assert_int_equal(atom.value, cc->value);
		fx_close(&fx);
	}
}

static void test_cond_normalize(void **state)
{
	static const struct cond_case cases[] = {
		{ "!x", 1, "x", DV_CMP_EQ, 0, DV_CMP_NE },
		{ "x", 1, "x", DV_CMP_NE, 0, DV_CMP_EQ },
		{ "!!x", 1, "x", DV_CMP_NE, 0, DV_CMP_EQ },
		{ "x == 0", 1, "x", DV_CMP_EQ, 0, DV_CMP_NE },
		{ "0 != x", 1, "x", DV_CMP_NE, 0, DV_CMP_EQ },
		{ "x < 0", 1, "x", DV_CMP_LT, 0, DV_CMP_GE },
		{ "x <= 2", 1, "x", DV_CMP_LE, 2, DV_CMP_GT },
		{ "3 < x", 1, "x", DV_CMP_GT, 3, DV_CMP_LE },
		{ "x == -1", 1, "x", DV_CMP_EQ, -1, DV_CMP_NE },
		{ "f(x) != 0", 1, "f(x)", DV_CMP_NE, 0, DV_CMP_EQ },
		{ "f(x) < 0", 1, "f(x)", DV_CMP_LT, 0, DV_CMP_GE },
		{ "p == NULL", 1, "p", DV_CMP_EQ, 0, DV_CMP_NE },
		{ "p != NULL", 1, "p", DV_CMP_NE, 0, DV_CMP_EQ },
		{ "NULL == p", 1, "p", DV_CMP_EQ, 0, DV_CMP_NE },
		{ "!p", 1, "p", DV_CMP_EQ, 0, DV_CMP_NE },
		{ "(p = get()) == NULL", 1, "p", DV_CMP_EQ, 0, DV_CMP_NE },
		{ "!(x == 1)", 1, "x", DV_CMP_NE, 1, DV_CMP_EQ },
		{ "x > y", 0, NULL, DV_CMP_EQ, 0, DV_CMP_EQ },
		{ "x & 1", 0, NULL, DV_CMP_EQ, 0, DV_CMP_EQ },
	};
	unsigned i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_cond(&cases[i]);
}

static void test_cond_case_and_holds(void **state)
{
	struct dv_branch br;
	struct dv_cond_atom atom;
	unsigned s;
	(void)state;
	{
		OPEN(PRE "void t(int x) { switch (f(x)) { case 3: g(); } }", 0);
		s = cfg->entry;
		memset(&br, 0, sizeof(br));
		br.cond = cfg->blocks[s].cond;
		br.kind = DV_EDGE_CASE;
		br.case_value = 3;
		assert_int_equal(dv_cond_normalize(&br, &atom), 0);
		assert_int_equal(atom.cmp, DV_CMP_EQ);
		assert_int_equal(atom.value, 3);
		br.kind = DV_EDGE_DEFAULT;
		assert_int_equal(dv_cond_normalize(&br, &atom), -1);
		fx_close(&fx);
	}
	atom.value = 0;
	atom.cmp = DV_CMP_EQ;
	assert_true(dv_cond_holds(&atom, 0));
	assert_false(dv_cond_holds(&atom, -1));
	atom.cmp = DV_CMP_LT;
	assert_true(dv_cond_holds(&atom, -1));
	assert_false(dv_cond_holds(&atom, 0));
	atom.cmp = DV_CMP_GE;
	assert_true(dv_cond_holds(&atom, 0));
	atom.cmp = DV_CMP_NE;
	assert_true(dv_cond_holds(&atom, 5));
	atom.cmp = DV_CMP_LE;
	assert_true(dv_cond_holds(&atom, 0));
	atom.cmp = DV_CMP_GT;
	assert_false(dv_cond_holds(&atom, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_may_and_must),
		cmocka_unit_test(test_loop_fixpoint),
		cmocka_unit_test(test_branch_refinement),
		cmocka_unit_test(test_switch_branches),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_event_order),
		cmocka_unit_test(test_assign_events),
		cmocka_unit_test(test_opaque_and_unevaluated),
		cmocka_unit_test(test_max_visits),
		cmocka_unit_test(test_cond_normalize),
		cmocka_unit_test(test_cond_case_and_holds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
