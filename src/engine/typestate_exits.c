/*
 * The ways out of a function: the union of object states at the exit
 * (for summaries), and the exit findings, buffered during the replay and
 * judged once every way out has been seen.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/xalloc.h"

static const struct ts_exit_obj *exit_obj(const struct ts_fn *fn, const char *key)
{
	unsigned i;
	for (i = 0; i < fn->n_exits; i++)
		if (fn->exits[i].key == key)
			return &fn->exits[i];
	return NULL;
}

static int exit_reportable(struct ts_fn *fn, const struct ts_obj *o)
{
	const struct ts_exit_obj *x;
	if (!(o->mask & M_HELD) || (o->mask & (M_ENTRY | M_UNKNOWN)) ||
	    (o->flags & (F_TRY | F_REL_ENTRY | F_RETURNED)) || clang_Cursor_isNull(o->acq))
		return 0;
	if (ts_key_is_local(o->key))
		return 1;
	if (ts_fam(fn)->local_objects_only || fn->name_returns_held)
		return 0;
	/* held on every way out: a wrapper that returns holding it (for the
	 * lock family only when a caller here releases it; its name and
	 * attributes were asked above) */
	x = exit_obj(fn, o->key);
	if (!(x && x->mask == M_HELD))
		return 1;
	return ts_fam(fn)->held_exit_needs_evidence && !ts_callers_use(fn, o->order_id, 1);
}

/* Another name of the same handle (g = f) comes first: one leak, one
 * finding. */
static int earlier_name(const struct ts_disj *d, const struct ts_obj *o)
{
	unsigned i;
	if (!o->twin)
		return 0;
	for (i = 0; i < d->n_objs && &d->objs[i] != o; i++)
		if (d->objs[i].twin == o->twin && d->objs[i].mask == o->mask &&
		    ts_key_is_local(d->objs[i].key))
			return 1;
	return 0;
}

/* Exit states are buffered and reported after the replay, once every
 * way out of the function has been seen. */
void ts_record_exit(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	unsigned i, k;
	long long v = 0;
	int has_val = 0;
	if (!ts_fam(fn)->exit.rule)
		return;
	if (clang_getCursorKind(ev->cursor) == CXCursor_ReturnStmt) {
		CXCursor e = dv_ast_child(ev->cursor, 0);
		has_val = !clang_Cursor_isNull(e) && dv_ast_int_value(e, &v) == 0;
	}
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		int failed = 0;
		for (k = 0; k < d->n_objs; k++)
			failed |= d->objs[k].known == -1;
		for (k = 0; k < fn->n_exits; k++) {
			struct ts_obj *o = ts_find_obj(d, fn->exits[k].key);
			struct ts_exit_rec *r;
			DV_GROW(fn->recs, (size_t)fn->n_recs + 1, fn->alloc_recs);
			r = &fn->recs[fn->n_recs++];
			memset(r, 0, sizeof(*r));
			r->key = fn->exits[k].key;
			r->held = o && exit_reportable(fn, o) && !earlier_name(d, o);
			if (r->held) {
				int keep;
				r->obj = *o;
				/* a global still holds it (typestate_slots.c) */
				r->slot = ts_slot_holding(d, o, &keep);
				if (keep)
					r->held = 0;
			}
			r->has_val = has_val;
			r->after_failure = failed;
			r->val = v;
			r->site = ev->cursor;
		}
	}
}

/* `bool start(once) { lock(&once->m); if (!once->done) return true;
 * unlock(&once->m); return false; }`: whether the lock is held is told by
 * the return value (a conditional acquire), not a forgotten unlock.  The
 * held exits all return one constant (0 or a bool true), the others all
 * return different constants. */
static int conditional_acquire(const struct ts_fn *fn, const char *key, int need_failures)
{
	unsigned i;
	int have_c = 0, have_unheld = 0, is_bool;
	long long c = 0;
	CXType rt = clang_getResultType(clang_getCursorType(fn->func));
	is_bool = rt.kind == CXType_Bool;
	if (!is_bool && !(rt.kind >= CXType_Char_U && rt.kind <= CXType_LongLong))
		return 0;
	for (i = 0; i < fn->n_recs; i++) {
		const struct ts_exit_rec *r = &fn->recs[i];
		if (r->key != key || !r->held)
			continue;
		if (!r->has_val || (have_c && r->val != c))
			return 0;
		c = r->val;
		have_c = 1;
	}
	if (!have_c || !(c == 0 || (is_bool && c == 1)))
		return 0;
	for (i = 0; i < fn->n_recs; i++) {
		const struct ts_exit_rec *r = &fn->recs[i];
		if (r->key != key || r->held)
			continue;
		if (!r->has_val || r->val == c || (need_failures && !r->after_failure))
			return 0;
		have_unheld = 1;
	}
	return have_unheld;
}

/* Returning from main ends the process, which releases descriptors,
 * memory and connections (for the families that say so). */
static int exits_process(const struct ts_fn *fn)
{
	CXString name;
	int is_main;

	if (clang_getCursorKind(fn->func) != CXCursor_FunctionDecl)
		return 0;
	name = clang_getCursorSpelling(fn->func);
	is_main = strcmp(clang_getCString(name), "main") == 0;
	clang_disposeString(name);
	return is_main;
}

void ts_emit_exit(struct ts_fn *fn, const struct ts_exit_rec *r)
{
	const struct dv_ts_family *fam = ts_fam(fn);
	struct dv_sink *sink = fn->t->tu->sink;
	const struct ts_obj *o = &r->obj;
	struct ts_msg_args args = {.name = o->name, .via = o->via};
	struct dv_finding *f;
	if (fam->process_exit_releases && exits_process(fn))
		return;
	if (clang_getCursorKind(r->site) == CXCursor_ReturnStmt) {
		f = ts_report(sink, fam->exit.rule, r->site, fam->exit.at_return, &args);
	} else {
		/* falling off the end: point at the closing brace */
		CXSourceLocation end = clang_getRangeEnd(clang_getCursorExtent(r->site));
		CXFile file;
		unsigned line = 0, col = 0;
		char *path;
		clang_getExpansionLocation(end, &file, &line, &col, NULL);
		path = ts_take_cx(clang_getFileName(file));
		if (col > 1)
			col--;
		f = ts_report_at(sink, fam->exit.rule, path, line, col, col + 1, fam->exit.at_end,
				 &args);
		free(path);
	}
	ts_set_function(fn, f);
	ts_add_related(sink, f, o->acq, fam->exit.acquired_here, &args);
}

void ts_report_exits(struct ts_fn *fn)
{
	unsigned i, j;
	for (i = 0; i < fn->n_recs; i++) {
		const struct ts_exit_rec *r = &fn->recs[i];
		int dup = 0;
		if (!r->held)
			continue;
		for (j = 0; j < i && !dup; j++)
			dup = fn->recs[j].held && fn->recs[j].key == r->key &&
			      clang_equalCursors(fn->recs[j].site, r->site);
		for (j = 0; j < fn->n_loop_escaped && !dup; j++)
			dup = fn->loop_escaped[j] == r->key &&
			      ts_fam(fn)->loop_handoff_excuses_exit;
		/* a handle in a local variable is lost whatever the function
		 * returns; only an object the caller can reach may be held on
		 * purpose by a conditional acquire, and the return value tells
		 * callers whether it is held: for the lock family, without a
		 * name (returns_held_if) or callers that say so, only when every
		 * way out not holding it follows a failed acquire (the function
		 * passes the failure on), else a plain early return would hide */
		if (dup || (!ts_key_is_local(r->key) &&
			    conditional_acquire(fn, r->key,
						ts_fam(fn)->held_exit_needs_evidence &&
							!fn->name_returns_held_if &&
							!ts_callers_use(fn, r->obj.order_id, 1))))
			continue;
		/* a global lock may be half of a split API (partners.c) */
		if (r->slot)
			ts_slot_defer(fn, r);
		else if (ts_fam(fn)->held_exit_needs_evidence && ts_key_is_global_lock(r->key))
			ts_defer_exit(fn, r);
		else
			ts_emit_exit(fn, r);
	}
}

void ts_collect_exits(struct ts_fn *fn, const struct ts_state *st)
{
	unsigned i, j, k;
	size_t alloc = 0;
	if (!st)
		return;
	for (i = 0; i < st->n; i++) {
		const struct ts_disj *d = &st->d[i];
		for (j = 0; j < d->n_objs; j++) {
			for (k = 0; k < fn->n_exits; k++)
				if (fn->exits[k].key == d->objs[j].key)
					break;
			if (k == fn->n_exits) {
				DV_GROW(fn->exits, (size_t)fn->n_exits + 1, alloc);
				fn->exits[k].key = d->objs[j].key;
				fn->exits[k].mask = 0;
				fn->exits[k].flags = 0;
				fn->n_exits++;
			}
			fn->exits[k].mask |= d->objs[j].mask;
			fn->exits[k].flags |= d->objs[j].flags;
		}
	}
	/* a disjunct without the object left it as it was */
	for (k = 0; k < fn->n_exits; k++)
		for (i = 0; i < st->n; i++)
			if (!ts_find_obj((struct ts_disj *)&st->d[i], fn->exits[k].key))
				fn->exits[k].mask |= M_ENTRY;
}
