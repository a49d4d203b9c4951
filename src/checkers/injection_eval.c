/*
 * The taint value of an expression in a state: literals are constant,
 * names read their key, operators join their operands, calls are judged
 * by the API knowledge (sources, propagators, sanitizers), by a TU
 * callee's summary, or are unknown.
 */
#include "checkers/injection_taint.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The API knowledge for a call, or NULL.  Sources, sinks, sanitizers and
 * validators are C functions: a call through a function pointer or a
 * struct member that happens to be named `syslog` is not one.  C++
 * methods and constructors only match propagators (append, c_str, ...).
 */
/* C++ methods and constructors keyed by their class: "basic_ifstream::open",
 * "basic_ofstream::basic_ofstream" (any specialisation of the template). */
static const struct inj_func *class_member_api(struct inj_ctx *ctx, CXCursor decl,
					       const char *name)
{
	enum CXCursorKind k = clang_getCursorKind(decl);
	CXCursor cls;
	CXString cs;
	char key[256];
	if (!name || (k != CXCursor_CXXMethod && k != CXCursor_Constructor &&
		      k != CXCursor_FunctionTemplate))
		return NULL;
	cls = clang_getCursorSemanticParent(decl);
	k = clang_getCursorKind(cls);
	if (k != CXCursor_ClassDecl && k != CXCursor_StructDecl && k != CXCursor_ClassTemplate &&
	    k != CXCursor_ClassTemplatePartialSpecialization)
		return NULL;
	cs = clang_getCursorSpelling(cls);
	snprintf(key, sizeof key, "%s::%s", clang_getCString(cs), name);
	clang_disposeString(cs);
	return inj_api_find(ctx->api, key);
}

const struct inj_func *inj_api_for_call(struct inj_ctx *ctx, CXCursor call,
					const char *name)
{
	const struct inj_func *f = inj_api_find(ctx->api, name);
	CXCursor decl;
	enum CXCursorKind k;
	if (!f || !f->prop) {
		/* a member keyed by its class wins over a propagator of that name */
		const struct inj_func *m;
		decl = dv_ast_callee_decl(call);
		if (!clang_Cursor_isNull(decl) && (m = class_member_api(ctx, decl, name)))
			return m;
	}
	if (!f)
		return inj_attr_api(ctx, call, name);
	decl = dv_ast_callee_decl(call);
	if (clang_Cursor_isNull(decl))
		return NULL;
	k = clang_getCursorKind(decl);
	if (k == CXCursor_FunctionDecl || k == CXCursor_FunctionTemplate)
		return f;
	return f->prop || f->clean_return ? f : NULL;
}

/* ---- expression evaluation ---------------------------------------------- */

static void eval_join(struct inj_ctx *ctx, const struct inj_state *s, CXCursor e,
		      struct inj_tval *acc, unsigned depth)
{
	struct inj_tval v;
	if (clang_Cursor_isNull(e))
		return;
	inj_eval(ctx, s, e, &v, depth);
	inj_tval_join(acc, &v);
}

struct fmt_args {
	struct inj_ctx *ctx;
	const struct inj_state *s;
	CXCursor call;
	const struct inj_func *f;
	unsigned first; /* index of the first value argument */
	const char *text; /* the format */
	struct inj_tval *acc;
	unsigned depth;
};

static int conversion_is_numeric(char conv)
{
	return conv && strchr("diouxXeEfFgGaApn*", conv) != NULL;
}

static void fmt_arg_join(void *vfa, unsigned off, char conv, const char *spec)
{
	struct fmt_args *fa = vfa;
	struct inj_tval v;
	unsigned i;
	CXCursor arg = dv_ast_call_arg(fa->call, fa->first + off);
	long long ignored;
	if (clang_Cursor_isNull(arg))
		return;
	if (conversion_is_numeric(conv)) {
		/* digits cannot inject anything, but a number placed after a
		 * '%' the output holds and before a '$' ("%%%d$s") makes a
		 * positional conversion at run time: it picks any argument.
		 * A width ("%%%ds") is the dynamic-width idiom. */
		const char *end = strchr(spec + 1, conv);
		if (spec - fa->text >= 2 && spec[-1] == '%' && spec[-2] == '%' && end &&
		    end[1] == '$' && dv_ast_int_value(arg, &ignored) != 0)
			fa->acc->t.marks |= INJ_BUILT;
		return;
	}
	inj_eval(fa->ctx, fa->s, arg, &v, fa->depth);
	for (i = 0; fa->f && i < fa->f->n_escapes; i++)
		if (fa->f->escape_conv[i] == conv)
			inj_tval_sanitize(&v, fa->f->escape_rules[i]);
	/* "/srv/data/%s": the value is placed under a directory the program
	 * chose, the shape of a path traversal; "%s.hcd" is not */
	if (spec > fa->text && spec[-1] == '/' && (v.t.rules || dv_taint_has_params(&v.t)))
		v.t.marks |= INJ_JOINED;
	inj_tval_join(fa->acc, &v);
}

/* Joins into acc what a printf-style call copies into its output. */
static void eval_format_flow(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			     const struct inj_func *f, int fmt_index, struct inj_tval *acc,
			     unsigned depth)
{
	CXCursor fmt = dv_ast_call_arg(call, (unsigned)fmt_index);
	char *text = NULL;
	int nargs = dv_ast_call_nargs(call), i;
	if (clang_Cursor_isNull(fmt))
		return;
	eval_join(ctx, s, fmt, acc, depth);
	if (dv_ast_is_constant_string(fmt))
		text = dv_ast_string_value(fmt);
	if (text) {
		struct fmt_args fa = {ctx, s, call, f, (unsigned)fmt_index + 1, text, acc, depth};
		if (inj_format_walk(text, 0, fmt_arg_join, &fa) != (unsigned)-1) {
			free(text);
			return;
		}
	}
	free(text);
	for (i = fmt_index + 1; i < nargs; i++)
		eval_join(ctx, s, dv_ast_call_arg(call, (unsigned)i), acc, depth);
}

static int format_is_constant(CXCursor call, int fmt_index)
{
	return dv_ast_is_constant_string(dv_ast_call_arg(call, (unsigned)fmt_index));
}

/* The value a propagator or escaping sanitizer copies to its destination. */
void inj_eval_flow(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
		   const struct inj_func *f, struct inj_tval *out, unsigned depth)
{
	int nargs = dv_ast_call_nargs(call), i;
	inj_tval_clean(out);
	if (f->from_all || f->from_object)
		eval_join(ctx, s, dv_ast_call_object(call), out, depth);
	for (i = 0; i < nargs; i++)
		if (f->from_all || (i < 32 && (f->from_args & (1u << i))))
			eval_join(ctx, s, dv_ast_call_arg(call, (unsigned)i), out, depth);
	if (f->format_arg >= 0)
		eval_format_flow(ctx, s, call, f, f->format_arg, out, depth);
	if (f->sanitizes)
		inj_tval_sanitize(out, f->sanitizes);
	if (f->canonical)
		out->t.marks |= INJ_CANON;
	/* Joined: tainted text appended to what the destination holds (a base
	 * directory) or combined by a concatenation; a constant suffix
	 * appended to tainted text is not.  Formats decide per conversion
	 * (fmt_arg_join), unless the format is unknown. */
	if ((f->format_arg >= 0 && !format_is_constant(call, f->format_arg)) ||
	    (!f->overwrite && (f->to == INJ_TO_ARG || f->to == INJ_TO_OBJECT) &&
	     (out->t.rules || dv_taint_has_params(&out->t))) ||
	    (f->from_all && f->to == INJ_TO_RETURN && nargs >= 2))
		out->t.marks |= INJ_JOINED;
	inj_tval_add_step(out, call, STEP_PROPAGATE);
}

/* Value of an argument of a call to a TU function, mapped through the
 * callee's dependence `dep` (the rules per callee parameter). */
void inj_compose_params(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			const dv_taint_rules *dep, unsigned n_params, struct inj_tval *out,
			unsigned depth)
{
	unsigned p;
	int nargs = dv_ast_call_nargs(call);
	for (p = 0; p < n_params && p < INJ_MAX_PARAMS && (int)p < nargs; p++) {
		dv_taint_rules rules = dep[p] & INJ_ALL_RULES;
		struct inj_tval a;
		if (!rules)
			continue;
		inj_eval(ctx, s, dv_ast_call_arg(call, p), &a, depth);
		dv_taint_restrict(&a.t, rules);
		inj_tval_join(out, &a);
	}
}

void inj_eval_unknown_callee(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			     struct inj_tval *out, unsigned depth)
{
	int nargs = dv_ast_call_nargs(call), i;
	inj_tval_unknown(out);
	eval_join(ctx, s, dv_ast_call_object(call), out, depth);
	for (i = 0; i < nargs; i++) {
		CXCursor arg = dv_ast_call_arg(call, (unsigned)i);
		/* an index or a count chooses among the callee's own data */
		if (!inj_is_scalar_valued(arg))
			eval_join(ctx, s, arg, out, depth);
	}
	inj_tval_add_step(out, call, STEP_RETURN);
}

static void eval_call(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
		      struct inj_tval *out, unsigned depth)
{
	char *name = dv_ast_callee_name(call);
	const struct inj_func *f = inj_api_for_call(ctx, call, name);
	long callee;
	inj_tval_unknown(out);
	if (f && f->src_return) {
		inj_tval_clean(out);
		out->t.rules = INJ_ALL_RULES;
		out->origin_kind = ORIGIN_CALL;
		out->origin = call;
		if (f->user_settings) {
			CXCursor arg = dv_ast_call_arg(call, 0);
			char *setting = dv_ast_is_constant_string(arg) ? dv_ast_string_value(arg) : NULL;
			out->t.rules &= ~inj_api_setting_rules(f, setting);
			free(setting);
		}
	} else if (f && f->clean_return) {
		inj_tval_clean(out);
	} else if (f && f->prop) {
		if (f->to == INJ_TO_RETURN || (f->to == INJ_TO_ARG && f->format_arg < 0))
			inj_eval_flow(ctx, s, call, f, out, depth); /* strcpy returns dst */
		else if (f->to == INJ_TO_OBJECT || f->to == INJ_TO_ARG)
			inj_tval_clean(out); /* counts and statuses */
	} else if (!f && (callee = dv_callgraph_callee(ctx->cg, call)) >= 0 &&
		   ctx->sums[callee].done && ctx->sums[callee].unknown) {
		inj_eval_unknown_callee(ctx, s, call, out, depth);
	} else if (!f && callee >= 0 && ctx->sums[callee].done) {
		const struct inj_summary *sum = &ctx->sums[callee];
		inj_tval_clean(out);
		if (sum->has_ret) {
			dv_taint_rules dep[INJ_MAX_PARAMS];
			inj_summary_ret(sum, out);
			memcpy(dep, out->t.params, sizeof(dep));
			dv_taint_clear_params(&out->t);
			inj_compose_params(ctx, s, call, dep, sum->n_params, out, depth);
		}
		inj_tval_add_step(out, call, STEP_RETURN);
	}
	free(name);
}

void inj_eval(struct inj_ctx *ctx, const struct inj_state *s, CXCursor e, struct inj_tval *out,
	      unsigned depth)
{
	enum CXCursorKind k;
	inj_tval_clean(out);
	if (depth > 48 || clang_Cursor_isNull(e))
		return;
	e = dv_ast_strip_casts(e);
	k = clang_getCursorKind(e);
	switch (k) {
	case CXCursor_StringLiteral:
	case CXCursor_CharacterLiteral:
	case CXCursor_IntegerLiteral:
	case CXCursor_FloatingLiteral:
	case CXCursor_CXXNullPtrLiteralExpr:
	case CXCursor_CXXBoolLiteralExpr:
	case CXCursor_GNUNullExpr:
	case CXCursor_UnaryExpr: /* sizeof, alignof */
	case CXCursor_LambdaExpr:
		return;
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr: {
		long key;
		if (k == CXCursor_DeclRefExpr) {
			enum CXCursorKind rk = clang_getCursorKind(clang_getCursorReferenced(e));
			if (rk == CXCursor_EnumConstantDecl || rk == CXCursor_FunctionDecl ||
			    rk == CXCursor_NonTypeTemplateParameter)
				return;
			if (dv_ast_is_constant_string(e))
				return;
		}
		key = inj_base_key(ctx, e, NULL);
		if (key >= 0)
			inj_state_read(ctx, s, (unsigned)key, out);
		else if (k == CXCursor_DeclRefExpr)
			inj_tval_unknown(out);
		else
			inj_eval(ctx, s, dv_ast_child(e, 0), out, depth + 1);
		return;
	}
	case CXCursor_UnaryOperator: {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
		if (op == CXUnaryOperator_LNot)
			return;
		if (op == CXUnaryOperator_Deref || op == CXUnaryOperator_AddrOf) {
			long key = inj_base_key(ctx, e, NULL);
			if (key >= 0) {
				inj_state_read(ctx, s, (unsigned)key, out);
				return;
			}
		}
		inj_eval(ctx, s, dv_ast_child(e, 0), out, depth + 1);
		return;
	}
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator: {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
		switch (op) {
		case CXBinaryOperator_LT:
		case CXBinaryOperator_GT:
		case CXBinaryOperator_LE:
		case CXBinaryOperator_GE:
		case CXBinaryOperator_EQ:
		case CXBinaryOperator_NE:
		case CXBinaryOperator_LAnd:
		case CXBinaryOperator_LOr:
		case CXBinaryOperator_Cmp:
			return;
		case CXBinaryOperator_Assign:
		case CXBinaryOperator_Comma:
			inj_eval(ctx, s, dv_ast_child(e, 1), out, depth + 1);
			return;
		default:
			eval_join(ctx, s, dv_ast_child(e, 0), out, depth + 1);
			eval_join(ctx, s, dv_ast_child(e, 1), out, depth + 1);
			return;
		}
	}
	case CXCursor_ConditionalOperator: {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(e, &kids), i;
		/* the condition is not part of the value: join the arms */
		for (i = n >= 3 ? 1 : 0; i < n; i++)
			eval_join(ctx, s, kids[i], out, depth + 1);
		free(kids);
		return;
	}
	case CXCursor_CallExpr:
		eval_call(ctx, s, e, out, depth + 1);
		return;
	case CXCursor_StmtExpr: {
		/* `({ ...; v; })`: the dataflow walk has already run the inner
		 * statements; the value is that of the last one */
		CXCursor body = dv_ast_child(e, 0), *kids = NULL;
		unsigned n = clang_getCursorKind(body) == CXCursor_CompoundStmt
				     ? dv_ast_children(body, &kids)
				     : 0;
		if (n && clang_isExpression(clang_getCursorKind(kids[n - 1])))
			inj_eval(ctx, s, kids[n - 1], out, depth + 1); /* else void */
		free(kids);
		return;
	}
	default: {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(e, &kids), i, seen = 0;
		for (i = 0; i < n; i++) {
			if (!clang_isExpression(clang_getCursorKind(kids[i])))
				continue;
			eval_join(ctx, s, kids[i], out, depth + 1);
			seen++;
		}
		free(kids);
		if (!seen && k != CXCursor_InitListExpr)
			out->t.unknown = 1;
		return;
	}
	}
}
