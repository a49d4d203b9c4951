/*
 * What the callers of a function do with an object the function leaves
 * held, or releases in its entry state: the evidence that makes a lock
 * function a wrapper (a caller releases what it returns holding, or takes
 * what it releases) rather than a forgotten unlock or a stray one.  The
 * callers come later in the bottom-up order, so their bodies are read
 * (API calls on the same lock identity, the order id: a global, or a
 * struct field whatever the instance), one call level deep into the TU
 * functions they call.  Used by families with held_exit_needs_evidence or
 * entry_release_unheld (locks).
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "engine/callgraph.h"
#include "front/ast.h"
#include "util/xalloc.h"

/* A lock API call on the object (+1 acquire, -1 release) or a call of
 * the judged function (0), by its offset in the caller's file. */
struct caller_event {
	unsigned off;
	int kind;
};

struct caller_scan {
	struct ts_fn tmp; /* the function being read, for keys and API lookup */
	const char *oid;
	unsigned target;  /* the judged function */
	unsigned depth;
	int nested_kind;  /* inside a callee of the caller: the last API hit */
	struct caller_event *ev;
	size_t n_ev, alloc_ev;
};

static void scan_function(struct caller_scan *s, unsigned idx);

static int api_kind(struct caller_scan *s, CXCursor call, const char *callee)
{
	int on_guard;
	const struct ts_api *a = ts_find_api(&s->tmp, callee, call, &on_guard);
	const char *name, *order;
	int kind;
	if (!a || on_guard)
		return 0;
	kind = a->op == OP_RELEASE ? -1 : a->op == OP_ACQUIRE || a->op == OP_TRY ? 1 : 0;
	return kind && ts_api_object(&s->tmp, a, call, &name, &order) && order == s->oid ? kind : 0;
}

static unsigned call_offset(CXCursor c)
{
	unsigned off = 0;
	clang_getFileLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
	return off;
}

static void add_event(struct caller_scan *s, CXCursor c, int kind)
{
	DV_GROW(s->ev, s->n_ev + 1, s->alloc_ev);
	s->ev[s->n_ev].off = call_offset(c);
	s->ev[s->n_ev++].kind = kind;
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct caller_scan *s = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		char *callee = dv_ast_callee_name(c);
		int kind = callee ? api_kind(s, c, callee) : 0;
		long idx;
		if (kind && s->depth == 0)
			add_event(s, c, kind);
		else if (kind)
			s->nested_kind = kind;
		else if (s->depth == 0 && (idx = dv_callgraph_callee(s->tmp.t->tu->cg, c)) >= 0) {
			if ((unsigned)idx == s->target) {
				add_event(s, c, 0);
			} else if ((unsigned)idx != s->tmp.idx) {
				/* a helper of the caller that takes or drops the lock
				 * counts where it is called, with its last API call */
				s->nested_kind = 0;
				scan_function(s, (unsigned)idx);
				if (s->nested_kind)
					add_event(s, c, s->nested_kind);
			}
		}
		free(callee);
	}
	return CXChildVisit_Recurse;
}

static void scan_function(struct caller_scan *s, unsigned idx)
{
	struct ts_fn saved = s->tmp;
	const struct dv_function *f = &s->tmp.t->tu->cg->funcs[idx];
	s->tmp.idx = idx;
	s->tmp.func = f->cursor;
	s->tmp.name = f->name;
	s->depth++;
	clang_visitChildren(f->cursor, visit, s);
	s->depth--;
	saved.memo = s->tmp.memo; /* grown meanwhile: kept (cursors differ per function) */
	s->tmp = saved;
}

/* Does some call of the target sit where the caller holds the lock (the
 * nearest lock call before it acquires: the target releases a lock its
 * caller took) or, want_release, where the caller releases it next (the
 * target returns holding a lock its caller drops)?  Text order stands in
 * for control flow: the scan is evidence for a wrapper, not a proof, and
 * a caller that takes the lock only after the call, or drops it before,
 * is none. */
static int order_says_wrapper(const struct caller_scan *s, int want_release)
{
	size_t i, j;
	for (i = 0; i < s->n_ev; i++) {
		if (s->ev[i].kind != 0)
			continue;
		if (!want_release) {
			for (j = i; j-- > 0;)
				if (s->ev[j].kind != 0) {
					if (s->ev[j].kind > 0)
						return 1;
					break;
				}
		} else {
			for (j = i + 1; j < s->n_ev; j++)
				if (s->ev[j].kind != 0) {
					if (s->ev[j].kind < 0)
						return 1;
					break;
				}
		}
	}
	return 0;
}

static int compare_events(const void *a, const void *b)
{
	const struct caller_event *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

int ts_callers_use(struct ts_fn *fn, const char *oid, int want_release)
{
	const struct dv_function *df = &fn->t->tu->cg->funcs[fn->idx];
	struct caller_scan s;
	unsigned i;
	int found = 0;
	if (!oid)
		return 0;
	for (i = 0; i < fn->n_evidence; i++)
		if (fn->evidence[i].oid == oid && fn->evidence[i].want_release == want_release)
			return fn->evidence[i].found;
	memset(&s, 0, sizeof(s));
	s.tmp.t = fn->t;
	s.oid = oid;
	s.target = fn->idx;
	for (i = 0; i < df->n_callers && !found; i++) {
		if (df->callers[i] == fn->idx)
			continue;
		s.n_ev = 0;
		s.depth = (unsigned)-1; /* scan_function makes it 0 for the caller itself */
		scan_function(&s, df->callers[i]);
		qsort(s.ev, s.n_ev, sizeof(*s.ev), compare_events);
		found = order_says_wrapper(&s, want_release);
	}
	free(s.ev);
	dv_cursor_memo_release(&s.tmp.memo);
	if (fn->n_evidence < sizeof(fn->evidence) / sizeof(fn->evidence[0])) {
		fn->evidence[fn->n_evidence].oid = oid;
		fn->evidence[fn->n_evidence].want_release = want_release;
		fn->evidence[fn->n_evidence].found = found;
		fn->n_evidence++;
	}
	return found;
}

/* ---- locks initialised as recursive anywhere in the TU ---- */

struct rec_scan {
	struct ts_fn tmp;
};

/* The variable an argument `&v` / `v` names (null cursor when another
 * expression). */
static CXCursor named_var(CXCursor e)
{
	CXCursor s = dv_ast_strip(e), null = clang_getNullCursor();
	if (clang_getCursorKind(s) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_AddrOf)
		s = dv_ast_strip(dv_ast_child(s, 0));
	if (clang_getCursorKind(s) != CXCursor_DeclRefExpr)
		return null;
	s = clang_getCursorReferenced(s);
	return clang_getCursorKind(s) == CXCursor_VarDecl || clang_getCursorKind(s) == CXCursor_ParmDecl
		       ? s
		       : null;
}

struct attr_scan {
	const struct ts_api *a;
	CXCursor attr;
	int recursive;
};

/* One value of the setter: an enum constant in the list is recursive;
 * another enum constant is not; anything else (a variable, a
 * computed kind) is not known, taken as recursive so that no double
 * lock is claimed on a lock that may well be one. */
static int value_is_recursive(const struct ts_api *a, CXCursor v)
{
	CXCursor s = dv_ast_strip(v), d;
	const cJSON *x;
	int r = 1;
	if (clang_getCursorKind(s) != CXCursor_DeclRefExpr)
		return clang_getCursorKind(s) != CXCursor_IntegerLiteral;
	d = clang_getCursorReferenced(s);
	if (clang_getCursorKind(d) != CXCursor_EnumConstantDecl)
		return 1;
	CXString sp = clang_getCursorSpelling(d);
	r = 0;
	cJSON_ArrayForEach(x, a->rec_values)
	{
		if (!strcmp(x->valuestring, clang_getCString(sp)))
			r = 1;
	}
	clang_disposeString(sp);
	return r;
}

static enum CXChildVisitResult visit_attr(CXCursor c, CXCursor parent, CXClientData data)
{
	struct attr_scan *s = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr &&
	    dv_ast_call_nargs(c) > s->a->rec_value_arg) {
		char *callee = dv_ast_callee_name(c);
		if (callee && !strcmp(callee, s->a->rec_setter) &&
		    clang_equalCursors(named_var(dv_ast_call_arg(c, 0)), s->attr) &&
		    value_is_recursive(s->a, dv_ast_call_arg(c, (unsigned)s->a->rec_value_arg)))
			s->recursive = 1;
		free(callee);
	}
	return CXChildVisit_Recurse;
}

/* An init with "recursive_if": whether its attribute argument was made
 * recursive in this function. */
static int init_is_recursive(struct rec_scan *s, const struct ts_api *a, CXCursor call)
{
	struct attr_scan as;
	if (a->recursive)
		return 1;
	if (!a->rec_setter || a->rec_arg >= dv_ast_call_nargs(call))
		return 0;
	memset(&as, 0, sizeof(as));
	as.a = a;
	as.attr = named_var(dv_ast_call_arg(call, (unsigned)a->rec_arg));
	if (clang_Cursor_isNull(as.attr))
		return 0;
	clang_visitChildren(s->tmp.func, visit_attr, &as);
	return as.recursive;
}

static enum CXChildVisitResult visit_rec(CXCursor c, CXCursor parent, CXClientData data)
{
	struct rec_scan *s = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		char *callee = dv_ast_callee_name(c);
		int on_guard;
		const struct ts_api *a = callee ? ts_find_api(&s->tmp, callee, c, &on_guard) : NULL;
		const char *name, *order;
		struct ts_tu *t = s->tmp.t;
		if (a && a->op == OP_INIT && !on_guard && init_is_recursive(s, a, c) &&
		    ts_api_object(&s->tmp, a, c, &name, &order) && order) {
			DV_GROW(t->recursive, t->n_recursive + 1, t->alloc_recursive);
			t->recursive[t->n_recursive++] = order;
		}
		free(callee);
	}
	return CXChildVisit_Recurse;
}

void ts_collect_recursive(struct ts_tu *t)
{
	struct rec_scan s;
	unsigned i;
	size_t k;
	int any = 0;
	for (k = 0; k < t->spec->n_apis; k++)
		any |= t->spec->apis[k].op == OP_INIT &&
		       (t->spec->apis[k].recursive || t->spec->apis[k].rec_setter);
	if (!any)
		return;
	memset(&s, 0, sizeof(s));
	s.tmp.t = t;
	for (i = 0; i < t->tu->cg->n_funcs; i++) {
		s.tmp.idx = i;
		s.tmp.func = t->tu->cg->funcs[i].cursor;
		s.tmp.name = t->tu->cg->funcs[i].name;
		clang_visitChildren(s.tmp.func, visit_rec, &s);
	}
	dv_cursor_memo_release(&s.tmp.memo);
}

int ts_is_recursive_lock(const struct ts_tu *t, const char *order_id)
{
	size_t i;
	for (i = 0; order_id && i < t->n_recursive; i++)
		if (t->recursive[i] == order_id)
			return 1;
	return 0;
}
