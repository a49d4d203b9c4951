/*
 * The diff-mode set of functions to analyse (engine/needed.h).
 */
#include "engine/needed.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct span {
	unsigned first, last;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* Nonzero when every line of [first, last] lies in one of the sorted,
 * merged spans. */
static int covered(const struct span *s, size_t n, unsigned first, unsigned last)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* the last span starting at or before first */
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid].first <= first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && s[lo - 1].last >= last;
}

/* Marks everything reachable from the marked functions along callers
 * (up) or callees (down). */
static void close_over(const struct dv_callgraph *cg, unsigned char *mark, int up)
{
	unsigned *stack = xmalloc((cg->n_funcs ? cg->n_funcs : 1) * sizeof(*stack));
	unsigned sp = 0, i, k;
	for (i = 0; i < cg->n_funcs; i++)
		if (mark[i])
			stack[sp++] = i;
	while (sp) {
		const struct dv_function *f = &cg->funcs[stack[--sp]];
		const unsigned *next = up ? f->callers : f->callees;
		unsigned n = up ? f->n_callers : f->n_callees;
		for (k = 0; k < n; k++)
			if (!mark[next[k]]) {
				mark[next[k]] = 1;
				stack[sp++] = next[k];
			}
	}
	free(stack);
}

static struct dv_needed *finish(const struct dv_callgraph *cg, unsigned char *mark)
{
	struct dv_needed *n = xcalloc(1, sizeof(*n));
	unsigned i;
	n->fn = mark;
	n->n_funcs = cg->n_funcs;
	for (i = 0; i < cg->n_funcs; i++)
		n->n_needed += mark[i] != 0;
	return n;
}

struct dv_needed *dv_needed_build(const struct dv_callgraph *cg, const struct dv_file_change *change)
{
	struct span *spans = NULL;
	unsigned char *mark = NULL;
	size_t n = 0, i, m;
	unsigned f;
	int outside = 0;

	if (!cg || !change || !cg->n_funcs)
		return NULL;
	spans = xmalloc(cg->n_funcs * sizeof(*spans));
	mark = xcalloc(cg->n_funcs, 1);
	for (f = 0; f < cg->n_funcs; f++) {
		CXSourceRange r = clang_getCursorExtent(cg->funcs[f].cursor);
		struct span s = {0, 0};
		clang_getExpansionLocation(clang_getRangeStart(r), NULL, &s.first, NULL, NULL);
		clang_getExpansionLocation(clang_getRangeEnd(r), NULL, &s.last, NULL, NULL);
		if (s.last < s.first)
			s.last = s.first;
		/* the same test as the relevance filter's (session/run.c) */
		if (dv_file_change_touches(change, s.first, s.last))
			mark[f] = 1;
		spans[n++] = s;
	}
	/* a change outside every function body may matter to any of them */
	qsort(spans, n, sizeof(*spans), span_cmp);
	for (i = 1, m = 1; i < n; i++) {
		if (spans[i].first <= spans[m - 1].last + 1) {
			if (spans[i].last > spans[m - 1].last)
				spans[m - 1].last = spans[i].last;
		} else {
			spans[m++] = spans[i];
		}
	}
	n = n ? m : 0;
	for (i = 0; i < change->n_added && !outside; i++)
		outside = !covered(spans, n, change->added[i].start, change->added[i].end);
	for (i = 0; i < change->n_deleted_anchors && !outside; i++)
		outside = !covered(spans, n, change->deleted_anchors[i], change->deleted_anchors[i]);
	free(spans);
	if (outside) {
		free(mark);
		return NULL;
	}
	close_over(cg, mark, 1);
	close_over(cg, mark, 0);
	return finish(cg, mark);
}

void dv_needed_free(struct dv_needed *n)
{
	if (!n)
		return;
	free(n->fn);
	free(n);
}

int dv_needed_has(const struct dv_needed *n, unsigned fn)
{
	return !n || fn >= n->n_funcs || n->fn[fn];
}

int dv_tu_fn_needed(const struct dv_tu_ctx *tu, unsigned fn)
{
	return dv_needed_has(tu->needed, fn);
}

struct dv_needed *dv_needed_widen(const struct dv_tu_ctx *tu, const unsigned char *extra,
				  int with_callers)
{
	unsigned char *mark;
	unsigned i;
	if (!tu->needed || !tu->cg)
		return NULL;
	mark = xcalloc(tu->cg->n_funcs ? tu->cg->n_funcs : 1, 1);
	for (i = 0; i < tu->cg->n_funcs; i++)
		mark[i] = extra && extra[i];
	if (with_callers)
		close_over(tu->cg, mark, 1);
	for (i = 0; i < tu->cg->n_funcs; i++)
		mark[i] |= tu->needed->fn[i];
	close_over(tu->cg, mark, 0);
	return finish(tu->cg, mark);
}
