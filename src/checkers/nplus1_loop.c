/*
 * What a loop does, for the nplus1 checker: whether it provably runs at
 * most once, whether it retries the same queries until one succeeds, what
 * drives it (a fetch of the next row, an index bounded by a row count, a
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

/* ---- variables ---- */

static char *decl_usr(CXCursor d)
{
	CXString s;
	char *out = NULL;
	enum CXCursorKind k = clang_getCursorKind(d);
	if (k != CXCursor_VarDecl && k != CXCursor_ParmDecl)
		return NULL;
	s = clang_getCursorUSR(d);
	if (clang_getCString(s) && clang_getCString(s)[0])
		out = xstrdup(clang_getCString(s));
	clang_disposeString(s);
	return out;
}

char *np_base_var(CXCursor e)
{
	unsigned guard;
	for (guard = 0; guard < 64; guard++) {
		e = dv_ast_strip_casts(e);
		switch (clang_getCursorKind(e)) {
		case CXCursor_DeclRefExpr:
			return decl_usr(clang_getCursorReferenced(e));
		case CXCursor_ArraySubscriptExpr:
		case CXCursor_MemberRefExpr:
		case CXCursor_UnaryOperator:
			e = dv_ast_child(e, 0);
			if (clang_Cursor_isNull(e))
				return NULL;
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

struct mention {
	const char *usr;
	int found;
};

static enum CXChildVisitResult visit_mention(CXCursor c, CXCursor parent, void *data)
{
	struct mention *m = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		char *u = decl_usr(clang_getCursorReferenced(c));
		if (u && !strcmp(u, m->usr))
			m->found = 1;
		free(u);
		if (m->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

int np_mentions(CXCursor e, const char *usr)
{
	struct mention m = { usr, 0 };
	if (!usr)
		return 0;
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr) {
		visit_mention(e, e, &m);
		return m.found;
	}
	clang_visitChildren(e, visit_mention, &m);
	return m.found;
}

/* The same AST node reached along another path: libclang's cursor
 * equality also compares the parent a visit came from. */
int np_same_cursor(CXCursor a, CXCursor b)
{
	return clang_getCursorKind(a) == clang_getCursorKind(b) &&
	       clang_equalRanges(clang_getCursorExtent(a), clang_getCursorExtent(b));
}

/* ---- sets of variables (small: a loop's worth) ---- */

struct varset {
	char **v;
	size_t n, alloc;
};

static int set_has(const struct varset *s, const char *usr)
{
	size_t i;
	for (i = 0; usr && i < s->n; i++)
		if (!strcmp(s->v[i], usr))
			return 1;
	return 0;
}

/* Takes ownership of usr; returns 1 when it was new. */
static int set_add(struct varset *s, char *usr)
{
	if (!usr)
		return 0;
	if (set_has(s, usr)) {
		free(usr);
		return 0;
	}
	DV_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n++] = usr;
	return 1;
}

static void set_release(struct varset *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->alloc = 0;
}

struct any_in_set {
	const struct varset *set;
	int found;
};

static enum CXChildVisitResult visit_any_in_set(CXCursor c, CXCursor parent, void *data)
{
	struct any_in_set *a = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		char *u = decl_usr(clang_getCursorReferenced(c));
		a->found = set_has(a->set, u);
		free(u);
		if (a->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static int mentions_any(CXCursor e, const struct varset *set)
{
	struct any_in_set a = { set, 0 };
	if (!set->n)
		return 0;
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr)
		visit_any_in_set(e, e, &a);
	else
		clang_visitChildren(e, visit_any_in_set, &a);
	return a.found;
}

/* ---- walking a loop's elements ---- */

typedef void (*node_fn)(struct np_fnctx *f, CXCursor c, void *data);

struct walk {
	struct np_fnctx *f;
	node_fn fn;
	void *data;
};

static enum CXChildVisitResult visit_walk(CXCursor c, CXCursor parent, void *data)
{
	struct walk *w = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	w->fn(w->f, c, w->data);
	return CXChildVisit_Recurse;
}

/* Calls fn on every cursor evaluated by the loop's elements (or by the
 * whole function body when loop == DV_LOOP_NONE). */
static void walk_loop(struct np_fnctx *f, unsigned loop, node_fn fn, void *data)
{
	struct walk w = { f, fn, data };
	unsigned i, j;
	if (loop == DV_LOOP_NONE) {
		clang_visitChildren(f->body, visit_walk, &w);
		return;
	}
	for (i = 0; i < f->ln->loops[loop].n_blocks; i++) {
		const struct dv_block *b = &f->cfg->blocks[f->ln->loops[loop].blocks[i]];
		for (j = 0; j < b->n_elems; j++) {
			const struct dv_elem *e = &b->elems[j];
			if (e->kind == DV_ELEM_EXIT || e->kind == DV_ELEM_SCOPE_EXIT)
				continue;
			fn(f, e->cursor, data);
			clang_visitChildren(e->cursor, visit_walk, &w);
		}
	}
}

static int is_assignment(CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	return k == CXCursor_CompoundAssignOperator ||
	       (k == CXCursor_BinaryOperator &&
		clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign);
}

static int is_incdec(CXCursor c)
{
	enum CXUnaryOperatorKind k;
	if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
		return 0;
	k = clang_getCursorUnaryOperatorKind(c);
	return k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PostDec ||
	       k == CXUnaryOperator_PreInc || k == CXUnaryOperator_PreDec;
}

static int is_address_of(CXCursor e)
{
	e = dv_ast_strip(e);
	return clang_getCursorKind(e) == CXCursor_UnaryOperator &&
	       clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_AddrOf;
}

/* The initialiser of a VarDecl (its last child, when an expression). */
static CXCursor var_init(CXCursor d)
{
	CXCursor *kids = NULL, init = clang_getNullCursor();
	unsigned n = dv_ast_children(d, &kids);
	if (n && clang_isExpression(clang_getCursorKind(kids[n - 1])))
		init = kids[n - 1];
	free(kids);
	return init;
}

/* ---- runs once ---- */

static int int_var_init(CXCursor init, char **usr, long long *v)
{
	init = dv_ast_strip(init);
	if (clang_getCursorKind(init) == CXCursor_DeclStmt) {
		CXCursor d = dv_ast_child(init, 0);
		if (clang_getCursorKind(d) != CXCursor_VarDecl || !clang_Cursor_isNull(dv_ast_child(init, 1)))
			return -1;
		if (dv_ast_int_value(var_init(d), v) != 0)
			return -1;
		*usr = decl_usr(d);
		return *usr ? 0 : -1;
	}
	if (is_assignment(init) && clang_getCursorKind(init) == CXCursor_BinaryOperator &&
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
	if (clang_getCursorKind(cond) != CXCursor_BinaryOperator || !is_incdec(inc))
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
	struct varset vars; /* variables assigned a fetch / row-count result */
	CXCursor *calls;    /* the call each variable got its value from */
	size_t calls_alloc;
};

static void collect_driver_var(struct np_fnctx *f, CXCursor c, void *data)
{
	struct drivers *d = data;
	CXCursor value = clang_getNullCursor(), call;
	char *usr = NULL;
	if (is_assignment(c)) {
		value = dv_ast_child(c, 1);
		usr = np_base_var(dv_ast_child(c, 0));
	} else if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		value = var_init(c);
		usr = decl_usr(c);
	}
	if (!usr || clang_Cursor_isNull(value) ||
	    clang_Cursor_isNull(call = driver_call_in(f, value))) {
		free(usr);
		return;
	}
	if (set_add(&d->vars, usr)) {
		DV_GROW(d->calls, d->vars.n, d->calls_alloc);
		d->calls[d->vars.n - 1] = call;
	}
}

/* The call that decides whether the loop goes on to the next row: a
 * fetch or a row count in a condition that can leave the loop. */
static CXCursor find_row_driver(struct np_fnctx *f, unsigned loop)
{
	const struct dv_loopinfo *l = &f->ln->loops[loop];
	struct drivers d;
	CXCursor found = clang_getNullCursor();
	unsigned i, j;
	memset(&d, 0, sizeof(d));
	if (l->kind == DV_LOOP_RANGE_FOR) {
		/* for (auto row : txn.exec(...)): a range over a query result */
		CXCursor range = dv_ast_child(l->stmt, 1);
		unsigned guard;
		/* through conversions and temporaries to the call */
		range = dv_ast_strip_casts(range);
		for (guard = 0; guard < 8 && !clang_Cursor_isNull(range) &&
				clang_getCursorKind(range) != CXCursor_CallExpr;
		     guard++)
			range = dv_ast_strip_casts(dv_ast_child(range, 0));
		if (clang_getCursorKind(range) == CXCursor_CallExpr &&
		    f->is_query_call(f->query_ctx, range))
			return range;
	}
	walk_loop(f, DV_LOOP_NONE, collect_driver_var, &d);
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
	}
	set_release(&d.vars);
	free(d.calls);
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
	memset(lf, 0, sizeof(*lf));
}

/* ---- row values ---- */

struct row_scan {
	struct np_fnctx *f;
	struct varset *set;
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
		char *u = decl_usr(clang_getCursorReferenced(c));
		r->found = set_has(r->set, u);
		free(u);
		break;
	}
	default:
		break;
	}
	return r->found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static int is_row_expr(struct np_fnctx *f, struct varset *set, CXCursor e)
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
	struct varset *set;
	int changed;
};

static void seed_outputs(struct np_fnctx *f, CXCursor c, void *data)
{
	struct taint_round *t = data;
	const struct np_func *fn;
	if (clang_getCursorKind(c) != CXCursor_CallExpr || !(fn = np_classify(f->api, c)))
		return;
	if ((fn->op == NP_ROW_VALUE || fn->op == NP_BIND_COLUMN) && fn->arg >= 0)
		t->changed |= set_add(t->set, np_base_var(dv_ast_call_arg(c, (unsigned)fn->arg)));
}

static void propagate(struct np_fnctx *f, CXCursor c, void *data)
{
	struct taint_round *t = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (is_assignment(c)) {
		if (is_row_expr(f, t->set, dv_ast_child(c, 1)))
			t->changed |= set_add(t->set, np_base_var(dv_ast_child(c, 0)));
	} else if (k == CXCursor_VarDecl) {
		if (is_row_expr(f, t->set, var_init(c)))
			t->changed |= set_add(t->set, decl_usr(c));
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
			t->changed |= set_add(t->set, np_base_var(obj));
		else if (n > 0)
			t->changed |= set_add(t->set, np_base_var(dv_ast_call_arg(c, 0)));
		for (i = 1; i < n; i++)
			if (is_address_of(dv_ast_call_arg(c, (unsigned)i)))
				t->changed |= set_add(t->set, np_base_var(dv_ast_call_arg(c, (unsigned)i)));
	}
}

static void compute_taint(struct np_fnctx *f, unsigned loop)
{
	struct np_loopfacts *lf = &f->facts[loop];
	struct varset set = { lf->tainted, lf->n_tainted, lf->tainted_alloc };
	struct taint_round t = { &set, 0 };
	const struct dv_loopinfo *l = &f->ln->loops[loop];
	unsigned round;
	lf->taint_done = 1;
	if (l->kind == DV_LOOP_RANGE_FOR && !clang_Cursor_isNull(lf->row_driver))
		set_add(&set, decl_usr(dv_ast_child(l->stmt, 0)));
	/* SQLBindCol before the loop binds buffers every fetch refills */
	walk_loop(f, DV_LOOP_NONE, seed_outputs, &t);
	for (round = 0; round < 8; round++) {
		t.changed = 0;
		walk_loop(f, loop, propagate, &t);
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
	struct varset set;
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
		if (!is_address_of(a) && is_row_expr(f, &set, a))
			return 1;
	}
	return 0;
}

/* ---- retry loops ---- */

/* A writable character buffer (char[], char *, unsigned char *). */
static int is_text_buffer(CXType t)
{
	CXType e;
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
		e = clang_getCanonicalType(clang_getArrayElementType(t));
	else if (t.kind == CXType_Pointer)
		e = clang_getCanonicalType(clang_getPointeeType(t));
	else
		return 0;
	return !clang_isConstQualifiedType(e) &&
	       (e.kind == CXType_Char_S || e.kind == CXType_Char_U || e.kind == CXType_SChar ||
		e.kind == CXType_UChar);
}

struct modified {
	struct varset set;
};

static void collect_modified(struct np_fnctx *f, CXCursor c, void *data)
{
	struct modified *m = data;
	(void)f;
	if (is_assignment(c)) {
		set_add(&m->set, np_base_var(dv_ast_child(c, 0)));
	} else if (is_incdec(c)) {
		set_add(&m->set, np_base_var(dv_ast_child(c, 0)));
	} else if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		/* declared in the loop: a new value every iteration, unless a
		 * constant */
		CXCursor init = var_init(c);
		long long v;
		if (!clang_Cursor_isNull(init) && !dv_ast_is_constant_string(init) &&
		    dv_ast_int_value(init, &v) != 0)
			set_add(&m->set, decl_usr(c));
	} else if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		int n = dv_ast_call_nargs(c), i;
		for (i = 0; i < n; i++) {
			CXCursor a = dv_ast_call_arg(c, (unsigned)i);
			CXType t = clang_getCanonicalType(clang_getCursorType(a));
			if (is_address_of(a)) {
				set_add(&m->set, np_base_var(a));
			} else if (i == 0 && (t.kind == CXType_ConstantArray ||
					      t.kind == CXType_IncompleteArray || is_text_buffer(t))) {
				/* snprintf(buf, ...), strcpy(p, ...): a text buffer rewritten */
				set_add(&m->set, np_base_var(a));
			}
		}
	}
}

struct result_vars {
	struct np_fnctx *f;
	unsigned loop;
	struct varset set;
	int changed;
};

static int contains_cursor(CXCursor e, CXCursor want);
static int in_loop(struct np_fnctx *f, unsigned loop, CXCursor c);

/* Contains one of the loop's query calls. */
static int contains_query(struct np_fnctx *f, unsigned loop, CXCursor e)
{
	size_t i;
	for (i = 0; i < f->n_queries; i++)
		if (in_loop(f, loop, f->queries[i].call) && contains_cursor(e, f->queries[i].call))
			return 1;
	return 0;
}

static void collect_result_var(struct np_fnctx *f, CXCursor c, void *data)
{
	struct result_vars *r = data;
	CXCursor value = clang_getNullCursor();
	char *usr = NULL;
	(void)f;
	if (is_assignment(c)) {
		value = dv_ast_child(c, 1);
		usr = np_base_var(dv_ast_child(c, 0));
	} else if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		value = var_init(c);
		usr = decl_usr(c);
	}
	if (usr && !clang_Cursor_isNull(value) &&
	    (contains_query(r->f, r->loop, value) || mentions_any(value, &r->set)))
		r->changed |= set_add(&r->set, usr);
	else
		free(usr);
}

struct find_cursor {
	CXCursor want;
	int found;
};

static enum CXChildVisitResult visit_find_cursor(CXCursor c, CXCursor parent, void *data)
{
	struct find_cursor *fc = data;
	(void)parent;
	if (np_same_cursor(c, fc->want)) {
		fc->found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static int contains_cursor(CXCursor e, CXCursor want)
{
	struct find_cursor fc = { want, 0 };
	if (np_same_cursor(e, want))
		return 1;
	clang_visitChildren(e, visit_find_cursor, &fc);
	return fc.found;
}

/* Some condition that can leave the loop tests a query's result. */
static int exit_tests_result(struct np_fnctx *f, unsigned loop, const struct varset *results)
{
	const struct dv_loopinfo *l = &f->ln->loops[loop];
	unsigned i, j;
	for (i = 0; i < l->n_blocks; i++) {
		const struct dv_block *b = &f->cfg->blocks[l->blocks[i]];
		int exits = 0;
		if (clang_Cursor_isNull(b->cond))
			continue;
		for (j = 0; j < b->n_succ; j++)
			exits |= !dv_loopnest_contains(f->ln, loop, b->succ[j].to);
		if (exits && (contains_query(f, loop, b->cond) || mentions_any(b->cond, results)))
			return 1;
	}
	return 0;
}

static int in_loop(struct np_fnctx *f, unsigned loop, CXCursor c)
{
	return dv_loopnest_contains(f->ln, loop, dv_cfg_block_of(f->cfg, c));
}

/* The inputs of a query (arguments other than out-parameters) do not
 * change from one iteration to the next. */
static int args_invariant(CXCursor call, const struct varset *modified)
{
	int n = dv_ast_call_nargs(call), i;
	for (i = 0; i < n; i++) {
		CXCursor a = dv_ast_call_arg(call, (unsigned)i);
		if (!is_address_of(a) && mentions_any(a, modified))
			return 0;
	}
	return 1;
}

struct other_calls {
	const struct varset *changing; /* modified, and not a query result */
	int uses;
};

static void check_other_call(struct np_fnctx *f, CXCursor c, void *data)
{
	struct other_calls *o = data;
	int n, i;
	if (o->uses || clang_getCursorKind(c) != CXCursor_CallExpr || f->is_query_call(f->query_ctx, c))
		return;
	n = dv_ast_call_nargs(c);
	for (i = 0; i < n && !o->uses; i++) {
		CXCursor a = dv_ast_call_arg(c, (unsigned)i);
		o->uses = !is_address_of(a) && mentions_any(a, o->changing);
	}
}

/*
 * A retry (or poll) loop repeats the same queries until one result lets
 * it stop: the queries' inputs do not change between iterations, some
 * exit tests a query's result, and no other call works on values that
 * change per iteration (an index into elements, a row) — only on the
 * queries' own results (error messages, status checks) and constants.
 */
int np_loop_is_retry(struct np_fnctx *f, unsigned loop)
{
	struct modified m;
	struct result_vars r;
	struct varset changing;
	struct other_calls oc;
	size_t i, k;
	int n = 0, ok = 1;
	unsigned round;
	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	memset(&changing, 0, sizeof(changing));
	walk_loop(f, loop, collect_modified, &m);
	for (i = 0; i < f->n_queries && ok; i++) {
		const struct np_query *q = &f->queries[i];
		int na, j;
		if (!in_loop(f, loop, q->call))
			continue;
		n++;
		ok = args_invariant(q->call, &m.set);
		/* out-parameters are results too */
		na = dv_ast_call_nargs(q->call);
		for (j = 0; j < na; j++)
			if (is_address_of(dv_ast_call_arg(q->call, (unsigned)j)))
				set_add(&r.set, np_base_var(dv_ast_call_arg(q->call, (unsigned)j)));
	}
	if (!n || !ok)
		goto done;
	r.f = f;
	r.loop = loop;
	for (round = 0; round < 4; round++) {
		r.changed = 0;
		walk_loop(f, loop, collect_result_var, &r);
		if (!r.changed)
			break;
	}
	ok = exit_tests_result(f, loop, &r.set);
	if (!ok)
		goto done;
	for (k = 0; k < m.set.n; k++)
		if (!set_has(&r.set, m.set.v[k]))
			set_add(&changing, xstrdup(m.set.v[k]));
	oc.changing = &changing;
	oc.uses = 0;
	walk_loop(f, loop, check_other_call, &oc);
	ok = !oc.uses;
done:
	set_release(&m.set);
	set_release(&r.set);
	set_release(&changing);
	return n > 0 && ok;
}

/* ---- values read from the iterated data ---- */

struct literal_scan {
	int found;
};

static enum CXChildVisitResult visit_literal(CXCursor c, CXCursor parent, void *data)
{
	struct literal_scan *ls = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_StringLiteral) {
		ls->found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Text is built from a literal: "..." + x, mprintf("%d", x), a format. */
static int has_literal(CXCursor e)
{
	struct literal_scan ls = { 0 };
	if (clang_Cursor_isNull(e))
		return 0;
	if (clang_getCursorKind(e) == CXCursor_StringLiteral)
		return 1;
	clang_visitChildren(e, visit_literal, &ls);
	return ls.found;
}

struct write_check {
	const char *usr;
	int impure;
};

static void check_write(struct np_fnctx *f, CXCursor c, void *data)
{
	struct write_check *w = data;
	char *usr = NULL;
	(void)f;
	if (w->impure)
		return;
	if (is_assignment(c)) {
		usr = np_base_var(dv_ast_child(c, 0));
		if (usr && !strcmp(usr, w->usr) && has_literal(dv_ast_child(c, 1)))
			w->impure = 1;
	} else if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		usr = decl_usr(c);
		if (usr && !strcmp(usr, w->usr) && has_literal(var_init(c)))
			w->impure = 1;
	} else if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		/* written through an argument: snprintf(sql, ...), asprintf(&sql, ...) */
		int n = dv_ast_call_nargs(c), i;
		for (i = 0; i < n && !w->impure; i++) {
			CXCursor a = dv_ast_call_arg(c, (unsigned)i);
			CXType t = clang_getCanonicalType(clang_getCursorType(a));
			if (is_address_of(a) || (i == 0 && is_text_buffer(t))) {
				char *b = np_base_var(a);
				w->impure = b && !strcmp(b, w->usr) && (i > 0 || n > 1);
				free(b);
			}
		}
	}
	free(usr);
}

struct mentioned {
	struct varset set;
};

static enum CXChildVisitResult visit_mentioned(CXCursor c, CXCursor parent, void *data)
{
	struct mentioned *m = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		set_add(&m->set, decl_usr(clang_getCursorReferenced(c)));
	return CXChildVisit_Recurse;
}

int np_from_iterated_data(struct np_fnctx *f, unsigned loop, CXCursor e)
{
	struct modified m;
	struct mentioned used;
	size_t i;
	int varying = 0, pure = 1;
	if (clang_Cursor_isNull(e) || has_literal(e))
		return 0;
	memset(&m, 0, sizeof(m));
	memset(&used, 0, sizeof(used));
	walk_loop(f, loop, collect_modified, &m);
	if (clang_getCursorKind(dv_ast_strip_casts(e)) == CXCursor_DeclRefExpr)
		visit_mentioned(dv_ast_strip_casts(e), e, &used);
	else
		clang_visitChildren(e, visit_mentioned, &used);
	for (i = 0; i < used.set.n && pure; i++) {
		struct write_check w = { used.set.v[i], 0 };
		if (!set_has(&m.set, used.set.v[i]))
			continue;
		varying = 1;
		walk_loop(f, loop, check_write, &w);
		pure = !w.impure;
	}
	set_release(&m.set);
	set_release(&used.set);
	return varying && pure;
}
