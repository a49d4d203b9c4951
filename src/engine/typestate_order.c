/*
 * Lock order: pairs (held, then acquired) collected over the TU, with
 * the objects acquired inside callees; one finding per pair seen in both
 * orders.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void ts_note_order_id(struct ts_fn *fn, const char *id, const char *name)
{
	unsigned i;
	if (!id)
		return;
	for (i = 0; i < fn->n_order; i++)
		if (fn->order_ids[i] == id)
			return;
	DV_GROW(fn->order_ids, (size_t)fn->n_order + 1, fn->alloc_order);
	DV_GROW(fn->order_names, (size_t)fn->n_order + 1, fn->alloc_order_names);
	fn->order_names[fn->n_order] = name;
	fn->order_ids[fn->n_order++] = id;
}

static unsigned cursor_offset(CXCursor c)
{
	unsigned off = 0;
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
	return off;
}

void ts_add_pair(struct ts_fn *fn, const struct ts_obj *held, const char *b,
		 const char *name_b, CXCursor site_b)
{
	struct ts_tu *t = fn->t;
	struct ts_pair *p;
	size_t i;
	unsigned off = cursor_offset(site_b);
	for (i = 0; i < t->n_pairs; i++)
		if (t->pairs[i].a == held->order_id && t->pairs[i].b == b && t->pairs[i].off_b == off)
			return;
	DV_GROW(t->pairs, t->n_pairs + 1, t->alloc_pairs);
	p = &t->pairs[t->n_pairs++];
	p->a = held->order_id;
	p->b = b;
	p->name_a = held->name;
	p->name_b = name_b;
	p->site_a = held->acq;
	p->site_b = site_b;
	p->off_b = off;
	p->func = ts_in_str(fn, fn->name);
}

static int pair_cmp_site(const struct ts_pair *a, const struct ts_pair *b)
{
	return a->off_b < b->off_b ? -1 : a->off_b > b->off_b;
}

void ts_report_lock_order(struct ts_tu *t)
{
	const struct dv_ts_family *fam = t->spec->fam;
	struct ts_msg_args args = {0};
	size_t i, j;
	if (!fam->order.rule)
		return;
	for (i = 0; i < t->n_pairs; i++) {
		const struct ts_pair *p = &t->pairs[i], *q = NULL, *first_p = p;
		struct dv_finding *f;
		int skip = 0;
		/* one finding per unordered lock pair: primary at the earliest site */
		for (j = 0; j < t->n_pairs; j++) {
			const struct ts_pair *r = &t->pairs[j];
			if (r->a == p->a && r->b == p->b && pair_cmp_site(r, first_p) < 0)
				first_p = r;
			if (r->a == p->b && r->b == p->a && (!q || pair_cmp_site(r, q) < 0))
				q = r;
		}
		if (!q || first_p != p)
			continue;
		if (pair_cmp_site(q, p) < 0)
			skip = 1; /* reported from q's side */
		if (skip)
			continue;
		args.name = p->name_b;
		args.held = p->name_a;
		args.other = q->name_b;
		args.other_held = q->name_a;
		f = ts_report(t->tu->sink, fam->order.rule, p->site_b, fam->order.message, &args);
		if (!f)
			continue;
		if (!f->function && p->func)
			f->function = xstrdup(p->func);
		ts_add_related(t->tu->sink, f, p->site_a, fam->order.held_here, &args);
		ts_add_related(t->tu->sink, f, q->site_b, fam->order.other_here, &args);
		ts_add_related(t->tu->sink, f, q->site_a, fam->order.other_held_here, &args);
	}
}
