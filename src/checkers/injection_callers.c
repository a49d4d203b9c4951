/*
 * Non-constant formats whose only origin is the function's parameters are
 * judged once every caller in the TU is known: the argument each call
 * passes is recorded during the report pass, and a greatest fixpoint
 * over those uses decides which parameters are constant.
 */
#include "checkers/injection_taint.h"
#include "front/cxx.h"
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

/* The first fact of the project index saying a caller in another file
 * passes data tainted for formats to parameter p of TU function f, or
 * NULL (constants, or nothing known). */
static const struct dv_export *imported_taint(const struct inj_ctx *ctx, unsigned f, unsigned p)
{
	size_t n, i;
	const struct dv_export *e;
	if (!ctx->tu->imports)
		return NULL;
	e = dv_exports_find(ctx->tu->imports, ctx->cg->funcs[f].key, "injection", &n);
	for (i = 0; i < n; i++)
		if (e[i].kind == DV_EXPORT_PASSES && e[i].param == (int)p &&
		    (e[i].op & INJ_BIT(INJ_FORMAT)))
			return &e[i];
	return NULL;
}

/* Is the format sink at `call` one of another file, known from the
 * project index (that file reports what reaches it)? */
static int imported_format_sink(const struct inj_ctx *ctx, CXCursor call)
{
	const struct dv_export *e;
	size_t n = 0, i;
	char *name;
	if (!ctx->tu->imports || dv_callgraph_callee(ctx->cg, call) >= 0 ||
	    !(name = dv_cxx_fact_key(dv_ast_callee_decl(call))))
		return 0;
	e = dv_exports_find(ctx->tu->imports, name, "injection", &n);
	free(name);
	for (i = 0; i < n; i++)
		if (e[i].kind == DV_EXPORT_SINK && e[i].rule &&
		    !strcmp(e[i].rule, inj_rule_ids[INJ_FORMAT]))
			return 1;
	return 0;
}

/*
 * A format that depends only on the function's own parameters is constant
 * when every caller passes constants (or parameters that are themselves
 * constant, and so on: a greatest fixpoint).  The callers are those of
 * the TU: a parameter of a function with external linkage whose other
 * callers are unknown is no evidence of anything on its own.  The
 * project index says which callers in other files pass untrusted data:
 * the sink here is then a taint finding (a non-constant value they pass
 * is reported at their call, where the index tells them of the sink).  A function whose address is taken (called from
 * anywhere) and an uncalled static inline of a header (API) keep the
 * warning.
 */
void inj_resolve_format_warnings(struct inj_ctx *ctx)
{
	unsigned n = ctx->cg->n_funcs, f, p;
	unsigned char *constant;
	const struct dv_export **taint;
	struct ref_count rc;
	size_t i;
	int changed, header;

	if (!ctx->n_warnings)
		return;
	header = dv_path_is_header(ctx->tu->path);
	constant = xcalloc((size_t)n * INJ_MAX_PARAMS, 1);
	taint = xcalloc((size_t)n * INJ_MAX_PARAMS, sizeof(*taint));
	rc.cg = ctx->cg;
	rc.refs = xcalloc(n, sizeof(unsigned));
	rc.calls = xcalloc(n, sizeof(unsigned));
	clang_visitChildren(clang_getTranslationUnitCursor(ctx->tu->tu), count_refs, &rc);
	for (f = 0; f < n; f++) {
		CXCursor fc = ctx->cg->funcs[f].cursor;
		int external = clang_getCursorLinkage(fc) == CXLinkage_External;
		/* a static function nobody here calls is dead code in a source
		 * file, but API in a header (a static inline helper) */
		int closed = clang_getCursorKind(fc) == CXCursor_FunctionDecl &&
			     rc.refs[f] <= rc.calls[f] && (rc.calls[f] > 0 || !header);
		for (p = 0; p < INJ_MAX_PARAMS; p++) {
			constant[f * INJ_MAX_PARAMS + p] = (unsigned char)closed;
			if (closed && external)
				taint[f * INJ_MAX_PARAMS + p] = imported_taint(ctx, f, p);
		}
	}
	for (i = 0; i < ctx->n_uses; i++)
		if (ctx->uses[i].nonconst)
			constant[ctx->uses[i].callee * INJ_MAX_PARAMS + ctx->uses[i].param] = 0;
	do {
		changed = 0;
		for (i = 0; i < ctx->n_uses; i++) {
			const struct inj_param_use *u = &ctx->uses[i];
			unsigned at = u->callee * INJ_MAX_PARAMS + u->param;
			for (p = 0; p < INJ_MAX_PARAMS; p++) {
				unsigned from = u->caller * INJ_MAX_PARAMS + p;
				if (!(u->caller_params & (1u << p)))
					continue;
				if (constant[at] && !constant[from]) {
					constant[at] = 0;
					changed = 1;
				}
				if (!taint[at] && taint[from]) {
					taint[at] = taint[from];
					changed = 1;
				}
			}
		}
	} while (changed);
	for (i = 0; i < ctx->n_warnings; i++) {
		const struct inj_format_warning *w = &ctx->warnings[i];
		const struct dv_export *t = NULL;
		int nonconst = 0;
		if (inj_sink_anchored(ctx, INJ_FORMAT, w->call))
			continue; /* the error at this sink says more */
		for (p = 0; p < INJ_MAX_PARAMS; p++)
			if (w->params & (1u << p)) {
				if (!t)
					t = taint[w->fn * INJ_MAX_PARAMS + p];
				nonconst |= !constant[w->fn * INJ_MAX_PARAMS + p];
			}
		/* through a sink of another file: that file reports its callers' taint */
		if (t && !imported_format_sink(ctx, w->call))
			inj_report_callers_taint(ctx, w->call, w->name, ctx->cg->funcs[w->fn].name,
						 t);
		else if (nonconst)
			inj_report_nonconstant_format(ctx, w->call, w->name);
	}
	free(constant);
	free(taint);
	free(rc.refs);
	free(rc.calls);
}

/* Is parameter i of decl text a format or command may be made of: a
 * pointer to characters, or `void *` (data cast back by the callee)? */
static int text_param(CXCursor decl, int i)
{
	CXType t, pt;
	enum CXTypeKind k;
	if (i >= clang_Cursor_getNumArguments(decl))
		return 0;
	t = clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(decl, (unsigned)i)));
	if (t.kind != CXType_Pointer)
		return 0;
	pt = clang_getCanonicalType(clang_getPointeeType(t));
	k = pt.kind;
	return k == CXType_Void || k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar ||
	       k == CXType_UChar || k == CXType_WChar || k == CXType_Int || k == CXType_Pointer;
}

static int cursor_line(CXCursor c);

void inj_record_forwards(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call)
{
	CXCursor decl = dv_ast_callee_decl(call);
	int nargs = dv_ast_call_nargs(call), i;
	struct dv_call_targets tg;
	char *keys[DV_CALL_TARGETS_MAX];
	unsigned t, nk = 0;
	enum CXCursorKind dk = clang_getCursorKind(decl);
	/* a system header's function is no project's: nothing to resolve */
	if (clang_Cursor_isNull(decl) || (dk != CXCursor_FunctionDecl && dk != CXCursor_CXXMethod) ||
	    clang_Location_isInSystemHeader(clang_getCursorLocation(decl)))
		return;
	/* every function the call may run (a virtual call's overrides):
	 * a sink in any of them is reached (engine/callgraph.h) */
	dv_callgraph_targets(ctx->cg, call, &tg);
	for (t = 0; t < tg.n; t++)
		if ((keys[nk] = dv_cxx_fact_key(tg.decl[t])) != NULL)
			nk++;
	for (i = 0; nk && i < nargs && i < INJ_MAX_PARAMS; i++) {
		CXCursor arg = dv_ast_call_arg(call, (unsigned)i);
		struct inj_tval v;
		struct inj_forward *fw;
		dv_taint_params ps;
		unsigned p;
		if (inj_is_scalar_valued(arg))
			continue;
		inj_eval(ctx, s, arg, &v, 0);
		ps = dv_taint_params_under(&v.t, INJ_ALL_RULES);
		for (p = 0; p < ctx->n_params && p < INJ_MAX_PARAMS; p++) {
			if (!(ps & ((dv_taint_params)1 << p)))
				continue;
			for (t = 0; t < nk; t++) {
				DV_GROW(ctx->forwards, ctx->n_forwards + 1, ctx->forwards_alloc);
				fw = &ctx->forwards[ctx->n_forwards++];
				memset(fw, 0, sizeof(*fw));
				fw->fn = ctx->fn;
				fw->param = p;
				fw->arg = (unsigned)i;
				fw->callee = xstrdup(keys[t]);
			}
		}
		/* what the call itself gives the callee: only taint matters
		 * there (no fact: nothing known, or constant; a non-constant
		 * value reaching a sink the index knows is reported here) */
		if (!(v.t.rules & INJ_ALL_RULES) || !text_param(decl, i))
			continue;
		for (t = 0; t < nk; t++) {
			DV_GROW(ctx->forwards, ctx->n_forwards + 1, ctx->forwards_alloc);
			fw = &ctx->forwards[ctx->n_forwards++];
			memset(fw, 0, sizeof(*fw));
			fw->fn = ctx->fn;
			fw->arg = (unsigned)i;
			fw->callee = xstrdup(keys[t]);
			fw->passes = 1;
			fw->rules = v.t.rules & INJ_ALL_RULES;
			fw->line = cursor_line(call);
		}
	}
	for (t = 0; t < nk; t++)
		free(keys[t]);
}

void inj_record_store(struct inj_ctx *ctx, CXCursor global, const struct inj_tval *v)
{
	CXString sp = clang_getCursorSpelling(global);
	struct inj_forward *fw;
	DV_GROW(ctx->forwards, ctx->n_forwards + 1, ctx->forwards_alloc);
	fw = &ctx->forwards[ctx->n_forwards++];
	memset(fw, 0, sizeof(*fw));
	fw->fn = ctx->fn;
	fw->callee = xstrdup(clang_getCString(sp));
	clang_disposeString(sp);
	fw->passes = 2;
	fw->rules = v->t.rules & INJ_ALL_RULES;
	fw->nonconst = v->t.unknown != 0;
}

void inj_forwards_release(struct inj_ctx *ctx)
{
	size_t i;
	for (i = 0; i < ctx->n_forwards; i++)
		free(ctx->forwards[i].callee);
	free(ctx->forwards);
	ctx->forwards = NULL;
	ctx->n_forwards = ctx->forwards_alloc = 0;
}

static int cursor_line(CXCursor c)
{
	unsigned line = 0;
	CXFile file;
	clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, NULL, NULL);
	return (int)line;
}

/* What a summary's value hands out from a source (not from its
 * callers' arguments): every rule's taint, or nothing worth exporting. */
static int exports_source(const struct inj_tval *v, char **what)
{
	*what = NULL;
	if ((v->t.rules & INJ_ALL_RULES) != INJ_ALL_RULES)
		return 0; /* clean, the callers' data only, or partly escaped */
	if (v->origin_kind == ORIGIN_CALL)
		*what = dv_ast_callee_name(v->origin);
	return 1;
}

static void export_taints(const struct inj_ctx *ctx, unsigned f, int param,
			  const struct inj_tval *v)
{
	struct dv_export e;
	char *what;
	if (!exports_source(v, &what))
		return;
	e = dv_export_fact(ctx->cg->funcs[f].key, "injection", DV_EXPORT_TAINTS);
	e.param = param;
	e.op = (int)(v->t.rules & INJ_ALL_RULES);
	e.what = what;
	if (!clang_Cursor_isNull(v->origin))
		e.line = cursor_line(v->origin);
	dv_exports_add_fact(ctx->tu->exports, &e);
	free(what);
}

/* Parameters of functions other files may call that reach a sink here
 * (with the sink's name and line, for the caller's report), and the
 * untrusted data they hand out (return value, out-parameters), for the
 * project index (engine/exports.h).  A failed analysis exports nothing:
 * the index only ever adds knowledge. */
void inj_export_summaries(const struct inj_ctx *ctx)
{
	unsigned f, k;
	if (!ctx->tu->exports)
		return;
	for (f = 0; f < ctx->cg->n_funcs; f++) {
		const struct inj_summary *sum = &ctx->sums[f];
		struct inj_tval v;
		if (!sum->done || sum->unknown || !dv_callgraph_exported(ctx->cg, f))
			continue;
		/* the stored summary keeps only the sinks there are */
		for (k = 0; k < sum->n_sinks; k++) {
			const struct inj_param_sink *ps = &sum->sinks[k].sink;
			struct dv_export e;
			if (!ps->set)
				continue;
			e = dv_export_fact(ctx->cg->funcs[f].key, "injection", DV_EXPORT_SINK);
			e.param = (int)sum->sinks[k].param;
			e.rule = (char *)inj_rule_ids[sum->sinks[k].rule];
			e.what = (char *)ps->name;
			if (!clang_Cursor_isNull(ps->at))
				e.line = cursor_line(ps->at);
			dv_exports_add_fact(ctx->tu->exports, &e);
		}
		if (sum->has_ret) {
			inj_summary_ret(sum, &v);
			export_taints(ctx, f, -1, &v);
		}
		for (k = 0; k < sum->n_params && k < INJ_MAX_PARAMS; k++)
			if (sum->out_mask & (1u << k)) {
				inj_summary_out(sum, k, &v);
				export_taints(ctx, f, (int)k, &v);
			}
	}
	for (k = 0; k < ctx->n_forwards; k++) {
		const struct inj_forward *fw = &ctx->forwards[k];
		struct dv_export e;
		if (fw->passes) {
			/* any caller's: static ones too */
			if (ctx->sums[fw->fn].unknown)
				continue;
			e = dv_export_fact(fw->callee, "injection",
					   fw->passes == 2 ? DV_EXPORT_STORES : DV_EXPORT_PASSES);
			e.param = fw->passes == 2 ? -1 : (int)fw->arg;
			e.op = (int)fw->rules;
			e.param2 = fw->passes == 2 ? fw->nonconst : -1;
			e.what = ctx->cg->funcs[fw->fn].name;
			e.line = fw->line;
			dv_exports_add_fact(ctx->tu->exports, &e);
			continue;
		}
		if (ctx->sums[fw->fn].unknown || !dv_callgraph_exported(ctx->cg, fw->fn))
			continue;
		e = dv_export_fact(ctx->cg->funcs[fw->fn].key, "injection", DV_EXPORT_FORWARDS);
		e.param = (int)fw->param;
		e.param2 = (int)fw->arg;
		e.what = fw->callee;
		dv_exports_add_fact(ctx->tu->exports, &e);
	}
}
