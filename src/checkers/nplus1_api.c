/*
 * The nplus1 family's API knowledge (rules/nplus1.json "api", merged with
 * the project config): loading, matching a call to an entry (exact, glob,
 * qualified C++ name) and prepares cached in a long-lived handle.
 */
#include "checkers/nplus1_internal.h"
#include "diffvet/diffvet.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- API knowledge ---- */

static const struct {
	const char *name;
	enum np_op op;
} op_names[] = {
	{ "query", NP_QUERY },       { "prepare", NP_PREPARE },     { "execute", NP_EXECUTE },
	{ "fetch", NP_FETCH },       { "row_value", NP_ROW_VALUE }, { "row_count", NP_ROW_COUNT },
	{ "bind_column", NP_BIND_COLUMN }, { "each", NP_EACH },
};

static int read_arg(const cJSON *obj, const char *field, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);
	*out = -1;
	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 31 ||
	    v->valuedouble != (double)(int)v->valuedouble)
		return -1;
	*out = (int)v->valuedouble;
	return 0;
}

int np_api_load(const struct dv_ruleset *rules, struct np_api *api, struct dv_error *err)
{
	const cJSON *root = dv_ruleset_api(rules, "nplus1"), *funcs, *item, *flag;
	size_t i = 0, k;
	memset(api, 0, sizeof(*api));
	if (!root)
		return 0;
	flag = cJSON_GetObjectItemCaseSensitive(root, "report_prepared_execute");
	if (flag && !cJSON_IsBool(flag))
		return dv_error_set(err, DV_ERR_INPUT,
				    "api 'nplus1' field 'report_prepared_execute': expected true or false");
	api->report_execute = cJSON_IsTrue(flag);
	if (dv_api_strings(rules, "nplus1", root, "control_statements", &api->control, &api->n_control,
			   err))
		return err->code;
	if (dv_api_strings(rules, "nplus1", root, "text_copies", &api->copies, &api->n_copies, err) ||
	    dv_api_strings(rules, "nplus1", root, "text_keepers", &api->keepers, &api->n_keepers, err))
		return err->code;
	funcs = cJSON_GetObjectItemCaseSensitive(root, "functions");
	if (!funcs)
		return 0;
	if (!cJSON_IsArray(funcs))
		return dv_error_set(err, DV_ERR_INPUT, "api 'nplus1' field 'functions': expected an array");
	api->funcs = xcalloc((size_t)cJSON_GetArraySize(funcs) + 1, sizeof(*api->funcs));
	cJSON_ArrayForEach(item, funcs) {
		struct np_func *f = &api->funcs[i];
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
		const cJSON *op = cJSON_GetObjectItemCaseSensitive(item, "op");
		const cJSON *row = cJSON_GetObjectItemCaseSensitive(item, "row");
		if (!cJSON_IsString(name) || !name->valuestring[0])
			return dv_error_set(err, DV_ERR_INPUT,
					    "api 'nplus1' field 'functions[%zu].name': expected a string", i);
		f->name = name->valuestring;
		f->op = NP_NONE;
		for (k = 0; cJSON_IsString(op) && k < sizeof(op_names) / sizeof(op_names[0]); k++)
			if (!strcmp(op->valuestring, op_names[k].name))
				f->op = op_names[k].op;
		if (f->op == NP_NONE)
			return dv_error_set(err, DV_ERR_INPUT,
					    "api 'nplus1' field 'functions[%zu].op': expected one of query, "
					    "prepare, execute, fetch, row_value, row_count, bind_column, each",
					    i);
		if (read_arg(item, "sql", &f->sql) || read_arg(item, "stmt", &f->stmt) ||
		    read_arg(item, "arg", &f->arg) || read_arg(item, "conn", &f->conn) ||
		    read_arg(item, "row_callback", &f->row_callback))
			return dv_error_set(err, DV_ERR_INPUT,
					    "api 'nplus1' field 'functions[%zu]' ('%s'): sql, stmt, arg, conn "
					    "and row_callback are argument indexes 0..31",
					    i, f->name);
		if (row && !cJSON_IsBool(row))
			return dv_error_set(err, DV_ERR_INPUT,
					    "api 'nplus1' field 'functions[%zu].row': expected true or false", i);
		f->row = cJSON_IsTrue(row);
		if (f->conn < 0)
			f->conn = 0;
		i++;
	}
	api->n_funcs = i;
	return 0;
}

/* "ns::Class::method" of a declaration (named scopes only). */
char *np_qualified_name(CXCursor d)
{
	char *out = NULL;
	unsigned guard = 0;
	while (!clang_Cursor_isNull(d) && clang_getCursorKind(d) != CXCursor_TranslationUnit &&
	       guard++ < 32) {
		CXString s = clang_getCursorSpelling(d);
		const char *sp = clang_getCString(s);
		char *next = out ? xasprintf("%s::%s", sp ? sp : "", out) : xstrdup(sp ? sp : "");
		clang_disposeString(s);
		free(out);
		out = next;
		d = clang_getCursorSemanticParent(d);
	}
	return out;
}

static int name_matches(const char *pattern, const char *name)
{
	if (strpbrk(pattern, "*?["))
		return fnmatch(pattern, name, 0) == 0;
	return !strcmp(pattern, name);
}

const struct np_func *np_classify(const struct np_api *api, CXCursor call)
{
	char *name, *qual = NULL;
	const struct np_func *hit = NULL;
	size_t i;
	if (!api->n_funcs || clang_getCursorKind(call) != CXCursor_CallExpr)
		return NULL;
	name = dv_ast_callee_name(call);
	if (!name)
		return NULL;
	for (i = api->n_funcs; i-- > 0 && !hit;) {
		const struct np_func *f = &api->funcs[i];
		if (strstr(f->name, "::")) {
			if (!qual) {
				CXCursor d = dv_ast_callee_decl(call);
				qual = clang_Cursor_isNull(d) ? xstrdup("") : np_qualified_name(d);
			}
			if (name_matches(f->name, qual))
				hit = f;
		} else if (name_matches(f->name, name)) {
			hit = f;
		}
	}
	free(name);
	free(qual);
	return hit;
}

/* ---- cached prepares ---- */

struct key_scan {
	const char *key;
	int found;
};

static enum CXChildVisitResult visit_key(CXCursor c, CXCursor parent, void *data)
{
	struct key_scan *ks = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
		char *key = dv_ast_lvalue_key(c);
		ks->found = key && !strcmp(key, ks->key);
		free(key);
		if (ks->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

struct guard_scan {
	CXCursor call;
	const char *key;
	int guarded;
};

static enum CXChildVisitResult visit_guard(CXCursor c, CXCursor parent, void *data)
{
	struct guard_scan *g = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
	    (clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_LAnd ||
	     clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_LOr)) {
		/* if (!st && sqlite3_prepare_v2(..., &st, ...)) */
		CXCursor lhs = dv_ast_child(c, 0);
		if (np_contains_cursor(dv_ast_child(c, 1), g->call)) {
			struct key_scan ks = { g->key, 0 };
			visit_key(lhs, lhs, &ks);
			if (!ks.found)
				clang_visitChildren(lhs, visit_key, &ks);
			g->guarded = ks.found;
			if (g->guarded)
				return CXChildVisit_Break;
		}
	}
	if (clang_getCursorKind(c) == CXCursor_IfStmt) {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(c, &kids);
		if (n >= 2 && n <= 3 && np_contains_cursor(kids[1], g->call)) {
			struct key_scan ks = { g->key, 0 };
			visit_key(kids[0], kids[0], &ks);
			if (!ks.found)
				clang_visitChildren(kids[0], visit_key, &ks);
			g->guarded = ks.found;
		}
		free(kids);
		if (g->guarded)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/*
 * `static sqlite3_stmt *st; if (!st) sqlite3_prepare_v2(db, sql, -1, &st, 0);`
 * prepares once per process: the handle outlives the call (static, global
 * or a field) and the prepare runs only when a test of that handle says so.
 */
int np_prepare_is_cached(const struct np_func *f, CXCursor call, CXCursor body)
{
	CXCursor h, d;
	char *key;
	struct guard_scan g;
	if (f->stmt < 0 || f->stmt >= dv_ast_call_nargs(call))
		return 0;
	h = dv_ast_strip(dv_ast_call_arg(call, (unsigned)f->stmt));
	if (clang_getCursorKind(h) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(h) == CXUnaryOperator_AddrOf)
		h = dv_ast_strip(dv_ast_child(h, 0));
	if (clang_getCursorKind(h) == CXCursor_DeclRefExpr) {
		d = clang_getCursorReferenced(h);
		if (clang_getCursorKind(d) != CXCursor_VarDecl ||
		    (clang_Cursor_getStorageClass(d) != CX_SC_Static &&
		     clang_getCursorKind(clang_getCursorSemanticParent(d)) != CXCursor_TranslationUnit))
			return 0;
	} else if (clang_getCursorKind(h) != CXCursor_MemberRefExpr) {
		return 0;
	}
	key = dv_ast_lvalue_key(h);
	if (!key)
		return 0;
	g.call = call;
	g.key = key;
	g.guarded = 0;
	clang_visitChildren(body, visit_guard, &g);
	free(key);
	return g.guarded;
}

int np_is_control_statement(const struct np_api *api, const char *sql)
{
	size_t i, n;
	if (!sql)
		return 0;
	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r')
		sql++;
	for (i = 0; i < api->n_control; i++) {
		n = strlen(api->control[i]);
		/* the keyword, then the end, a blank or a semicolon */
		if (!strncasecmp(sql, api->control[i], n) &&
		    (!sql[n] || sql[n] == ' ' || sql[n] == ';' || sql[n] == '\t' || sql[n] == '\n'))
			return 1;
	}
	return 0;
}
