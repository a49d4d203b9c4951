/*
 * The injection checker's taint analysis, driven per translation unit:
 * summaries bottom-up over the call graph (reporting non-recursive
 * functions as they go), recursive functions reported once their SCC is
 * stable, then the deferred format warnings.  The lattice and the
 * analysis's structure are described in injection_taint.h.
 */
#include "checkers/injection_taint.h"
#include "engine/needed.h"
#include "util/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const struct dv_lattice taint_lattice = {
	.entry = inj_lat_entry,
	.copy = inj_lat_copy,
	.free = inj_lat_free,
	.join = inj_lat_join,
	.transfer = inj_lat_transfer,
	.branch = inj_lat_branch,
};

/* ---- driver -------------------------------------------------------------- */


static void setup_function(struct inj_ctx *ctx, unsigned fn, const struct dv_cfg *cfg)
{
	const struct dv_function *df = &ctx->cg->funcs[fn];
	int n = clang_Cursor_getNumArguments(cfg->func), i;
	ctx->fn = fn;
	ctx->cfg = cfg;
	ctx->func = cfg->func;
	ctx->n_params = 0;
	for (i = 0; n > 0 && i < n && i < INJ_MAX_PARAMS; i++) {
		CXCursor p = clang_Cursor_getArgument(cfg->func, (unsigned)i);
		ctx->params[i] = p;
		ctx->param_keys[i] = inj_intern_key(ctx, p);
		ctx->n_params++;
	}
	ctx->wrapper = clang_Cursor_isVariadic(cfg->func) || inj_takes_va_list(cfg->func);
	ctx->is_main = df->name && !strcmp(df->name, "main") &&
		       clang_getCursorKind(cfg->func) == CXCursor_FunctionDecl;
	ctx->is_entry = !ctx->is_main && inj_api_is_entry_point(ctx->api, df->name);
	ctx->collect = NULL;
	ctx->report = 0;
	inj_scan_validation(ctx, cfg->func);
}

/* ---- stored summaries ---------------------------------------------------- */

static int tval_is_clean(const struct inj_tval *v)
{
	static const struct inj_tval clean;
	return !memcmp(v, &clean, sizeof(clean));
}

/* A copy of v holding only its n_steps steps (NULL when v is clean). */
static struct inj_tval *tval_store(const struct inj_tval *v)
{
	size_t n = offsetof(struct inj_tval, steps) + v->n_steps * sizeof(v->steps[0]);
	struct inj_tval *copy;
	if (tval_is_clean(v))
		return NULL;
	copy = xmalloc(n);
	memcpy(copy, v, n);
	return copy;
}

static void tval_load(const struct inj_tval *stored, struct inj_tval *out)
{
	inj_tval_clean(out);
	if (stored)
		memcpy(out, stored,
		       offsetof(struct inj_tval, steps) + stored->n_steps * sizeof(stored->steps[0]));
}

void inj_summary_ret(const struct inj_summary *sum, struct inj_tval *out)
{
	tval_load(sum->has_ret ? sum->ret : NULL, out);
}

void inj_summary_out(const struct inj_summary *sum, unsigned p, struct inj_tval *out)
{
	unsigned idx;
	if (p >= 32 || !(sum->out_mask & (1u << p))) {
		inj_tval_clean(out);
		return;
	}
	idx = (unsigned)__builtin_popcount(sum->out_mask & ((1u << p) - 1u));
	*out = sum->out[idx];
}

unsigned inj_summary_valid(const struct inj_summary *sum, unsigned p, int zero_result)
{
	_Static_assert(INJ_NRULES <= 4 && INJ_MAX_PARAMS <= 16, "validity bits per parameter");
	if (p >= INJ_MAX_PARAMS)
		return 0;
	return (unsigned)((zero_result ? sum->valid_zero : sum->valid) >> (4 * p)) & 0xfu;
}

static void summary_release(struct inj_summary *sum)
{
	free(sum->ret);
	free(sum->out);
	free(sum->sinks);
	memset(sum, 0, sizeof(*sum));
}

/* The stored form of a collected summary. */
static void summary_store(const struct inj_summary_draft *d, struct inj_summary *sum)
{
	unsigned p, n_out = 0, n = 0;
	int r;
	memset(sum, 0, sizeof(*sum));
	sum->done = 1;
	sum->has_ret = d->has_ret != 0;
	sum->n_params = (unsigned char)d->n_params;
	sum->out_mask = d->out_mask;
	if (d->has_ret)
		sum->ret = tval_store(&d->ret);
	for (p = 0; d->valid_seen && p < d->n_params && p < INJ_MAX_PARAMS; p++)
		sum->valid |= (uint64_t)(d->valid[p] & 0xfu) << (4 * p);
	if (d->kills_seen)
		sum->kills = d->kills;
	for (p = 0; d->valid_zero_seen && p < d->n_params && p < INJ_MAX_PARAMS; p++)
		sum->valid_zero |= (uint64_t)(d->valid_zero[p] & 0xfu) << (4 * p);
	for (p = 0; p < INJ_MAX_PARAMS; p++)
		for (r = 0; r < INJ_NRULES; r++)
			n += d->sinks[p][r].set != 0;
	if (n) {
		sum->sinks = xcalloc(n, sizeof(*sum->sinks));
		for (r = 0; r < INJ_NRULES; r++)
			for (p = 0; p < INJ_MAX_PARAMS; p++) {
				if (!d->sinks[p][r].set)
					continue;
				sum->sinks[sum->n_sinks].param = (unsigned char)p;
				sum->sinks[sum->n_sinks].rule = (unsigned char)r;
				sum->sinks[sum->n_sinks].sink = d->sinks[p][r];
				sum->n_sinks++;
			}
	}
	if (d->out_mask) {
		sum->out = xcalloc((size_t)__builtin_popcount(d->out_mask), sizeof(*sum->out));
		for (p = 0; p < INJ_MAX_PARAMS; p++)
			if (d->out_mask & (1u << p))
				sum->out[n_out++] = d->out[p];
	}
}

static int summary_equal(const struct inj_summary *a, const struct inj_summary *b)
{
	struct inj_tval x, y;
	unsigned i;
	if (a->unknown != b->unknown || a->has_ret != b->has_ret || a->out_mask != b->out_mask ||
	    a->valid != b->valid || a->valid_zero != b->valid_zero || a->kills != b->kills ||
	    a->n_sinks != b->n_sinks)
		return 0;
	inj_summary_ret(a, &x);
	inj_summary_ret(b, &y);
	if (a->has_ret && !dv_taint_equal(&x.t, &y.t))
		return 0;
	for (i = 0; a->out_mask && i < (unsigned)__builtin_popcount(a->out_mask); i++)
		if (!dv_taint_equal(&a->out[i].t, &b->out[i].t))
			return 0;
	for (i = 0; i < a->n_sinks; i++)
		if (a->sinks[i].param != b->sinks[i].param || a->sinks[i].rule != b->sinks[i].rule)
			return 0;
	return 1;
}

struct drive {
	struct inj_ctx *ctx;
	unsigned char *reported;
	int quiet; /* a round that only settles the globals' values */
	const struct dv_needed *needed; /* diff mode: the functions to analyse */
	struct inj_summary_draft *draft; /* scratch for the function being summarised */
};

/* Solves fn and replays the solution, collecting its summary into `out`
 * (may be NULL) and reporting when `report`.  Returns 0 when the
 * solution was complete. */
static int analyse(struct inj_ctx *ctx, unsigned fn, struct inj_summary_draft *out, int report)
{
	const struct dv_cfg *cfg = dv_callgraph_cfg(ctx->cg, fn);
	struct dv_solution *sol;
	int rc = -1;
	if (!cfg || cfg->incomplete) {
		if (report && cfg)
			dv_sink_not_analysed(ctx->tu->sink, ctx->cg->funcs[fn].cursor, "injection",
					     "its control flow could not be modelled (computed goto "
					     "or a size cap)");
		return -1;
	}
	setup_function(ctx, fn, cfg);
	sol = dv_dataflow_solve(cfg, &taint_lattice, ctx, INJ_MAX_VISITS);
	if (report && (!sol || sol->incomplete))
		dv_sink_not_analysed(ctx->tu->sink, ctx->cg->funcs[fn].cursor, "injection",
				     "the analysis did not converge within its budget");
	if (sol && !sol->incomplete) {
		ctx->collect = out;
		ctx->report = report;
		if (out)
			out->n_params = ctx->n_params;
		dv_dataflow_replay(sol, &taint_lattice, ctx);
		ctx->collect = NULL;
		ctx->report = 0;
		rc = 0;
	}
	if (sol)
		dv_solution_free(sol, &taint_lattice, ctx);
	return rc;
}

static int summary_step(void *vd, unsigned fn)
{
	struct drive *d = vd;
	struct inj_ctx *ctx = d->ctx;
	struct inj_summary fresh;
	int report = !d->quiet && !ctx->cg->funcs[fn].recursive;
	int changed;
	if (!d->quiet && !dv_needed_has(d->needed, fn))
		return 0; /* diff mode: keeps what the rounds before learnt, if any */
	memset(d->draft, 0, sizeof(*d->draft));
	if (analyse(ctx, fn, d->draft, report) == 0) {
		summary_store(d->draft, &fresh);
	} else {
		memset(&fresh, 0, sizeof(fresh));
		fresh.done = 1;
		fresh.unknown = 1; /* fail closed: unknown to its callers, not clean */
	}
	if (report)
		d->reported[fn] = 1;
	changed = !ctx->sums[fn].done || !summary_equal(&ctx->sums[fn], &fresh);
	summary_release(&ctx->sums[fn]);
	ctx->sums[fn] = fresh;
	return changed;
}

static int globals_carry_origins(const struct inj_ctx *ctx)
{
	size_t i;
	for (i = 0; i < ctx->n_globals; i++) {
		const struct inj_tval *v = &ctx->globals[i].v;
		if (v->t.rules || v->t.marks || v->n_steps || v->origin_kind != ORIGIN_NONE)
			return 1;
	}
	return 0;
}

void inj_check_tu(const struct inj_api *api, struct dv_tu_ctx *tu)
{
	struct inj_ctx ctx;
	struct drive d;
	unsigned i;
	if (!tu->cg || !tu->cg->n_funcs)
		return;
	for (i = 0; i < INJ_NRULES; i++) {
		const struct dv_rule *rule = dv_ruleset_find(tu->rules, inj_rule_ids[i]);
		if (rule && rule->enabled && rule->level != DV_LEVEL_NONE)
			break;
	}
	if (i == INJ_NRULES)
		return; /* every rule of the family is disabled */
	memset(&ctx, 0, sizeof(ctx));
	ctx.api = api;
	ctx.tu = tu;
	ctx.cg = tu->cg;
	ctx.sums = xcalloc(ctx.cg->n_funcs, sizeof(*ctx.sums));
	d.ctx = &ctx;
	d.reported = xcalloc(ctx.cg->n_funcs, 1);
	d.draft = xmalloc(sizeof(*d.draft));
	d.quiet = 0;
	d.needed = tu->needed;
	if (inj_globals_prepare(&ctx) && ctx.cg->n_funcs > 1) {
		/* values stored in globals by one function reach the others:
		 * settle them before the reporting round */
		unsigned round;
		d.quiet = 1;
		for (round = 0; round < INJ_GLOBAL_ROUNDS; round++) {
			ctx.globals_changed = 0;
			dv_callgraph_bottom_up(ctx.cg, summary_step, &d, INJ_SCC_ROUNDS);
			if (!ctx.globals_changed)
				break;
		}
		if (round == INJ_GLOBAL_ROUNDS)
			inj_globals_widen(&ctx);
		d.quiet = 0;
		/* the reporting round may skip what the change does not need
		 * only when it learns nothing new (the rounds above settled
		 * every summary on these globals' values) and no global carries
		 * data with an origin, whose reader's finding would point at the
		 * store in another function */
		if (round == INJ_GLOBAL_ROUNDS || globals_carry_origins(&ctx))
			d.needed = NULL;
	}
	dv_callgraph_bottom_up(ctx.cg, summary_step, &d, INJ_SCC_ROUNDS);
	for (i = 0; i < ctx.cg->n_funcs; i++)
		if (!d.reported[i] && dv_needed_has(d.needed, i))
			analyse(&ctx, i, NULL, 1);
	inj_resolve_format_warnings(&ctx);
	inj_export_summaries(&ctx);
	free(d.reported);
	free(d.draft);
	for (i = 0; i < ctx.cg->n_funcs; i++)
		summary_release(&ctx.sums[i]);
	inj_attr_funcs_release(&ctx);
	inj_forwards_release(&ctx);
	inj_globals_release(&ctx);
	free(ctx.guards);
	free(ctx.anchored);
	free(ctx.warnings);
	free(ctx.uses);
	free(ctx.sums);
	free(ctx.keys);
	free(ctx.table);
}
