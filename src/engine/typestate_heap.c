/*
 * Allocator kinds and C++ new / delete.  An API entry may name the kind
 * of allocator it belongs to ("malloc", "new", "new[]" in
 * rules/resources.json); an object released by an entry of another kind
 * (`delete` of malloc'd memory, `delete` of `new[]`) is a mismatch.  C++
 * new-expressions are acquires of the "operator new" / "operator new[]"
 * entries, and the dataflow hands `delete` to us as a call of "operator
 * delete" / "operator delete[]" (dataflow.h).  Also the stores that replace
 * a held handle for good (`p = malloc(n)` over a live p).
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "front/ast.h"

static const struct ts_api *api_named(const struct dv_ts_spec *spec, const char *name)
{
	size_t i;
	for (i = 0; i < spec->n_apis; i++)
		if (!spec->apis[i].member && !strcmp(spec->apis[i].name, name))
			return &spec->apis[i];
	return NULL;
}

/* `new T[n]`: a '[' at bracket depth 0 after the type, not inside a
 * placement or initialiser (`new (buf) T(a[1])`). */
static int new_is_array(CXCursor e)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(e);
	CXToken *toks = NULL;
	unsigned n = 0, i;
	int depth = 0, array = 0, seen_type = 0;
	clang_tokenize(tu, clang_getCursorExtent(e), &toks, &n);
	for (i = 1; i < n && !array; i++) {
		CXString ts = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(ts);
		if (!strcmp(t, "(") || !strcmp(t, "{")) {
			if (seen_type && depth == 0) {
				clang_disposeString(ts);
				break; /* the initialiser of a single object */
			}
			depth++;
		} else if (!strcmp(t, ")") || !strcmp(t, "}")) {
			depth--;
		} else if (depth == 0 && !strcmp(t, "[")) {
			array = 1;
		} else if (depth == 0) {
			seen_type = 1;
		}
		clang_disposeString(ts);
	}
	clang_disposeTokens(tu, toks, n);
	return array;
}

const struct ts_api *ts_new_api(const struct dv_ts_spec *spec, CXCursor rhs)
{
	if (clang_getCursorKind(rhs) != CXCursor_CXXNewExpr)
		return NULL;
	return api_named(spec, new_is_array(rhs) ? "operator new[]" : "operator new");
}

void ts_release_kind(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		     const char *name, const char *kind, const char *via, CXCursor site)
{
	const struct dv_ts_family *fam = ts_fam(fn);
	struct ts_obj *o = ts_find_obj(d, key);
	if (reporting && fam->mismatch.rule && o && o->mask == M_HELD && o->kind && kind &&
	    strcmp(o->kind, kind) != 0 && !clang_Cursor_isNull(o->acq) &&
	    ts_first_report(fn, fam->mismatch.rule, key)) {
		struct ts_msg_args at = {.name = o->name ? o->name : name, .via = o->via, .held = via};
		struct ts_msg_args acq = {.name = o->name ? o->name : name, .via = o->via};
		struct dv_finding *f = ts_report(fn->t->tu->sink, fam->mismatch.rule, site,
						 fam->mismatch.message, &at);
		ts_set_function(fn, f);
		ts_add_related(fn->t->tu->sink, f, o->acq, fam->mismatch.acquired_here, &acq);
	}
	ts_release(fn, reporting, d, key, name, site);
}

void ts_on_delete(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	const struct ts_api *a = ev->callee ? api_named(fn->t->spec, ev->callee) : NULL;
	const char *key, *name;
	int reporting = ev->reporting && fn->report;
	unsigned i;
	if (!a || a->op != OP_RELEASE || ev->n_args != 1)
		return;
	key = ts_in_take(fn, ts_expr_key(fn->func, ev->args[0]));
	if (!key)
		return;
	name = ts_in_take(fn, ts_display_text(ev->args[0]));
	for (i = 0; i < st->n; i++)
		ts_release_kind(fn, reporting, &st->d[i], key, name, a->kind, ev->callee, ev->cursor);
}

/* The value stored replaces a handle for good: a null or integer
 * constant (`f = NULL`, `fd = -1`) or a fresh acquire (`p = malloc(n)`).
 * Other values may be derived from the old one (`p = p->next`,
 * `s = skip(s)`) and are not judged. */
int ts_replaces_handle(struct ts_fn *fn, CXCursor r)
{
	long long v;
	enum CXCursorKind k = clang_getCursorKind(r);
	if (k == CXCursor_GNUNullExpr || k == CXCursor_CXXNullPtrLiteralExpr ||
	    k == CXCursor_CXXNewExpr || dv_ast_int_value(r, &v) == 0)
		return 1;
	if (k == CXCursor_CallExpr) {
		char *callee = dv_ast_callee_name(r);
		int on_guard = 0;
		const struct ts_api *a = ts_find_api(fn, callee, r, &on_guard);
		free(callee);
		if (a)
			return !on_guard && (a->op == OP_ACQUIRE || a->op == OP_TRY) && a->arg < 0;
		return ts_call_returns_fresh(fn, r);
	}
	return 0;
}

/* `a = malloc(n); a = malloc(m);`, `f = fopen(p); f = NULL;`: the first
 * handle, acquired here and held on this path, has no name left. */
void ts_report_overwritten(struct ts_fn *fn, const struct ts_obj *o, CXCursor where)
{
	const struct dv_ts_family *fam = ts_fam(fn);
	struct ts_msg_args args = {.name = o->name, .via = o->via};
	struct dv_finding *f;
	if (!fam->exit.rule || !fam->exit.overwritten || clang_Cursor_isNull(o->acq) ||
	    !ts_first_report(fn, fam->exit.rule, o->key))
		return;
	f = ts_report(fn->t->tu->sink, fam->exit.rule, where, fam->exit.overwritten, &args);
	ts_set_function(fn, f);
	ts_add_related(fn->t->tu->sink, f, o->acq, fam->exit.acquired_here, &args);
}
