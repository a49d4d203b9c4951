/*
 * The permission checker and the project index (engine/exports.h): what
 * one file's functions tell the others.
 *
 *   - check wrappers: a function whose every return is the result of an
 *     authorization check (`return check_perm(u, OP);`, constant returns
 *     only on the failing side) is a value check for its callers; one that
 *     does not return when its check fails (checks_or_dies) guards what
 *     follows its call;
 *   - callers: for each function defined elsewhere, whether every call in
 *     this file is guarded by a check, or its address is taken (callers
 *     unknown).  The defining file then knows when an entry point's only
 *     callers all check before calling it.
 */
#include "checkers/permission_facts.h"
#include "engine/callers.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct imported_fn {
	char *name;
	int kind; /* 0 nothing known, 1 value check, 2 dies when the check fails */
	struct perm_check check;
};

struct perm_imported {
	struct imported_fn *fns;
	size_t n, alloc;
	struct dv_callers_info *callers; /* made on first use */
};

void perm_imported_new(struct perm_ctx *ctx)
{
	ctx->imported = xcalloc(1, sizeof(*ctx->imported));
}

void perm_imported_free(struct perm_ctx *ctx)
{
	size_t i;
	if (!ctx->imported)
		return;
	for (i = 0; i < ctx->imported->n; i++)
		free(ctx->imported->fns[i].name);
	free(ctx->imported->fns);
	dv_callers_info_free(ctx->imported->callers);
	free(ctx->imported);
	ctx->imported = NULL;
}

static int is_direct_function_call(CXCursor call)
{
	return clang_getCursorKind(clang_getCursorReferenced(call)) == CXCursor_FunctionDecl;
}

static int returns_void(CXCursor call)
{
	return clang_getCursorType(call).kind == CXType_Void;
}

void perm_note_return(struct perm_ctx *ctx, struct fn_facts *f, CXCursor rhs)
{
	struct perm_returns *r = &f->rets;
	CXCursor e;
	long long v;
	if (clang_Cursor_isNull(rhs))
		return;
	e = dv_ast_strip_casts(rhs);
	if (dv_ast_int_value(e, &v) == 0) {
		if (v == 0)
			r->zero = 1;
		else if (v > 0)
			r->pos = 1;
		else
			r->neg = 1;
		return;
	}
	if (clang_getCursorKind(e) == CXCursor_CallExpr && is_direct_function_call(e) &&
	    !returns_void(e)) {
		char *name = dv_ast_callee_name(e);
		const struct perm_check *c = name ? perm_find_check(ctx->api, name) : NULL;
		int noreturn = name && perm_name_matches(ctx->api->noreturn_checks,
							 ctx->api->n_noreturn_checks, name);
		free(name);
		if (c && !noreturn) {
			if (r->check && (r->pass != (int)c->pass || r->any != c->any))
				r->mixed = 1;
			r->check = 1;
			r->pass = (int)c->pass;
			r->any = c->any;
			return;
		}
	}
	r->other = 1;
}

/* Every return is the check's result or a constant on its failing side. */
static int is_check_wrapper(const struct perm_returns *r)
{
	if (!r->check || r->other || r->mixed)
		return 0;
	if (r->any)
		return !r->zero && !r->pos && !r->neg;
	switch ((enum dv_check_pass)r->pass) {
	case DV_PASS_NONZERO:
		return !r->pos && !r->neg;
	case DV_PASS_ZERO:
		return !r->zero;
	case DV_PASS_NONNEG:
		return !r->zero && !r->pos;
	}
	return 0;
}

static const struct imported_fn *lookup(const struct perm_ctx *ctx, const struct call_site *cs)
{
	struct perm_imported *im = ctx->imported;
	const struct dv_export *e;
	struct imported_fn *fn;
	size_t n, i;
	if (!im || !ctx->tu->imports || !cs->callee || cs->target >= 0 ||
	    !is_direct_function_call(cs->call))
		return NULL;
	for (i = 0; i < im->n; i++)
		if (!strcmp(im->fns[i].name, cs->callee))
			return &im->fns[i];
	DV_GROW(im->fns, im->n + 1, im->alloc);
	fn = &im->fns[im->n++];
	memset(fn, 0, sizeof(*fn));
	fn->name = xstrdup(cs->callee);
	fn->check.function = fn->name;
	e = dv_exports_find(ctx->tu->imports, cs->callee, PERM_FAMILY, &n);
	for (i = 0; i < n; i++) {
		if (e[i].kind != DV_EXPORT_CHECKS)
			continue;
		if (e[i].op == 2) {
			fn->kind = 2;
		} else if (e[i].op == 1 && !fn->kind && e[i].param >= DV_PASS_NONZERO &&
			   e[i].param <= DV_PASS_NONNEG) {
			fn->kind = 1;
			fn->check.pass = (enum dv_check_pass)e[i].param;
			fn->check.any = e[i].param2 == 1;
		}
	}
	return fn;
}

const struct perm_check *perm_imported_check(const struct perm_ctx *ctx, const struct call_site *cs)
{
	const struct imported_fn *fn = lookup(ctx, cs);
	return fn && fn->kind == 1 ? &fn->check : NULL;
}

int perm_imported_dies(const struct perm_ctx *ctx, const struct call_site *cs)
{
	const struct imported_fn *fn = lookup(ctx, cs);
	return fn && fn->kind == 2;
}

const struct dv_callers_info *perm_callers(struct perm_ctx *ctx)
{
	if (!ctx->imported)
		return NULL;
	if (!ctx->imported->callers)
		ctx->imported->callers = dv_callers_info_new(ctx->cg, ctx->tu->tu);
	return ctx->imported->callers;
}


int perm_checked_by_callers_elsewhere(struct perm_ctx *ctx, unsigned fn)
{
	CXCursor f = ctx->cg->funcs[fn].cursor;
	const struct dv_export *e;
	size_t n, i;
	unsigned g, k;
	int checked = 0;
	if (!ctx->tu->imports || clang_getCursorKind(f) != CXCursor_FunctionDecl ||
	    clang_getCursorLinkage(f) != CXLinkage_External)
		return 0;
	e = dv_exports_find(ctx->tu->imports, ctx->cg->funcs[fn].name, PERM_FAMILY, &n);
	for (i = 0; i < n; i++) {
		if (e[i].kind != DV_EXPORT_CALLED)
			continue;
		if (e[i].op != 1)
			return 0;
		checked = 1;
	}
	if (!checked)
		return 0;
	/* this file: no dispatch table or callback, every call guarded */
	if (!perm_callers(ctx) || ctx->imported->callers->address_taken[fn])
		return 0;
	for (g = 0; g < ctx->cg->n_funcs; g++)
		for (k = 0; k < ctx->fx[g].n_calls; k++)
			if (ctx->fx[g].calls[k].target == (long)fn && !perm_is_guarded(ctx, g, k))
				return 0;
	return 1;
}

/* Only entry points need to know their callers (see
 * perm_checked_by_callers_elsewhere): other names are not exported. */
static int may_be_entry(const struct perm_ctx *ctx, const char *name)
{
	return perm_name_matches(ctx->api->entry_points, ctx->api->n_entry_points, name);
}

/* A project function defined in another file (a direct call, not a
 * system header's). */
static int calls_other_file(const struct perm_ctx *ctx, CXCursor call)
{
	CXCursor d;
	if (dv_callgraph_callee(ctx->cg, call) >= 0 || !is_direct_function_call(call))
		return 0;
	d = dv_ast_callee_decl(call);
	return !clang_Cursor_isNull(d) && !clang_Location_isInSystemHeader(clang_getCursorLocation(d));
}

static enum CXChildVisitResult unmodelled_calls(CXCursor c, CXCursor parent, CXClientData data)
{
	struct perm_ctx *ctx = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr && calls_other_file(ctx, c)) {
		char *name = dv_ast_callee_name(c);
		if (name && may_be_entry(ctx, name)) {
			struct dv_export e = dv_export_fact(name, PERM_FAMILY, DV_EXPORT_CALLED);
			e.op = 2;
			dv_exports_add_fact(ctx->tu->exports, &e);
		}
		free(name);
	}
	return CXChildVisit_Recurse;
}

static void export_called(void *vctx, const char *name)
{
	struct perm_ctx *ctx = vctx;
	struct dv_export e = dv_export_fact(name, PERM_FAMILY, DV_EXPORT_CALLED);
	if (!may_be_entry(ctx, name))
		return;
	e.op = 3;
	dv_exports_add_fact(ctx->tu->exports, &e);
}

void perm_export_facts(struct perm_ctx *ctx)
{
	unsigned i, k;
	if (!ctx->tu->exports)
		return;
	for (i = 0; i < ctx->cg->n_funcs; i++) {
		const struct fn_facts *f = &ctx->fx[i];
		CXCursor c = ctx->cg->funcs[i].cursor;
		struct dv_export e;
		if (!f->ok)
			continue;
		if (clang_getCursorKind(c) == CXCursor_FunctionDecl &&
		    clang_getCursorLinkage(c) == CXLinkage_External) {
			e = dv_export_fact(ctx->cg->funcs[i].name, PERM_FAMILY, DV_EXPORT_CHECKS);
			if (f->checks_or_dies) {
				e.op = 2;
				dv_exports_add_fact(ctx->tu->exports, &e);
			} else if (is_check_wrapper(&f->rets)) {
				e.op = 1;
				e.param = f->rets.pass;
				e.param2 = f->rets.any;
				dv_exports_add_fact(ctx->tu->exports, &e);
			}
		}
		/* how this file calls the project's functions defined elsewhere */
		for (k = 0; k < f->n_calls; k++) {
			const struct call_site *cs = &f->calls[k];
			if (cs->target >= 0 || !cs->callee || !may_be_entry(ctx, cs->callee) ||
			    !calls_other_file(ctx, cs->call))
				continue;
			e = dv_export_fact(cs->callee, PERM_FAMILY, DV_EXPORT_CALLED);
			e.op = perm_is_guarded(ctx, i, k) ? 1 : 2;
			dv_exports_add_fact(ctx->tu->exports, &e);
		}
	}
	/* calls from functions the checker could not model: unguarded, as
	 * far as anyone knows */
	for (i = 0; i < ctx->cg->n_funcs; i++)
		if (!ctx->fx[i].ok)
			clang_visitChildren(ctx->cg->funcs[i].cursor, unmodelled_calls, ctx);
	dv_callers_external_address_taken(ctx->cg, ctx->tu->tu, export_called, ctx);
}
