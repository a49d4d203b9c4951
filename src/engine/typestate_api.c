/*
 * Which API entry of the spec a call is, and the object it acts on.
 */
#include "engine/typestate_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "front/ast.h"
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

/* The API entry a call matches; *guard_obj set for member calls on a
 * RAII guard object (unique_lock::unlock). */
const struct ts_api *ts_find_api(const struct dv_ts_spec *spec, const char *name, CXCursor call,
				 int *on_guard)
{
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
	char *k, *text;
	const char *suffix;
	*name_out = NULL;
	if (order_out)
		*order_out = NULL;
	if (a->member) {
		e = dv_ast_call_object(call);
		k = ts_expr_key(fn->func, e);
		if (k && ts_is_pointer_expr(e)) {
			char *dk = ts_deref_key(k);
			free(k);
			k = dk;
		}
	} else {
		if (a->arg < 0 || a->arg >= dv_ast_call_nargs(call))
			return NULL;
		e = dv_ast_call_arg(call, (unsigned)a->arg);
		k = ts_expr_key(fn->func, e);
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
	text = ts_display_text(e);
	*name_out = ts_in_take(fn, text);
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
	a = ts_find_api(fn->t->spec, callee, e, &on_guard);
	free(callee);
	if (!a || (a->op != OP_ACQUIRE && a->op != OP_TRY && a->op != OP_QUERY) || a->arg < 0 ||
	    on_guard || (a->op == OP_QUERY && ts_query_kind(fn->t->spec, a, e) <= 0))
		return NULL;
	return ts_api_object(fn, a, e, &name, NULL);
}
