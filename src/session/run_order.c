/*
 * The order the workers take a run's items in.  A worker takes the next
 * item when it is done with one; the run ends when the last one is done, so
 * with N workers the time after the last item is taken is lost on the
 * other N-1.  Taking the largest translation units first (their size on
 * disk stands in for their cost: the parse of the main file and the
 * analysis of its functions grow with it) leaves small ones for the end.
 * On Open vSwitch, lib/ is listed in name order and its largest TU
 * (vswitch-idl.c, generated, 1.2 MB) comes after 190 others.
 */
#include "session/run_internal.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <sys/stat.h>

struct keyed {
	size_t idx;
	long long size;
};

static int by_size_desc(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx; /* stable: input order */
}

void dv_run_order_items(struct run_state *st)
{
	struct keyed *k;
	size_t i;

	if (st->n_items < 2)
		return;
	k = xcalloc(st->n_items, sizeof(*k));
	for (i = 0; i < st->n_items; i++) {
		struct stat sb;
		k[i].idx = i;
		/* a text-only file (no parse) costs little; unknown sizes last */
		k[i].size = st->items[i].is_c && stat(st->items[i].abs, &sb) == 0
				    ? (long long)sb.st_size
				    : -1;
	}
	qsort(k, st->n_items, sizeof(*k), by_size_desc);
	st->order = xcalloc(st->n_items, sizeof(*st->order));
	for (i = 0; i < st->n_items; i++)
		st->order[i] = k[i].idx;
	free(k);
}
