/*
 * The transfer function: calls (API entries, summarised callees, unknown
 * code), stores of results, returns; dispatch of the solver's events.
 */
#include "engine/typestate_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/xalloc.h"

static void set_kind(struct ts_disj *d, const char *key, const char *kind)
{
	struct ts_obj *o = ts_find_obj(d, key);
	if (o)
		o->kind = kind;
}

/* Objects whose value the expression passes on (alias, store, return):
 * the expression itself, a cast of it, `&x`, ?: arms, initialiser lists. */
static void value_escapes(struct ts_fn *fn, struct ts_state *st, CXCursor e, int returned,
			  unsigned depth)
{
	enum CXCursorKind k;
	const char *key;
	unsigned i;
	if (depth > 8 || clang_Cursor_isNull(e))
		return;
	e = dv_ast_strip_casts(e);
	k = clang_getCursorKind(e);
	if (k == CXCursor_InitListExpr || k == CXCursor_ConditionalOperator ||
	    k == CXCursor_CompoundLiteralExpr || k == CXCursor_UnexposedExpr) {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(e, &kids), j;
		for (j = (k == CXCursor_ConditionalOperator ? 1 : 0); j < n; j++)
			value_escapes(fn, st, kids[j], returned, depth + 1);
		free(kids);
		return;
	}
	if (k == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(e) == CXBinaryOperator_Assign) {
		value_escapes(fn, st, dv_ast_child(e, 0), returned, depth + 1);
		return;
	}
	if (k == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(e) == CXBinaryOperator_Comma) {
		value_escapes(fn, st, dv_ast_child(e, 1), returned, depth + 1);
		return;
	}
	if (k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_AddrOf) {
		CXCursor inner = dv_ast_strip_casts(dv_ast_child(e, 0));
		/* &h->member (an embedded struct handed out, container_of style)
		 * lets h escape as well */
		while (clang_getCursorKind(inner) == CXCursor_MemberRefExpr ||
		       clang_getCursorKind(inner) == CXCursor_ArraySubscriptExpr) {
			CXCursor base = dv_ast_strip_casts(dv_ast_child(inner, 0));
			if (clang_Cursor_isNull(base))
				break;
			value_escapes(fn, st, base, returned, depth + 1);
			inner = base;
		}
		value_escapes(fn, st, dv_ast_child(e, 0), returned, depth + 1);
		return;
	}
	key = ts_key_of(fn, e);
	if (!key)
		return;
	{
		const char *ik = key;
		for (i = 0; i < st->n; i++) {
			struct ts_disj *d = &st->d[i];
			unsigned j;
			ts_escape(fn, d, ik, returned);
			/* address of a lock taken: `return &m` aliases the pointee */
			for (j = 0; j < d->n_objs; j++) {
				const char *ok = d->objs[j].key;
				size_t n = strlen(ik);
				if (ok != ik && !strncmp(ok, ik, n) && ok[n] == '.')
					ts_escape(fn, d, ok, returned);
			}
		}
	}
}

/* Parameters reachable from an expression handed out (for the summary:
 * `push(&list, &pkt->node)` hands pkt over). */
static void escape_param_roots(struct ts_fn *fn, struct ts_disj *d, const char *k)
{
	const char *p = k;
	while ((p = strstr(p, "P{"))) {
		const char *end = strchr(p, '}');
		char *root;
		if (!end)
			break;
		root = xstrndup(p, (size_t)(end - p + 1));
		ts_escape(fn, d, ts_in_take(fn, root), 0);
		p = end;
	}
}

/* Some disjunct holds a fact: only then can a store kill one, and only
 * then is the stored-to expression's text worth rendering. */
static int any_facts(const struct ts_state *st)
{
	unsigned i;
	for (i = 0; i < st->n; i++)
		if (st->d[i].n_facts)
			return 1;
	return 0;
}

/* Names that say a function ends an object's life, whatever its
 * prototype promises (`void str_free(const char *s)`). */
static int name_says_release(const char *callee)
{
	static const char *const words[] = {"free", "release", "close", "destroy", "unref",
					    "dispose", "delete", "drop", "put", "finish", "unlock"};
	unsigned i;
	if (!callee)
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(callee, words[i]))
			return 1;
	return 0;
}

/* Parameter i of the callee points to const data: the callee reads the
 * object through it and does not take it over (show(const char *)). */
static int borrows_const_param(const struct dv_event *ev, unsigned i)
{
	CXCursor decl = dv_ast_callee_decl(ev->cursor);
	CXType t, pt;
	int n;
	if (clang_Cursor_isNull(decl) || clang_getCursorKind(decl) != CXCursor_FunctionDecl ||
	    name_says_release(ev->callee))
		return 0;
	n = clang_Cursor_getNumArguments(decl);
	if (n < 0 || i >= (unsigned)n)
		return 0; /* variadic part, or no prototype */
	t = clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(decl, i)));
	if (t.kind != CXType_Pointer)
		return 0;
	pt = clang_getPointeeType(t);
	return clang_isConstQualifiedType(pt) && clang_getCanonicalType(pt).kind != CXType_Void;
}

/* A callee that is not an API entry may store into what its arguments
 * point to (`reopen(&p)`, `refill(b)` rewriting b->data): a handle
 * released before is then no longer known to be released. */
static void forget_released_reachable(struct ts_fn *fn, struct ts_state *st,
				      const struct dv_event *ev)
{
	unsigned i, j, o;
	/* the index knows it releases what the argument points to
	 * (free_via(&p)): it ends released, whatever was stored */
	const struct ts_summary *imp = ts_imported_summary(fn, ev->cursor);
	for (i = 0; i < ev->n_args; i++) {
		const char *dk = ts_in_take(fn, ts_deref_key(ts_in_take(fn,
						ts_expr_key(fn->func, ev->args[i]))));
		size_t dn;
		if (!dk || (imp && ts_releases_pointee(imp, i)))
			continue;
		dn = strlen(dk);
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			for (o = 0; o < d->n_objs; o++) {
				struct ts_obj *x = &d->objs[o];
				if (x->mask == M_UNHELD && !strncmp(x->key, dk, dn) &&
				    (x->key[dn] == 0 || x->key[dn] == '.' || x->key[dn] == '['))
					x->mask = M_UNKNOWN;
			}
		}
	}
}

/* A value of this type can lead to other objects (a pointer, an array,
 * a struct or a C++ reference); an int or a double cannot. */
static int carries_address(CXCursor arg)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(arg));
	switch (t.kind) {
	case CXType_Bool:
	case CXType_Char_U:
	case CXType_UChar:
	case CXType_Char16:
	case CXType_Char32:
	case CXType_UShort:
	case CXType_UInt:
	case CXType_ULong:
	case CXType_ULongLong:
	case CXType_Char_S:
	case CXType_SChar:
	case CXType_WChar:
	case CXType_Short:
	case CXType_Int:
	case CXType_Long:
	case CXType_LongLong:
	case CXType_Float:
	case CXType_Double:
	case CXType_LongDouble:
	case CXType_Enum:
		return 0;
	default:
		return 1;
	}
}

/* keep: arguments the callee is known to only use (project index) */
static void unknown_call(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev,
			 uint32_t keep)
{
	unsigned i, j;
	for (i = 0; i < ev->n_args; i++) {
		const char *ik = ts_key_of(fn, ev->args[i]), *dk;
		int borrowed, reaches;
		if (!ik || (i < 32 && (keep & (1u << i))))
			continue;
		dk = ts_in_take(fn, ts_deref_key(ik));
		borrowed = borrows_const_param(ev, i);
		reaches = carries_address(ev->args[i]);
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			size_t n = strlen(ik);
			unsigned o;
			ts_escape(fn, d, dk, 0);
			if (ts_fam(fn)->unknown_call_escapes && !borrowed) {
				ts_escape(fn, d, ik, 0);
				/* &h->node handed to hmap_insert(): h is reachable;
				 * a scalar read out of it (h[0], h->len) is not */
				for (o = 0; o < d->n_objs && reaches; o++)
					if (d->objs[o].key != ik && strstr(ik, d->objs[o].key))
						ts_escape(fn, d, d->objs[o].key, 0);
				escape_param_roots(fn, d, ik);
			}
			/* a handle handed out may end a state kept on it (key_suffix:
			 * a connection's transaction) */
			for (o = 0; o < d->n_objs; o++)
				if (!strncmp(d->objs[o].key, ik, n) && d->objs[o].key[n] == '#')
					ts_escape(fn, d, d->objs[o].key, 0);
			/* conn_unlock(c) defined elsewhere: a callee named for ending
			 * something, given the owner, may end what it contains
			 * (c->mu); log_conn(c) is not taken to */
			if (dk && ev->callee && name_says_release(ev->callee)) {
				size_t dn = strlen(dk);
				for (o = 0; o < d->n_objs; o++)
					if (!strncmp(d->objs[o].key, dk, dn) &&
					    (d->objs[o].key[dn] == '.' || d->objs[o].key[dn] == '['))
						ts_escape(fn, d, d->objs[o].key, 0);
			}
		}
	}
}

static void on_call(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	const struct dv_ts_spec *spec = fn->t->spec;
	int reporting = ev->reporting && fn->report, on_guard = 0, borrowing;
	const struct ts_api *a;
	const struct ts_summary *s;
	unsigned i, j;

	/* a consumed try-acquire result, or a result variable passed on */
	borrowing = ev->callee && ts_matches_any(spec->borrow, spec->n_borrow, ev->callee);
	for (i = 0; i < ev->n_args; i++) {
		const char *o = ts_call_result_object(fn, ev->args[i]);
		const char *ivk = o ? NULL : ts_key_of(fn, ev->args[i]);
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			const struct ts_bind *b = ivk ? ts_find_bind(d, ivk) : NULL;
			struct ts_obj *obj = o ? ts_find_obj(d, o) : b ? ts_find_obj(d, b->obj) : NULL;
			if (obj && o && (obj->flags & F_REFINE) && !borrowing)
				ts_escape(fn, d, o, 0); /* the result is judged by code we do not follow */
			else if (obj)
				obj->flags &= ~(unsigned)F_TRY;
		}
		/* &x handed out may change x: facts about x no longer hold */
		{
			CXCursor arg = dv_ast_strip(ev->args[i]);
			if (clang_getCursorKind(arg) == CXCursor_UnaryOperator &&
			    clang_getCursorUnaryOperatorKind(arg) == CXUnaryOperator_AddrOf &&
			    any_facts(st)) {
				const char *text = ts_text_of(fn, dv_ast_child(arg, 0));
				for (j = 0; j < st->n; j++)
					ts_kill_facts(&st->d[j], text);
			}
		}
	}
	if (ev->callee && ts_is_guard_class_name(spec, ev->callee))
		return; /* handled at the guard's declaration */
	if (clang_getCursorKind(ev->cursor) == CXCursor_CXXDeleteExpr) {
		ts_on_delete(fn, st, ev);
		return;
	}
	a = ts_find_api(fn, ev->callee, ev->cursor, &on_guard);
	if (a) {
		const char *key, *name, *order;
		int qk = 0;
		size_t x;
		for (x = 0; x < spec->n_apis; x++) {
			const struct ts_api *b = &spec->apis[x];
			if (b != a && b->op == OP_TAKE && !b->member && !strcmp(b->name, a->name) &&
			    (key = ts_api_object(fn, b, ev->cursor, &name, NULL)))
				for (i = 0; i < st->n; i++) {
					const struct ts_obj *o = ts_find_obj(&st->d[i], key);
					/* p = realloc(p, n): the old block is the caller's
					 * again when the call fails (judged at the store) */
					if (a->op == OP_ACQUIRE && a->arg < 0 && o && o->mask == M_HELD &&
					    (o->flags & F_ACQ_HERE) && ts_key_is_local(key)) {
						fn->moved_key = key;
						fn->moved_call = ev->cursor;
						fn->moved_obj = *o;
					}
					ts_escape(fn, &st->d[i], key, 0);
				}
		}
		if (a->from_index)
			unknown_call(fn, st, ev, 0); /* llentry_create(key, v) keeps key */
		if (a->op == OP_BORROW || a->arg < 0)
			return;
		if (a->op == OP_QUERY && (qk = ts_query_kind(spec, a, ev->cursor)) == 0)
			return;
		key = ts_api_object(fn, a, ev->cursor, &name, &order);
		if (!key)
			return;
		for (i = 0; i < st->n; i++) {
			struct ts_disj *d = &st->d[i];
			if (on_guard) {
				/* unique_lock g: g.lock() / g.unlock() act on its mutex */
				for (j = 0; j < d->n_objs; j++) {
					struct ts_obj *o = &d->objs[j];
					if (o->guard != key)
						continue;
					if (a->op == OP_RELEASE)
						ts_release(fn, reporting, d, o->key, o->name, ev->cursor);
					else if (a->op == OP_ACQUIRE || a->op == OP_TRY)
						ts_acquire(fn, reporting, d, o->key, o->name, ev->callee,
							   o->order_id, a->success, a->op == OP_TRY, ev->cursor);
				}
				continue;
			}
			switch (a->op) {
			case OP_ACQUIRE:
			case OP_TRY: {
				/* a recursive lock taken again by its holder is no
				 * self-deadlock: one more release is owed */
				struct ts_obj *held = a->recursive || ts_is_recursive_lock(fn->t, order)
							      ? ts_find_obj(d, key)
							      : NULL;
				if (held && held->mask == M_HELD) {
					if (held->nest < 8)
						held->nest++;
					break;
				}
				ts_acquire(fn, reporting, d, key, name, ev->callee, order, a->success,
					   a->op == OP_TRY, ev->cursor);
				set_kind(d, key, a->kind);
				break;
			}
			case OP_RELEASE: {
				struct ts_obj *held = ts_find_obj(d, key);
				if (held && held->nest && held->mask == M_HELD) {
					held->nest--; /* an inner hold of a recursive lock */
					break;
				}
				ts_release_kind(fn, reporting, d, key, name, a->kind, ev->callee,
						ev->cursor);
				break;
			}
			case OP_TAKE:
				ts_escape(fn, d, key, 0);
				break;
			case OP_INIT:
				ts_init_obj(fn, d, key, name, ev->cursor);
				break;
			case OP_DESTROY:
				ts_destroy(fn, reporting, d, key, ev->callee, ev->cursor);
				break;
			case OP_QUERY:
				if (qk > 0)
					ts_acquire(fn, reporting, d, key, name, ev->callee, NULL, a->success,
						   0, ev->cursor);
				else
					ts_release(fn, reporting, d, key, name, ev->cursor);
				break;
			default:
				break;
			}
		}
		return;
	}
	forget_released_reachable(fn, st, ev);
	if (ev->callee && ts_matches_any(spec->sinks, spec->n_sinks, ev->callee)) {
		/* the callee keeps what it is given: every argument is handed off */
		for (i = 0; i < ev->n_args; i++)
			value_escapes(fn, st, ev->args[i], 0, 0);
		return;
	}
	s = ts_callee_summary(fn, ev->cursor);
	if (s && s->valid) {
		ts_apply_summary(fn, reporting, st, s, ev);
		return;
	}
	if (!s && (s = ts_imported_summary(fn, ev->cursor)) != NULL) {
		/* a wrapper in another file: an unknown call, plus what the
		 * index knows it does to the objects */
		unknown_call(fn, st, ev, s->borrows);
		ts_apply_summary(fn, reporting, st, s, ev);
		return;
	}
	if (s || !ev->callee || (!ts_matches_any(spec->borrow, spec->n_borrow, ev->callee) &&
				 !ts_decl_in_system_header(ev->cursor))) {
		unknown_call(fn, st, ev, 0);
		ts_slot_unknown_call(fn, st);
	}
}

/* Code written by a macro (OVS's ovsrcu_set() keeps the value in a local
 * of a statement expression and stores it with an atomic builtin that
 * yields no event): not ours to judge. */
static int in_macro(CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	CXFile ef, sf;
	unsigned eoff = 0, soff = 0;
	clang_getExpansionLocation(loc, &ef, NULL, NULL, &eoff);
	clang_getSpellingLocation(loc, &sf, NULL, NULL, &soff);
	return eoff != soff || !clang_File_isEqual(ef, sf);
}

static int other_name_holds(const struct ts_disj *d, const struct ts_obj *o)
{
	unsigned i;
	for (i = 0; i < d->n_objs; i++)
		if (&d->objs[i] != o && d->objs[i].twin == o->twin && d->objs[i].mask == M_HELD)
			return 1;
	return 0;
}

/* `p = realloc(p, n)`: when the call fails it returns NULL into p and
 * the old block, still allocated, has no name left. */
static void report_lost_on_failure(struct ts_fn *fn, CXCursor call)
{
	const struct dv_ts_family *fam = ts_fam(fn);
	const struct ts_obj *o = &fn->moved_obj;
	char *callee;
	struct ts_msg_args args = {.name = o->name};
	struct dv_finding *f;
	fn->moved_key = NULL;
	if (!fam->exit.rule || !fam->exit.lost_on_failure ||
	    !ts_first_report(fn, fam->exit.rule, o->key))
		return;
	callee = dv_ast_callee_name(call);
	args.via = ts_in_str(fn, callee);
	free(callee);
	f = ts_report(fn->t->tu->sink, fam->exit.rule, call, fam->exit.lost_on_failure, &args);
	ts_set_function(fn, f);
	args.via = o->via;
	ts_add_related(fn->t->tu->sink, f, o->acq, fam->exit.acquired_here, &args);
}

/* `g = f` with f a handle held in a local: one handle with two names.
 * g becomes a twin of f (typestate_transitions.c: releasing or handing
 * off either does it to both; the leak is reported once). */
static int copy_handle(struct ts_fn *fn, struct ts_state *st, const char *lhs,
		       const char *lhs_name, CXCursor r)
{
	const char *rk;
	unsigned i, n = 0;
	if (clang_getCursorKind(r) != CXCursor_DeclRefExpr)
		return 0;
	rk = ts_in_take(fn, ts_expr_key(fn->func, r));
	if (!rk || rk == lhs || !ts_key_is_variable(rk) || !ts_key_is_local(rk))
		return 0;
	for (i = 0; i < st->n; i++) {
		struct ts_obj *o = ts_find_obj(&st->d[i], rk);
		/* a released handle copied is still that handle: freeing the
		 * copy frees it again */
		if (o && (o->mask == M_HELD || (o->mask == M_UNHELD && (o->flags & F_RELEASED))))
			n++;
		else if (o && (o->mask & (M_HELD | M_UNKNOWN)))
			return 0; /* not the same story on every path: let it escape */
	}
	if (!n)
		return 0;
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		struct ts_obj *o = ts_find_obj(d, rk), *c;
		struct ts_obj copy;
		if (!o)
			continue;
		if (!o->twin)
			o->twin = rk;
		copy = *o;
		c = ts_get_obj(d, lhs);
		if (!c)
			continue;
		*c = copy;
		c->key = lhs;
		c->name = lhs_name;
	}
	return 1;
}

/* The returned value of an acquire-returning call (fopen) stored in a
 * variable, or a status result kept for a later test. */
static void on_store(struct ts_fn *fn, struct ts_state *st, const char *lhs, const char *lhs_text,
		     const char *lhs_name, CXCursor rhs, CXCursor where)
{
	const struct dv_ts_spec *spec = fn->t->spec;
	int reporting = fn->report, on_guard;
	unsigned i, j;
	CXCursor r = dv_ast_strip_casts(rhs);
	int is_var = ts_key_is_variable(lhs);
	/* judged only for plain assignments (a declaration starts a new
	 * variable; compound assignments have no rhs here) */
	int replaces = reporting && is_var && lhs && ts_fam(fn)->exit.overwritten &&
		       !clang_Cursor_isNull(r) && ts_key_is_local(lhs) &&
		       clang_getCursorKind(where) != CXCursor_VarDecl && !in_macro(where) &&
		       ts_replaces_handle(fn, r);

	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		if (lhs_text)
			ts_kill_facts(d, lhs_text);
		if (!lhs)
			continue;
		ts_kill_binds(d, lhs);
		if (!is_var) {
			/* b->data = x, or s->head = NULL after free(s->head->tbl): a
			 * release of what the old value led to says nothing of the
			 * new one */
			for (j = 0; j < d->n_objs; j++) {
				struct ts_obj *o = &d->objs[j];
				if (o->mask == M_UNHELD && strstr(o->key, lhs) &&
				    !ts_slot_cleared(lhs, o, r))
					o->mask = M_UNKNOWN;
			}
			continue;
		}
		for (j = 0; j < d->n_objs; j++) {
			struct ts_obj *o = &d->objs[j];
			if (o->key == lhs) {
				if (o->twin && o->mask == M_HELD && other_name_holds(d, o)) {
					ts_remove_obj(d, o); /* the other names keep it */
					j--;
				} else if (o->mask & M_HELD) {
					if (replaces && o->mask == M_HELD && (o->flags & F_ACQ_HERE))
						ts_report_overwritten(fn, o, where);
					/* otherwise held on some paths only: stay quiet */
					o->mask = M_UNKNOWN;
					o->flags &= ~(unsigned)(F_TRY | F_REFINE);
				} else {
					ts_remove_obj(d, o);
					j--;
				}
			} else if (strstr(o->key, lhs) && !(o->mask & M_UNKNOWN)) {
				/* the path to the object changed (p = p->next) */
				o->mask = M_UNKNOWN;
				o->flags &= ~(unsigned)(F_TRY | F_REFINE);
			}
		}
	}
	if (clang_Cursor_isNull(r))
		return;
	if (clang_getCursorKind(r) == CXCursor_CallExpr && fn->moved_key == lhs && lhs &&
	    clang_equalCursors(fn->moved_call, r) && reporting)
		report_lost_on_failure(fn, r);
	if (clang_getCursorKind(r) == CXCursor_CallExpr) {
		char *callee = dv_ast_callee_name(r);
		const struct ts_api *a = ts_find_api(fn, callee, r, &on_guard);
		const struct ts_summary *s = a ? NULL : ts_callee_summary(fn, r);
		const char *via = ts_in_str(fn, callee);
		free(callee);
		if (!is_var || !lhs || in_macro(where))
			return;
		if (a && (a->op == OP_ACQUIRE || a->op == OP_TRY) && a->arg < 0) {
			for (i = 0; i < st->n; i++) {
				ts_acquire(fn, reporting, &st->d[i], lhs, lhs_name, via, NULL, a->success,
					   0, r);
				set_kind(&st->d[i], lhs, a->kind);
			}
		} else if (a && (a->op == OP_ACQUIRE || a->op == OP_TRY ||
				 (a->op == OP_QUERY && ts_query_kind(spec, a, r) > 0)) &&
			   a->success != SUCC_ALWAYS && !on_guard) {
			const char *name, *ok = ts_api_object(fn, a, r, &name, NULL);
			if (ok)
				for (i = 0; i < st->n; i++)
					if (ts_find_obj(&st->d[i], ok))
						ts_add_bind(&st->d[i], lhs, ok, a->success);
		} else if (s && s->valid && s->returns_handle) {
			/* a helper returning a descriptor fails with a negative
			 * value (socket(2) style), one returning a pointer with NULL */
			CXType rt = clang_getCanonicalType(clang_getCursorType(r));
			enum ts_succ succ = rt.kind == CXType_Pointer ? SUCC_NONNULL : SUCC_NONNEG;
			for (i = 0; i < st->n; i++)
				ts_acquire(fn, reporting, &st->d[i], lhs, lhs_name, via, NULL, succ, 0,
					   r);
		}
		return;
	}
	if (is_var && lhs && ts_key_is_local(lhs) && copy_handle(fn, st, lhs, lhs_name, r))
		return;
	if (lhs && ts_slot_on_store(fn, st, lhs, lhs_name, r, where, is_var))
		return;
	if (clang_getCursorKind(r) == CXCursor_CXXNewExpr) {
		const struct ts_api *a = ts_new_api(spec, r);
		if (!a || a->op != OP_ACQUIRE || !is_var || !lhs || in_macro(where))
			return;
		for (i = 0; i < st->n; i++) {
			ts_acquire(fn, reporting, &st->d[i], lhs, lhs_name, ts_in_str(fn, a->name), NULL,
				   a->success, 0, r);
			set_kind(&st->d[i], lhs, a->kind);
		}
		return;
	}
	value_escapes(fn, st, r, 0, 0);
}

static void on_return(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	CXCursor r = dv_ast_strip_casts(ev->rhs);
	const char *o;
	const char *ivk;
	unsigned i;
	if (clang_Cursor_isNull(r))
		return;
	if (clang_getCursorKind(r) == CXCursor_CallExpr && dv_ast_call_nargs(r) > 0) {
		/* `return memset(p, 0, n)` returns p */
		char *callee = dv_ast_callee_name(r);
		const struct dv_ts_spec *spec = fn->t->spec;
		if (callee && ts_matches_any(spec->returns_arg0, spec->n_returns_arg0, callee))
			r = dv_ast_strip_casts(dv_ast_call_arg(r, 0));
		free(callee);
	}
	/* `return pthread_mutex_lock(&m);`: the caller checks the result */
	o = ts_call_result_object(fn, r);
	ivk = o ? NULL : ts_key_of(fn, r);
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		const struct ts_bind *b = ivk ? ts_find_bind(d, ivk) : NULL;
		if (o)
			ts_escape(fn, d, o, 1);
		else if (b)
			ts_escape(fn, d, b->obj, 1);
	}
	if (!o && ((clang_getCursorKind(r) == CXCursor_CallExpr && ts_call_returns_fresh(fn, r)) ||
		   ts_new_api(fn->t->spec, r))) {
		fn->returns_handle = 1;
		value_escapes(fn, st, r, 1, 0);
		return;
	}
	if (!o) {
		struct ts_obj *h;
		long long constant;
		int fresh = 0;
		for (i = 0; i < st->n; i++)
			if (ivk && (h = ts_find_obj(&st->d[i], ivk)) && (h->flags & F_ACQ_HERE) &&
			    (h->mask & M_HELD) && !(h->mask & M_UNKNOWN))
				fresh = 1;
		if (fresh)
			fn->returns_handle = 1;
		else if (dv_ast_int_value(r, &constant) != 0 &&
			 clang_getCursorKind(r) != CXCursor_GNUNullExpr &&
			 clang_getCursorKind(r) != CXCursor_CXXNullPtrLiteralExpr)
			fn->returns_other = 1; /* not a failure constant either */
		value_escapes(fn, st, r, 1, 0);
	}
}

/* ---- values of local integers, kept as facts ----
 * `i = 0` and `i++` after it are facts about i like a branch's, so that
 * `for (i = 0; i < 1; i++)` runs exactly once and a zero-trip path
 * through it is no path. */

static int is_local_int(const char *key, CXCursor lhs)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(lhs));
	return key && key[0] == 'L' && ts_key_is_variable(key) &&
	       ((t.kind >= CXType_Char_U && t.kind <= CXType_LongLong) || t.kind == CXType_Bool);
}

static int eq_fact(const struct ts_disj *d, const char *text, long long *v)
{
	unsigned i;
	for (i = 0; i < d->n_facts; i++)
		if (d->facts[i].text == text && d->facts[i].cmp == DV_CMP_EQ) {
			*v = d->facts[i].value;
			return 1;
		}
	return 0;
}

static void add_eq_fact(struct ts_disj *d, const char *text, long long v)
{
	if (!text || !text[0] || d->n_facts >= TS_MAX_FACTS)
		return;
	d->facts = xreallocarray(d->facts, d->n_facts + 1, sizeof(*d->facts));
	d->facts[d->n_facts].text = text;
	d->facts[d->n_facts].cmp = DV_CMP_EQ;
	d->facts[d->n_facts].value = v;
	d->n_facts++;
}

static void learn_value(struct ts_fn *fn, struct ts_state *st, const char *key, const char *text,
			CXCursor lhs, CXCursor rhs)
{
	long long v;
	unsigned i;
	if (clang_Cursor_isNull(rhs) || !is_local_int(key, lhs) || ts_const_value(fn, rhs, &v) != 0)
		return;
	for (i = 0; i < st->n; i++)
		add_eq_fact(&st->d[i], text, v);
}

void ts_transfer(void *ctx, void *state, const struct dv_event *ev)
{
	struct ts_fn *fn = ctx;
	struct ts_state *st = state;
	fn->n_reported = 0;
	fn->cur_depth = ev->cfg && ev->cfg->loop_depth && ev->block < ev->cfg->n_blocks
				? ev->cfg->loop_depth[ev->block] : 0;
	fn->cur_block = ev->cfg && ev->block < ev->cfg->n_blocks ? ev->block : UINT_MAX;
	switch (ev->kind) {
	case DV_EV_CALL:
		on_call(fn, st, ev);
		break;
	case DV_EV_ASSIGN: {
		/* the text kills facts, names the object an acquiring call's
		 * result stored here is, and keys the value facts of local
		 * integers: rendered only for those */
		CXCursor rhs = ev->op == CXBinaryOperator_Assign ? ev->rhs : clang_getNullCursor();
		const char *ik = ts_key_of(fn, ev->lhs), *text;
		int saved = fn->report, step = 0;
		long long before[TS_MAX_DISJ];
		int known[TS_MAX_DISJ];
		unsigned i;
		if (clang_Cursor_isNull(ev->rhs))
			step = ev->op == CXUnaryOperator_PostInc || ev->op == CXUnaryOperator_PreInc ? 1 : -1;
		text = any_facts(st) ||
			       clang_getCursorKind(dv_ast_strip_casts(rhs)) == CXCursor_CallExpr ||
			       clang_getCursorKind(dv_ast_strip_casts(rhs)) == CXCursor_CXXNewExpr ||
			       (ev->op == CXBinaryOperator_Assign && is_local_int(ik, ev->lhs))
			   ? ts_text_of(fn, ev->lhs)
			   : NULL;
		fn->report = fn->report && ev->reporting;
		for (i = 0; i < st->n; i++)
			known[i] = step && text && eq_fact(&st->d[i], text, &before[i]);
		on_store(fn, st, ik, text, text, rhs, ev->lhs);
		if (step) {
			for (i = 0; i < st->n; i++)
				if (known[i] && is_local_int(ik, ev->lhs))
					add_eq_fact(&st->d[i], text, before[i] + step);
		} else if (text && ev->op == CXBinaryOperator_Assign) {
			learn_value(fn, st, ik, text, ev->lhs, ev->rhs);
		}
		fn->report = saved;
		break;
	}
	case DV_EV_DECL: {
		char *text, *k;
		int saved = fn->report;
		if (ts_on_guard_decl(fn, st, ev))
			break;
		/* T &r = x binds a name to x (keys resolve r to x): no store */
		if (clang_getCursorType(ev->cursor).kind == CXType_LValueReference)
			break;
		k = ts_decl_key(fn->func, ev->cursor);
		text = ts_take_cx(clang_getCursorSpelling(ev->cursor));
		fn->report = fn->report && ev->reporting;
		{
			const char *ik = ts_in_take(fn, k), *itext = ts_in_str(fn, text);
			on_store(fn, st, ik, text, itext, ev->rhs, ev->cursor);
			learn_value(fn, st, ik, itext, ev->cursor, ev->rhs);
		}
		fn->report = saved;
		free(text);
		break;
	}
	case DV_EV_RETURN:
		on_return(fn, st, ev);
		break;
	case DV_EV_MEMBER_INIT:
		/* `f_(f)`: the object under construction keeps the handle (its
		 * destructor or owner releases it) */
		value_escapes(fn, st, dv_ast_strip_casts(ev->rhs), 0, 0);
		break;
	case DV_EV_SCOPE_EXIT:
		ts_on_scope_exit(fn, st, ev);
		break;
	case DV_EV_EXIT:
		if (ev->reporting && fn->report)
			ts_record_exit(fn, st, ev);
		break;
	}
}
