/*
 * The typestate pass over a translation unit: per function, the solve,
 * the summary and the replay that reports; coverage gaps for the
 * functions it does not judge.
 */
#include "front/ast.h"
#include "engine/typestate_internal.h"
#include "front/tokens.h"

#include <stdlib.h>
#include <string.h>

#include "engine/callgraph.h"
#include "engine/needed.h"
#include "engine/recovery.h"
#include "util/xalloc.h"

static const struct dv_lattice ts_lattice = {
	ts_state_entry, ts_state_copy, ts_state_free, ts_state_join, ts_transfer, ts_branch,
};

/* A function with compile errors is judged when error recovery lost
 * nothing that may call or jump (engine/recovery.h). */
static int judgeable(struct ts_tu *t, CXCursor func, int report)
{
	if (!dv_ast_errors_in(&t->errors, func))
		return 1;
	return dv_recovery_judge(t->tu->tu, report ? t->tu->sink : NULL, func,
				 t->spec->fam->family);
}


/* Analyses one function; returns nonzero when its summary changed. */
static int analyze(struct ts_tu *t, unsigned idx, int report)
{
	struct ts_fn fn;
	struct ts_summary s;
	struct dv_solution *sol;
	const struct dv_cfg *cfg = dv_callgraph_cfg(t->tu->cg, idx);
	int changed;
	memset(&fn, 0, sizeof(fn));
	memset(&s, 0, sizeof(s));
	fn.t = t;
	fn.idx = idx;
	fn.func = t->tu->cg->funcs[idx].cursor;
	fn.cfg = cfg;
	fn.name = t->tu->cg->funcs[idx].name;
	fn.name_returns_held = ts_matches_any(t->spec->returns_held, t->spec->n_returns_held,
					      fn.name) ||
			       ts_decl_returns_held(t, fn.func) ||
			       ts_name_is_api(t->spec, fn.name, 1);
	fn.name_returns_held_if = ts_matches_any(t->spec->returns_held_if,
						 t->spec->n_returns_held_if, fn.name);
	fn.release_wrapper = ts_matches_any(t->spec->releases_held, t->spec->n_releases_held,
					    fn.name) ||
			     ts_decl_releases(t, fn.func) || ts_name_is_api(t->spec, fn.name, 0);
	if (report && cfg && cfg->incomplete)
		dv_sink_not_analysed(t->tu->sink, fn.func, t->spec->fam->family, "%s",
				     "its control flow could not be modelled "
				     "(computed goto or a size cap)");
	if (cfg && !cfg->incomplete && judgeable(t, fn.func, report)) {
		sol = dv_dataflow_solve(cfg, &ts_lattice, &fn, 64);
		if (report && (!sol || sol->incomplete))
			dv_sink_not_analysed(t->tu->sink, fn.func, t->spec->fam->family,
					     "the analysis did not converge within its budget");
		if (sol && !sol->incomplete) {
			ts_collect_exits(&fn, sol->in[cfg->exit]);
			ts_build_summary(&fn, &s);
			if (report) {
				fn.report = 1;
				dv_dataflow_replay(sol, &ts_lattice, &fn);
				ts_report_exits(&fn);
			}
		}
		if (sol)
			dv_solution_free(sol, &ts_lattice, &fn);
	}
	changed = !ts_summary_equal(&s, &t->sums[idx]);
	ts_summary_release(&t->sums[idx]);
	t->sums[idx] = s;
	free(fn.exits);
	free(fn.order_ids);
	free(fn.order_names);
	free(fn.recs);
	free(fn.loop_escaped);
	dv_cursor_memo_release(&fn.memo);
	free(fn.acquired);
	return changed;
}

/* Whether the family judges a function by what other functions of the
 * TU, not only its callers and callees, do. */
static int spec_relates_functions(const struct dv_ts_spec *spec)
{
	return spec->fam->order.rule || spec->fam->held_exit_needs_evidence ||
	       spec->fam->entry_release_unheld;
}

static int bottom_up_step(void *ctx, unsigned idx)
{
	struct ts_tu *t = ctx;
	if (!dv_needed_has(t->needed, idx))
		return 0; /* diff mode: nothing it reports or teaches can matter */
	return analyze(t, idx, !t->tu->cg->funcs[idx].recursive);
}

void dv_ts_check_tu(const struct dv_ts_spec *spec, struct dv_tu_ctx *tu)
{
	struct ts_tu t;
	struct dv_needed *own = NULL;
	unsigned i;
	if (!tu->cg || !tu->cg->n_funcs)
		return;
	memset(&t, 0, sizeof(t));
	t.spec = spec;
	t.tu = tu;
	t.sums = xcalloc(tu->cg->n_funcs, sizeof(*t.sums));
	dv_ast_errors_collect(t.tu->tu, &t.errors);
	t.needed = tu->needed;
	if (tu->needed && spec_relates_functions(spec)) {
		/* lock order pairs and split lock pairs join what any function
		 * of the TU does: every function that meets the family's
		 * objects (itself or through its callees) is analysed */
		unsigned char *meets = ts_relevant_functions(&t);
		own = dv_needed_widen(tu, meets, 1);
		free(meets);
		t.needed = own;
	} else if (tu->needed) {
		unsigned char *slots = ts_slot_functions(&t);
		if (slots) {
			own = dv_needed_widen(tu, slots, 1);
			free(slots);
			t.needed = own;
		}
	}
	if (!ts_tu_relevant(&t))
		goto done; /* nothing of the family in this translation unit */
	ts_collect_recursive(&t);
	dv_callgraph_bottom_up(tu->cg, bottom_up_step, &t, 4);
	for (i = 0; i < tu->cg->n_funcs; i++)
		if (tu->cg->funcs[i].recursive && dv_needed_has(t.needed, i))
			analyze(&t, i, 1);
	ts_report_pending(&t);
	ts_report_lock_order(&t);
	ts_report_lock_cycles(&t);
	ts_report_lock_cycles_index(&t);
	ts_export_summaries(&t);
	ts_export_lock_order(&t);
done:
	for (i = 0; i < tu->cg->n_funcs; i++)
		ts_summary_release(&t.sums[i]);
	free(t.sums);
	free(t.pairs);
	free(t.pending);
	free(t.recursive);
	dv_ast_errors_release(&t.errors);
	ts_attr_apis_release(&t);
	ts_intern_release(&t.in);
	ts_intern_release(&t.written);
	dv_tokens_free(t.tokens);
	dv_needed_free(own);
}

void dv_ts_checker_check_tu(const void *spec, struct dv_tu_ctx *tu)
{
	dv_ts_check_tu(spec, tu);
}
