/*
 * One analysis per non-recursive function (see LG_COLLECT_EARLY in
 * logging.h): the candidates the bottom-up pass collected, checked and
 * put back in the reporting loop's order.
 */
#include "checkers/logging.h"
#include "engine/needed.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Candidates in function order, as the reporting loop used to find them
 * (the early ones were found in bottom-up order). */
static int cand_ptr_cmp(const void *pa, const void *pb)
{
	const struct lg_cand *a = *(const struct lg_cand *const *)pa;
	const struct lg_cand *b = *(const struct lg_cand *const *)pb;
	if (a->fn != b->fn)
		return a->fn < b->fn ? -1 : 1;
	return (a > b) - (a < b); /* same function: the order they were found in */
}

void lg_sort_cands(struct lg_tu *t)
{
	/* qsort is not stable: sort pointers, whose addresses keep the order */
	struct lg_cand **order, *sorted;
	size_t i;
	if (t->n_cands < 2)
		return;
	order = xreallocarray(NULL, t->n_cands, sizeof(*order));
	for (i = 0; i < t->n_cands; i++)
		order[i] = &t->cands[i];
	qsort(order, t->n_cands, sizeof(*order), cand_ptr_cmp);
	sorted = xreallocarray(NULL, t->n_cands, sizeof(*sorted));
	for (i = 0; i < t->n_cands; i++)
		sorted[i] = *order[i];
	free(order);
	free(t->cands);
	t->cands = sorted;
	t->cands_alloc = t->n_cands;
}

/*
 * The early candidates hold only if the reporting loop would see the
 * summaries the bottom-up pass left: true unless a recursive cycle ran
 * out of rounds before its fixpoint.  Re-analysing each recursive
 * function once tells (the summaries are put back either way).
 */
int lg_summaries_settled(struct lg_tu *t)
{
	const struct dv_callgraph *cg = t->tu->cg;
	struct lg_summary *saved = NULL;
	unsigned i;
	int settled = 1;
	for (i = 0; i < cg->n_funcs && settled; i++) {
		if (!cg->funcs[i].recursive || dv_ast_errors_in(&t->errors, cg->funcs[i].cursor) ||
		    !dv_tu_fn_needed(t->tu, i))
			continue;
		if (!saved) {
			saved = xreallocarray(NULL, cg->n_funcs, sizeof(*saved));
			memcpy(saved, t->sums, cg->n_funcs * sizeof(*saved));
		}
		settled = !lg_analyze_function(t, i, 0);
	}
	if (saved)
		memcpy(t->sums, saved, cg->n_funcs * sizeof(*saved));
	free(saved);
	return settled;
}

/* Back to analysing every function again in the reporting loop. */
void lg_forget_early(struct lg_tu *t)
{
	memset(t->early, 0, t->tu->cg->n_funcs);
	t->n_cands = 0;
	t->n_sites = 0;
}
