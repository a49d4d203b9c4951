/*
 * Non-constant formats whose only origin is the function's parameters are
 * judged once every caller in the TU is known: the argument each call
 * passes is recorded during the report pass, and a greatest fixpoint
 * over those uses decides which parameters are constant.
 */
#include "checkers/injection_taint.h"
#include "model/paths.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void inj_record_param_uses(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			   unsigned callee)
{
	int nargs = dv_ast_call_nargs(call), i;

	for (i = 0; i < nargs && i < INJ_MAX_PARAMS; i++) {
		CXCursor arg = dv_ast_call_arg(call, (unsigned)i);
		struct inj_param_use *u;
		struct inj_tval v;

		if (inj_is_scalar_valued(arg))
			continue;
		inj_eval(ctx, s, arg, &v, 0);
		DV_GROW(ctx->uses, ctx->n_uses + 1, ctx->uses_alloc);
		u = &ctx->uses[ctx->n_uses++];
		u->callee = callee;
		u->param = (unsigned)i;
		u->caller = ctx->fn;
		u->nonconst = v.t.unknown || v.t.rules;
		u->caller_params = dv_taint_params_under(&v.t, INJ_BIT(INJ_FORMAT));
	}
}

/* References to each TU function that are not the callee of a direct call
 * (its address is taken: it may be called from anywhere). */
struct ref_count {
	const struct dv_callgraph *cg;
	unsigned *refs, *calls;
};

static enum CXChildVisitResult count_refs(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ref_count *rc = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	long fn;

	/* the functions judged here are defined in the main file, and so are
	 * their callers; headers' declarations are skipped whole */
	if (clang_getCursorKind(parent) == CXCursor_TranslationUnit &&
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k != CXCursor_DeclRefExpr && k != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	fn = dv_callgraph_lookup(rc->cg, clang_getCursorReferenced(c));
	if (fn >= 0)
		(k == CXCursor_CallExpr ? rc->calls : rc->refs)[fn]++;
	return CXChildVisit_Recurse;
}

/*
 * A format that depends only on the function's own parameters is constant
 * when every caller in the TU passes constants (or parameters that are
 * themselves constant, and so on: a greatest fixpoint).  A function that
 * other translation units or function pointers may call (external linkage
 * without callers here, address taken) keeps the warning.
 */
void inj_resolve_format_warnings(struct inj_ctx *ctx)
{
	unsigned n = ctx->cg->n_funcs, f, p;
	unsigned char *constant;
	struct ref_count rc;
	size_t i;
	int changed, header;

	if (!ctx->n_warnings)
		return;
	header = dv_path_is_header(ctx->tu->path);
	constant = xcalloc((size_t)n * INJ_MAX_PARAMS, 1);
	rc.cg = ctx->cg;
	rc.refs = xcalloc(n, sizeof(unsigned));
	rc.calls = xcalloc(n, sizeof(unsigned));
	clang_visitChildren(clang_getTranslationUnitCursor(ctx->tu->tu), count_refs, &rc);
	for (f = 0; f < n; f++) {
		CXCursor fc = ctx->cg->funcs[f].cursor;
		/* a static function nobody here calls is dead code in a source
		 * file, but API in a header (a static inline helper) */
		int closed = clang_getCursorKind(fc) == CXCursor_FunctionDecl &&
			     rc.refs[f] <= rc.calls[f] &&
			     (rc.calls[f] > 0 || (!header &&
				clang_getCursorLinkage(fc) == CXLinkage_Internal));
		for (p = 0; p < INJ_MAX_PARAMS; p++)
			constant[f * INJ_MAX_PARAMS + p] = (unsigned char)closed;
	}
	for (i = 0; i < ctx->n_uses; i++)
		if (ctx->uses[i].nonconst)
			constant[ctx->uses[i].callee * INJ_MAX_PARAMS + ctx->uses[i].param] = 0;
	do {
		changed = 0;
		for (i = 0; i < ctx->n_uses; i++) {
			const struct inj_param_use *u = &ctx->uses[i];
			unsigned char *slot = &constant[u->callee * INJ_MAX_PARAMS + u->param];
			for (p = 0; *slot && p < INJ_MAX_PARAMS; p++)
				if ((u->caller_params & (1u << p)) &&
				    !constant[u->caller * INJ_MAX_PARAMS + p]) {
					*slot = 0;
					changed = 1;
				}
		}
	} while (changed);
	for (i = 0; i < ctx->n_warnings; i++) {
		const struct inj_format_warning *w = &ctx->warnings[i];
		if (inj_sink_anchored(ctx, INJ_FORMAT, w->call))
			continue; /* the error at this sink says more */
		for (p = 0; p < INJ_MAX_PARAMS; p++)
			if ((w->params & (1u << p)) &&
			    !constant[w->fn * INJ_MAX_PARAMS + p]) {
				inj_report_nonconstant_format(ctx, w->call, w->name);
				break;
			}
	}
	free(constant);
	free(rc.refs);
	free(rc.calls);
}

/* Parameters of functions other files may call that reach a sink here,
 * for the project index (engine/exports.h).  A failed analysis exports
 * nothing: the index only ever adds knowledge. */
void inj_export_summaries(const struct inj_ctx *ctx)
{
	unsigned f, k;
	if (!ctx->tu->exports)
		return;
	for (f = 0; f < ctx->cg->n_funcs; f++) {
		CXCursor fc = ctx->cg->funcs[f].cursor;
		const struct inj_summary *sum = &ctx->sums[f];
		if (!sum->done || sum->unknown || clang_getCursorKind(fc) != CXCursor_FunctionDecl ||
		    clang_getCursorLinkage(fc) != CXLinkage_External)
			continue;
		/* the stored summary keeps only the sinks there are */
		for (k = 0; k < sum->n_sinks; k++)
			if (sum->sinks[k].sink.set)
				dv_exports_add(ctx->tu->exports, ctx->cg->funcs[f].name, "injection",
					       DV_EXPORT_SINK, (int)sum->sinks[k].param,
					       inj_rule_ids[sum->sinks[k].rule]);
	}
}
