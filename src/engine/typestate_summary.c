/*
 * Bottom-up summaries: what a function does to objects reachable from its
 * parameters (acquires, releases, lets escape), whether it returns a
 * fresh handle, which order ids it acquires; applied at its call sites.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void ts_summary_release(struct ts_summary *s)
{
	free(s->eff);
	free(s->order_ids);
	free(s->order_names);
	free(s->inner);
	memset(s, 0, sizeof(*s));
}

int ts_summary_equal(const struct ts_summary *a, const struct ts_summary *b)
{
	unsigned i;
	if (a->valid != b->valid || a->n_eff != b->n_eff || a->returns_handle != b->returns_handle ||
	    a->n_order != b->n_order || a->n_inner != b->n_inner)
		return 0;
	for (i = 0; i < a->n_inner; i++)
		if (a->inner[i] != b->inner[i])
			return 0;
	for (i = 0; i < a->n_eff; i++)
		if (a->eff[i].key != b->eff[i].key || a->eff[i].kind != b->eff[i].kind)
			return 0;
	for (i = 0; i < a->n_order; i++)
		if (a->order_ids[i] != b->order_ids[i])
			return 0;
	return 1;
}

void ts_build_summary(struct ts_fn *fn, struct ts_summary *s)
{
	unsigned i;
	s->valid = 1;
	/* a factory only when every return is a fresh handle or a failure
	 * constant: sdp_list_append(list, x) returns a new node or `list` */
	s->returns_handle = fn->returns_handle && !fn->returns_other;
	for (i = 0; i < fn->n_exits; i++) {
		const struct ts_exit_obj *x = &fn->exits[i];
		int kind = 0;
		if (ts_key_is_local(x->key) || strstr(x->key, "T{") || strstr(x->key, "L{"))
			continue;
		if ((kind = ts_slot_summary_kind(x)) >= 0)
			; /* a global read or given a handle (typestate_slots.c) */
		else if (x->mask & M_UNKNOWN)
			kind = EFF_UNK;
		else if (x->mask == M_HELD && !(x->flags & (F_REL_ENTRY | F_TRY)))
			kind = EFF_ACQ;
		else if (x->mask == M_UNHELD && (x->flags & F_REL_ENTRY))
			kind = EFF_REL;
		else if (x->mask == M_UNHELD || x->mask == M_ENTRY ||
			 (x->mask == M_HELD && (x->flags & F_REL_ENTRY)))
			kind = 0;
		else
			kind = EFF_UNK;
		if (!kind)
			continue;
		s->eff = xreallocarray(s->eff, s->n_eff + 1, sizeof(*s->eff));
		s->eff[s->n_eff].key = x->key;
		s->eff[s->n_eff].kind = kind;
		s->n_eff++;
	}
	for (i = 0; i < fn->n_acquired; i++) {
		const char *k = fn->acquired[i];
		unsigned j;
		int rel_entry = 0;
		if (ts_key_is_local(k) || strstr(k, "T{") || strstr(k, "L{"))
			continue;
		for (j = 0; j < fn->n_exits; j++)
			if (fn->exits[j].key == k && (fn->exits[j].flags & F_REL_ENTRY))
				rel_entry = 1;
		if (rel_entry)
			continue;
		s->inner = xreallocarray(s->inner, s->n_inner + 1, sizeof(*s->inner));
		s->inner[s->n_inner++] = k;
	}
	if (fn->n_order) {
		s->order_ids = xmalloc(fn->n_order * sizeof(*s->order_ids));
		memcpy(s->order_ids, fn->order_ids, fn->n_order * sizeof(*s->order_ids));
		s->order_names = xmalloc(fn->n_order * sizeof(*s->order_names));
		memcpy(s->order_names, fn->order_names, fn->n_order * sizeof(*s->order_names));
		s->n_order = fn->n_order;
	}
}

void ts_apply_summary(struct ts_fn *fn, int reporting, struct ts_state *st,
		      const struct ts_summary *s, const struct dv_event *ev)
{
	const char **args = xcalloc(ev->n_args + 1, sizeof(*args));
	unsigned i, j, k;
	const char *text = NULL;
	for (i = 0; i < ev->n_args; i++)
		args[i] = ts_key_of(fn, ev->args[i]);
	/* a helper that takes a lock we hold (and maybe gives it back) */
	for (i = 0; reporting && ts_fam(fn)->reacquire.rule && i < s->n_inner; i++) {
		char *sub = dv_ts_key_substitute(s->inner[i], args, ev->n_args);
		const char *key;
		if (!sub)
			continue;
		key = ts_in_take(fn, sub);
		for (j = 0; j < st->n; j++) {
			const struct ts_obj *o = ts_find_obj(&st->d[j], key);
			if (o && o->mask == M_HELD && !(o->flags & F_TRY) && !o->nest &&
			    !ts_is_recursive_lock(fn->t, o->order_id) &&
			    !clang_Cursor_isNull(o->acq) &&
			    ts_first_report(fn, ts_fam(fn)->reacquire.rule, key))
				ts_report_inner_reacquire(fn, o, ev);
		}
	}
	for (i = 0; i < s->n_eff; i++) {
		char *sub = dv_ts_key_substitute(s->eff[i].key, args, ev->n_args);
		const char *key, *order;
		if (!sub)
			continue;
		key = ts_in_take(fn, sub);
		order = ts_in_take(fn, ts_order_id_of(key));
		/* the call's text names the object only in acquire / release
		 * (rendered once per call site, not per effect and iteration) */
		if (!text && (s->eff[i].kind == EFF_ACQ || s->eff[i].kind == EFF_REL))
			text = ts_display_of(fn, ev->cursor);
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			if (s->eff[i].kind == EFF_ACQ)
				ts_acquire(fn, reporting, d, key, text, ev->callee, order,
					   SUCC_ALWAYS, 0, ev->cursor);
			else if (s->eff[i].kind == EFF_REL && !strncmp(key, "G{", 2) &&
				 ts_find_obj(d, key) && ts_find_obj(d, key)->name)
				/* a handle given to a global: named by its variable */
				ts_release(fn, reporting, d, key, ts_find_obj(d, key)->name,
					   ev->cursor);
			else if (s->eff[i].kind == EFF_REL)
				ts_release(fn, reporting, d, key, text, ev->cursor);
			else if (s->eff[i].kind == EFF_BORROW)
				ts_slot_lent(d, key);
			else
				ts_escape(fn, d, key, 0);
		}
	}
	/* locks taken inside the callee while we hold ours */
	for (i = 0; i < s->n_order; i++) {
		ts_note_order_id(fn, s->order_ids[i], s->order_names[i]);
		if (!reporting || !ts_fam(fn)->order.rule)
			continue;
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			for (k = 0; k < d->n_objs; k++) {
				const struct ts_obj *h = &d->objs[k];
				if (h->mask == M_HELD && h->order_id && h->order_id != s->order_ids[i] &&
				    !clang_Cursor_isNull(h->acq)) {
					ts_add_pair(fn, h, s->order_ids[i], s->order_names[i], ev->cursor);
				}
			}
		}
	}
	free(args);
}
