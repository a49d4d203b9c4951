/*
 * Globals as hand-off points between functions (resources family).
 *
 * `G = h; use_g();` with h a handle held in a local and use_g() a function
 * that reads G: the handle goes to the callee through the global, not to
 * unknown code.  The store makes G another name of h's handle (a twin,
 * flag F_SLOT); a function that copies a global's entry value into a
 * local (`T *p = G;`) makes the local a name of G's handle (F_READ on G),
 * so releasing the local releases what G held (summary EFF_REL on G),
 * letting it escape lets G's escape, and leaving it alone is EFF_BORROW
 * ("reads G, leaves it": F_LENT on the caller's handle).
 *
 * A handle a global still holds when the function returns is the
 * global's (no finding), unless a callee read it out of the global and
 * left it (F_LENT): then it is lost unless some function of the TU, or of
 * the project index for an extern global, releases or keeps what the
 * global holds (a cleanup called from elsewhere).  That last test needs
 * every summary, so the exit is judged once the TU is analysed.
 */
#include "engine/typestate_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/exports.h"
#include "front/ast.h"
#include "util/xalloc.h"

enum { PENDING_SLOT = 3 }; /* after typestate_partners.c's kinds */

static int slots_on(const struct ts_fn *fn)
{
	return ts_fam(fn)->unknown_call_escapes && ts_fam(fn)->local_objects_only;
}

/* A plain global variable (file-scope or static local), nothing below it. */
static int is_slot_key(const char *k)
{
	size_t n;
	if (!k || strncmp(k, "G{", 2) != 0 || strchr(k + 2, '{'))
		return 0;
	n = strlen(k);
	return k[n - 1] == '}';
}

/* An extern global: its USR names no file ("c:@name"), code in other
 * files may release it. */
static int is_extern_slot(const char *k)
{
	return is_slot_key(k) && !strncmp(k, "G{c:@", 5);
}

/* The state of rk on every disjunct is one a copy can share: held, or
 * released here (a copy of a released handle is still that handle). */
static int copyable(const struct ts_state *st, const char *rk)
{
	unsigned i, n = 0;
	for (i = 0; i < st->n; i++) {
		struct ts_obj *o = ts_find_obj((struct ts_disj *)&st->d[i], rk);
		if (o && (o->mask == M_HELD || (o->mask == M_UNHELD && (o->flags & F_RELEASED))))
			n++;
		else if (o)
			return 0;
	}
	return n == st->n;
}

/* lhs becomes another name of rk's object (created first as rk's entry
 * state with flags `entry` when absent). */
static void make_twin(struct ts_state *st, const char *lhs, const char *lhs_name,
		      const char *rk, unsigned entry, unsigned add)
{
	unsigned i;
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		struct ts_obj *o = ts_find_obj(d, rk), *c;
		struct ts_obj copy;
		if (!o) {
			o = ts_get_obj(d, rk);
			if (!o)
				continue;
			o->mask = M_ENTRY;
			o->flags = entry;
		}
		o->flags |= entry;
		if (!o->twin)
			o->twin = rk;
		copy = *o;
		c = ts_get_obj(d, lhs);
		if (!c)
			continue;
		*c = copy;
		c->key = lhs;
		c->flags = (c->flags & ~(unsigned)(F_READ | F_SLOT | F_LENT)) | add;
		if (lhs_name)
			c->name = lhs_name;
	}
}

/* ---- `T **p = (T **)vp;` a typed view of a pointer parameter ----
 * A local initialised from parameter vp (casts aside) and used only as
 * `*p` in the initialiser of another local: *p is what the caller's
 * pointer points to (the caller passed &h), read like a global's entry
 * value.  Any other use of p (stored, passed, written through, assigned)
 * leaves it an ordinary local, and vp escapes into it as before. */

struct alias_scan {
	CXCursor var;
	int bad;
};

static CXCursor skip_implicit_up(CXCursor *chain, unsigned n, unsigned *i)
{
	while (*i < n && (clang_getCursorKind(chain[*i]) == CXCursor_UnexposedExpr ||
			  clang_getCursorKind(chain[*i]) == CXCursor_ParenExpr))
		(*i)++;
	return *i < n ? chain[*i] : clang_getNullCursor();
}

struct alias_walk {
	struct alias_scan *sc;
	CXCursor chain[64]; /* parents, innermost first */
	unsigned depth;
};

static enum CXChildVisitResult alias_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct alias_walk *w = data, inner;
	(void)parent;
	if (w->sc->bad)
		return CXChildVisit_Break;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
	    clang_equalCursors(clang_getCursorReferenced(c), w->sc->var)) {
		unsigned i = 0;
		CXCursor up = skip_implicit_up(w->chain, w->depth, &i);
		/* *p, then (implicit casts, parentheses aside) a declaration's
		 * initialiser */
		if (clang_getCursorKind(up) != CXCursor_UnaryOperator ||
		    clang_getCursorUnaryOperatorKind(up) != CXUnaryOperator_Deref) {
			w->sc->bad = 1;
			return CXChildVisit_Break;
		}
		i++;
		up = skip_implicit_up(w->chain, w->depth, &i);
		if (clang_getCursorKind(up) != CXCursor_VarDecl)
			w->sc->bad = 1;
		return CXChildVisit_Continue;
	}
	if (w->depth >= 63)
		return CXChildVisit_Continue; /* deeper than any use we judge */
	inner.sc = w->sc;
	inner.chain[0] = c;
	memcpy(inner.chain + 1, w->chain, w->depth * sizeof(CXCursor));
	inner.depth = w->depth + 1;
	clang_visitChildren(c, alias_visit, &inner);
	return w->sc->bad ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* var is such a view: the index of the parameter it views, or -1 */
static int param_view(const struct ts_fn *fn, CXCursor var)
{
	CXCursor init, body, ref;
	CXType t = clang_getCanonicalType(clang_getCursorType(var));
	struct alias_walk *w;
	struct alias_scan sc;
	int n, i;
	if (t.kind != CXType_Pointer ||
	    clang_getCanonicalType(clang_getPointeeType(t)).kind != CXType_Pointer)
		return -1;
	if (clang_getCursorKind(var) == CXCursor_ParmDecl) {
		/* `T **p` itself, only read through (`T *h = *p;`) */
		ref = var;
	} else {
		if (clang_getCursorKind(var) != CXCursor_VarDecl ||
		    clang_Cursor_hasVarDeclGlobalStorage(var) == 1)
			return -1;
		init = dv_ast_strip_casts(clang_Cursor_getVarDeclInitializer(var));
		if (clang_getCursorKind(init) != CXCursor_DeclRefExpr)
			return -1;
		ref = clang_getCursorReferenced(init);
	}
	if (clang_getCursorKind(ref) != CXCursor_ParmDecl)
		return -1;
	n = clang_Cursor_getNumArguments(fn->func);
	for (i = 0; i < n && !clang_equalCursors(clang_Cursor_getArgument(fn->func, (unsigned)i), ref);
	     i++)
		;
	body = dv_ast_function_body(fn->func);
	if (i >= n || clang_Cursor_isNull(body))
		return -1;
	sc.var = var;
	sc.bad = 0;
	w = xcalloc(1, sizeof(*w));
	w->sc = &sc;
	clang_visitChildren(body, alias_visit, w);
	free(w);
	return sc.bad ? -1 : i;
}

/* `T **p = (T **)vp;` itself: no escape of vp (the reads through p are
 * keyed on vp's pointee) */
int ts_slot_view_decl(struct ts_fn *fn, CXCursor where)
{
	return slots_on(fn) && clang_getCursorKind(where) == CXCursor_VarDecl &&
	       param_view(fn, where) >= 0;
}

/* `*p` of such a view: the key of what the parameter points to */
static const char *view_deref_key(struct ts_fn *fn, CXCursor r)
{
	CXCursor v;
	int p;
	char buf[24];
	if (clang_getCursorKind(r) != CXCursor_UnaryOperator ||
	    clang_getCursorUnaryOperatorKind(r) != CXUnaryOperator_Deref)
		return NULL;
	v = dv_ast_strip_casts(dv_ast_child(r, 0));
	if (clang_getCursorKind(v) != CXCursor_DeclRefExpr)
		return NULL;
	p = param_view(fn, clang_getCursorReferenced(v));
	if (p < 0)
		return NULL;
	snprintf(buf, sizeof(buf), "(*P{%d})", p);
	return ts_in_str(fn, buf);
}

int ts_slot_store(struct ts_fn *fn, struct ts_state *st, const char *lhs, const char *lhs_name,
		  CXCursor r)
{
	const char *rk;
	unsigned i;
	if (!slots_on(fn) || !is_slot_key(lhs))
		return 0;
	r = dv_ast_strip_casts(r);
	rk = clang_getCursorKind(r) == CXCursor_DeclRefExpr ? ts_key_of(fn, r) : NULL;
	if (!rk || !ts_key_is_variable(rk) || !ts_key_is_local(rk) || !copyable(st, rk)) {
		/* another value replaces what G held on entry: a handle read
		 * out of it before is no longer G's (its fate is unknown) */
		for (i = 0; i < st->n; i++) {
			struct ts_obj *o = ts_find_obj(&st->d[i], lhs);
			if (o && (o->flags & F_READ) && !(o->mask & M_UNKNOWN))
				ts_escape(fn, &st->d[i], lhs, 0);
		}
		return 0;
	}
	make_twin(st, lhs, lhs_name, rk, 0, F_SLOT);
	return 1;
}

int ts_slot_read(struct ts_fn *fn, struct ts_state *st, const char *lhs, const char *lhs_name,
		 CXCursor r)
{
	const char *rk;
	unsigned i;
	if (!slots_on(fn) || !ts_key_is_variable(lhs) || !ts_key_is_local(lhs))
		return 0;
	r = dv_ast_strip_casts(r);
	if (!ts_is_pointer_expr(r))
		return 0;
	if (clang_getCursorKind(r) == CXCursor_DeclRefExpr)
		rk = ts_key_of(fn, r);
	else
		rk = view_deref_key(fn, r);
	if (!is_slot_key(rk) && !(rk && rk[0] == '(' && clang_getCursorKind(r) != CXCursor_DeclRefExpr))
		return 0;
	for (i = 0; i < st->n; i++) {
		struct ts_obj *o = ts_find_obj(&st->d[i], rk);
		/* absent or still the entry value: a name of the entry handle;
		 * held or released here: a copy like a local's */
		if (o && o->mask != M_ENTRY && o->mask != M_HELD &&
		    !(o->mask == M_UNHELD && (o->flags & F_RELEASED)))
			return 0;
	}
	make_twin(st, lhs, lhs_name, rk, F_READ, 0);
	return 1;
}

int ts_slot_cleared(const char *lhs, const struct ts_obj *o, CXCursor r)
{
	long long v;
	enum CXCursorKind k = clang_getCursorKind(r);
	return o->key == lhs && is_slot_key(lhs) && (o->flags & F_RELEASED) &&
	       (k == CXCursor_GNUNullExpr || k == CXCursor_CXXNullPtrLiteralExpr ||
		dv_ast_int_value(r, &v) == 0);
}

int ts_slot_summary_kind(const struct ts_exit_obj *x)
{
	if (!is_slot_key(x->key))
		return -1;
	if ((x->flags & F_SLOT) && !(x->mask & M_UNKNOWN))
		return 0; /* given a handle here: the caller sees G as before */
	if (x->mask == M_ENTRY && (x->flags & F_READ))
		return EFF_BORROW;
	return -1;
}

void ts_slot_lent(struct ts_disj *d, const char *key)
{
	struct ts_obj *o = ts_find_obj(d, key);
	unsigned i;
	if (!o || o->mask != M_HELD)
		return;
	o->flags |= F_LENT;
	for (i = 0; o->twin && i < d->n_objs; i++)
		if (d->objs[i].twin == o->twin)
			d->objs[i].flags |= F_LENT;
}

/* Unknown code (no summary, no index fact) may release what an extern
 * global holds: the handle escapes. */
void ts_slot_unknown_call(struct ts_fn *fn, struct ts_state *st)
{
	unsigned i, j;
	if (!slots_on(fn))
		return;
	for (i = 0; i < st->n; i++)
		for (j = 0; j < st->d[i].n_objs; j++) {
			const struct ts_obj *o = &st->d[i].objs[j];
			if ((o->flags & F_SLOT) && is_extern_slot(o->key) && (o->mask & M_HELD))
				ts_escape(fn, &st->d[i], o->key, 0);
		}
}

const char *ts_slot_holding(const struct ts_disj *d, const struct ts_obj *o, int *keep)
{
	unsigned i;
	*keep = 0;
	if (!o->twin)
		return NULL;
	for (i = 0; i < d->n_objs; i++) {
		const struct ts_obj *t = &d->objs[i];
		if (t != o && t->twin == o->twin && is_slot_key(t->key) && (t->mask & M_HELD)) {
			*keep = !(t->flags & F_LENT);
			return t->key;
		}
	}
	return NULL;
}

void ts_slot_defer(struct ts_fn *fn, const struct ts_exit_rec *r)
{
	struct ts_tu *t = fn->t;
	struct ts_pending *p;
	DV_GROW(t->pending, t->n_pending + 1, t->alloc_pending);
	p = &t->pending[t->n_pending++];
	memset(p, 0, sizeof(*p));
	p->kind = PENDING_SLOT;
	p->fn = fn->idx;
	p->rec = *r;
}

/* Some function releases, keeps or lets escape what the global holds. */
static int slot_released(const struct ts_tu *t, const char *slot)
{
	unsigned i, k;
	const struct dv_exports *x = t->tu->imports;
	/* an extern global: without the project index, any other file might */
	if (is_extern_slot(slot) && !x)
		return 1;
	for (i = 0; i < t->tu->cg->n_funcs; i++) {
		const struct ts_summary *s = &t->sums[i];
		if (!s->valid)
			return 1; /* not analysed: it might */
		for (k = 0; k < s->n_eff; k++)
			if ((s->eff[k].kind == EFF_REL || s->eff[k].kind == EFF_UNK) &&
			    !strcmp(s->eff[k].key, slot))
				return 1;
	}
	for (i = 0; x && is_extern_slot(slot) && i < x->n; i++)
		if (x->items[i].kind == DV_EXPORT_RELEASES && x->items[i].what &&
		    !strcmp(x->items[i].what, slot) &&
		    !strcmp(x->items[i].family, t->spec->fam->family))
			return 1;
	return 0;
}

int ts_slot_report_pending(struct ts_tu *t, const struct ts_pending *p)
{
	struct ts_fn fn;
	if (p->kind != PENDING_SLOT)
		return 0;
	if (slot_released(t, p->rec.slot))
		return 1;
	memset(&fn, 0, sizeof(fn));
	fn.t = t;
	fn.idx = p->fn;
	fn.func = t->tu->cg->funcs[p->fn].cursor;
	fn.name = t->tu->cg->funcs[p->fn].name;
	ts_emit_exit(&fn, &p->rec);
	dv_cursor_memo_release(&fn.memo);
	return 1;
}

int ts_releases_pointee(const struct ts_summary *s, unsigned i)
{
	char want[24];
	unsigned k;
	snprintf(want, sizeof(want), "(*P{%u})", i);
	for (k = 0; k < s->n_eff; k++)
		if (s->eff[k].kind == EFF_REL && !strcmp(s->eff[k].key, want))
			return 1;
	return 0;
}

int ts_slot_on_store(struct ts_fn *fn, struct ts_state *st, const char *lhs, const char *lhs_name,
		     CXCursor r, CXCursor where, int is_var)
{
	if (!is_var)
		return ts_slot_store(fn, st, lhs, lhs_name, r);
	return ts_slot_read(fn, st, lhs, lhs_name, r) || ts_slot_view_decl(fn, where);
}

/* ---- diff mode: the functions the slots of a TU join ---- */

static enum CXChildVisitResult visit_global_ref(CXCursor c, CXCursor parent, CXClientData data)
{
	int *found = data;
	CXCursor d;
	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	d = clang_getCursorReferenced(c);
	if (clang_getCursorKind(d) == CXCursor_VarDecl && clang_Cursor_hasVarDeclGlobalStorage(d) == 1) {
		*found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

unsigned char *ts_slot_functions(const struct ts_tu *t)
{
	unsigned n = t->tu->cg->n_funcs, i;
	unsigned char *mark;
	if (!t->spec->fam->unknown_call_escapes || !t->spec->fam->local_objects_only)
		return NULL;
	mark = xcalloc(n ? n : 1, 1);
	for (i = 0; i < n; i++) {
		int found = 0;
		clang_visitChildren(t->tu->cg->funcs[i].cursor, visit_global_ref, &found);
		mark[i] = (unsigned char)found;
	}
	return mark;
}
