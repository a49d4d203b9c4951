/*
 * Lock order: pairs (held, then acquired) collected over the TU, with
 * the objects acquired inside callees; one finding per pair seen in both
 * orders, and one per longer cycle (A then B, B then C, C then A) with
 * every acquisition of it as a related location.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
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

/* ---- cycles of three or more locks ----
 * Nodes are order ids, an edge a -> b the earliest pair (a held, b
 * acquired).  Each elementary cycle is found once, from its smallest node
 * (by first appearance), visiting larger nodes only; two-lock cycles are
 * the pairs above.  Bounded: cycles up to TS_CYCLE_MAX locks, at most
 * TS_CYCLE_REPORTS findings per TU. */

#define TS_CYCLE_MAX 6
#define TS_CYCLE_REPORTS 16

struct cycle_search {
	struct ts_tu *t;
	const char **nodes;
	size_t n_nodes;
	size_t path[TS_CYCLE_MAX];   /* node indices */
	size_t edges[TS_CYCLE_MAX];  /* pair index of path[i] -> path[i+1] */
	unsigned depth, reported;
};

static size_t node_index(const struct cycle_search *cs, const char *id)
{
	size_t i;
	for (i = 0; i < cs->n_nodes; i++)
		if (cs->nodes[i] == id)
			return i;
	return (size_t)-1;
}

/* The earliest pair a -> b, or -1. */
static long earliest_edge(const struct ts_tu *t, const char *a, const char *b)
{
	long best = -1;
	size_t i;
	for (i = 0; i < t->n_pairs; i++)
		if (t->pairs[i].a == a && t->pairs[i].b == b &&
		    (best < 0 || pair_cmp_site(&t->pairs[i], &t->pairs[best]) < 0))
			best = (long)i;
	return best;
}

/* A cycle with a chord (an edge between two of its locks that are not
 * next to each other, either way) holds a shorter cycle, found and
 * reported on its own: only chordless cycles are findings, so that a
 * known inversion is not reported again inside every longer loop. */
static int has_chord(const struct cycle_search *cs, unsigned len)
{
	unsigned i, j;
	for (i = 0; i < len; i++)
		for (j = 0; j < len; j++) {
			if (i == j || (i + 1) % len == j)
				continue;
			if (earliest_edge(cs->t, cs->nodes[cs->path[i]], cs->nodes[cs->path[j]]) >= 0)
				return 1;
		}
	return 0;
}

static void report_cycle(struct cycle_search *cs, unsigned len)
{
	const struct dv_ts_family *fam = cs->t->spec->fam;
	struct ts_msg_args args = {0};
	struct strbuf sb;
	struct dv_finding *f;
	const struct ts_pair *first;
	unsigned i, at = 0;
	char *text;
	if (has_chord(cs, len))
		return;
	/* primary at the earliest inner acquire of the cycle */
	for (i = 1; i < len; i++)
		if (pair_cmp_site(&cs->t->pairs[cs->edges[i]], &cs->t->pairs[cs->edges[at]]) < 0)
			at = i;
	strbuf_init(&sb);
	for (i = 0; i < len; i++) {
		const struct ts_pair *p = &cs->t->pairs[cs->edges[(at + i) % len]];
		strbuf_addf(&sb, "'%s' -> ", p->name_a ? p->name_a : "?");
	}
	first = &cs->t->pairs[cs->edges[at]];
	strbuf_addf(&sb, "'%s'", first->name_a ? first->name_a : "?");
	text = strbuf_detach(&sb);
	args.name = text;
	f = ts_report(cs->t->tu->sink, fam->order.rule, first->site_b, fam->order.cycle_message,
		      &args);
	if (f) {
		if (!f->function && first->func)
			f->function = xstrdup(first->func);
		for (i = 0; i < len; i++) {
			const struct ts_pair *p = &cs->t->pairs[cs->edges[(at + i) % len]];
			struct ts_msg_args rel = {.name = p->name_b, .held = p->name_a};
			ts_add_related(cs->t->tu->sink, f, p->site_a, fam->order.held_here, &rel);
			ts_add_related(cs->t->tu->sink, f, p->site_b, fam->order.cycle_step, &rel);
		}
	}
	free(text);
	cs->reported++;
}

static void search_from(struct cycle_search *cs, size_t start, size_t node)
{
	size_t j;
	unsigned k;
	if (cs->reported >= TS_CYCLE_REPORTS)
		return;
	cs->path[cs->depth] = node;
	for (j = 0; j < cs->n_nodes && cs->reported < TS_CYCLE_REPORTS; j++) {
		long e;
		int on_path = 0;
		if (j < start)
			continue;
		e = earliest_edge(cs->t, cs->nodes[node], cs->nodes[j]);
		if (e < 0)
			continue;
		cs->edges[cs->depth] = (size_t)e;
		if (j == start) {
			if (cs->depth >= 2) /* three or more locks */
				report_cycle(cs, cs->depth + 1);
			continue;
		}
		for (k = 0; k <= cs->depth; k++)
			on_path |= cs->path[k] == j;
		if (on_path || cs->depth + 1 >= TS_CYCLE_MAX)
			continue;
		cs->depth++;
		search_from(cs, start, j);
		cs->depth--;
	}
}

void ts_report_lock_cycles(struct ts_tu *t)
{
	struct cycle_search cs;
	size_t i, alloc = 0;
	if (!t->spec->fam->order.rule || !t->spec->fam->order.cycle_message || t->n_pairs < 3)
		return;
	memset(&cs, 0, sizeof(cs));
	cs.t = t;
	for (i = 0; i < t->n_pairs; i++) {
		const char *ids[2] = {t->pairs[i].a, t->pairs[i].b};
		unsigned k;
		for (k = 0; k < 2; k++)
			if (node_index(&cs, ids[k]) == (size_t)-1) {
				DV_GROW(cs.nodes, cs.n_nodes + 1, alloc);
				cs.nodes[cs.n_nodes++] = ids[k];
			}
	}
	for (i = 0; i < cs.n_nodes && cs.reported < TS_CYCLE_REPORTS; i++) {
		cs.depth = 0;
		search_from(&cs, i, i);
	}
	free(cs.nodes);
}
