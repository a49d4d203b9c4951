/*
 * The state changes of one object on one disjunct (acquire, release,
 * escape) and the findings they reveal (acquired while held, released
 * while not held, a try-acquire result never looked at).
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* One handle, several names: every name gets the same state. */
void ts_twin_follows(struct ts_disj *d, const struct ts_obj *o)
{
	unsigned i;
	if (!o->twin)
		return;
	for (i = 0; i < d->n_objs; i++) {
		struct ts_obj *t = &d->objs[i];
		if (t == o || t->twin != o->twin)
			continue;
		t->mask = o->mask;
		/* F_REL_ENTRY too: a global's entry handle released through a
		 * local copy of it is released (typestate_slots.c) */
		t->flags = (t->flags & ~(unsigned)(F_RELEASED | F_RETURNED | F_REL_ENTRY)) |
			   (o->flags & (F_RELEASED | F_RETURNED | F_REL_ENTRY));
		t->last = o->last;
	}
}

static void note_acquired(struct ts_fn *fn, const char *key)
{
	unsigned i;
	for (i = 0; i < fn->n_acquired; i++)
		if (fn->acquired[i] == key)
			return;
	DV_GROW(fn->acquired, (size_t)fn->n_acquired + 1, fn->alloc_acquired);
	fn->acquired[fn->n_acquired++] = key;
}

/* A release of an object still in its entry state (entry_release_unheld):
 * not held when this function takes the object on another path (the
 * `goto out` that jumps over the lock to the unlock), unless some way out
 * holds it after releasing the entry state (unlock, wait, relock: the
 * caller's hold dropped for a while); not held either for a global or
 * local object that the function never takes, unless it is a release
 * wrapper.  A parameter's object not taken here is the caller's hold. */
static int entry_release_unheld(struct ts_fn *fn, const struct ts_disj *d, const char *key)
{
	unsigned i;
	if (!ts_fam(fn)->entry_release_unheld)
		return 0;
	/* the object containing it went to code we do not see, which may
	 * have taken it (`if (once_start(&once)) ... once_done(&once)`) */
	for (i = 0; i < d->n_objs; i++) {
		const struct ts_obj *c = &d->objs[i];
		size_t n = strlen(c->key);
		if ((c->mask & M_UNKNOWN) && c->key != key && !strncmp(key, c->key, n) &&
		    (key[n] == '.' || key[n] == '['))
			return 0;
	}
	for (i = 0; i < fn->n_exits; i++)
		if (fn->exits[i].key == key && (fn->exits[i].mask & M_HELD) &&
		    (fn->exits[i].flags & F_REL_ENTRY))
			return 0;
	for (i = 0; i < fn->n_acquired; i++)
		if (fn->acquired[i] == key)
			return 1;
	if (strstr(key, "P{") || strstr(key, "T{"))
		return 0;
	if (fn->release_wrapper || ts_callers_use(fn, ts_in_take(fn, ts_order_id_of(key)), 0))
		return 0;
	/* a global lock: judged when the TU is done (a split API's other half) */
	return ts_key_is_global_lock(key) ? 2 : 1;
}

/* A callee acquires inside an object held here (summary "inner"). */
void ts_report_inner_reacquire(struct ts_fn *fn, const struct ts_obj *o,
			       const struct dv_event *ev)
{
	const struct dv_ts_family *fam = ts_fam(fn);
	struct dv_sink *sink = fn->t->tu->sink;
	struct ts_msg_args at = {.name = o->name};
	struct dv_finding *f = ts_report(sink, fam->reacquire.rule, ev->cursor,
					 fam->reacquire.inner_message, &at);
	ts_set_function(fn, f);
	ts_add_related(sink, f, o->acq, fam->reacquire.first_here, &at);
}

void ts_acquire(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		const char *name, const char *via, const char *order_id, enum ts_succ succ,
		int is_try, CXCursor site)
{
	const struct dv_ts_family *fam = ts_fam(fn);
	struct dv_sink *sink = fn->t->tu->sink;
	struct ts_obj *o = ts_get_obj(d, key);
	unsigned i;
	if (!o)
		return;
	note_acquired(fn, key);
	if (reporting && fam->reacquire.rule && !is_try && o->mask == M_HELD &&
	    !ts_is_recursive_lock(fn->t, order_id) &&
	    !(o->flags & F_TRY) && !clang_Cursor_isNull(o->acq) &&
	    ts_first_report(fn, fam->reacquire.rule, key)) {
		struct ts_msg_args at = {.name = name}, first = {.name = o->name ? o->name : name};
		struct dv_finding *f = ts_report(sink, fam->reacquire.rule, site,
						 fam->reacquire.message, &at);
		ts_set_function(fn, f);
		ts_add_related(sink, f, o->acq, fam->reacquire.first_here, &first);
	}
	if (order_id && !is_try) {
		ts_note_order_id(fn, order_id, name);
		if (reporting && fam->order.rule)
			for (i = 0; i < d->n_objs; i++) {
				const struct ts_obj *h = &d->objs[i];
				if (h->key != key && h->mask == M_HELD && h->order_id &&
				    h->order_id != order_id && !clang_Cursor_isNull(h->acq))
					ts_add_pair(fn, h, order_id, name, site);
			}
	}
	o->twin = NULL;
	o->prev = o->mask;
	o->mask = is_try ? (M_HELD | M_UNHELD) : M_HELD;
	o->flags = (o->flags & F_REL_ENTRY) | F_ACQ_HERE | (is_try ? F_TRY : 0) |
		   (succ != SUCC_ALWAYS ? F_REFINE : 0);
	o->known = succ == SUCC_ALWAYS ? 1 : 0;
	o->succ = succ;
	o->kind = NULL; /* the caller that knows the entry sets it */
	o->name = name;
	o->via = via;
	o->order_id = order_id;
	o->acq = site;
	o->last = site;
	o->acq_depth = fn->cur_depth;
}

void ts_release(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		const char *name, CXCursor site)
{
	const struct dv_ts_family *fam = ts_fam(fn);
	struct ts_obj *o = ts_get_obj(d, key);
	struct dv_sink *sink = fn->t->tu->sink;
	int unheld;
	if (!o)
		return;
	if (reporting && (o->flags & F_TRY) && fam->try_unchecked.rule &&
	    !clang_Cursor_isNull(o->acq) && ts_first_report(fn, fam->try_unchecked.rule, key)) {
		struct ts_msg_args at = {.name = o->name ? o->name : name, .via = o->via};
		struct ts_msg_args rel = {.name = name};
		struct dv_finding *f = ts_report(sink, fam->try_unchecked.rule, o->acq,
						 fam->try_unchecked.message, &at);
		ts_set_function(fn, f);
		ts_add_related(sink, f, site, fam->try_unchecked.released_here, &rel);
	} else if (reporting && fam->unheld.rule && o->mask == M_UNHELD &&
		   (!clang_Cursor_isNull(o->last) || (o->flags & F_INIT)) &&
		   (!fam->unheld_only_after_release || (o->flags & F_RELEASED)) &&
		   ts_first_report(fn, fam->unheld.rule, key)) {
		struct ts_msg_args at = {.name = name};
		struct dv_finding *f = ts_report(sink, fam->unheld.rule, site, fam->unheld.message,
						 &at);
		ts_set_function(fn, f);
		if (!clang_Cursor_isNull(o->last))
			ts_add_related(sink, f, o->last, o->known == -1 ? fam->unheld.failed_here
								     : fam->unheld.released_here, &at);
	} else if (reporting && fam->unheld.rule && o->mask == M_ENTRY &&
		   (unheld = entry_release_unheld(fn, d, key)) != 0 &&
		   ts_first_report(fn, fam->unheld.rule, key)) {
		struct ts_msg_args at = {.name = name};
		if (unheld == 2)
			ts_defer_entry_release(fn, key, name, site);
		else
			ts_set_function(fn, ts_report(sink, fam->unheld.rule, site,
						      fam->unheld.message, &at));
	}
	if (o->mask & (M_ENTRY | M_UNKNOWN))
		o->flags |= F_REL_ENTRY;
	o->mask = M_UNHELD;
	o->flags &= ~(unsigned)(F_TRY | F_REFINE | F_INIT);
	o->flags |= F_RELEASED;
	if (!o->name)
		o->name = name;
	o->last = site;
	ts_twin_follows(d, o);
}

/* pthread_mutex_init(&m): a new lock, not held (a release before any
 * acquire is then releasing what is not held). */
void ts_init_obj(struct ts_fn *fn, struct ts_disj *d, const char *key, const char *name,
		 CXCursor site)
{
	struct ts_obj *o = ts_get_obj(d, key);
	(void)fn;
	(void)site;
	if (!o)
		return;
	o->mask = M_UNHELD;
	o->flags = F_INIT;
	o->known = 0;
	o->name = name;
	o->acq = clang_getNullCursor();
	o->last = clang_getNullCursor();
}

/* The object ends: pthread_mutex_destroy(&m) on m itself, free(p) on every
 * object inside *p.  One still held is a finding (a destroyed held mutex
 * is undefined behaviour; freed, the waiters block on freed memory); the
 * objects are then out of the analysis. */
void ts_destroy(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		const char *via, CXCursor site)
{
	const struct dv_ts_family *fam = ts_fam(fn);
	struct dv_sink *sink = fn->t->tu->sink;
	char *inner = xasprintf("(*%s).", key);
	size_t n = strlen(inner);
	unsigned i;
	for (i = 0; i < d->n_objs; i++) {
		struct ts_obj *o = &d->objs[i];
		if (o->key != key && strncmp(o->key, inner, n) != 0)
			continue;
		if (reporting && fam->destroy_held.rule && o->mask == M_HELD &&
		    !(o->flags & F_TRY) && !clang_Cursor_isNull(o->acq) &&
		    ts_first_report(fn, fam->destroy_held.rule, o->key)) {
			struct ts_msg_args at = {.name = o->name, .via = via};
			struct dv_finding *f = ts_report(sink, fam->destroy_held.rule, site,
							 fam->destroy_held.message, &at);
			ts_set_function(fn, f);
			ts_add_related(sink, f, o->acq, fam->destroy_held.acquired_here, &at);
		}
		o->mask = M_UNKNOWN;
		o->flags &= ~(unsigned)(F_TRY | F_REFINE | F_INIT);
	}
	free(inner);
}

static void note_loop_escape(struct ts_fn *fn, const char *key)
{
	unsigned i;
	for (i = 0; i < fn->n_loop_escaped; i++)
		if (fn->loop_escaped[i] == key)
			return;
	DV_GROW(fn->loop_escaped, (size_t)fn->n_loop_escaped + 1, fn->alloc_loop_escaped);
	fn->loop_escaped[fn->n_loop_escaped++] = key;
}

/* The object is out of our hands: returned, stored, or passed to code we
 * cannot see.  Parameter-rooted keys are recorded for the summary even
 * when untracked so far. */
void ts_escape(struct ts_fn *fn, struct ts_disj *d, const char *key, int returned)
{
	struct ts_obj *o = ts_find_obj(d, key);
	if (o && (o->mask & M_HELD) && fn->cur_depth > o->acq_depth)
		note_loop_escape(fn, key);
	if (!o && ts_key_is_local(key))
		return;
	if (!o)
		o = ts_get_obj(d, key);
	if (!o)
		return;
	o->mask = M_UNKNOWN;
	o->flags &= ~(unsigned)(F_TRY | F_REFINE);
	if (returned)
		o->flags |= F_RETURNED;
	ts_twin_follows(d, o);
}
