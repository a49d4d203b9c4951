/*
 * Lock order across files, through the project index (engine/exports.h,
 * DV_EXPORT_ORDER).
 *
 * Export: each (held, acquired) pair of the TU whose two locks are the
 * same object in every file: a global with external linkage (its USR)
 * or a struct field by type and field (the order id ".F{usr}").  A
 * file-static lock, a local or anything named by a file-local USR never
 * leaves its file.
 *
 * Import: the other files' pairs join the TU's own in one graph; an
 * elementary, chordless cycle of 2..TS_XCYCLE_MAX locks with at least one
 * edge of this TU and one of another file is reported at this TU's
 * earliest acquisition of it, every other acquisition (file:line of the
 * index) related.  Cycles of this TU alone are typestate_order.c's;
 * cycles of other files alone are not this TU's finding.
 *
 * Once per cycle over a run that checks several files of the cycle with
 * an index that holds them all (this file's own entry is in it, so its
 * content is unchanged since indexing): the file of the smallest path
 * among the files with an edge of the cycle reports.  A file that is not
 * in the index as it is now (a changed file, in diff mode with an index
 * of the base) reports every cycle it closes: the finding belongs to the
 * change.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define TS_XCYCLE_MAX 6
#define TS_XCYCLE_REPORTS 16
#define TS_XCYCLE_BUDGET 200000u

/* Every USR of the id is of a declaration with external linkage: clang
 * spells those "c:@..." (a file-local one starts with the file's name,
 * an anonymous namespace is "@aN@"). */
int ts_order_id_exportable(const char *id)
{
	const char *p;
	int any = 0;
	if (!id || strstr(id, "@aN@"))
		return 0;
	for (p = strchr(id, '{'); p; p = strchr(p + 1, '{')) {
		if (strncmp(p + 1, "c:@", 3) != 0)
			return 0;
		any = 1;
	}
	return any;
}

static unsigned site_line(CXCursor c)
{
	unsigned line = 0;
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &line, NULL, NULL);
	return line;
}

void ts_export_lock_order(const struct ts_tu *t)
{
	size_t i;
	if (!t->tu->exports || !t->spec->fam->order.rule)
		return;
	for (i = 0; i < t->n_pairs; i++) {
		const struct ts_pair *p = &t->pairs[i];
		struct dv_export e;
		if (p->a == p->b || !ts_order_id_exportable(p->a) || !ts_order_id_exportable(p->b))
			continue;
		e = dv_export_fact(p->func ? p->func : "?", t->spec->fam->family, DV_EXPORT_ORDER);
		e.what = (char *)p->a;
		e.rule = (char *)p->b;
		e.line = (int)site_line(p->site_b);
		if (e.line > 0)
			dv_exports_add_fact(t->tu->exports, &e);
	}
}

/* An edge of the joint graph: the TU's earliest pair a -> b (pair >= 0)
 * or, when the TU has none, the first imported fact a -> b. */
struct xedge {
	size_t a, b; /* node indices */
	long pair;   /* index in t->pairs, or -1 */
	const struct dv_export *fact;
};

struct xsearch {
	struct ts_tu *t;
	const char **nodes; /* interned order ids */
	const char **names; /* shown for each node */
	size_t n_nodes, alloc_nodes, alloc_names;
	struct xedge *edges;
	size_t n_edges, alloc_edges;
	const struct dv_export **facts; /* imported order facts of other files */
	size_t n_facts, alloc_facts;
	const char *own_file;           /* this file's path in the index, when in it */
	size_t path[TS_XCYCLE_MAX];     /* edge indices */
	unsigned depth, reported;
	unsigned long steps;
};

static size_t node_of(struct xsearch *xs, const char *id, const char *name)
{
	size_t i;
	for (i = 0; i < xs->n_nodes; i++)
		if (xs->nodes[i] == id) {
			if (name && !xs->names[i])
				xs->names[i] = name;
			return i;
		}
	DV_GROW(xs->nodes, xs->n_nodes + 1, xs->alloc_nodes);
	DV_GROW(xs->names, xs->n_nodes + 1, xs->alloc_names);
	xs->nodes[xs->n_nodes] = id;
	xs->names[xs->n_nodes] = name;
	return xs->n_nodes++;
}

static long edge_of(const struct xsearch *xs, size_t a, size_t b)
{
	size_t i;
	for (i = 0; i < xs->n_edges; i++)
		if (xs->edges[i].a == a && xs->edges[i].b == b)
			return (long)i;
	return -1;
}

static void add_edge(struct xsearch *xs, size_t a, size_t b, long pair,
		     const struct dv_export *fact)
{
	long e = edge_of(xs, a, b);
	struct xedge *x;
	if (e >= 0) {
		x = &xs->edges[e];
		/* the TU's own acquisition wins, then the earliest of the TU */
		if (pair >= 0 && (x->pair < 0 || xs->t->pairs[pair].off_b < xs->t->pairs[x->pair].off_b)) {
			x->pair = pair;
			x->fact = NULL;
		}
		return;
	}
	DV_GROW(xs->edges, xs->n_edges + 1, xs->alloc_edges);
	x = &xs->edges[xs->n_edges++];
	x->a = a;
	x->b = b;
	x->pair = pair;
	x->fact = fact;
}

/* The run names the file as it was given (absolute or relative to the
 * working directory), the index relative to its root: the same file when
 * one is the other's tail at a '/'. */
static int same_file(const char *tu_path, const char *index_path)
{
	size_t n = strlen(tu_path), m = strlen(index_path);
	while (!strncmp(tu_path, "./", 2)) {
		tu_path += 2;
		n -= 2;
	}
	if (n == m)
		return !strcmp(tu_path, index_path);
	return n > m && tu_path[n - m - 1] == '/' && !strcmp(tu_path + n - m, index_path);
}

/* "G{c:@accounts}" -> "accounts", ".F{c:@S@conn@FI@mu}" -> "mu of struct conn". */
static char *name_of_id(const char *id)
{
	const char *fi = strstr(id, "@FI@"), *end, *last;
	if (fi) {
		const char *s = fi, *field = fi + 4;
		int anon;
		end = strchr(field, '}');
		while (s > id && !(s[0] == '@' && (s[1] == 'S' || s[1] == 'U') &&
				   (s[2] == '@' || (s[2] == 'A' && s[3] == '@'))))
			s--;
		if (s == id)
			return xstrndup(field, end ? (size_t)(end - field) : strlen(field));
		anon = s[2] == 'A';
		s += anon ? 4 : 3;
		for (last = s; last < fi && *last != '@'; last++)
			; /* the record's name, not its anonymous members' */
		return xasprintf("%.*s of %s%.*s", end ? (int)(end - field) : (int)strlen(field), field,
				 anon ? "" : s[-2] == 'U' ? "union " : "struct ", (int)(last - s), s);
	}
	end = strchr(id, '}');
	if (!end)
		return xstrdup(id);
	for (last = end; last > id && last[-1] != '@'; last--)
		;
	return xstrndup(last, (size_t)(end - last));
}

static int has_chord(const struct xsearch *xs, unsigned len)
{
	unsigned i, j;
	for (i = 0; i < len; i++)
		for (j = 0; j < len; j++) {
			if (i == j || (i + 1) % len == j)
				continue;
			if (edge_of(xs, xs->edges[xs->path[i]].a, xs->edges[xs->path[j]].a) >= 0)
				return 1;
		}
	return 0;
}

/* Owner check of a cycle when this file is in the index: the smallest
 * path among the files with any edge of the cycle (several files may
 * have one and the same edge). */
static int this_file_reports(const struct xsearch *xs, unsigned len)
{
	unsigned i;
	size_t k;
	if (!xs->own_file)
		return 1;
	for (i = 0; i < len; i++) {
		const struct xedge *e = &xs->edges[xs->path[i]];
		if (e->pair >= 0 && (!ts_order_id_exportable(xs->nodes[e->a]) ||
				     !ts_order_id_exportable(xs->nodes[e->b])))
			return 1; /* an edge no other file knows: no other file sees the cycle */
	}
	for (i = 0; i < len; i++) {
		const struct xedge *e = &xs->edges[xs->path[i]];
		for (k = 0; k < xs->n_facts; k++) {
			const struct dv_export *f = xs->facts[k];
			if (ts_intern_str(&xs->t->in, f->what) == xs->nodes[e->a] &&
			    ts_intern_str(&xs->t->in, f->rule) == xs->nodes[e->b] &&
			    strcmp(f->file, xs->own_file) < 0)
				return 0;
		}
	}
	return 1;
}

static void report(struct xsearch *xs, unsigned len)
{
	const struct dv_ts_family *fam = xs->t->spec->fam;
	struct ts_msg_args args = {0};
	struct strbuf sb;
	struct dv_finding *f;
	unsigned i, at = len, n_local = 0;
	char *text;
	for (i = 0; i < len; i++) {
		const struct xedge *e = &xs->edges[xs->path[i]];
		if (e->pair < 0)
			continue;
		n_local++;
		if (at == len ||
		    xs->t->pairs[e->pair].off_b < xs->t->pairs[xs->edges[xs->path[at]].pair].off_b)
			at = i;
	}
	if (!n_local || n_local == len || has_chord(xs, len) || !this_file_reports(xs, len))
		return;
	strbuf_init(&sb);
	for (i = 0; i < len; i++)
		strbuf_addf(&sb, "'%s' -> ", xs->names[xs->edges[xs->path[(at + i) % len]].a]);
	strbuf_addf(&sb, "'%s'", xs->names[xs->edges[xs->path[at]].a]);
	text = strbuf_detach(&sb);
	args.name = text;
	{
		const struct ts_pair *first = &xs->t->pairs[xs->edges[xs->path[at]].pair];
		f = ts_report(xs->t->tu->sink, fam->order.rule, first->site_b, fam->order.cycle_message,
			      &args);
		if (f && !f->function && first->func)
			f->function = xstrdup(first->func);
	}
	for (i = 0; f && i < len; i++) {
		const struct xedge *e = &xs->edges[xs->path[(at + i) % len]];
		struct ts_msg_args rel = {.name = xs->names[e->b], .held = xs->names[e->a]};
		if (e->pair >= 0) {
			const struct ts_pair *p = &xs->t->pairs[e->pair];
			ts_add_related(xs->t->tu->sink, f, p->site_a, fam->order.held_here, &rel);
			ts_add_related(xs->t->tu->sink, f, p->site_b, fam->order.cycle_step, &rel);
		} else {
			/* named by the lock class: the other file has its own
			 * variable names for a field's owner */
			char *na = name_of_id(xs->nodes[e->a]), *nb = name_of_id(xs->nodes[e->b]);
			char *msg;
			rel.name = nb;
			rel.held = na;
			msg = ts_message(fam->order.cycle_step, &rel);
			dv_finding_add_related_at(xs->t->tu->sink, f, e->fact->file,
						  (unsigned)e->fact->line, "%s", msg);
			free(msg);
			free(na);
			free(nb);
		}
	}
	free(text);
	xs->reported++;
}

/* Paths from the head of the first edge back to its tail; the first edge
 * is the TU's edge `first`, and no TU edge below it is used, so that each
 * cycle is found once (from its lowest TU edge). */
static void search(struct xsearch *xs, size_t first, size_t node)
{
	size_t j;
	unsigned k;
	for (j = 0; j < xs->n_edges && xs->reported < TS_XCYCLE_REPORTS; j++) {
		const struct xedge *e = &xs->edges[j];
		int on_path = 0;
		if (e->a != node || (e->pair >= 0 && j < first) || j == first)
			continue;
		if (++xs->steps > TS_XCYCLE_BUDGET)
			return;
		xs->path[xs->depth] = j;
		if (e->b == xs->edges[first].a) {
			report(xs, xs->depth + 1);
			continue;
		}
		for (k = 0; k <= xs->depth; k++)
			on_path |= xs->edges[xs->path[k]].a == e->b;
		if (on_path || xs->depth + 1 >= TS_XCYCLE_MAX)
			continue;
		xs->depth++;
		search(xs, first, e->b);
		xs->depth--;
	}
}

void ts_report_lock_cycles_index(struct ts_tu *t)
{
	const struct dv_exports *im = t->tu->imports;
	struct xsearch xs;
	char **owned_names = NULL;
	size_t i, n_owned = 0, alloc_owned = 0;
	if (!im || !t->spec->fam->order.rule || !t->spec->fam->order.cycle_message || !t->n_pairs ||
	    !t->tu->path)
		return;
	memset(&xs, 0, sizeof(xs));
	xs.t = t;
	for (i = 0; i < im->n; i++) {
		const struct dv_export *e = &im->items[i];
		if (e->kind != DV_EXPORT_ORDER || !e->what || !e->rule || !e->file ||
		    strcmp(e->family, t->spec->fam->family))
			continue;
		if (same_file(t->tu->path, e->file)) {
			xs.own_file = e->file; /* our own facts: the TU's pairs say the same */
			continue;
		}
		DV_GROW(xs.facts, xs.n_facts + 1, xs.alloc_facts);
		xs.facts[xs.n_facts++] = e;
	}
	if (!xs.n_facts)
		goto done;
	for (i = 0; i < t->n_pairs; i++) {
		const struct ts_pair *p = &t->pairs[i];
		if (p->a != p->b)
			add_edge(&xs, node_of(&xs, p->a, p->name_a), node_of(&xs, p->b, p->name_b),
				 (long)i, NULL);
	}
	for (i = 0; i < xs.n_facts; i++) {
		const struct dv_export *e = xs.facts[i];
		const char *a, *b;
		if (!ts_order_id_exportable(e->what) || !ts_order_id_exportable(e->rule) ||
		    !strcmp(e->what, e->rule))
			continue; /* only what an honest index holds */
		a = ts_intern_str(&t->in, e->what);
		b = ts_intern_str(&t->in, e->rule);
		add_edge(&xs, node_of(&xs, a, NULL), node_of(&xs, b, NULL), -1, e);
	}
	for (i = 0; i < xs.n_nodes; i++)
		if (!xs.names[i]) {
			DV_GROW(owned_names, n_owned + 1, alloc_owned);
			owned_names[n_owned++] = name_of_id(xs.nodes[i]);
			xs.names[i] = owned_names[n_owned - 1];
		}
	for (i = 0; i < xs.n_edges && xs.reported < TS_XCYCLE_REPORTS; i++) {
		if (xs.edges[i].pair < 0)
			continue;
		xs.path[0] = i;
		xs.depth = 1;
		xs.steps = 0;
		search(&xs, i, xs.edges[i].b);
	}
done:
	for (i = 0; i < n_owned; i++)
		free(owned_names[i]);
	free(owned_names);
	free(xs.nodes);
	free(xs.names);
	free(xs.edges);
	free(xs.facts);
}
