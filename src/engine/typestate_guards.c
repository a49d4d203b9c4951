/*
 * RAII guards: a guard declared acquires (or adopts, defers, tries) its
 * objects, its scope exit releases them.
 */
#include "front/decl_attrs.h"
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/xalloc.h"

/* The construction mode a tag argument's type names, or -1. */
static int tag_mode(const struct dv_ts_family *fam, const char *type_name)
{
	const struct dv_ts_guard_tag *t;
	for (t = fam->guard_tags; t && t->type_part; t++)
		if (strstr(type_name, t->type_part))
			return (int)t->mode;
	return -1;
}

static int is_tag(const struct dv_ts_family *fam, const char *type_name)
{
	return tag_mode(fam, type_name) >= 0 ||
	       (fam->guard_tag_marker && strstr(type_name, fam->guard_tag_marker));
}

/* RAII guard declared: std::lock_guard<std::mutex> g(m); */
int ts_on_guard_decl(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	CXCursor ctor = dv_ast_strip(ev->rhs), *kids = NULL;
	const struct dv_ts_family *fam = ts_fam(fn);
	const char *gkey;
	int n, i, mode = DV_TS_GUARD_ACQUIRE, n_objects = 0;
	unsigned j;
	if (!ts_is_guard_type(fn->t->spec, clang_getCursorType(ev->cursor)))
		return 0;
	if (clang_Cursor_isNull(ctor) || clang_getCursorKind(ctor) != CXCursor_CallExpr) {
		unsigned nk = dv_ast_children(ev->cursor, &kids), k;
		ctor = clang_getNullCursor();
		for (k = 0; k < nk; k++) {
			CXCursor c = dv_ast_strip(kids[k]);
			if (clang_getCursorKind(c) == CXCursor_CallExpr) {
				ctor = c;
				break;
			}
		}
		free(kids);
	}
	if (clang_Cursor_isNull(ctor))
		return 1;
	gkey = ts_in_take(fn, ts_decl_key(fn->func, ev->cursor));
	n = dv_ast_call_nargs(ctor);
	for (i = 0; i < n; i++) {
		char *tn = ts_type_name_of(clang_getCursorType(dv_ast_call_arg(ctor, (unsigned)i)));
		int m = tag_mode(fam, tn);
		if (m >= 0)
			mode = m;
		else
			n_objects++;
		free(tn);
	}
	for (i = 0; i < n; i++) {
		CXCursor arg = dv_ast_call_arg(ctor, (unsigned)i);
		char *tn = ts_type_name_of(clang_getCursorType(arg)), *k;
		const char *key, *name;
		int tag = is_tag(fam, tn);
		free(tn);
		if (tag)
			continue;
		k = xstrdup(ts_key_of(fn, arg));
		if (k && ts_is_pointer_expr(arg)) {
			char *dk = ts_deref_key(k);
			free(k);
			k = dk;
		}
		if (!k)
			continue;
		key = ts_in_take(fn, k);
		name = ts_display_of(fn, arg);
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			struct ts_obj *o;
			/* one object: its order counts (scoped_lock of several
			 * acquires them deadlock-free, in no order) */
			if (mode == DV_TS_GUARD_ACQUIRE)
				ts_acquire(fn, ev->reporting && fn->report, d, key, name, NULL,
					   n_objects == 1 ? ts_in_take(fn, ts_order_id_of(key))
							  : NULL,
					   SUCC_ALWAYS, 0, ev->cursor);
			if (mode == DV_TS_GUARD_TRY) {
				ts_escape(fn, d, key, 0);
				continue;
			}
			o = ts_get_obj(d, key);
			if (o) {
				o->guard = gkey;
				if (!o->name)
					o->name = name;
			}
		}
	}
	return 1;
}

/* `__attribute__((cleanup(fn)))` on a variable: fn runs at its scope exit. */
static int has_cleanup_attr(CXCursor var)
{
	struct dv_decl_attr a;
	return dv_decl_attr_find(var, "cleanup", &a);
}

void ts_on_scope_exit(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	const char *gkey = ts_in_take(fn, ts_decl_key(fn->func, ev->cursor));
	unsigned i, j;
	if (!gkey)
		return;
	if (has_cleanup_attr(ev->cursor)) {
		/* the cleanup function ends what the variable holds then (a
		 * freep / fclosep helper); whatever it does is its business */
		for (i = 0; i < st->n; i++) {
			struct ts_obj *o = ts_find_obj(&st->d[i], gkey);
			if (o && (o->mask & M_HELD)) {
				o->mask = M_UNKNOWN;
				o->flags &= ~(unsigned)(F_TRY | F_REFINE);
				ts_twin_follows(&st->d[i], o);
			}
		}
		return;
	}
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		for (j = 0; j < d->n_objs; j++) {
			struct ts_obj *o = &d->objs[j];
			if (o->guard != gkey)
				continue;
			if (o->mask & M_HELD) {
				o->mask = M_UNHELD;
				o->flags &= ~(unsigned)(F_TRY | F_REFINE);
			}
			o->guard = NULL;
		}
	}
}
