/*
 * Transfer functions of the injection taint lattice: calls (sources,
 * propagators, validators, TU callees' out-parameters), assignments,
 * declarations, returns (the summary's return value) and branches on a
 * validator's result.
 */
#include "checkers/injection_taint.h"
#include "front/cxx.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct scan_args {
	uint32_t mask;
	unsigned first;
};

static void scan_arg(void *vsa, unsigned off, char conv, const char *spec)
{
	(void)spec;
	struct scan_args *sa = vsa;
	/* numbers and counts store digits only */
	if (conv && strchr("diouxXaAeEfFgGpn", conv))
		return;
	if (sa->first + off < 32)
		sa->mask |= 1u << (sa->first + off);
}

/* The arguments a scanf-style call (format at fmt_index, or -1) fills with
 * text; every argument after the format when the format is not constant. */
static uint32_t scanf_string_args(CXCursor call, int fmt_index)
{
	struct scan_args sa = {0, 0};
	CXCursor fmt;
	char *text = NULL;
	int nargs = dv_ast_call_nargs(call), i;
	if (fmt_index < 0)
		return 0;
	sa.first = (unsigned)fmt_index + 1;
	fmt = dv_ast_call_arg(call, (unsigned)fmt_index);
	if (dv_ast_is_constant_string(fmt))
		text = dv_ast_string_value(fmt);
	if (text && inj_format_walk(text, 1, scan_arg, &sa) != (unsigned)-1) {
		free(text);
		return sa.mask;
	}
	free(text);
	for (sa.mask = 0, i = fmt_index + 1; i < nargs && i < 32; i++)
		sa.mask |= 1u << i;
	return sa.mask;
}

/* A virtual call whose dynamic type is unknown may run any override of
 * the method (engine/callgraph.h), not only the method it names (the
 * callee resolved below): a sink in the summary of any that the TU
 * defines is reached. */
static void check_override_sinks(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
				 long callee)
{
	struct dv_call_targets tg;
	unsigned t;
	if (!dv_cxx_is_virtual_call(call))
		return;
	dv_callgraph_targets(ctx->cg, call, &tg);
	for (t = 0; t < tg.n; t++) {
		long fn = dv_callgraph_lookup(ctx->cg, tg.decl[t]);
		/* the resolved callee's summary applies below */
		if (fn >= 0 && fn != callee && ctx->sums[fn].done && !ctx->sums[fn].unknown)
			inj_check_summary_sinks(ctx, s, call, &ctx->sums[fn], ctx->cg->funcs[fn].name);
	}
}

static void transfer_call(struct inj_ctx *ctx, struct inj_state *s, const struct dv_event *ev)
{
	CXCursor call = ev->cursor;
	const struct inj_func *f = inj_api_for_call(ctx, call, ev->callee);
	int nargs = dv_ast_call_nargs(call), i;
	long callee;

	if (f) {
		struct inj_tval v;
		if (ctx->collect || ctx->report)
			inj_check_api_sinks(ctx, s, call, f, f->name);
		if (f->src_args || f->src_args_from >= 0 || f->src_scanf_fmt >= 0) {
			inj_tval_clean(&v);
			v.t.rules = INJ_ALL_RULES;
			v.origin_kind = ORIGIN_CALL;
			v.origin = call;
			uint32_t scanned = scanf_string_args(call, f->src_scanf_fmt);
			for (i = 0; i < nargs; i++) {
				int hit = (i < 32 && (f->src_args & (1u << i))) ||
					  (f->src_args_from >= 0 && i >= f->src_args_from) ||
					  (i < 32 && (scanned & (1u << i)));
				if (hit)
					inj_write_to(ctx, s, dv_ast_call_arg(call, (unsigned)i), &v, 0);
			}
		}
		if (f->prop && f->to != INJ_TO_RETURN) {
			inj_eval_flow(ctx, s, call, f, &v, 0);
			if (f->to == INJ_TO_ARG)
				inj_write_to(ctx, s, dv_ast_call_arg(call, (unsigned)f->to_arg), &v,
					     f->overwrite || f->sanitizes);
			else if (f->to == INJ_TO_OBJECT)
				inj_write_to(ctx, s, dv_ast_call_object(call), &v, f->overwrite);
			else if (f->to == INJ_TO_ARGS_FROM)
				for (i = f->to_arg; i < nargs; i++)
					inj_write_to(ctx, s, dv_ast_call_arg(call, (unsigned)i), &v, 0);
		}
		if (f->prop && f->also_to >= 0) {
			inj_eval_flow(ctx, s, call, f, &v, 0);
			inj_write_to(ctx, s, dv_ast_call_arg(call, (unsigned)f->also_to), &v, 1);
		}
		if (f->validator && f->valid_when == INJ_VALID_ALWAYS)
			inj_clean_key(ctx, s, dv_ast_call_arg(call, (unsigned)f->valid_arg),
				      f->valid_rules);
		return;
	}
	callee = dv_callgraph_callee(ctx->cg, call);
	if (ctx->collect || ctx->report)
		check_override_sinks(ctx, s, call, callee);
	if (callee < 0) {
		/* a function of another file: what its parameters carry is
		 * recorded for the project index before the call rewrites them */
		if (ctx->report && ctx->tu->exports)
			inj_record_forwards(ctx, s, call);
		inj_write_external_callee(ctx, s, call);
		return;
	}
	if (ctx->report)
		inj_record_param_uses(ctx, s, call, (unsigned)callee);
	if (callee >= 0 && ctx->sums[callee].done && ctx->sums[callee].unknown) {
		inj_write_unknown_callee(ctx, s, call, (unsigned)callee);
	} else if (callee >= 0 && ctx->sums[callee].done) {
		const struct inj_summary *sum = &ctx->sums[callee];
		unsigned p;
		if (ctx->collect || ctx->report)
			inj_check_summary_sinks(ctx, s, call, sum, ctx->cg->funcs[callee].name);
		for (p = 0; p < sum->n_params && p < INJ_MAX_PARAMS && (int)p < nargs; p++) {
			struct inj_tval v;
			dv_taint_rules dep[INJ_MAX_PARAMS];
			int kills = (sum->kills >> p) & 1u;
			if (!(sum->out_mask & (1u << p)) && !kills)
				continue;
			inj_summary_out(sum, p, &v);
			memcpy(dep, v.t.params, sizeof(dep));
			dv_taint_clear_params(&v.t);
			inj_compose_params(ctx, s, call, dep, sum->n_params, &v, 0);
			if (!v.t.rules && !dv_taint_has_params(&v.t) && !kills)
				continue;
			inj_tval_add_step(&v, call, STEP_OUT_PARAM);
			inj_write_to(ctx, s, dv_ast_call_arg(call, p), &v, kills);
		}
	}
	if (callee >= 0)
		inj_globals_forget(ctx, s);
}

static void transfer_assign(struct inj_ctx *ctx, struct inj_state *s, const struct dv_event *ev)
{
	struct inj_tval v;
	int direct = 0;
	long key;
	if (clang_Cursor_isNull(ev->rhs))
		return; /* ++ / -- */
	key = inj_base_key(ctx, ev->lhs, &direct);
	if (key < 0)
		return;
	inj_eval(ctx, s, ev->rhs, &v, 0);
	inj_tval_add_step(&v, ev->cursor, STEP_ASSIGN);
	if (ctx->n_guards && ev->op == CXBinaryOperator_Assign) {
		const struct inj_guard *g = inj_guard_at(ctx, INJ_GUARD_COPY, ev->cursor);
		if (g)
			inj_tval_sanitize(&v, g->rules); /* a character that passed a safe test */
	}
	if (ev->op == CXBinaryOperator_Assign && direct && ctx->keys[key].parent < 0) {
		/* the variable itself changes: it no longer shares anything */
		inj_state_set(ctx, s, (unsigned)key, &v);
		inj_state_drop_aliases(s, (unsigned)key);
		inj_maybe_alias(ctx, s, (unsigned)key, ev->rhs);
	} else if (ev->op == CXBinaryOperator_Assign && direct) {
		inj_state_set(ctx, s, (unsigned)key, &v);
		inj_write_aliases(ctx, s, (unsigned)key, &v);
	} else {
		inj_write_to(ctx, s, ev->lhs, &v, 0);
	}
}

static void transfer_decl(struct inj_ctx *ctx, struct inj_state *s, const struct dv_event *ev)
{
	unsigned key;
	struct inj_tval v;
	if (clang_Cursor_hasVarDeclGlobalStorage(ev->cursor) ||
	    clang_Cursor_hasVarDeclExternalStorage(ev->cursor))
		return;
	key = inj_intern_key(ctx, ev->cursor);
	if (clang_Cursor_isNull(ev->rhs)) {
		inj_tval_clean(&v);
	} else {
		inj_eval(ctx, s, ev->rhs, &v, 0);
		inj_tval_add_step(&v, ev->cursor, STEP_ASSIGN);
	}
	inj_state_set(ctx, s, key, &v);
	inj_state_drop_aliases(s, key);
	if (!clang_Cursor_isNull(ev->rhs))
		inj_maybe_alias(ctx, s, key, ev->rhs);
}

/* A return: the pointer parameters whose pointee no longer holds what
 * the caller put there (a strong update replaced it). */
static void note_kills(struct inj_ctx *ctx, const struct inj_state *s)
{
	struct inj_summary_draft *d = ctx->collect;
	uint32_t here = 0;
	unsigned p;
	for (p = 0; p < ctx->n_params && p < INJ_MAX_PARAMS; p++) {
		struct inj_tval v;
		if (!ctx->keys[ctx->param_keys[p]].pointer || (ctx->params_assigned & (1u << p)))
			continue;
		inj_state_read(ctx, s, ctx->param_keys[p], &v);
		if (!v.t.params[p] && !v.t.unknown)
			here |= 1u << p;
	}
	d->kills = d->kills_seen ? d->kills & here : here;
	d->kills_seen = 1;
}

/* A return of rhs: unless it is 0 (a rejection), what the parameters
 * hold here must be clean for the rules the function proves. */
static void note_validity(struct inj_ctx *ctx, const struct inj_state *s, CXCursor rhs)
{
	struct inj_summary_draft *d = ctx->collect;
	long long c;
	int constant = !dv_ast_int_value(rhs, &c);
	int may_be_nonzero = !constant || c != 0, may_be_zero = !constant || c == 0;
	unsigned p;
	if (!inj_is_scalar_valued(rhs))
		return; /* a pointer or a string: no yes/no answer */
	for (p = 0; p < ctx->n_params && p < INJ_MAX_PARAMS; p++) {
		struct inj_tval v;
		dv_taint_rules proven = 0;
		if (!(ctx->params_assigned & (1u << p))) {
			inj_state_read(ctx, s, ctx->param_keys[p], &v);
			if (!v.t.unknown)
				proven = (dv_taint_rules)(INJ_ALL_RULES & ~v.t.rules & ~v.t.params[p]);
		}
		if (may_be_nonzero)
			d->valid[p] = d->valid_seen ? (dv_taint_rules)(d->valid[p] & proven) : proven;
		if (may_be_zero)
			d->valid_zero[p] = d->valid_zero_seen
						   ? (dv_taint_rules)(d->valid_zero[p] & proven)
						   : proven;
	}
	d->valid_seen |= may_be_nonzero;
	d->valid_zero_seen |= may_be_zero;
}

void inj_lat_transfer(void *vctx, void *vs, const struct dv_event *ev)
{
	struct inj_ctx *ctx = vctx;
	struct inj_state *s = vs;
	switch (ev->kind) {
	case DV_EV_CALL:
		transfer_call(ctx, s, ev);
		break;
	case DV_EV_ASSIGN:
		transfer_assign(ctx, s, ev);
		break;
	case DV_EV_DECL:
		transfer_decl(ctx, s, ev);
		break;
	case DV_EV_RETURN:
		if (ctx->collect)
			note_kills(ctx, s);
		if (ctx->collect && !clang_Cursor_isNull(ev->rhs)) {
			struct inj_tval v;
			inj_eval(ctx, s, ev->rhs, &v, 0);
			if (!ctx->collect->has_ret)
				inj_tval_clean(&ctx->collect->ret);
			ctx->collect->has_ret = 1;
			inj_tval_join(&ctx->collect->ret, &v);
			note_validity(ctx, s, ev->rhs);
		}
		break;
	default:
		break;
	}
}

/* Does the string value of e contain `needle`?  Character constants count. */
static int arg_contains(CXCursor e, const char *needle)
{
	char *v;
	long long c;
	int yes = 0;
	if (clang_Cursor_isNull(e))
		return 0;
	if (dv_ast_is_constant_string(e) && (v = dv_ast_string_value(e))) {
		yes = strstr(v, needle) != NULL;
		free(v);
		return yes;
	}
	if (!dv_ast_int_value(e, &c) && strlen(needle) == 1)
		return c == (unsigned char)needle[0];
	return 0;
}

/* A nonzero (zero_result: zero) result of a project validator: the
 * arguments its summary proves clean. */
static void clean_validated(struct inj_ctx *ctx, struct inj_state *s, CXCursor call,
			    int zero_result)
{
	long callee = dv_callgraph_callee(ctx->cg, call);
	const struct inj_summary *sum;
	int nargs = dv_ast_call_nargs(call);
	unsigned p;
	if (callee < 0 || !ctx->sums[callee].done || ctx->sums[callee].unknown)
		return;
	sum = &ctx->sums[callee];
	for (p = 0; p < sum->n_params && (int)p < nargs; p++) {
		unsigned rules = inj_summary_valid(sum, p, zero_result);
		CXCursor arg = dv_ast_call_arg(call, p);
		if (rules && !inj_is_scalar_valued(arg) && inj_whole_string(arg))
			inj_clean_key(ctx, s, arg, rules);
	}
}

void inj_lat_branch(void *vctx, void *vs, const struct dv_branch *br)
{
	struct inj_ctx *ctx = vctx;
	struct inj_state *s = vs;
	struct dv_cond_atom atom;
	CXCursor call, arg, other;
	const struct inj_func *f;
	char *name;
	int valid;
	if (br->kind != DV_EDGE_TRUE && br->kind != DV_EDGE_FALSE)
		return;
	if (br->kind == DV_EDGE_FALSE && ctx->n_guards) {
		const struct inj_guard *g = inj_guard_at(ctx, INJ_GUARD_LOOP_EXIT, br->cond);
		if (g && g->key >= 0) {
			/* the string ended: every character passed the loop's test */
			inj_clean_key_id(ctx, s, (unsigned)g->key, g->rules);
			return;
		}
	}
	if (dv_cond_normalize(br, &atom))
		return;
	call = dv_ast_strip_casts(atom.operand);
	if (clang_getCursorKind(call) != CXCursor_CallExpr)
		return;
	name = dv_ast_callee_name(call);
	f = inj_api_for_call(ctx, call, name);
	free(name);
	if (!f && !dv_cond_holds(&atom, 0))
		clean_validated(ctx, s, call, 0);
	else if (!f && dv_cond_holds(&atom, 0) && !dv_cond_holds(&atom, 1) && !dv_cond_holds(&atom, -1))
		clean_validated(ctx, s, call, 1);
	if (!f || !f->validator)
		return;
	if (f->valid_when == INJ_VALID_ZERO)
		valid = dv_cond_holds(&atom, 0) && !dv_cond_holds(&atom, 1) &&
			!dv_cond_holds(&atom, -1);
	else if (f->valid_when == INJ_VALID_NONZERO)
		valid = !dv_cond_holds(&atom, 0);
	else
		valid = 0;
	if (!valid)
		return;
	arg = dv_ast_call_arg(call, (unsigned)f->valid_arg);
	other = dv_ast_call_arg(call, f->valid_arg == 0 ? 1 : 0);
	if (!inj_whole_string(arg))
		return; /* strcmp(f + n, ".gz"): a suffix says nothing of the rest */
	if (f->needle && !arg_contains(other, f->needle))
		return;
	if (f->other_constant && !dv_ast_is_constant_string(other))
		return;
	if (f->requires_canonical) {
		struct inj_tval v;
		inj_eval(ctx, s, arg, &v, 0);
		if (!(v.t.marks & INJ_CANON))
			return;
	}
	inj_clean_key(ctx, s, arg, f->valid_rules);
}
