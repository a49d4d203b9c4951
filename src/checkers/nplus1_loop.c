/*
 * What a loop does, for the nplus1 checker: whether it provably runs at
 * most once or never ends (an event loop), what drives it (a fetch of the next row, an index bounded by a row count, a
 * C++ range over a query result) and which variables hold values of the
 * current row.  Flow-insensitive over the loop's CFG elements: a loop
 * body is short and a variable that ever holds a row value is treated as
 * holding one.
 */
#include "checkers/nplus1_internal.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- runs once ---- */

static int int_var_init(CXCursor init, char **usr, long long *v)
{
	init = dv_ast_strip(init);
	if (clang_getCursorKind(init) == CXCursor_DeclStmt) {
		CXCursor d = dv_ast_child(init, 0);
		if (clang_getCursorKind(d) != CXCursor_VarDecl || !clang_Cursor_isNull(dv_ast_child(init, 1)))
			return -1;
		if (dv_ast_int_value(np_var_init(d), v) != 0)
			return -1;
		*usr = np_decl_usr(d);
		return *usr ? 0 : -1;
	}
	if (np_is_assignment(init) && clang_getCursorKind(init) == CXCursor_BinaryOperator &&
	    clang_getCursorKind(dv_ast_strip(dv_ast_child(init, 0))) == CXCursor_DeclRefExpr &&
	    dv_ast_int_value(dv_ast_child(init, 1), v) == 0) {
		*usr = np_base_var(dv_ast_child(init, 0));
		return *usr ? 0 : -1;
	}
	return -1;
}

/* for (i = A; i < B; i++) and friends with constant A, B: the trip count
 * is at most 1. */
static int for_runs_once(CXCursor s)
{
	CXCursor *kids = NULL, cond, lhs, rhs, inc;
	unsigned n = dv_ast_children(s, &kids);
	char *usr = NULL;
	long long a, b, trips = 2;
	enum CXBinaryOperatorKind op;
	enum CXUnaryOperatorKind ik;
	int up;
	if (n != 4 || int_var_init(kids[0], &usr, &a) != 0)
		goto cleanup;
	cond = dv_ast_strip(kids[1]);
	inc = dv_ast_strip(kids[2]);
	if (clang_getCursorKind(cond) != CXCursor_BinaryOperator || !np_is_incdec(inc))
		goto cleanup;
	ik = clang_getCursorUnaryOperatorKind(inc);
	up = ik == CXUnaryOperator_PostInc || ik == CXUnaryOperator_PreInc;
	lhs = dv_ast_strip(dv_ast_child(cond, 0));
	rhs = dv_ast_child(cond, 1);
	if (!np_mentions(lhs, usr) || !np_mentions(inc, usr) ||
	    clang_getCursorKind(lhs) != CXCursor_DeclRefExpr || dv_ast_int_value(rhs, &b) != 0)
		goto cleanup;
	op = clang_getCursorBinaryOperatorKind(cond);
	if (up && op == CXBinaryOperator_LT)
		trips = b - a;
	else if (up && op == CXBinaryOperator_LE)
		trips = b - a + 1;
	else if (!up && op == CXBinaryOperator_GT)
		trips = a - b;
	else if (!up && op == CXBinaryOperator_GE)
		trips = a - b + 1;
	else if (op == CXBinaryOperator_NE)
		trips = up ? b - a : a - b;
cleanup:
	free(usr);
	free(kids);
	return trips <= 1;
}

/* ---- what drives the loop ---- */

struct contains_op {
	struct np_fnctx *f;
	CXCursor found;
};

static enum CXChildVisitResult visit_driver_call(CXCursor c, CXCursor parent, void *data)
{
	struct contains_op *co = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		const struct np_func *fn = np_classify(co->f->api, c);
		if (fn && (fn->op == NP_FETCH || fn->op == NP_ROW_COUNT)) {
			co->found = c;
			return CXChildVisit_Break;
		}
	}
	return CXChildVisit_Recurse;
}

static CXCursor driver_call_in(struct np_fnctx *f, CXCursor e)
{
	struct contains_op co = { f, clang_getNullCursor() };
	if (clang_getCursorKind(e) == CXCursor_CallExpr)
		visit_driver_call(e, e, &co);
	if (clang_Cursor_isNull(co.found))
		clang_visitChildren(e, visit_driver_call, &co);
	return co.found;
}

struct drivers {
	struct np_varset vars; /* variables assigned a fetch / row-count result */
	CXCursor *calls;    /* the call each variable got its value from */
	size_t calls_alloc;
	struct np_varset results; /* C++ result objects (pqxx::result r = txn.exec(...)) */
	CXCursor *result_calls;
	size_t result_calls_alloc;
};

/* The query call whose value `e` is (through conversions and
 * temporaries), or null. */
static CXCursor query_value(struct np_fnctx *f, CXCursor e)
{
	unsigned guard;
	e = dv_ast_strip_casts(e);
	for (guard = 0; guard < 8 && !clang_Cursor_isNull(e) &&
			clang_getCursorKind(e) != CXCursor_CallExpr;
	     guard++)
		e = dv_ast_strip_casts(dv_ast_child(e, 0));
	if (clang_getCursorKind(e) == CXCursor_CallExpr && f->is_query_call(f->query_ctx, e))
		return e;
	return clang_getNullCursor();
}

/* A result object: C++ class type holding the rows (a C PGresult * is a
 * handle, read through the API's row functions instead). */
static int is_result_object(CXCursor var_or_lhs)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(var_or_lhs));
	return t.kind == CXType_Record;
}

static void collect_driver_var(struct np_fnctx *f, CXCursor c, void *data)
{
	struct drivers *d = data;
	CXCursor value = clang_getNullCursor(), call;
	char *usr = NULL;
	if (np_is_assignment(c)) {
		value = dv_ast_child(c, 1);
		usr = np_base_var(dv_ast_child(c, 0));
	} else if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		value = np_var_init(c);
		usr = np_decl_usr(c);
	}
	if (usr && !clang_Cursor_isNull(value) &&
	    is_result_object(np_is_assignment(c) ? dv_ast_child(c, 0) : c) &&
	    !clang_Cursor_isNull(call = query_value(f, value))) {
		char *dup = xstrdup(usr);
		if (np_set_add(&d->results, dup)) {
			DV_GROW(d->result_calls, d->results.n, d->result_calls_alloc);
			d->result_calls[d->results.n - 1] = call;
		}
	}
	if (!usr || clang_Cursor_isNull(value) ||
	    clang_Cursor_isNull(call = driver_call_in(f, value))) {
		free(usr);
		return;
	}
	if (np_set_add(&d->vars, usr)) {
		DV_GROW(d->calls, d->vars.n, d->calls_alloc);
		d->calls[d->vars.n - 1] = call;
	}
}

/* The call that decides whether the loop goes on to the next row: a
 * fetch or a row count in a condition that can leave the loop. */
static CXCursor find_row_driver(struct np_fnctx *f, unsigned loop)
{
	const struct dv_loopinfo *l = &f->ln->loops[loop];
	struct np_loopfacts *lf = &f->facts[loop];
	struct drivers d;
	CXCursor found = clang_getNullCursor();
	unsigned i, j;
	memset(&d, 0, sizeof(d));
	if (l->kind == DV_LOOP_RANGE_FOR) {
		/* for (auto row : txn.exec(...)): a range over a query result */
		found = query_value(f, dv_ast_child(l->stmt, 1));
		if (!clang_Cursor_isNull(found))
			return found;
	}
	np_walk_loop(f, DV_LOOP_NONE, collect_driver_var, &d);
	if (l->kind == DV_LOOP_RANGE_FOR) {
		/* for (auto row : r) over `pqxx::result r = txn.exec(...)` */
		CXCursor range = dv_ast_strip_casts(dv_ast_child(l->stmt, 1));
		char *u = clang_getCursorKind(range) == CXCursor_DeclRefExpr
				  ? np_decl_usr(clang_getCursorReferenced(range))
				  : NULL;
		for (j = 0; u && j < d.results.n && clang_Cursor_isNull(found); j++)
			if (!strcmp(u, d.results.v[j]))
				found = d.result_calls[j];
		free(u);
	}
	for (i = 0; i < l->n_blocks && clang_Cursor_isNull(found); i++) {
		const struct dv_block *b = &f->cfg->blocks[l->blocks[i]];
		int exits = 0;
		if (clang_Cursor_isNull(b->cond))
			continue;
		for (j = 0; j < b->n_succ; j++)
			exits |= !dv_loopnest_contains(f->ln, loop, b->succ[j].to);
		if (!exits)
			continue;
		found = driver_call_in(f, b->cond);
		for (j = 0; j < d.vars.n && clang_Cursor_isNull(found); j++)
			if (np_mentions(b->cond, d.vars.v[j]))
				found = d.calls[j];
		/* it != r.end(): an iterator walk over a result object's rows */
		for (j = 0; j < d.results.n && clang_Cursor_isNull(found); j++)
			if (np_mentions(b->cond, d.results.v[j])) {
				found = d.result_calls[j];
				lf->result_var = xstrdup(d.results.v[j]);
			}
	}
	np_set_release(&d.vars);
	np_set_release(&d.results);
	free(d.calls);
	free(d.result_calls);
	return found;
}

void np_loopfacts_compute(struct np_fnctx *f, unsigned loop)
{
	struct np_loopfacts *lf = &f->facts[loop];
	const struct dv_loopinfo *l = &f->ln->loops[loop];
	unsigned i, j;
	if (lf->computed)
		return;
	lf->computed = 1;
	lf->runs_once = l->kind == DV_LOOP_FOR && for_runs_once(l->stmt);
	lf->endless = 1;
	for (i = 0; i < l->n_blocks && lf->endless; i++) {
		const struct dv_block *b = &f->cfg->blocks[l->blocks[i]];
		for (j = 0; j < b->n_succ; j++)
			if (!dv_loopnest_contains(f->ln, loop, b->succ[j].to))
				lf->endless = 0;
	}
	lf->row_driver = find_row_driver(f, loop);
}

void np_loopfacts_release(struct np_loopfacts *lf)
{
	size_t i;
	for (i = 0; i < lf->n_tainted; i++)
		free(lf->tainted[i]);
	free(lf->tainted);
	free(lf->result_var);
	memset(lf, 0, sizeof(*lf));
}

/* ---- row values ---- */

struct row_scan {
	struct np_fnctx *f;
	struct np_varset *set;
	int found;
};

static enum CXChildVisitResult visit_row_expr(CXCursor c, CXCursor parent, void *data)
{
	struct row_scan *r = data;
	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_LambdaExpr:
		return CXChildVisit_Continue;
	case CXCursor_CallExpr: {
		const struct np_func *fn = np_classify(r->f->api, c);
		if (fn && ((fn->op == NP_ROW_VALUE && fn->arg < 0) || (fn->op == NP_FETCH && fn->row)))
			r->found = 1;
		break;
	}
	case CXCursor_DeclRefExpr: {
		char *u = np_decl_usr(clang_getCursorReferenced(c));
		r->found = np_set_has(r->set, u);
		free(u);
		break;
	}
	default:
		break;
	}
	return r->found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static int is_row_expr(struct np_fnctx *f, struct np_varset *set, CXCursor e)
{
	struct row_scan r = { f, set, 0 };
	if (clang_Cursor_isNull(e))
		return 0;
	visit_row_expr(e, e, &r);
	if (!r.found && clang_getCursorKind(e) != CXCursor_LambdaExpr)
		clang_visitChildren(e, visit_row_expr, &r);
	return r.found;
}

struct taint_round {
	struct np_varset *set;
	int changed;
	const char *result_var;
};

/* `auto it = r.begin()`: a variable of class type (not a count, not a
 * size) initialised from the result object the loop iterates. */
static void seed_iterators(struct np_fnctx *f, CXCursor c, void *data)
{
	struct taint_round *t = data;
	CXCursor init;
	(void)f;
	if (clang_getCursorKind(c) != CXCursor_VarDecl || !is_result_object(c))
		return;
	init = np_var_init(c);
	if (!clang_Cursor_isNull(init) && np_mentions(init, t->result_var))
		t->changed |= np_set_add(t->set, np_decl_usr(c));
}

static void seed_outputs(struct np_fnctx *f, CXCursor c, void *data)
{
	struct taint_round *t = data;
	const struct np_func *fn;
	if (clang_getCursorKind(c) != CXCursor_CallExpr || !(fn = np_classify(f->api, c)))
		return;
	if ((fn->op == NP_ROW_VALUE || fn->op == NP_BIND_COLUMN) && fn->arg >= 0)
		t->changed |= np_set_add(t->set, np_base_var(dv_ast_call_arg(c, (unsigned)fn->arg)));
}

static void propagate(struct np_fnctx *f, CXCursor c, void *data)
{
	struct taint_round *t = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (np_is_assignment(c)) {
		if (is_row_expr(f, t->set, dv_ast_child(c, 1)))
			t->changed |= np_set_add(t->set, np_base_var(dv_ast_child(c, 0)));
	} else if (k == CXCursor_VarDecl) {
		if (is_row_expr(f, t->set, np_var_init(c)))
			t->changed |= np_set_add(t->set, np_decl_usr(c));
	} else if (k == CXCursor_CallExpr && !np_classify(f->api, c) &&
		   !f->is_query_call(f->query_ctx, c)) {
		/* snprintf(sql, ..., id), strcpy, sscanf(v, "%d", &id),
		 * s.append(v): a row value flows into the written argument */
		int n = dv_ast_call_nargs(c), i, any = 0;
		CXCursor obj = dv_ast_call_object(c);
		for (i = 0; i < n && !any; i++)
			any = is_row_expr(f, t->set, dv_ast_call_arg(c, (unsigned)i));
		if (!any)
			return;
		if (!clang_Cursor_isNull(obj))
			t->changed |= np_set_add(t->set, np_base_var(obj));
		else if (n > 0)
			t->changed |= np_set_add(t->set, np_base_var(dv_ast_call_arg(c, 0)));
		for (i = 1; i < n; i++)
			if (np_is_address_of(dv_ast_call_arg(c, (unsigned)i)))
				t->changed |= np_set_add(t->set, np_base_var(dv_ast_call_arg(c, (unsigned)i)));
	}
}

static void compute_taint(struct np_fnctx *f, unsigned loop)
{
	struct np_loopfacts *lf = &f->facts[loop];
	struct np_varset set = { lf->tainted, lf->n_tainted, lf->tainted_alloc };
	struct taint_round t = { &set, 0, NULL };
	const struct dv_loopinfo *l = &f->ln->loops[loop];
	unsigned round;
	lf->taint_done = 1;
	if (l->kind == DV_LOOP_RANGE_FOR && !clang_Cursor_isNull(lf->row_driver))
		np_set_add(&set, np_decl_usr(dv_ast_child(l->stmt, 0)));
	/* SQLBindCol before the loop binds buffers every fetch refills */
	np_walk_loop(f, DV_LOOP_NONE, seed_outputs, &t);
	/* an iterator over a result object: the iterator is the current row */
	if (lf->result_var) {
		t.result_var = lf->result_var;
		np_walk_loop(f, DV_LOOP_NONE, seed_iterators, &t);
	}
	for (round = 0; round < 8; round++) {
		t.changed = 0;
		np_walk_loop(f, loop, propagate, &t);
		if (!t.changed)
			break;
	}
	lf->tainted = set.v;
	lf->n_tainted = set.n;
	lf->tainted_alloc = set.alloc;
}

int np_call_uses_row(struct np_fnctx *f, unsigned loop, CXCursor call)
{
	struct np_loopfacts *lf = &f->facts[loop];
	struct np_varset set;
	int n, i;
	np_loopfacts_compute(f, loop);
	if (clang_Cursor_isNull(lf->row_driver))
		return 0;
	if (!lf->taint_done)
		compute_taint(f, loop);
	set.v = lf->tainted;
	set.n = lf->n_tainted;
	set.alloc = lf->tainted_alloc;
	n = dv_ast_call_nargs(call);
	/* out-parameters (&res, &stmt) are results, not inputs */
	for (i = 0; i < n; i++) {
		CXCursor a = dv_ast_call_arg(call, (unsigned)i);
		if (!np_is_address_of(a) && is_row_expr(f, &set, a))
			return 1;
	}
	return 0;
}

/* ---- error paths ---- */

static int returns_error_constant(CXCursor ret)
{
	long long v;
	CXCursor value = dv_ast_child(ret, 0);
	return !clang_Cursor_isNull(value) && dv_ast_int_value(value, &v) == 0 && v < 0;
}

int np_only_on_error_paths(const struct dv_cfg *cfg, CXCursor c)
{
	unsigned b = dv_cfg_block_of(cfg, c), sp = 0, i, j;
	unsigned *stack, *start;
	unsigned char *seen;
	int normal = 0;
	if (!cfg || cfg->incomplete || b >= cfg->n_blocks)
		return 0;
	stack = xmalloc(cfg->n_blocks * sizeof(unsigned));
	start = xmalloc(cfg->n_blocks * sizeof(unsigned));
	seen = xcalloc(cfg->n_blocks, 1);
	/* from the element holding the call onwards */
	for (j = 0; j < cfg->blocks[b].n_elems; j++)
		if (np_contains_cursor(cfg->blocks[b].elems[j].cursor, c))
			break;
	stack[sp] = b;
	start[sp++] = j < cfg->blocks[b].n_elems ? j : 0;
	seen[b] = 1;
	while (sp && !normal) {
		const struct dv_block *blk;
		int ended = 0;
		sp--;
		blk = &cfg->blocks[stack[sp]];
		if (stack[sp] == cfg->exit) {
			normal = 1;
			break;
		}
		for (j = start[sp]; j < blk->n_elems && !ended; j++) {
			const struct dv_elem *e = &blk->elems[j];
			if (e->kind == DV_ELEM_RETURN) {
				if (!returns_error_constant(e->cursor))
					normal = 1;
				ended = 1;
			} else if (e->kind == DV_ELEM_EXIT) {
				normal = 1; /* falls off the end */
				ended = 1;
			}
		}
		if (ended)
			continue;
		for (i = 0; i < blk->n_succ; i++) {
			unsigned to = blk->succ[i].to;
			if (seen[to])
				continue;
			seen[to] = 1;
			stack[sp] = to;
			start[sp++] = 0;
		}
	}
	free(stack);
	free(start);
	free(seen);
	return !normal;
}
