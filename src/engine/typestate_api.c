/*
 * Which API entry of the spec a call is, and the object it acts on.
 */
#include "engine/typestate_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "front/ast.h"
#include "front/cxx.h"
#include "front/decl_attrs.h"
#include "util/xalloc.h"

char *ts_type_name_of(CXType t)
{
	char *s, *lt;
	if (t.kind == CXType_Pointer || t.kind == CXType_LValueReference ||
	    t.kind == CXType_RValueReference)
		t = clang_getPointeeType(t);
	s = ts_take_cx(clang_getTypeSpelling(clang_getCanonicalType(t)));
	lt = strchr(s, '<');
	if (lt)
		*lt = 0;
	if (!strncmp(s, "const ", 6))
		memmove(s, s + 6, strlen(s + 6) + 1);
	if (!strncmp(s, "struct ", 7) || !strncmp(s, "class ", 6)) {
		char *sp = strchr(s, ' ');
		memmove(s, sp + 1, strlen(sp + 1) + 1);
	}
	return s;
}

int ts_is_guard_type(const struct dv_ts_spec *spec, CXType t)
{
	char *n;
	int r;
	if (!spec->n_guards)
		return 0;
	n = ts_type_name_of(t);
	r = ts_matches_any(spec->guards, spec->n_guards, n);
	free(n);
	return r;
}

int ts_is_guard_class_name(const struct dv_ts_spec *spec, const char *name)
{
	size_t i;
	for (i = 0; i < spec->n_guards; i++) {
		const char *g = spec->guards[i], *last = strrchr(g, ':');
		if (!strcmp(g, name) || (last && !strcmp(last + 1, name)))
			return 1;
	}
	return 0;
}

/* ---- API taught by the callee's declaration ---------------------------
 *
 * The family's api "attributes" names the attributes that make a
 * function an API entry and the op they mean; the attribute's own grammar
 * says which argument is the object:
 *   malloc, ownership_returns(kind)     the returned value
 *   ownership_takes/holds(kind, N...)   parameter N (1-based)
 *   thread-safety attributes            the parameter named in the list
 *                                       (try_*: after the success value)
 * A capability named through a macro parameter, or a global one, is read
 * as the only pointer parameter when there is exactly one, else the
 * attribute teaches nothing (globals are not modelled).
 */

static const struct ts_attr_op *attr_op(const struct dv_ts_spec *spec, const char *attr)
{
	size_t i;
	for (i = 0; i < spec->n_attr_ops; i++)
		if (!strcmp(spec->attr_ops[i].attr, attr))
			return &spec->attr_ops[i];
	return NULL;
}

static int param_is_pointer(CXCursor decl, int i)
{
	CXType t = clang_getCanonicalType(
		clang_getCursorType(clang_Cursor_getArgument(decl, (unsigned)i)));
	return t.kind == CXType_Pointer;
}

static int only_pointer_param(CXCursor decl)
{
	int n = clang_Cursor_getNumArguments(decl), i, found = -1;
	for (i = 0; i < n; i++)
		if (param_is_pointer(decl, i)) {
			if (found >= 0)
				return -1;
			found = i;
		}
	return n == 1 ? found : -1;
}

static int returns_pointer(CXCursor decl)
{
	return clang_getCanonicalType(clang_getCursorResultType(decl)).kind == CXType_Pointer;
}

/* The api entry one attribute teaches; 0 when it teaches nothing. */
static int api_from_attr(const struct dv_ts_spec *spec, CXCursor decl,
			 const struct dv_decl_attr *at, struct ts_api *a)
{
	const struct ts_attr_op *op = attr_op(spec, at->name);
	int nparams = clang_Cursor_getNumArguments(decl), i, first = 0;
	if (!op)
		return 0;
	memset(a, 0, sizeof(*a));
	a->op = op->op;
	a->sql = -1;
	a->when_null = -1;
	a->success = SUCC_ALWAYS;
	if (!strcmp(at->name, "malloc") || !strcmp(at->name, "ownership_returns")) {
		if (op->op != OP_ACQUIRE || !returns_pointer(decl))
			return 0;
		a->arg = -1;
		a->success = SUCC_NONNULL; /* a factory may fail and return NULL */
		return 1;
	}
	if (!strncmp(at->name, "ownership_", 10)) {
		int n = dv_attr_arg_number(at, 1, 1, nparams > 0 ? nparams : 1);
		if (n < 1 || n > nparams)
			return 0;
		a->arg = n - 1;
		a->deref = 0; /* the argument is the owned pointer itself */
		return 1;
	}
	if (op->op == OP_TRY) {
		int v = dv_attr_arg_number(at, 0, 0, 1);
		if (at->n_args && !strcmp(at->args[0], "true"))
			v = 1;
		else if (at->n_args && !strcmp(at->args[0], "false"))
			v = 0;
		a->success = v == 1 ? SUCC_NONNULL : v == 0 ? SUCC_ZERO : SUCC_STATUS;
		first = 1;
	}
	a->arg = -1;
	for (i = first; i < (int)at->n_args && a->arg < 0; i++)
		a->arg = dv_decl_param_named(decl, at->args[i]);
	if (a->arg < 0)
		a->arg = only_pointer_param(decl);
	if (a->arg < 0)
		return 0;
	a->deref = param_is_pointer(decl, a->arg); /* mlock(&q->lock) acts on q->lock */
	return 1;
}

static int api_from_decl(const struct dv_ts_spec *spec, CXCursor decl, struct ts_api *a)
{
	struct dv_decl_attr attrs[12];
	unsigned n = dv_decl_attrs(decl, attrs, 12), i;
	for (i = 0; i < n; i++)
		if (api_from_attr(spec, decl, &attrs[i], a))
			return 1;
	return 0;
}

/* The project index says the function, defined in another file, is a
 * factory of this family's objects. */
static int api_from_index(const struct ts_tu *t, const char *name, CXCursor decl,
			  struct ts_api *a)
{
	size_t n, i;
	const struct dv_export *e = dv_exports_find(t->tu->imports, name, t->spec->fam->family, &n);
	for (i = 0; i < n; i++)
		if (e[i].kind == DV_EXPORT_RETURNS_HANDLE) {
			memset(a, 0, sizeof(*a));
			a->op = OP_ACQUIRE;
			a->arg = -1;
			a->sql = -1;
			a->when_null = -1;
			a->success = returns_pointer(decl) ? SUCC_NONNULL : SUCC_NONNEG;
			a->from_index = 1;
			return 1;
		}
	return 0;
}

/* Does a summary key name something reachable from parameter p? */
static int key_reaches_param(const char *key, int p)
{
	char root[16];
	snprintf(root, sizeof(root), "P{%d}", p);
	return strstr(key, root) != NULL;
}

/* An `int` parameter the family's handles can be (a descriptor: the
 * family has a factory returning int) that the function only reads:
 * every use of it is an argument of a call the family knows (an API
 * entry such as read/write/fstat, or a TU function), a comparison or
 * arithmetic; passed to a function nobody here knows, it may be closed
 * or kept there, so it is no borrow. */
/* Any API entry of the family by that name (its effect on the argument
 * is then in the summary). */
static int spec_names(const struct dv_ts_spec *spec, const char *name)
{
	size_t i;
	for (i = 0; i < spec->n_apis; i++)
		if (!strcmp(spec->apis[i].name, name))
			return 1;
	return 0;
}

struct int_use_scan {
	const struct ts_tu *t;
	CXCursor parm;
	int bad;
};

static enum CXChildVisitResult visit_int_use(CXCursor c, CXCursor parent, CXClientData data)
{
	struct int_use_scan *s = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		int n = dv_ast_call_nargs(c), i, passes = 0;
		for (i = 0; i < n; i++) {
			CXCursor a = dv_ast_strip_casts(dv_ast_call_arg(c, (unsigned)i));
			passes |= clang_getCursorKind(a) == CXCursor_DeclRefExpr &&
				  clang_equalCursors(clang_getCursorReferenced(a), s->parm);
		}
		if (passes) {
			char *callee = dv_ast_callee_name(c);
			int known = callee && (spec_names(s->t->spec, callee) ||
					       dv_callgraph_callee(s->t->tu->cg, c) >= 0 ||
					       clang_Location_isInSystemHeader(clang_getCursorLocation(
						       dv_ast_callee_decl(c))));
			free(callee);
			if (!known)
				s->bad = 1;
		}
	} else if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
		   clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
		CXCursor r = dv_ast_strip_casts(dv_ast_child(c, 1));
		if (clang_getCursorKind(r) == CXCursor_DeclRefExpr &&
		    clang_equalCursors(clang_getCursorReferenced(r), s->parm))
			s->bad = 1; /* copied elsewhere */
	}
	return s->bad ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static int int_handle_param(const struct ts_tu *t, CXCursor f, int p, CXType pt)
{
	struct int_use_scan s;
	if (pt.kind != CXType_Int)
		return 0;
	s.t = t;
	s.parm = clang_Cursor_getArgument(f, (unsigned)p);
	s.bad = 0;
	clang_visitChildren(dv_ast_function_body(f), visit_int_use, &s);
	return !s.bad;
}

/* The pointer parameters of TU function i that its summary leaves alone:
 * no effect (acquire, release, escape) on anything reachable from them.
 * Only for a function returning no pointer (it might return its
 * argument, a second name the caller would not know of) whose
 * parameters are all plain data or pointers: precision first. */
static void export_borrows(const struct ts_tu *t, unsigned i, const struct ts_summary *s)
{
	CXCursor f = t->tu->cg->funcs[i].cursor;
	CXType rt = clang_getCanonicalType(clang_getCursorResultType(f));
	int n = clang_Cursor_getNumArguments(f), p;
	unsigned k;
	/* only where an unknown call would let the object escape (resources) */
	if (!t->spec->fam->unknown_call_escapes || rt.kind == CXType_Pointer ||
	    rt.kind == CXType_Record || clang_Cursor_isVariadic(f) || n <= 0 || n > 32)
		return;
	for (p = 0; p < n; p++) {
		CXType pt = clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(f, (unsigned)p)));
		struct dv_export e;
		if (pt.kind != CXType_Pointer && !int_handle_param(t, f, p, pt))
			continue;
		for (k = 0; k < s->n_eff && !key_reaches_param(s->eff[k].key, p); k++)
			;
		if (k < s->n_eff)
			continue;
		e = dv_export_fact(t->tu->cg->funcs[i].key, t->spec->fam->family,
				   DV_EXPORT_BORROWS);
		e.param = p;
		dv_exports_add_fact(t->tu->exports, &e);
	}
}

void ts_export_summaries(const struct ts_tu *t)
{
	unsigned i;
	if (!t->tu->exports)
		return;
	for (i = 0; i < t->tu->cg->n_funcs; i++) {
		const struct ts_summary *s = &t->sums[i];
		unsigned k;
		if (!s->valid || !dv_callgraph_exported(t->tu->cg, i))
			continue;
		if (s->returns_handle)
			dv_exports_add(t->tu->exports, t->tu->cg->funcs[i].key, t->spec->fam->family,
				       DV_EXPORT_RETURNS_HANDLE, -1, NULL);
		/* a lock wrapper (lock_conn(c) holds c->mu on return) */
		for (k = 0; k < s->n_eff; k++) {
			struct dv_export e;
			if (s->eff[k].kind != EFF_ACQ && s->eff[k].kind != EFF_REL &&
			    !(s->eff[k].kind == EFF_BORROW && !strncmp(s->eff[k].key, "G{c:@", 5)))
				continue;
			/* BORROWS with `what`: reads what an extern global holds
			 * and leaves it (typestate_slots.c) */
			e = dv_export_fact(t->tu->cg->funcs[i].key, t->spec->fam->family,
					   s->eff[k].kind == EFF_ACQ	   ? DV_EXPORT_ACQUIRES
					   : s->eff[k].kind == EFF_REL ? DV_EXPORT_RELEASES
								       : DV_EXPORT_BORROWS);
			e.what = (char *)s->eff[k].key;
			dv_exports_add_fact(t->tu->exports, &e);
		}
		export_borrows(t, i, s);
		ts_export_forwards(t, i, s);
	}
}

static size_t attr_slot(const char *interned, size_t cap)
{
	uintptr_t h = (uintptr_t)interned;
	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 7) & (cap - 1);
}

/* t->attr_apis is a hash table of alloc_attr_apis slots (a power of two,
 * NULL = empty) holding n_attr_apis entries. */
static void attr_apis_grow(struct ts_tu *t)
{
	size_t ncap = t->alloc_attr_apis ? 2 * t->alloc_attr_apis : 64, j;
	struct ts_attr_api **ns = xcalloc(ncap, sizeof(*ns));
	for (j = 0; j < t->alloc_attr_apis; j++) {
		size_t i;
		if (!t->attr_apis[j])
			continue;
		i = attr_slot(t->attr_apis[j]->name, ncap);
		while (ns[i])
			i = (i + 1) & (ncap - 1);
		ns[i] = t->attr_apis[j];
	}
	free(t->attr_apis);
	t->attr_apis = ns;
	t->alloc_attr_apis = ncap;
}

static struct ts_attr_api *attr_entry(struct ts_tu *t, const char *in)
{
	size_t i;
	if (!t->alloc_attr_apis)
		return NULL;
	for (i = attr_slot(in, t->alloc_attr_apis); t->attr_apis[i];
	     i = (i + 1) & (t->alloc_attr_apis - 1))
		if (t->attr_apis[i]->name == in)
			return t->attr_apis[i];
	return NULL;
}

static int has_effect(const struct ts_summary *s, const char *key, int kind)
{
	unsigned k;
	for (k = 0; k < s->n_eff; k++)
		if (s->eff[k].key == key && s->eff[k].kind == kind)
			return 1;
	return 0;
}

static struct ts_summary *summary_from_index(struct ts_tu *t, const char *name)
{
	size_t n, i;
	const struct dv_export *e = dv_exports_find(t->tu->imports, name, t->spec->fam->family, &n);
	struct ts_summary *s = NULL;
	int p;
	char tail;
	for (i = 0; i < n; i++) {
		if (e[i].kind == DV_EXPORT_BORROWS && e[i].param < 0 && e[i].what) {
			if (!s)
				s = xcalloc(1, sizeof(*s));
			s->eff = xreallocarray(s->eff, s->n_eff + 1, sizeof(*s->eff));
			s->eff[s->n_eff].key = ts_intern_str(&t->in, e[i].what);
			s->eff[s->n_eff].kind = EFF_BORROW;
			s->n_eff++;
			continue;
		}
		if (e[i].kind == DV_EXPORT_BORROWS && e[i].param >= 0 && e[i].param < 32) {
			if (!s)
				s = xcalloc(1, sizeof(*s));
			s->borrows |= 1u << e[i].param;
			continue;
		}
		if ((e[i].kind != DV_EXPORT_ACQUIRES && e[i].kind != DV_EXPORT_RELEASES) || !e[i].what)
			continue;
		if (!s)
			s = xcalloc(1, sizeof(*s));
		/* one effect per object: the same fact from two files (C++
		 * helpers of one name in several namespaces) is not a second
		 * release */
		if (!has_effect(s, ts_intern_str(&t->in, e[i].what),
				e[i].kind == DV_EXPORT_ACQUIRES ? EFF_ACQ : EFF_REL)) {
			s->eff = xreallocarray(s->eff, s->n_eff + 1, sizeof(*s->eff));
			s->eff[s->n_eff].key = ts_intern_str(&t->in, e[i].what);
			s->eff[s->n_eff].kind = e[i].kind == DV_EXPORT_ACQUIRES ? EFF_ACQ : EFF_REL;
			s->n_eff++;
		}
		/* free_conn(c): released on every return, not lost to an
		 * unknown call (a second release is a double release) */
		if (e[i].kind == DV_EXPORT_RELEASES && e[i].what[0] == 'P' && e[i].what[1] == '{' &&
		    sscanf(e[i].what, "P{%d}%c", &p, &tail) == 1 && p >= 0 && p < 32)
			s->borrows |= 1u << p;
		/* free_via(&h): what the argument points to is released */
		if (e[i].kind == DV_EXPORT_RELEASES && !strncmp(e[i].what, "(*P{", 4) &&
		    sscanf(e[i].what, "(*P{%d})%c", &p, &tail) == 1 && p >= 0 && p < 32)
			s->borrows |= 1u << p;
	}
	if (s)
		s->valid = 1;
	return s;
}

/* A new entry for interned name `in` (absent from the table). */
static struct ts_attr_api *attr_insert(struct ts_tu *t, const char *in)
{
	struct ts_attr_api *e;
	size_t i;
	if (2 * (t->n_attr_apis + 1) > t->alloc_attr_apis)
		attr_apis_grow(t);
	for (i = attr_slot(in, t->alloc_attr_apis); t->attr_apis[i];
	     i = (i + 1) & (t->alloc_attr_apis - 1))
		;
	e = xcalloc(1, sizeof(*e));
	e->name = in;
	e->api.name = in;
	t->attr_apis[i] = e;
	t->n_attr_apis++;
	return e;
}

const struct ts_summary *ts_imported_summary(struct ts_fn *fn, CXCursor call)
{
	struct ts_tu *t = fn->t;
	struct ts_attr_api *e, *by_name;
	struct dv_call_targets tg;
	enum CXCursorKind dk = clang_getCursorKind(dv_ast_callee_decl(call));
	const char *in, *in_key;
	char *name, *key;
	if (!t->tu->imports || (dk != CXCursor_FunctionDecl && dk != CXCursor_CXXMethod) ||
	    dv_callgraph_callee(t->tu->cg, call) >= 0)
		return NULL;
	/* effects (a release, a borrow) are the function's the call
	 * certainly runs: a virtual call of unknown dynamic type may run an
	 * override no file here declares (engine/callgraph.h) */
	dv_callgraph_targets(t->tu->cg, call, &tg);
	if (!tg.exact || tg.n != 1 || !(key = dv_cxx_fact_key(tg.decl[0])))
		return NULL;
	in_key = ts_intern_str(&t->in, key);
	free(key);
	name = dv_ast_callee_name(call);
	if (!name)
		return NULL;
	in = ts_intern_str(&t->in, name);
	free(name);
	/* attr_api made the entry when ts_find_api looked the name up: an
	 * API the declaration or the index teaches wins */
	by_name = attr_entry(t, in);
	if (dk == CXCursor_FunctionDecl && (!by_name || by_name->found))
		return NULL;
	/* C++: the facts are the qualified identity's (front/cxx.h) */
	e = in_key == in ? by_name : attr_entry(t, in_key);
	if (!e)
		e = attr_insert(t, in_key);
	if (e->found)
		return NULL;
	if (!e->imported_done) {
		e->imported = summary_from_index(t, in_key);
		e->imported_done = 1;
	}
	return e->imported;
}

static const struct ts_api *attr_api(struct ts_fn *fn, const char *name, CXCursor call,
				    CXCursor decl)
{
	struct ts_tu *t = fn->t;
	struct ts_attr_api *e;
	const char *in;
	char *key;
	if (!t->spec->n_attr_ops && !t->tu->imports)
		return NULL;
	in = ts_intern_str(&t->in, name);
	/* open addressing on the interned pointer: a generated TU calls a
	 * million distinct functions, a list made every call O(n) */
	if ((e = attr_entry(t, in)) != NULL)
		return e->found ? &e->api : NULL;
	e = attr_insert(t, in);
	key = dv_cxx_fact_key(decl);
	e->found = api_from_decl(t->spec, decl, &e->api) ||
		   (key && dv_callgraph_callee(t->tu->cg, call) < 0 &&
		    api_from_index(t, key, decl, &e->api));
	free(key);
	e->api.name = in;
	return e->found ? &e->api : NULL;
}

void ts_attr_apis_release(struct ts_tu *t)
{
	size_t i;
	for (i = 0; i < t->alloc_attr_apis; i++) {
		if (!t->attr_apis[i])
			continue;
		if (t->attr_apis[i]->imported) {
			ts_summary_release(t->attr_apis[i]->imported);
			free(t->attr_apis[i]->imported);
		}
		free(t->attr_apis[i]);
	}
	free(t->attr_apis);
	t->attr_apis = NULL;
	t->n_attr_apis = t->alloc_attr_apis = 0;
}

/* A function declared to acquire one of its parameters' objects returns
 * holding it by design (the wrapper itself is no leak). */
int ts_decl_returns_held(const struct ts_tu *t, CXCursor func)
{
	struct ts_api a;
	if (!t->spec->n_attr_ops || !api_from_decl(t->spec, func, &a))
		return 0;
	return (a.op == OP_ACQUIRE || a.op == OP_TRY) && a.arg >= 0;
}

static int arg_is_null(CXCursor call, int i)
{
	CXCursor e;
	enum CXCursorKind k;
	long long v;
	if (i >= dv_ast_call_nargs(call))
		return 0;
	e = dv_ast_strip_casts(dv_ast_call_arg(call, (unsigned)i));
	k = clang_getCursorKind(e);
	if (k == CXCursor_GNUNullExpr || k == CXCursor_CXXNullPtrLiteralExpr)
		return 1;
	return dv_ast_int_value(e, &v) == 0 && v == 0;
}

/* A function declared to release a capability, or to require one held by
 * its caller (thread-safety attributes): releasing what it did not take
 * is its contract.  Global capabilities count too (no parameter needed). */
int ts_decl_releases(const struct ts_tu *t, CXCursor func)
{
	static const char *const requires[] = {
		"requires_capability", "requires_shared_capability", "exclusive_locks_required",
		"shared_locks_required",
	};
	struct dv_decl_attr attrs[12];
	unsigned n = dv_decl_attrs(func, attrs, 12), i, j;
	for (i = 0; i < n; i++) {
		const struct ts_attr_op *op = attr_op(t->spec, attrs[i].name);
		if (op && op->op == OP_RELEASE)
			return 1;
		for (j = 0; j < sizeof(requires) / sizeof(requires[0]); j++)
			if (!strcmp(attrs[i].name, requires[j]))
				return 1;
	}
	return 0;
}

/* The API entry a call matches: the spec's entries by name, else what
 * the callee's declaration teaches; *on_guard set for member calls on a
 * RAII guard object (unique_lock::unlock). */
const struct ts_api *ts_find_api(struct ts_fn *fn, const char *name, CXCursor call,
				 int *on_guard)
{
	const struct dv_ts_spec *spec = fn->t->spec;
	size_t i;
	CXCursor decl;
	enum CXCursorKind dk;
	*on_guard = 0;
	if (!name)
		return NULL;
	/* a call through a function pointer named like an API (class->open) */
	decl = dv_ast_callee_decl(call);
	dk = clang_getCursorKind(decl);
	if (clang_Cursor_isNull(decl) || dk == CXCursor_FieldDecl || dk == CXCursor_VarDecl ||
	    dk == CXCursor_ParmDecl)
		return NULL;
	for (i = 0; i < spec->n_apis; i++) {
		const struct ts_api *a = &spec->apis[i];
		CXCursor obj;
		char *cls;
		int ok;
		if (strcmp(a->name, name) != 0)
			continue;
		if (a->when_null >= 0 && !arg_is_null(call, a->when_null))
			continue;
		if (!a->member)
			return a;
		obj = dv_ast_call_object(call);
		if (clang_Cursor_isNull(obj))
			continue;
		cls = ts_type_name_of(clang_getCursorType(obj));
		ok = ts_matches_any(spec->member_classes, spec->n_member_classes, cls);
		if (!ok && ts_matches_any(spec->guards, spec->n_guards, cls))
			ok = *on_guard = 1;
		free(cls);
		if (ok)
			return a;
	}
	if (dk == CXCursor_FunctionDecl)
		return attr_api(fn, name, call, decl);
	return NULL;
}

static int sql_matches(const char *const *pats, size_t n, const char *sql)
{
	size_t i;
	while (*sql && isspace((unsigned char)*sql))
		sql++;
	for (i = 0; i < n; i++) {
		size_t l = strlen(pats[i]);
		if (!strncasecmp(sql, pats[i], l) && !ts_is_ident_char(sql[l]))
			return 1;
	}
	return 0;
}

/* Key (interned) and display name of the object an API call acts on. */
const char *ts_api_object(struct ts_fn *fn, const struct ts_api *a, CXCursor call,
			  const char **name_out, const char **order_out)
{
	CXCursor e;
	char *k;
	const char *suffix;
	*name_out = NULL;
	if (order_out)
		*order_out = NULL;
	if (a->member) {
		e = dv_ast_call_object(call);
		k = xstrdup(ts_key_of(fn, e));
		if (k && ts_is_pointer_expr(e)) {
			char *dk = ts_deref_key(k);
			free(k);
			k = dk;
		}
	} else {
		if (a->arg < 0 || a->arg >= dv_ast_call_nargs(call))
			return NULL;
		e = dv_ast_call_arg(call, (unsigned)a->arg);
		k = xstrdup(ts_key_of(fn, e));
		if (k && a->deref) {
			char *dk = ts_deref_key(k);
			free(k);
			k = dk;
		}
	}
	if (!k)
		return NULL;
	suffix = ts_fam(fn)->key_suffix;
	if (!suffix && a->op == OP_QUERY)
		suffix = "#query"; /* a query's BEGIN and COMMIT act on a state of the connection */
	if (suffix) {
		char *tk = xasprintf("%s%s", k, suffix);
		free(k);
		k = tk;
	}
	*name_out = ts_display_of(fn, e);
	if (order_out)
		*order_out = ts_in_take(fn, ts_order_id_of(k));
	return ts_in_take(fn, k);
}

/* For a query call: +1 BEGIN, -1 COMMIT/ROLLBACK, 0 other. */
int ts_query_kind(const struct dv_ts_spec *spec, const struct ts_api *a, CXCursor call)
{
	char *sql;
	int r = 0;
	if (a->sql < 0 || a->sql >= dv_ast_call_nargs(call))
		return 0;
	sql = dv_ast_string_value(dv_ast_call_arg(call, (unsigned)a->sql));
	if (!sql)
		return 0;
	if (sql_matches(spec->sql_begin, spec->n_sql_begin, sql))
		r = 1;
	else if (sql_matches(spec->sql_end, spec->n_sql_end, sql))
		r = -1;
	free(sql);
	return r;
}

const struct ts_summary *ts_callee_summary(struct ts_fn *fn, CXCursor call)
{
	long i = dv_callgraph_callee(fn->t->tu->cg, call);
	if (i < 0)
		return NULL;
	return &fn->t->sums[i];
}

int ts_decl_in_system_header(CXCursor call)
{
	CXCursor d = dv_ast_callee_decl(call);
	if (clang_Cursor_isNull(d))
		return 0;
	return clang_Location_isInSystemHeader(clang_getCursorLocation(d));
}

/* The call's value is consumed by the caller (argument, return): a
 * try-acquire result is then checked somewhere we do not follow. */
const char *ts_call_result_object(struct ts_fn *fn, CXCursor e)
{
	const struct ts_api *a;
	int on_guard;
	const char *name;
	char *callee;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return NULL;
	callee = dv_ast_callee_name(e);
	a = ts_find_api(fn, callee, e, &on_guard);
	free(callee);
	if (!a || (a->op != OP_ACQUIRE && a->op != OP_TRY && a->op != OP_QUERY) || a->arg < 0 ||
	    on_guard || (a->op == OP_QUERY && ts_query_kind(fn->t->spec, a, e) <= 0))
		return NULL;
	return ts_api_object(fn, a, e, &name, NULL);
}

/* `return fopen(path, "a");`: the call hands back a new object of the
 * family (an API factory, or a TU function summarised as one), so the
 * returning function is a factory too. */
int ts_call_returns_fresh(struct ts_fn *fn, CXCursor call)
{
	const struct ts_api *a;
	const struct ts_summary *s = NULL;
	int on_guard;
	char *callee = dv_ast_callee_name(call);
	a = ts_find_api(fn, callee, call, &on_guard);
	if (!a)
		s = ts_callee_summary(fn, call);
	free(callee);
	if (a)
		return a->op == OP_ACQUIRE && a->arg < 0 && !on_guard;
	return s && s->valid && s->returns_handle;
}
