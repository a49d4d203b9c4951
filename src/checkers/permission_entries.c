/*
 * Where requests arrive, besides the functions the configured name
 * patterns match:
 *  - every function listed in an initialiser (`{ "delete", handle_delete }`
 *    rows of a dispatch table): it is called through the table, by a
 *    caller the TU cannot see;
 *  - a dispatcher: a function no code of the TU calls, holding a switch
 *    on one of its parameters (a command code, or a field of the request
 *    it was handed) whose cases call at least two different functions of
 *    the TU.  The dispatcher, not each target, becomes the entry point,
 *    so that a check it makes before the switch still covers the targets.
 */
#include "checkers/permission.h"
#include "checkers/permission_facts.h"
#include "front/ast.h"

#include <stdlib.h>

struct table_scan {
	struct perm_ctx *ctx;
	int depth; /* inside an initialiser list */
};

static enum CXChildVisitResult scan_tables(CXCursor c, CXCursor parent, CXClientData data)
{
	struct table_scan *ts = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (clang_getCursorKind(parent) == CXCursor_TranslationUnit &&
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k == CXCursor_InitListExpr) {
		ts->depth++;
		clang_visitChildren(c, scan_tables, ts);
		ts->depth--;
		return CXChildVisit_Continue;
	}
	if (ts->depth && k == CXCursor_DeclRefExpr) {
		long fn = dv_callgraph_lookup(ts->ctx->cg, clang_getCursorReferenced(c));
		if (fn >= 0)
			ts->ctx->fx[fn].is_entry = 1;
	}
	return CXChildVisit_Recurse;
}

/* ---- switch dispatchers ---- */

struct param_find {
	int found;
};

static enum CXChildVisitResult find_param(CXCursor c, CXCursor parent, CXClientData data)
{
	struct param_find *pf = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_ParmDecl) {
		pf->found = 1;
		return CXChildVisit_Break;
	}
	/* a call's result is computed here, not handed in */
	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		return CXChildVisit_Continue;
	return CXChildVisit_Recurse;
}

/* Nonzero when the switch condition reads a parameter (`cmd`, `req->op`). */
static int switches_on_param(CXCursor cond)
{
	struct param_find pf = { 0 };
	cond = dv_ast_strip(cond);
	if (clang_getCursorKind(cond) == CXCursor_CallExpr)
		return 0;
	find_param(cond, clang_getNullCursor(), &pf);
	if (!pf.found)
		clang_visitChildren(cond, find_param, &pf);
	return pf.found;
}

struct target_scan {
	const struct perm_ctx *ctx;
	long first;
	int distinct; /* saw a second, different target */
};

static enum CXChildVisitResult scan_targets(CXCursor c, CXCursor parent, CXClientData data)
{
	struct target_scan *ts = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		long t = dv_callgraph_callee(ts->ctx->cg, c);
		if (t >= 0 && ts->first < 0)
			ts->first = t;
		else if (t >= 0 && t != ts->first)
			ts->distinct = 1;
	}
	return ts->distinct ? CXChildVisit_Break : CXChildVisit_Recurse;
}

struct dispatch_scan {
	const struct perm_ctx *ctx;
	int dispatches;
};

static enum CXChildVisitResult scan_switches(CXCursor c, CXCursor parent, CXClientData data)
{
	struct dispatch_scan *ds = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_SwitchStmt) {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(c, &kids);
		/* children: [init], [condition variable], condition, body */
		if (n >= 2 && switches_on_param(kids[n - 2])) {
			struct target_scan ts = { ds->ctx, -1, 0 };
			clang_visitChildren(kids[n - 1], scan_targets, &ts);
			ds->dispatches = ts.distinct;
		}
		free(kids);
		if (ds->dispatches)
			return CXChildVisit_Break;
	}
	/* a nested function's switch is its own */
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	return CXChildVisit_Recurse;
}

void perm_mark_entry_points(struct perm_ctx *ctx)
{
	struct table_scan ts = { ctx, 0 };
	unsigned i;
	clang_visitChildren(clang_getTranslationUnitCursor(ctx->tu->tu), scan_tables, &ts);
	for (i = 0; i < ctx->cg->n_funcs; i++) {
		struct fn_facts *f = &ctx->fx[i];
		struct dispatch_scan ds = { ctx, 0 };
		if (perm_name_matches(ctx->api->entry_points, ctx->api->n_entry_points,
				      ctx->cg->funcs[i].name))
			f->is_entry = 1;
		if (f->is_entry || !f->ok || ctx->cg->funcs[i].n_callers)
			continue;
		clang_visitChildren(f->body, scan_switches, &ds);
		f->is_entry = ds.dispatches;
	}
}
