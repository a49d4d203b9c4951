#include "engine/exports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

const char *const dv_export_kind_names[DV_EXPORT_NKINDS] = {
	"returns_handle", "sink", "acquires", "releases", "queries", "logs", "checks", "called",
	"taints", "forwards", "borrows", "constant", "writes", "unindexed", "passes", "stores",
	"order",
};

void dv_exports_add(struct dv_exports *x, const char *function, const char *family,
		    enum dv_export_kind kind, int param, const char *rule)
{
	struct dv_export *e;
	DV_GROW(x->items, x->n + 1, x->alloc);
	e = &x->items[x->n++];
	e->function = xstrdup(function);
	e->family = xstrdup(family);
	e->kind = kind;
	e->param = param;
	e->rule = rule ? xstrdup(rule) : NULL;
	e->what = NULL;
	e->param2 = -1;
	e->op = 0;
	e->depth = 0;
	e->line = 0;
	e->file = NULL;
	x->sorted = 0;
}

struct dv_export dv_export_fact(const char *function, const char *family,
				enum dv_export_kind kind)
{
	struct dv_export e;
	memset(&e, 0, sizeof(e));
	e.function = (char *)function;
	e.family = (char *)family;
	e.kind = kind;
	e.param = e.param2 = -1;
	return e;
}

void dv_exports_add_fact(struct dv_exports *x, const struct dv_export *f)
{
	struct dv_export *e;
	dv_exports_add(x, f->function, f->family, f->kind, f->param, f->rule);
	e = &x->items[x->n - 1];
	e->what = f->what ? xstrdup(f->what) : NULL;
	e->param2 = f->param2;
	e->op = f->op;
	e->depth = f->depth;
	e->line = f->line;
	e->file = f->file ? xstrdup(f->file) : NULL;
}

static int cmp_key(const char *fa, const char *ma, const char *fb, const char *mb)
{
	int c = strcmp(fa, fb);
	return c ? c : strcmp(ma, mb);
}

static int cmp_export(const void *a, const void *b)
{
	const struct dv_export *x = a, *y = b;
	int c = cmp_key(x->function, x->family, y->function, y->family);
	if (c)
		return c;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (x->param != y->param)
		return x->param - y->param;
	if (x->param2 != y->param2)
		return x->param2 - y->param2;
	if (x->op != y->op)
		return x->op - y->op;
	if (x->depth != y->depth)
		return x->depth - y->depth;
	if (x->line != y->line)
		return x->line - y->line;
	c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c)
		return c;
	c = strcmp(x->what ? x->what : "", y->what ? y->what : "");
	return c ? c : strcmp(x->rule ? x->rule : "", y->rule ? y->rule : "");
}

static void free_export(struct dv_export *e)
{
	free(e->function);
	free(e->family);
	free(e->rule);
	free(e->what);
	free(e->file);
}

void dv_exports_sort(struct dv_exports *x)
{
	size_t i, out = 0;
	if (x->n)
		qsort(x->items, x->n, sizeof(*x->items), cmp_export);
	for (i = 0; i < x->n; i++) {
		if (out && !cmp_export(&x->items[out - 1], &x->items[i])) {
			free_export(&x->items[i]);
			continue;
		}
		x->items[out++] = x->items[i];
	}
	x->n = out;
	x->sorted = 1;
}

const struct dv_export *dv_exports_find(const struct dv_exports *x, const char *function,
					const char *family, size_t *n)
{
	size_t lo = 0, hi, end;
	*n = 0;
	if (!x || !x->n || !x->sorted || !function)
		return NULL;
	hi = x->n;
	while (lo < hi) { /* first entry not below (function, family) */
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_key(x->items[mid].function, x->items[mid].family, function, family) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < x->n && !cmp_key(x->items[end].function, x->items[end].family,
					      function, family);
	     end++)
		;
	*n = end - lo;
	return *n ? &x->items[lo] : NULL;
}

/* Does x hold a fact equal to e (x sorted, except for appended tail)? */
static int has_fact(const struct dv_exports *x, size_t n_sorted, const struct dv_export *e)
{
	size_t n, i;
	const struct dv_export *s;
	struct dv_exports head = *x;
	head.n = n_sorted;
	head.sorted = 1; /* the appended tail is searched below */
	s = dv_exports_find(&head, e->function, e->family, &n);
	for (i = 0; i < n; i++)
		if (s[i].kind == e->kind && s[i].param == e->param && s[i].op == e->op &&
		    s[i].param2 == e->param2 && !strcmp(s[i].rule ? s[i].rule : "", e->rule ? e->rule : "") &&
		    !strcmp(s[i].what ? s[i].what : "", e->what ? e->what : ""))
			return 1;
	for (i = n_sorted; i < x->n; i++)
		if (!strcmp(x->items[i].function, e->function) &&
		    !strcmp(x->items[i].family, e->family) && x->items[i].kind == e->kind &&
		    x->items[i].param == e->param && x->items[i].op == e->op &&
		    x->items[i].param2 == e->param2 &&
		    !strcmp(x->items[i].rule ? x->items[i].rule : "", e->rule ? e->rule : "") &&
		    !strcmp(x->items[i].what ? x->items[i].what : "", e->what ? e->what : ""))
			return 1;
	return 0;
}

/* Copies the facts of kind `kind` and parameter `param` of `from` (in the
 * sorted part of x) to function `to`, parameter `to_param`, unless x has
 * them already.  Nonzero when something was added. */
static int copy_facts(struct dv_exports *x, size_t n_sorted, const char *from, const char *family,
		      enum dv_export_kind kind, int param, const char *to, int to_param)
{
	struct dv_exports head = *x;
	const struct dv_export *t;
	size_t n, k, first;
	int changed = 0;
	/* the sorted part: appends leave x unsorted until the next round */
	head.n = n_sorted;
	head.sorted = 1;
	t = dv_exports_find(&head, from, family, &n);
	if (!t)
		return 0;
	first = (size_t)(t - x->items);
	for (k = 0; k < n; k++) {
		/* x->items may move on an add: re-read through the index */
		struct dv_export e = x->items[first + k];
		if (e.kind != kind || e.param != param)
			continue;
		e.function = xstrdup(to);
		e.param = to_param;
		if (!has_fact(x, n_sorted, &e)) {
			dv_exports_add_fact(x, &e); /* e borrows the strings; the add copies */
			changed = 1;
		}
		free(e.function);
	}
	return changed;
}

/* What a fact t of the callee gives the forwarding function fw (e, a
 * copy of t to adjust): a SINK of the forwarded parameter; for the
 * typestate families the callee only reading it (BORROWS) or releasing
 * it on every return (RELEASES "P{n}"), the same of fw's parameter. */
static int forwarded_fact(struct dv_export *e, const struct dv_export *fw, char *tmpl, size_t n)
{
	if (e->kind == DV_EXPORT_SINK)
		return e->param == fw->param2;
	if (e->kind == DV_EXPORT_BORROWS)
		return e->param == fw->param2 && !e->what;
	if (e->kind != DV_EXPORT_RELEASES || !e->what)
		return 0;
	snprintf(tmpl, n, "P{%d}", fw->param2);
	if (strcmp(e->what, tmpl) != 0)
		return 0;
	snprintf(tmpl, n, "P{%d}", fw->param);
	e->what = tmpl;
	e->param = -1;
	return 1;
}

void dv_exports_resolve(struct dv_exports *x)
{
	int round, changed = 1;
	/* one round per link: a chain of files ends within the bound */
	for (round = 0; round < 32 && changed; round++) {
		size_t i, n_sorted;
		changed = 0;
		dv_exports_sort(x);
		n_sorted = x->n;
		for (i = 0; i < n_sorted; i++) {
			const struct dv_export *fw = &x->items[i];
			const struct dv_export *t;
			struct dv_exports head = *x;
			size_t n, k;
			if (fw->kind != DV_EXPORT_FORWARDS || !fw->what || fw->param < 0 ||
			    fw->param2 < 0)
				continue;
			/* the sorted part: appends leave x unsorted until the next round */
			head.n = n_sorted;
			head.sorted = 1;
			t = dv_exports_find(&head, fw->what, fw->family, &n);
			for (k = 0; k < n; k++) {
				struct dv_export e = t[k];
				char tmpl[16];
				if (!forwarded_fact(&e, fw, tmpl, sizeof(tmpl)))
					continue;
				e.function = xstrdup(fw->function);
				if (e.kind != DV_EXPORT_RELEASES)
					e.param = fw->param;
				if (!has_fact(x, n_sorted, &e)) {
					/* e borrows t[k]'s strings, which the add copies;
					 * x->items may move, t and fw are re-read after */
					size_t ti = (size_t)(t - x->items) + k;
					dv_exports_add_fact(x, &e);
					t = &x->items[ti - k];
					fw = &x->items[i];
					changed = 1;
				}
				free(e.function);
			}
			/* what the forwarder's callers pass, the callee receives */
			{
				char *fn = xstrdup(fw->function), *what = xstrdup(fw->what);
				char *family = xstrdup(fw->family);
				int p = fw->param, q = fw->param2;
				changed |= copy_facts(x, n_sorted, fn, family, DV_EXPORT_PASSES, p,
						      what, q);
				free(fn);
				free(what);
				free(family);
			}
		}
	}
	dv_exports_sort(x);
}

int dv_export_kind_of(const char *name)
{
	int i;
	for (i = 0; i < DV_EXPORT_NKINDS; i++)
		if (!strcmp(dv_export_kind_names[i], name))
			return i;
	return -1;
}

void dv_exports_release(struct dv_exports *x)
{
	size_t i;
	for (i = 0; i < x->n; i++)
		free_export(&x->items[i]);
	free(x->items);
	memset(x, 0, sizeof(*x));
}
