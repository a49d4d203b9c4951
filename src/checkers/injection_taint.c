/*
 * The injection checker's taint analysis, driven per translation unit:
 * summaries bottom-up over the call graph (reporting non-recursive
 * functions as they go), recursive functions reported once their SCC is
 * stable, then the deferred format warnings.  The lattice and the
 * analysis's structure are described in injection_taint.h.
 */
#include "checkers/injection_taint.h"
#include "util/xalloc.h"

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
}

static int summary_equal(const struct inj_summary *a, const struct inj_summary *b)
{
	unsigned p;
	int r;
	if (a->unknown != b->unknown || a->has_ret != b->has_ret || a->out_mask != b->out_mask)
		return 0;
	if (a->has_ret && !dv_taint_equal(&a->ret.t, &b->ret.t))
		return 0;
	for (p = 0; p < INJ_MAX_PARAMS; p++) {
		if ((a->out_mask & (1u << p)) &&
		    !dv_taint_equal(&a->out[p].t, &b->out[p].t))
			return 0;
		for (r = 0; r < INJ_NRULES; r++)
			if (a->sinks[p][r].set != b->sinks[p][r].set)
				return 0;
	}
	return 1;
}

struct drive {
	struct inj_ctx *ctx;
	unsigned char *reported;
};

/* Solves fn and replays the solution, collecting its summary into `out`
 * (may be NULL) and reporting when `report`.  Returns 0 when the
 * solution was complete. */
static int analyse(struct inj_ctx *ctx, unsigned fn, struct inj_summary *out, int report)
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
	struct inj_summary *fresh = xcalloc(1, sizeof(*fresh));
	int report = !ctx->cg->funcs[fn].recursive;
	int changed;
	if (analyse(ctx, fn, fresh, report) == 0) {
		fresh->done = 1;
	} else {
		memset(fresh, 0, sizeof(*fresh));
		fresh->done = 1;
		fresh->unknown = 1; /* fail closed: unknown to its callers, not clean */
	}
	if (report)
		d->reported[fn] = 1;
	changed = !ctx->sums[fn].done || !summary_equal(&ctx->sums[fn], fresh);
	ctx->sums[fn] = *fresh;
	free(fresh);
	return changed;
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
	dv_callgraph_bottom_up(ctx.cg, summary_step, &d, INJ_SCC_ROUNDS);
	for (i = 0; i < ctx.cg->n_funcs; i++)
		if (!d.reported[i])
			analyse(&ctx, i, NULL, 1);
	inj_resolve_format_warnings(&ctx);
	inj_export_summaries(&ctx);
	free(d.reported);
	inj_attr_funcs_release(&ctx);
	free(ctx.warnings);
	free(ctx.uses);
	free(ctx.sums);
	free(ctx.keys);
	free(ctx.table);
}
