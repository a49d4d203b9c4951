/*
 * The transfer function: calls (API entries, summarised callees, unknown
 * code), stores of results, returns; dispatch of the solver's events.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/xalloc.h"

/* Objects whose value the expression passes on (alias, store, return):
 * the expression itself, a cast of it, `&x`, ?: arms, initialiser lists. */
static void value_escapes(struct ts_fn *fn, struct ts_state *st, CXCursor e, int returned,
			  unsigned depth)
{
	enum CXCursorKind k;
	char *key;
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
	key = ts_expr_key(fn->func, e);
	if (!key)
		return;
	{
		const char *ik = ts_in_take(fn, key);
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

static void unknown_call(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	unsigned i, j;
	for (i = 0; i < ev->n_args; i++) {
		char *k = ts_expr_key(fn->func, ev->args[i]);
		const char *ik, *dk;
		if (!k)
			continue;
		ik = ts_in_take(fn, k);
		dk = ts_in_take(fn, ts_deref_key(ik));
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			size_t n = strlen(ik);
			unsigned o;
			ts_escape(fn, d, dk, 0);
			if (ts_fam(fn)->unknown_call_escapes) {
				ts_escape(fn, d, ik, 0);
				/* &h->node handed to hmap_insert(): h is reachable */
				for (o = 0; o < d->n_objs; o++)
					if (d->objs[o].key != ik && strstr(ik, d->objs[o].key))
						ts_escape(fn, d, d->objs[o].key, 0);
				escape_param_roots(fn, d, ik);
			}
			/* a handle handed out may end a state kept on it (key_suffix:
			 * a connection's transaction) */
			for (o = 0; o < d->n_objs; o++)
				if (!strncmp(d->objs[o].key, ik, n) && d->objs[o].key[n] == '#')
					ts_escape(fn, d, d->objs[o].key, 0);
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
		char *vk = o ? NULL : ts_expr_key(fn->func, ev->args[i]);
		const char *ivk = ts_in_take(fn, vk);
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
			    clang_getCursorUnaryOperatorKind(arg) == CXUnaryOperator_AddrOf) {
				char *text = dv_ast_text(dv_ast_child(arg, 0));
				for (j = 0; j < st->n; j++)
					ts_kill_facts(&st->d[j], text);
				free(text);
			}
		}
	}
	if (ev->callee && ts_is_guard_class_name(spec, ev->callee))
		return; /* handled at the guard's declaration */
	a = ts_find_api(fn, ev->callee, ev->cursor, &on_guard);
	if (a) {
		const char *key, *name, *order;
		int qk = 0;
		size_t x;
		for (x = 0; x < spec->n_apis; x++) {
			const struct ts_api *b = &spec->apis[x];
			if (b != a && b->op == OP_TAKE && !b->member && !strcmp(b->name, a->name) &&
			    (key = ts_api_object(fn, b, ev->cursor, &name, NULL)))
				for (i = 0; i < st->n; i++)
					ts_escape(fn, &st->d[i], key, 0);
		}
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
				struct ts_obj *held = a->recursive ? ts_find_obj(d, key) : NULL;
				if (held && held->mask == M_HELD) {
					if (held->nest < 8)
						held->nest++;
					break;
				}
				ts_acquire(fn, reporting, d, key, name, ev->callee, order, a->success,
					   a->op == OP_TRY, ev->cursor);
				break;
			}
			case OP_RELEASE: {
				struct ts_obj *held = ts_find_obj(d, key);
				if (held && held->nest && held->mask == M_HELD) {
					held->nest--; /* an inner hold of a recursive lock */
					break;
				}
				ts_release(fn, reporting, d, key, name, ev->cursor);
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
	s = ts_callee_summary(fn, ev->cursor);
	if (s && s->valid) {
		ts_apply_summary(fn, reporting, st, s, ev);
		return;
	}
	if (s || !ev->callee || (!ts_matches_any(spec->borrow, spec->n_borrow, ev->callee) &&
				 !ts_decl_in_system_header(ev->cursor)))
		unknown_call(fn, st, ev);
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

	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		if (lhs_text)
			ts_kill_facts(d, lhs_text);
		if (!lhs)
			continue;
		ts_kill_binds(d, lhs);
		if (!is_var)
			continue;
		for (j = 0; j < d->n_objs; j++) {
			struct ts_obj *o = &d->objs[j];
			if (o->key == lhs) {
				if (o->mask & M_HELD) {
					o->mask = M_UNKNOWN; /* overwritten while held: stay quiet */
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
	if (clang_getCursorKind(r) == CXCursor_CallExpr) {
		char *callee = dv_ast_callee_name(r);
		const struct ts_api *a = ts_find_api(fn, callee, r, &on_guard);
		const struct ts_summary *s = a ? NULL : ts_callee_summary(fn, r);
		const char *via = ts_in_str(fn, callee);
		free(callee);
		if (!is_var || !lhs || in_macro(where))
			return;
		if (a && (a->op == OP_ACQUIRE || a->op == OP_TRY) && a->arg < 0) {
			for (i = 0; i < st->n; i++)
				ts_acquire(fn, reporting, &st->d[i], lhs, lhs_name, via, NULL, a->success,
					   0, r);
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
	value_escapes(fn, st, r, 0, 0);
}

static void on_return(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	CXCursor r = dv_ast_strip_casts(ev->rhs);
	const char *o;
	char *vk;
	const char *ivk;
	unsigned i;
	if (clang_Cursor_isNull(r))
		return;
	/* `return pthread_mutex_lock(&m);`: the caller checks the result */
	o = ts_call_result_object(fn, r);
	vk = o ? NULL : ts_expr_key(fn->func, r);
	ivk = ts_in_take(fn, vk);
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		const struct ts_bind *b = ivk ? ts_find_bind(d, ivk) : NULL;
		if (o)
			ts_escape(fn, d, o, 1);
		else if (b)
			ts_escape(fn, d, b->obj, 1);
	}
	if (!o && clang_getCursorKind(r) == CXCursor_CallExpr && ts_call_returns_fresh(fn, r)) {
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

void ts_transfer(void *ctx, void *state, const struct dv_event *ev)
{
	struct ts_fn *fn = ctx;
	struct ts_state *st = state;
	fn->n_reported = 0;
	fn->cur_depth = ev->cfg && ev->cfg->loop_depth && ev->block < ev->cfg->n_blocks
				? ev->cfg->loop_depth[ev->block] : 0;
	switch (ev->kind) {
	case DV_EV_CALL:
		on_call(fn, st, ev);
		break;
	case DV_EV_ASSIGN: {
		char *k = ts_expr_key(fn->func, ev->lhs);
		char *text = dv_ast_text(ev->lhs);
		int saved = fn->report;
		fn->report = fn->report && ev->reporting;
		on_store(fn, st, ts_in_take(fn, k), text, ts_in_str(fn, text),
			 ev->op == CXBinaryOperator_Assign ? ev->rhs : clang_getNullCursor(), ev->lhs);
		fn->report = saved;
		free(text);
		break;
	}
	case DV_EV_DECL: {
		char *text, *k;
		int saved = fn->report;
		if (ts_on_guard_decl(fn, st, ev))
			break;
		k = ts_decl_key(fn->func, ev->cursor);
		text = ts_take_cx(clang_getCursorSpelling(ev->cursor));
		fn->report = fn->report && ev->reporting;
		on_store(fn, st, ts_in_take(fn, k), text, ts_in_str(fn, text), ev->rhs, ev->cursor);
		fn->report = saved;
		free(text);
		break;
	}
	case DV_EV_RETURN:
		on_return(fn, st, ev);
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
