/*
 * Check wrappers: a function of the TU whose result is an authorization
 * check's verdict is itself a value check for its callers
 * (`static int may_delete(u) { return is_admin(u) && !u->locked; }`, or
 * `if (!has_perm(u)) return 0; return 1;`).
 *
 * Decided once per function while its CFG and dominators are at hand,
 * after its callees (functions are collected bottom-up, so a wrapper of a
 * wrapper is known too).  Two shapes count:
 *  - every return's value is computed from a check: the expression calls
 *    one, or reads a variable a check's result was stored in.  Which value
 *    means "passed" is not known, so any decisive test counts (any = 1);
 *  - every return is a constant, and the constants split by convention:
 *    the values returned only after a check passed (the check guards the
 *    return) are all nonzero and the others zero (or the reverse, or
 *    non-negative against negative).  A value returned on both kinds of
 *    path proves nothing, and the function is not a wrapper.
 * Anything else (a return of another call's result, a mixed shape) makes
 * the function an ordinary one: being wrong here would silence
 * missing-check findings, so doubt means "not a wrapper".
 */
#include "checkers/permission.h"
#include "checkers/permission_facts.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct call_find {
	const struct perm_ctx *ctx;
	int found;
};

static enum CXChildVisitResult find_check_call(CXCursor c, CXCursor parent, CXClientData data)
{
	struct call_find *cf = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		struct call_site cs;
		const struct perm_check *chk;
		cs.call = c;
		cs.callee = dv_ast_callee_name(c);
		cs.target = dv_callgraph_callee(cf->ctx->cg, c);
		cf->found = perm_is_value_check(cf->ctx, &cs, &chk);
		free(cs.callee);
		if (cf->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Nonzero when evaluating `e` calls a value check. */
static int calls_check(const struct perm_ctx *ctx, CXCursor e)
{
	struct call_find cf = { ctx, 0 };
	if (clang_Cursor_isNull(e))
		return 0;
	find_check_call(e, clang_getNullCursor(), &cf);
	if (!cf.found)
		clang_visitChildren(e, find_check_call, &cf);
	return cf.found;
}

void perm_wrap_note_event(struct perm_ctx *ctx, struct perm_wrap_scan *ws, const struct dv_event *ev)
{
	if (ev->kind == DV_EV_RETURN) {
		DV_GROW(ws->rets, (size_t)ws->n_rets + 1, ws->rets_alloc);
		ws->rets[ws->n_rets].stmt = ev->cursor;
		ws->rets[ws->n_rets].value = ev->rhs;
		ws->n_rets++;
		return;
	}
	if ((ev->kind == DV_EV_DECL || ev->kind == DV_EV_ASSIGN) && calls_check(ctx, ev->rhs)) {
		char *key = ev->kind == DV_EV_DECL ? perm_local_decl_key(ev->cursor)
						   : dv_ast_lvalue_key(dv_ast_strip_casts(ev->lhs));
		if (!key)
			return;
		DV_GROW(ws->keys, (size_t)ws->n_keys + 1, ws->keys_alloc);
		ws->keys[ws->n_keys++] = key;
	}
}

/* Nonzero when `e` reads a variable a check's result was stored in. */
static int reads_check_result(const struct perm_wrap_scan *ws, CXCursor e)
{
	char *key = dv_ast_lvalue_key(dv_ast_strip_casts(e));
	unsigned i;
	int hit = 0;
	for (i = 0; key && i < ws->n_keys && !hit; i++)
		hit = !strcmp(ws->keys[i], key);
	free(key);
	return hit;
}

/* Nonzero when some value check of f guards position x, reading checks
 * of unknown convention with convention `conv`. */
static int check_guards(const struct perm_ctx *ctx, const struct fn_facts *f,
			const struct dv_dom *dom, struct dv_pos x, enum dv_check_pass conv)
{
	unsigned i;
	for (i = 0; i < f->n_calls; i++) {
		const struct perm_check *c;
		struct perm_check one;
		if (!perm_is_value_check(ctx, &f->calls[i], &c))
			continue;
		one = *c;
		if (one.any) {
			one.any = 0;
			one.pass = conv;
		}
		if (perm_guarded_by(dom, &f->calls[i], &one, x))
			return 1;
	}
	return 0;
}

/* Bits of what the constant returns look like on each kind of path. */
enum {
	V_ZERO = 1,
	V_POS = 2,
	V_NEG = 4,
};

static unsigned value_bits(long long v)
{
	return v == 0 ? V_ZERO : v > 0 ? V_POS : V_NEG;
}

/* The wrapper's convention from the values its constant returns take
 * after the check passed and otherwise, or -1 when they do not split. */
static int split_convention(unsigned passed, unsigned failed)
{
	if (!passed || !failed || (passed & failed))
		return -1;
	if (!(passed & V_NEG) && failed == V_NEG)
		return DV_PASS_NONNEG; /* 0 (or more) passes, -EPERM fails */
	if (!(passed & V_ZERO) && failed == V_ZERO)
		return DV_PASS_NONZERO; /* is_allowed(): 1 passes, 0 fails */
	if (passed == V_ZERO)
		return DV_PASS_ZERO;
	return -1;
}

void perm_wrap_decide(struct perm_ctx *ctx, struct fn_facts *f, struct perm_wrap_scan *ws,
		      const struct dv_dom *dom)
{
	/* a check of unknown convention is read each way in turn; -EPERM
	 * returned on the failing side is the reading preferred */
	static const enum dv_check_pass convs[] = { DV_PASS_NONNEG, DV_PASS_NONZERO, DV_PASS_ZERO };
	unsigned i, k, derived = 0, constants = 0;
	CXType rt = clang_getCursorResultType(ctx->cg->funcs[ctx->cur].cursor);
	if (!ws->n_rets || rt.kind == CXType_Void || rt.kind == CXType_Invalid ||
	    clang_getCanonicalType(rt).kind == CXType_Pointer)
		return;
	for (i = 0; i < ws->n_rets; i++) {
		CXCursor v = ws->rets[i].value;
		long long val;
		if (clang_Cursor_isNull(v))
			return;
		if (dv_ast_int_value(v, &val) == 0) {
			constants++;
			continue;
		}
		if (!calls_check(ctx, v) && !reads_check_result(ws, v))
			return;
		derived++;
	}
	if (derived) {
		if (constants)
			return;
		f->wrapper = 1;
		f->wcheck.any = 1;
		f->wcheck.pass = DV_PASS_NONZERO;
		return;
	}
	for (k = 0; k < sizeof(convs) / sizeof(convs[0]); k++) {
		unsigned passed = 0, failed = 0;
		int conv;
		for (i = 0; i < ws->n_rets; i++) {
			long long val;
			struct dv_pos x;
			if (dv_ast_int_value(ws->rets[i].value, &val) != 0 ||
			    dv_dom_locate(dom, ws->rets[i].stmt, &x) != 0)
				continue; /* unreachable return */
			if (check_guards(ctx, f, dom, x, convs[k]))
				passed |= value_bits(val);
			else
				failed |= value_bits(val);
		}
		conv = split_convention(passed, failed);
		if (conv >= 0) {
			f->wrapper = 1;
			f->wcheck.any = 0;
			f->wcheck.pass = (enum dv_check_pass)conv;
			return;
		}
	}
}

void perm_wrap_scan_release(struct perm_wrap_scan *ws)
{
	unsigned i;
	for (i = 0; i < ws->n_keys; i++)
		free(ws->keys[i]);
	free(ws->keys);
	free(ws->rets);
	memset(ws, 0, sizeof(*ws));
}
