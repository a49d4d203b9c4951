/*
 * Sink checks at a call: direct API sinks (with the signature the API
 * knowledge describes), the exec family running a shell with -c, and
 * sinks inside a TU callee, reached through its summary.  Sinks also
 * feed the summary being collected (parameters reaching a sink).
 */
#include "checkers/injection_taint.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Is the format value non-constant in a way worth a warning?  A value
 * that is non-constant only because it comes from the function's own
 * parameters is the logging-wrapper idiom when the function takes `...`
 * or a va_list: gcc's format attribute checks its callers, and callers
 * passing untrusted data are reported through the summary. */
static int nonconstant_format(const struct inj_ctx *ctx, const struct inj_tval *v)
{
	if (v->t.unknown || (v->t.marks & INJ_BUILT))
		return 1;
	return !ctx->wrapper && dv_taint_params_under(&v->t, INJ_BIT(INJ_FORMAT));
}

/* `hop`/`hop_name`: the call of a TU function through which the
 * parameter reaches the sink (null for a direct sink). */
static void record_param_sink(struct inj_ctx *ctx, int r, const struct inj_tval *v, CXCursor at,
			      const char *name, CXCursor hop, const char *hop_name)
{
	unsigned p;
	if (!ctx->collect)
		return;
	for (p = 0; p < ctx->n_params && p < INJ_MAX_PARAMS; p++) {
		struct inj_param_sink *ps = &ctx->collect->sinks[p][r];
		if (!(v->t.params[p] & INJ_BIT(r)) || ps->set)
			continue;
		ps->set = 1;
		ps->joined = (v->t.marks & INJ_JOINED) != 0;
		ps->at = at;
		ps->name = name;
		ps->hop = hop;
		ps->hop_name = hop_name;
	}
}

/* Numbers are never commands, queries, formats or paths (a sink's
 * argument index may be wrong for a same-named function with another
 * signature). */
int inj_is_scalar_valued(CXCursor e)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(e));
	return (t.kind >= CXType_FirstBuiltin && t.kind <= CXType_LastBuiltin &&
		t.kind != CXType_Void && t.kind != CXType_NullPtr) ||
	       t.kind == CXType_Enum;
}

static int judge_format(struct inj_ctx *ctx, CXCursor call, const char *name,
			const struct inj_tval *vp);

/* A direct sink argument.  Returns nonzero when a finding was made. */
static int check_sink_arg(struct inj_ctx *ctx, const struct inj_state *s, int r, CXCursor call,
			  const char *name, CXCursor arg)
{
	struct inj_tval v;
	if (clang_Cursor_isNull(arg) || inj_is_scalar_valued(arg))
		return 0;
	inj_eval(ctx, s, arg, &v, 0);
	record_param_sink(ctx, r, &v, call, name, clang_getNullCursor(), NULL);
	if (!ctx->report)
		return 0;
	if (r == INJ_PATH && v.origin_kind == ORIGIN_ARGV)
		return 0; /* `cat FILE`: a whole path named on the command line is the interface */
	if (dv_taint_has(&v.t, INJ_BIT(r))) {
		inj_report_taint(ctx, r, call, name, &v, NULL, clang_getNullCursor(), NULL);
		return 1;
	}
	if (r == INJ_FORMAT)
		return judge_format(ctx, call, name, &v);
	return 0;
}

/* A format that is not tainted: is it constant?  Nonzero when a warning
 * was made. */
static int judge_format(struct inj_ctx *ctx, CXCursor call, const char *name,
			const struct inj_tval *vp)
{
	struct inj_tval v = *vp;
	if (nonconstant_format(ctx, &v)) {
		if (!v.t.unknown && !(v.t.marks & INJ_BUILT)) {
			/* only parameters: decided once all callers are known */
			struct inj_format_warning *w;
			DV_GROW(ctx->warnings, ctx->n_warnings + 1, ctx->warnings_alloc);
			w = &ctx->warnings[ctx->n_warnings++];
			w->call = call;
			w->name = name;
			w->fn = ctx->fn;
			w->params = dv_taint_params_under(&v.t, INJ_BIT(INJ_FORMAT));
			return 0;
		}
		return inj_report_nonconstant_format(ctx, call, name);
	}
	return 0;
}

static int is_char_kind(enum CXTypeKind k)
{
	return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar ||
	       k == CXType_UChar || k == CXType_WChar || k == CXType_Char16 ||
	       k == CXType_Char32;
}

int inj_takes_va_list(CXCursor func)
{
	int n = clang_Cursor_getNumArguments(func), i;
	for (i = 0; i < n; i++) {
		CXString sp = clang_getTypeSpelling(
			clang_getCursorType(clang_Cursor_getArgument(func, (unsigned)i)));
		int yes = strstr(clang_getCString(sp), "va_list") != NULL;
		clang_disposeString(sp);
		if (yes)
			return 1;
	}
	return 0;
}

/*
 * Does the called function's declaration have the shape the API knowledge
 * describes: parameter i is a pointer to characters, and a format sink is
 * variadic or takes a va_list?  A project's own `error(const char *msg)`
 * or `open(struct conn *)` is not libc's.  Declarations without a
 * prototype are taken on trust.
 */
/* In C, wchar_t is a typedef of int: only its spelling tells it apart. */
static int is_wchar_pointer(CXType t)
{
	CXString sp;
	int yes;

	while (t.kind == CXType_Elaborated || t.kind == CXType_Typedef) {
		CXType next = t.kind == CXType_Typedef
				      ? clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t))
				      : clang_Type_getNamedType(t);
		if (next.kind == CXType_Invalid || next.kind == t.kind)
			break;
		if (next.kind == CXType_Pointer) {
			t = next;
			break;
		}
		t = next;
	}
	if (t.kind != CXType_Pointer)
		return 0;
	sp = clang_getTypeSpelling(clang_getPointeeType(t));
	yes = strstr(clang_getCString(sp), "wchar_t") != NULL;
	clang_disposeString(sp);
	return yes;
}

/* exact: the sink parameters come from the callee's own summary (the
 * project index), not from an API entry naming a function that may have
 * another signature in this project: no format position to check. */
static int sink_signature_matches(CXCursor call, int r, unsigned i, int exact)
{
	CXCursor decl = dv_ast_callee_decl(call);
	CXType t;
	int n;
	if (clang_Cursor_isNull(decl))
		return 0;
	n = clang_Cursor_getNumArguments(decl);
	if (n <= 0)
		return 1;
	if (r == INJ_FORMAT && !exact) {
		/* The format is the parameter just before `...` or the va_list:
		 * a project's own error(const char *fmt, ...) is not GNU
		 * error(int, int, const char *fmt, ...). */
		if (clang_Cursor_isVariadic(decl)) {
			if ((int)i != n - 1)
				return 0;
		} else if (!inj_takes_va_list(decl) || (int)i != n - 2) {
			return 0;
		}
	}
	if ((int)i >= n)
		return clang_Cursor_isVariadic(decl);
	t = clang_getCursorType(clang_Cursor_getArgument(decl, i));
	if (clang_getCanonicalType(t).kind != CXType_Pointer)
		return 0;
	/* the callee's summary saw the `void *` cast back to the text */
	if (exact && clang_getCanonicalType(clang_getPointeeType(clang_getCanonicalType(t))).kind ==
			     CXType_Void)
		return 1;
	return is_char_kind(clang_getCanonicalType(clang_getPointeeType(clang_getCanonicalType(t))).kind) ||
	       is_wchar_pointer(t);
}

static int is_shell(CXCursor e)
{
	static const char *const shells[] = {"sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"};
	char *v, *base;
	size_t i;
	int found = 0;
	if (!dv_ast_is_constant_string(e) || !(v = dv_ast_string_value(e)))
		return 0;
	base = strrchr(v, '/') ? strrchr(v, '/') + 1 : v;
	for (i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		found |= !strcmp(base, shells[i]);
	free(v);
	return found;
}

static int is_dash_c(CXCursor e)
{
	char *v;
	int yes;
	if (!dv_ast_is_constant_string(e) || !(v = dv_ast_string_value(e)))
		return 0;
	yes = v[0] == '-' && strchr(v, 'c') != NULL && v[1] != '-';
	free(v);
	return yes;
}

/* Does the initialiser of the argv array `e` names contain "-c"? */
static int argv_has_dash_c(CXCursor e)
{
	CXCursor d, init, *kids = NULL;
	unsigned n, i;
	int yes = 0;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return 0;
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) != CXCursor_VarDecl)
		return 0;
	init = dv_ast_strip(clang_Cursor_getVarDeclInitializer(d));
	if (clang_getCursorKind(init) != CXCursor_InitListExpr)
		return 0;
	n = dv_ast_children(init, &kids);
	for (i = 0; i < n; i++)
		yes |= is_dash_c(kids[i]);
	free(kids);
	return yes;
}

static void check_exec(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
		       const struct inj_func *f, const char *name)
{
	int nargs = dv_ast_call_nargs(call), i;
	CXCursor prog = dv_ast_call_arg(call, 0);
	if (!sink_signature_matches(call, INJ_COMMAND, 0, 0))
		return;
	if (check_sink_arg(ctx, s, INJ_COMMAND, call, name, prog))
		return;
	if (!is_shell(prog))
		return;
	if (f->exec == INJ_EXEC_LIST) {
		for (i = 1; i + 1 < nargs; i++) {
			if (is_dash_c(dv_ast_call_arg(call, (unsigned)i))) {
				check_sink_arg(ctx, s, INJ_COMMAND, call, name,
					       dv_ast_call_arg(call, (unsigned)i + 1));
				return;
			}
		}
	} else if (nargs >= 2 && argv_has_dash_c(dv_ast_call_arg(call, 1))) {
		check_sink_arg(ctx, s, INJ_COMMAND, call, name, dv_ast_call_arg(call, 1));
	}
}

void inj_check_api_sinks(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			 const struct inj_func *f, const char *name)
{
	int r, nargs = dv_ast_call_nargs(call), i;
	long long flags;
	if (f->safe_flags_arg >= 0 && f->safe_flags_arg < nargs &&
	    dv_ast_int_value(dv_ast_call_arg(call, (unsigned)f->safe_flags_arg), &flags) == 0 &&
	    (flags & f->safe_flags_mask) == f->safe_flags_mask)
		return; /* e.g. wordexp(..., WRDE_NOCMD): no command substitution */
	for (r = 0; r < INJ_NRULES; r++) {
		if (r == INJ_COMMAND && f->exec != INJ_EXEC_NONE) {
			check_exec(ctx, s, call, f, name);
			continue;
		}
		for (i = 0; i < nargs && i < 32; i++)
			if ((f->sink_args[r] & (1u << i)) &&
			    sink_signature_matches(call, r, (unsigned)i, f->exact_sinks) &&
			    check_sink_arg(ctx, s, r, call, f->name, dv_ast_call_arg(call, (unsigned)i)))
				break; /* one finding per call and rule */
	}
}

/* Is parameter p of the callee its own format, passed on with its
 * arguments (`...` or a va_list) to a format sink?  Such a function is a
 * format function for its callers: their format must be constant. */
static int is_format_forwarder(CXCursor call, unsigned p)
{
	CXCursor decl = dv_ast_callee_decl(call);
	int n;
	if (clang_Cursor_isNull(decl))
		return 0;
	n = clang_Cursor_getNumArguments(decl);
	if (clang_Cursor_isVariadic(decl))
		return n >= 1 && (int)p == n - 1;
	return n >= 2 && inj_takes_va_list(decl) && (int)p == n - 2;
}

void inj_check_summary_sinks(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			     const struct inj_summary *sum, const char *callee_name)
{
	int nargs = dv_ast_call_nargs(call), reported_rule = -1;
	unsigned i;
	/* sinks are ordered by rule, then parameter: one finding per rule */
	for (i = 0; i < sum->n_sinks; i++) {
		const struct inj_sum_sink *ss = &sum->sinks[i];
		const struct inj_param_sink *ps = &ss->sink;
		unsigned p = ss->param;
		int r = ss->rule;
		struct inj_tval v;
		if (p >= sum->n_params || p >= INJ_MAX_PARAMS || (int)p >= nargs)
			continue;
		inj_eval(ctx, s, dv_ast_call_arg(call, p), &v, 0);
		if (ps->joined)
			v.t.marks |= INJ_JOINED;
		record_param_sink(ctx, r, &v, ps->at, ps->name, call, callee_name);
		if (r == INJ_PATH && v.origin_kind == ORIGIN_ARGV)
			continue;
		if (ctx->report && reported_rule != r && dv_taint_has(&v.t, INJ_BIT(r))) {
			inj_report_taint(ctx, r, call, ps->name, &v, callee_name, ps->at,
					 ps);
			reported_rule = r;
		} else if (ctx->report && reported_rule != r && r == INJ_FORMAT &&
			   is_format_forwarder(call, p) &&
			   judge_format(ctx, call, callee_name, &v)) {
			reported_rule = r;
		}
	}
}
