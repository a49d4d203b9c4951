/*
 * What the callers of a function do with an object the function leaves
 * held, or releases in its entry state: the evidence that makes a lock
 * function a wrapper (a caller releases what it returns holding, or takes
 * what it releases) rather than a forgotten unlock or a stray one.  The
 * callers come later in the bottom-up order, so their bodies are read
 * (API calls on the same lock identity, the order id: a global, or a
 * struct field whatever the instance), one call level deep into the TU
 * functions they call.  Used by families with held_exit_needs_evidence or
 * entry_release_unheld (locks).
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "engine/callgraph.h"
#include "front/ast.h"

struct caller_scan {
	struct ts_fn tmp; /* the function being read, for keys and API lookup */
	const char *oid;
	int want_release;
	unsigned depth;
	int found;
};

static void scan_function(struct caller_scan *s, unsigned idx);

static int api_hit(struct caller_scan *s, CXCursor call, const char *callee)
{
	int on_guard;
	const struct ts_api *a = ts_find_api(&s->tmp, callee, call, &on_guard);
	const char *name, *order;
	int op_ok;
	if (!a || on_guard)
		return 0;
	op_ok = s->want_release ? a->op == OP_RELEASE : (a->op == OP_ACQUIRE || a->op == OP_TRY);
	return op_ok && ts_api_object(&s->tmp, a, call, &name, &order) && order == s->oid;
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct caller_scan *s = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		char *callee = dv_ast_callee_name(c);
		long idx;
		if (callee && api_hit(s, c, callee))
			s->found = 1;
		else if (s->depth == 0 && (idx = dv_callgraph_callee(s->tmp.t->tu->cg, c)) >= 0 &&
			 (unsigned)idx != s->tmp.idx)
			scan_function(s, (unsigned)idx);
		free(callee);
		if (s->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static void scan_function(struct caller_scan *s, unsigned idx)
{
	struct ts_fn saved = s->tmp;
	const struct dv_function *f = &s->tmp.t->tu->cg->funcs[idx];
	s->tmp.idx = idx;
	s->tmp.func = f->cursor;
	s->tmp.name = f->name;
	s->depth++;
	clang_visitChildren(f->cursor, visit, s);
	s->depth--;
	s->tmp = saved;
}

int ts_callers_use(struct ts_fn *fn, const char *oid, int want_release)
{
	const struct dv_function *df = &fn->t->tu->cg->funcs[fn->idx];
	struct caller_scan s;
	unsigned i;
	if (!oid)
		return 0;
	for (i = 0; i < fn->n_evidence; i++)
		if (fn->evidence[i].oid == oid && fn->evidence[i].want_release == want_release)
			return fn->evidence[i].found;
	memset(&s, 0, sizeof(s));
	s.tmp.t = fn->t;
	s.oid = oid;
	s.want_release = want_release;
	for (i = 0; i < df->n_callers && !s.found; i++) {
		if (df->callers[i] == fn->idx)
			continue;
		s.depth = (unsigned)-1; /* scan_function makes it 0 for the caller itself */
		scan_function(&s, df->callers[i]);
	}
	if (fn->n_evidence < sizeof(fn->evidence) / sizeof(fn->evidence[0])) {
		fn->evidence[fn->n_evidence].oid = oid;
		fn->evidence[fn->n_evidence].want_release = want_release;
		fn->evidence[fn->n_evidence].found = s.found;
		fn->n_evidence++;
	}
	return s.found;
}
