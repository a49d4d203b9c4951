/*
 * Loops that repeat the same query (retry and poll loops) and queries
 * whose connection or SQL text is each element's own (fan-out, statement
 * lists): both run a query per iteration without being N+1.
 */
#include "checkers/nplus1_internal.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- retry loops ---- */

struct result_vars {
	struct np_fnctx *f;
	unsigned loop;
	struct np_varset set;
	int changed;
};

static int in_loop(struct np_fnctx *f, unsigned loop, CXCursor c);

/* Contains one of the loop's query calls. */
static int contains_query(struct np_fnctx *f, unsigned loop, CXCursor e)
{
	size_t i;
	for (i = 0; i < f->n_queries; i++)
		if (in_loop(f, loop, f->queries[i].call) && np_contains_cursor(e, f->queries[i].call))
			return 1;
	return 0;
}

static void collect_result_var(struct np_fnctx *f, CXCursor c, void *data)
{
	struct result_vars *r = data;
	CXCursor value = clang_getNullCursor();
	char *usr = NULL;
	(void)f;
	if (np_is_assignment(c)) {
		value = dv_ast_child(c, 1);
		usr = np_base_var(dv_ast_child(c, 0));
	} else if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		value = np_var_init(c);
		usr = np_decl_usr(c);
	}
	if (usr && !clang_Cursor_isNull(value) &&
	    (contains_query(r->f, r->loop, value) || np_mentions_any(value, &r->set)))
		r->changed |= np_set_add(&r->set, usr);
	else
		free(usr);
}

/* Some condition that can leave the loop tests a query's result. */
static int exit_tests_result(struct np_fnctx *f, unsigned loop, const struct np_varset *results)
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
		if (exits && (contains_query(f, loop, b->cond) || np_mentions_any(b->cond, results)))
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
static int args_invariant(CXCursor call, const struct np_varset *modified)
{
	int n = dv_ast_call_nargs(call), i;
	for (i = 0; i < n; i++) {
		CXCursor a = dv_ast_call_arg(call, (unsigned)i);
		if (!np_is_address_of(a) && np_mentions_any(a, modified))
			return 0;
	}
	return 1;
}

struct other_calls {
	const struct np_varset *changing; /* modified, and not a query result */
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
		o->uses = !np_is_address_of(a) && np_mentions_any(a, o->changing);
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
	struct np_modified m;
	struct result_vars r;
	struct np_varset changing;
	struct other_calls oc;
	size_t i, k;
	int n = 0, ok = 1;
	unsigned round;
	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	memset(&changing, 0, sizeof(changing));
	np_walk_loop(f, loop, np_collect_modified, &m);
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
			if (np_is_address_of(dv_ast_call_arg(q->call, (unsigned)j)))
				np_set_add(&r.set, np_base_var(dv_ast_call_arg(q->call, (unsigned)j)));
	}
	if (!n || !ok)
		goto done;
	r.f = f;
	r.loop = loop;
	for (round = 0; round < 4; round++) {
		r.changed = 0;
		np_walk_loop(f, loop, collect_result_var, &r);
		if (!r.changed)
			break;
	}
	ok = exit_tests_result(f, loop, &r.set);
	if (!ok)
		goto done;
	for (k = 0; k < m.set.n; k++)
		if (!np_set_has(&r.set, m.set.v[k]))
			np_set_add(&changing, xstrdup(m.set.v[k]));
	oc.changing = &changing;
	oc.uses = 0;
	np_walk_loop(f, loop, check_other_call, &oc);
	ok = !oc.uses;
done:
	np_set_release(&m.set);
	np_set_release(&r.set);
	np_set_release(&changing);
	return n > 0 && ok;
}

/* ---- values read from the iterated data ---- */

struct write_check {
	const char *usr;
	CXCursor except; /* writes by this call are expected */
	int impure;
	unsigned reads;  /* plain value changes: assignments, initialisers, ++ */
};

static void check_write(struct np_fnctx *f, CXCursor c, void *data)
{
	struct write_check *w = data;
	char *usr = NULL;
	(void)f;
	if (w->impure)
		return;
	if (np_is_assignment(c) || np_is_incdec(c)) {
		usr = np_base_var(dv_ast_child(c, 0));
		if (usr && !strcmp(usr, w->usr)) {
			w->reads++;
			if (np_is_assignment(c) && np_has_literal(dv_ast_child(c, 1)))
				w->impure = 1;
		}
	} else if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		usr = np_decl_usr(c);
		if (usr && !strcmp(usr, w->usr) && !clang_Cursor_isNull(np_var_init(c))) {
			w->reads++;
			if (np_has_literal(np_var_init(c)))
				w->impure = 1;
		}
	} else if (clang_getCursorKind(c) == CXCursor_CallExpr &&
		   !(!clang_Cursor_isNull(w->except) && np_same_cursor(c, w->except))) {
		/* written through an argument: snprintf(sql, ...), asprintf(&sql, ...) */
		int n = dv_ast_call_nargs(c), i;
		for (i = 0; i < n && !w->impure; i++) {
			CXCursor a = dv_ast_call_arg(c, (unsigned)i);
			CXType t = clang_getCanonicalType(clang_getCursorType(a));
			if (np_is_address_of(a) || (i == 0 && np_is_text_buffer(t))) {
				char *b = np_base_var(a);
				w->impure = b && !strcmp(b, w->usr) && (i > 0 || n > 1);
				free(b);
			}
		}
	}
	free(usr);
}

struct mentioned {
	struct np_varset set;
};

static enum CXChildVisitResult visit_mentioned(CXCursor c, CXCursor parent, void *data)
{
	struct mentioned *m = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		np_set_add(&m->set, np_decl_usr(clang_getCursorReferenced(c)));
	return CXChildVisit_Recurse;
}

int np_from_iterated_data(struct np_fnctx *f, unsigned loop, CXCursor e, CXCursor except)
{
	struct np_modified m;
	struct mentioned used;
	size_t i;
	int varying = 0, pure = 1;
	if (clang_Cursor_isNull(e) || np_has_literal(e))
		return 0;
	memset(&m, 0, sizeof(m));
	memset(&used, 0, sizeof(used));
	np_walk_loop(f, loop, np_collect_modified, &m);
	if (clang_getCursorKind(dv_ast_strip_casts(e)) == CXCursor_DeclRefExpr)
		visit_mentioned(dv_ast_strip_casts(e), e, &used);
	else
		clang_visitChildren(e, visit_mentioned, &used);
	for (i = 0; i < used.set.n && pure; i++) {
		struct write_check w = { used.set.v[i], except, 0, 0 };
		if (!np_set_has(&m.set, used.set.v[i]))
			continue;
		np_walk_loop(f, loop, check_write, &w);
		pure = !w.impure;
		/* only filled by the excepted call: not the element's value */
		varying |= w.reads > 0;
	}
	np_set_release(&m.set);
	np_set_release(&used.set);
	return varying && pure;
}
