/*
 * Split lock APIs: one function of the TU returns holding a global lock
 * (an iterator's create, a `begin`) and another releases it without
 * taking it (the iterator's destroy, the `end`).  Each half alone looks
 * like a forgotten unlock or a stray one; together they are a pair.  The
 * exits of the first and the entry-state release of the second
 * (families with held_exit_needs_evidence / entry_release_unheld) are
 * judged once the whole TU has been analysed: the two halves excuse each
 * other (a function that returns holding the lock and one that releases
 * it unheld, neither a wrapper by name, attribute, config or callers),
 * nothing else excuses either.  Only global locks pair this way: a
 * struct field lock released by a function that its callers hold is
 * common, and would excuse every leak of that field in the TU.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

enum { PART_RETURNS_HELD = 1, PART_RELEASES_ENTRY = 2 };

int ts_key_is_global_lock(const char *key)
{
	return key && !strncmp(key, "G{", 2) && !strstr(key, "P{") && !strstr(key, "L{") &&
	       !strstr(key, "T{") && !strchr(key, '[');
}

/* A half that can pair: every exit, or a release on every path. */
static int can_pair(const struct ts_pending *p)
{
	return p->kind != PART_RELEASES_ENTRY || p->every_path;
}

/* The other half: a finding of the other kind on the same lock, waiting
 * in another function. */
static int has_partner(const struct ts_tu *t, const struct ts_pending *p)
{
	size_t i;
	if (!can_pair(p))
		return 0;
	for (i = 0; i < t->n_pending; i++)
		if (t->pending[i].rec.key == p->rec.key && t->pending[i].fn != p->fn &&
		    t->pending[i].kind != p->kind && can_pair(&t->pending[i]))
			return 1;
	return 0;
}

/* Does every path from the entry to the exit go through block b?  (The
 * exit is unreachable once b is removed.)  Paths that end in a noreturn
 * call never reach the exit and do not count. */
static int on_every_path(const struct dv_cfg *cfg, unsigned b)
{
	unsigned *stack, n = 0, i;
	unsigned char *seen;
	int reached = 0;
	if (!cfg || b >= cfg->n_blocks)
		return 0;
	if (b == cfg->entry)
		return 1;
	stack = xmalloc(cfg->n_blocks * sizeof(*stack));
	seen = xcalloc(cfg->n_blocks, 1);
	seen[b] = 1;
	seen[cfg->entry] = 1;
	stack[n++] = cfg->entry;
	while (n && !reached) {
		const struct dv_block *blk = &cfg->blocks[stack[--n]];
		for (i = 0; i < blk->n_succ; i++) {
			unsigned to = blk->succ[i].to;
			if (to == cfg->exit) {
				reached = 1;
				break;
			}
			if (to < cfg->n_blocks && !seen[to]) {
				seen[to] = 1;
				stack[n++] = to;
			}
		}
	}
	free(stack);
	free(seen);
	return !reached;
}

static struct ts_pending *add_pending(struct ts_fn *fn, int kind)
{
	struct ts_tu *t = fn->t;
	struct ts_pending *p;
	DV_GROW(t->pending, t->n_pending + 1, t->alloc_pending);
	p = &t->pending[t->n_pending++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->fn = fn->idx;
	return p;
}

void ts_defer_entry_release(struct ts_fn *fn, const char *key, const char *name, CXCursor site)
{
	struct ts_pending *p = add_pending(fn, PART_RELEASES_ENTRY);
	p->rec.key = key;
	p->rec.obj.name = name;
	p->rec.site = site;
	p->every_path = on_every_path(fn->cfg, fn->cur_block);
}

void ts_defer_exit(struct ts_fn *fn, const struct ts_exit_rec *r)
{
	struct ts_pending *p = add_pending(fn, PART_RETURNS_HELD);
	p->rec = *r;
}

void ts_report_pending(struct ts_tu *t)
{
	const struct dv_ts_family *fam = t->spec->fam;
	size_t i;
	for (i = 0; i < t->n_pending; i++) {
		const struct ts_pending *p = &t->pending[i];
		struct ts_fn fn;
		if (ts_slot_report_pending(t, p))
			continue; /* a handle a global holds (typestate_slots.c) */
		memset(&fn, 0, sizeof(fn));
		fn.t = t;
		fn.idx = p->fn;
		fn.func = t->tu->cg->funcs[p->fn].cursor;
		fn.name = t->tu->cg->funcs[p->fn].name;
		if (has_partner(t, p))
			continue;
		if (p->kind == PART_RETURNS_HELD) {
			ts_emit_exit(&fn, &p->rec);
		} else {
			struct ts_msg_args at = {.name = p->rec.obj.name};
			ts_set_function(&fn, ts_report(t->tu->sink, fam->unheld.rule, p->rec.site,
						       fam->unheld.message, &at));
		}
		dv_cursor_memo_release(&fn.memo);
	}
}
