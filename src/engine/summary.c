/*
 * Summary store: one table (array of kind->size bytes per function) per
 * kind, found by the kind descriptor's address.  A handful of kinds per
 * TU, so a linear list is enough.
 */
#include "engine/summary.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct table {
	const struct dv_summary_kind *kind;
	unsigned char *data; /* n_funcs * kind->size */
};

struct dv_summaries {
	struct dv_callgraph *cg;
	struct table *tables;
	unsigned n_tables;
	size_t tables_alloc;
};

struct dv_summaries *dv_summaries_new(struct dv_callgraph *cg)
{
	struct dv_summaries *s = xcalloc(1, sizeof(*s));
	s->cg = cg;
	return s;
}

static unsigned n_funcs(const struct dv_summaries *s)
{
	return s->cg ? s->cg->n_funcs : 0;
}

void dv_summaries_free(struct dv_summaries *s)
{
	unsigned i, f;
	if (!s)
		return;
	for (i = 0; i < s->n_tables; i++) {
		const struct dv_summary_kind *k = s->tables[i].kind;
		if (k->release)
			for (f = 0; f < n_funcs(s); f++)
				k->release(s->tables[i].data + (size_t)f * k->size);
		free(s->tables[i].data);
	}
	free(s->tables);
	free(s);
}

static struct table *find(const struct dv_summaries *s, const struct dv_summary_kind *kind)
{
	unsigned i;
	if (!s)
		return NULL;
	for (i = 0; i < s->n_tables; i++)
		if (s->tables[i].kind == kind)
			return &s->tables[i];
	return NULL;
}

int dv_summaries_add_kind(struct dv_summaries *s, const struct dv_summary_kind *kind)
{
	struct table *t;
	unsigned f, n = n_funcs(s);
	if (find(s, kind))
		return 0;
	DV_GROW(s->tables, (size_t)s->n_tables + 1, s->tables_alloc);
	t = &s->tables[s->n_tables++];
	t->kind = kind;
	t->data = xcalloc(n ? n : 1, kind->size ? kind->size : 1);
	if (kind->init)
		for (f = 0; f < n; f++)
			kind->init(t->data + (size_t)f * kind->size);
	return 0;
}

int dv_summaries_has_kind(const struct dv_summaries *s, const struct dv_summary_kind *kind)
{
	return find(s, kind) != NULL;
}

void *dv_summary_get(struct dv_summaries *s, const struct dv_summary_kind *kind, unsigned fn)
{
	struct table *t = find(s, kind);
	if (!t || fn >= n_funcs(s))
		return NULL;
	return t->data + (size_t)fn * kind->size;
}

void *dv_summary_of_call(struct dv_summaries *s, const struct dv_summary_kind *kind, CXCursor call)
{
	long fn;
	if (!s)
		return NULL;
	fn = dv_callgraph_callee(s->cg, call);
	return fn < 0 ? NULL : dv_summary_get(s, kind, (unsigned)fn);
}

struct run {
	struct dv_summaries *s;
	const struct dv_summary_kind *kind;
	int (*step)(void *ctx, unsigned fn, void *summary);
	void *ctx;
};

static int run_step(void *data, unsigned fn)
{
	struct run *r = data;
	return r->step(r->ctx, fn, dv_summary_get(r->s, r->kind, fn));
}

void dv_summaries_compute(struct dv_summaries *s, const struct dv_summary_kind *kind,
			  int (*step)(void *ctx, unsigned fn, void *summary), void *ctx,
			  unsigned max_rounds)
{
	struct run r;
	if (!s || !kind || !step || !s->cg)
		return;
	dv_summaries_add_kind(s, kind);
	r.s = s;
	r.kind = kind;
	r.step = step;
	r.ctx = ctx;
	dv_callgraph_bottom_up(s->cg, run_step, &r, max_rounds);
}

struct dv_callgraph *dv_summaries_callgraph(const struct dv_summaries *s)
{
	return s ? s->cg : NULL;
}
