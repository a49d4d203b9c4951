/*
 * N+1 queries: a database query issued on every iteration of a loop,
 * directly or through functions of the translation unit that reach one
 * (learnt bottom-up through the summary store), and the textbook case of
 * a query per row of another query's result.  API knowledge comes from
 * rules/nplus1.json and the project config (its own client functions).
 * Loops come from the CFG (for, while, do, range-for, backward goto).
 */
#include "engine/needed.h"
#include "checkers/checker.h"
#include "checkers/nplus1_internal.h"
#include "engine/summary.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define NP_MAX_NEST 32u

/* ---- summaries: "may run a query" ---- */

struct np_summary {
	enum np_op op;       /* strongest round trip reached, NP_NONE if none */
	CXCursor api_call;   /* the API call at the bottom of the chain */
	const char *api;     /* its API name (points into the ruleset) */
	unsigned depth;      /* 0: this function calls the API itself */
	int conn_param;      /* parameter the query's connection comes from, or -1 */
	int sql_param;       /* parameter the query's SQL text comes from, or -1 */
};

static void summary_init(void *p)
{
	struct np_summary *s = p;
	s->conn_param = s->sql_param = -1;
	s->api_call = clang_getNullCursor();
}

static const struct dv_summary_kind np_summary_kind = {
	"nplus1/may-query", sizeof(struct np_summary), summary_init, NULL,
};

/* Summaries of functions defined in other files, from the project index
 * (engine/exports.h), made once per callee name. */
struct np_imported {
	char **names;
	struct np_summary **sums; /* NULL: the index knows no query there */
	size_t n, alloc;
};

struct np_tu {
	const struct np_api *api;
	struct dv_tu_ctx *tu;
	struct dv_summaries *sums;
	struct np_imported *imported;
};

/* The summary the project index gives a call of a function that this TU
 * does not define, or NULL. */
static const struct np_summary *imported_summary(const struct np_tu *t, CXCursor call)
{
	struct np_imported *im = t->imported;
	CXCursor d = dv_ast_callee_decl(call);
	const struct dv_export *e, *best = NULL;
	struct np_summary *s = NULL;
	size_t n, i;
	char *name;
	if (!t->tu->imports || clang_getCursorKind(d) != CXCursor_FunctionDecl)
		return NULL;
	name = dv_ast_callee_name(call);
	if (!name)
		return NULL;
	for (i = 0; i < im->n; i++)
		if (!strcmp(im->names[i], name)) {
			free(name);
			return im->sums[i];
		}
	e = dv_exports_find(t->tu->imports, name, "nplus1", &n);
	for (i = 0; i < n; i++)
		if (e[i].kind == DV_EXPORT_QUERIES && e[i].op > NP_NONE && e[i].op <= NP_QUERY &&
		    (!best || e[i].op > best->op))
			best = &e[i];
	if (best) {
		s = xmalloc(sizeof(*s));
		summary_init(s);
		s->op = (enum np_op)best->op;
		s->api = best->what;
		s->depth = (unsigned)best->depth;
		s->sql_param = best->param;
		s->conn_param = best->param2;
	}
	DV_GROW(im->names, im->n + 1, im->alloc);
	im->sums = xreallocarray(im->sums, im->alloc, sizeof(*im->sums));
	im->names[im->n] = name;
	im->sums[im->n++] = s;
	return s;
}

static void imported_release(struct np_imported *im)
{
	size_t i;
	for (i = 0; i < im->n; i++) {
		free(im->names[i]);
		free(im->sums[i]);
	}
	free(im->names);
	free(im->sums);
}

/* What the index keeps of this TU: its functions with external linkage
 * that run a query, for calls from other files. */
static void export_summaries(const struct np_tu *t)
{
	unsigned i;
	if (!t->tu->exports)
		return;
	for (i = 0; i < t->tu->cg->n_funcs; i++) {
		CXCursor f = t->tu->cg->funcs[i].cursor;
		const struct np_summary *s = dv_summary_get(t->sums, &np_summary_kind, i);
		struct dv_export e;
		if (!s || s->op == NP_NONE || !s->api || clang_getCursorKind(f) != CXCursor_FunctionDecl ||
		    clang_getCursorLinkage(f) != CXLinkage_External)
			continue;
		e = dv_export_fact(t->tu->cg->funcs[i].name, "nplus1", DV_EXPORT_QUERIES);
		e.op = (int)s->op;
		e.what = (char *)s->api;
		e.depth = (int)(s->depth < 63 ? s->depth : 63);
		e.param = s->sql_param;
		e.param2 = s->conn_param;
		dv_exports_add_fact(t->tu->exports, &e);
	}
}

/* A call of `lambda_var(...)` where the variable holds a lambda of this TU. */
static long lambda_callee(struct dv_callgraph *cg, CXCursor call)
{
	CXCursor callee = dv_ast_callee_decl(call), obj, d, *kids = NULL;
	CXString s;
	long idx = -1;
	unsigned n;
	int is_call_op;
	if (clang_getCursorKind(callee) != CXCursor_CXXMethod)
		return -1;
	s = clang_getCursorSpelling(callee);
	is_call_op = clang_getCString(s) && !strcmp(clang_getCString(s), "operator()");
	clang_disposeString(s);
	if (!is_call_op)
		return -1;
	obj = dv_ast_strip(dv_ast_child(call, 0));
	if (clang_getCursorKind(obj) != CXCursor_DeclRefExpr)
		return -1;
	d = clang_getCursorReferenced(obj);
	if (clang_getCursorKind(d) != CXCursor_VarDecl)
		return -1;
	n = dv_ast_children(d, &kids);
	if (n) {
		CXCursor init = kids[n - 1];
		unsigned guard;
		for (guard = 0; guard < 8 && clang_getCursorKind(init) != CXCursor_LambdaExpr; guard++)
			init = dv_ast_child(init, 0);
		if (clang_getCursorKind(init) == CXCursor_LambdaExpr)
			idx = dv_callgraph_lookup(cg, init);
	}
	free(kids);
	return idx;
}

/* What a call does, as a round trip: the API entry when it is one, else
 * the summary of the TU function it calls. */
static int member_operator_call(CXCursor call);

static enum np_op call_op(const struct np_tu *t, CXCursor call, CXCursor body,
			  const struct np_func **direct, const struct np_summary **via)
{
	const struct np_func *f = np_classify(t->api, call);
	struct np_summary *s;
	long fn;
	*direct = NULL;
	*via = NULL;
	if (f) {
		if (f->op != NP_QUERY && f->op != NP_PREPARE && f->op != NP_EXECUTE)
			return NP_NONE;
		if (f->sql >= 0) {
			/* BEGIN / COMMIT per batch: transaction control, no data */
			int k = f->sql + member_operator_call(call);
			char *text = k < dv_ast_call_nargs(call)
					     ? dv_ast_string_value(dv_ast_call_arg(call, (unsigned)k))
					     : NULL;
			int control = np_is_control_statement(t->api, text);
			free(text);
			if (control)
				return NP_NONE;
		}
		*direct = f;
		if (f->op == NP_PREPARE && np_prepare_is_cached(f, call, body))
			return NP_EXECUTE;
		return f->op;
	}
	fn = dv_callgraph_callee(t->tu->cg, call);
	if (fn < 0)
		fn = lambda_callee(t->tu->cg, call);
	if (fn < 0) {
		const struct np_summary *is = imported_summary(t, call);
		if (!is)
			return NP_NONE;
		*via = is;
		return is->op;
	}
	if (!(s = dv_summary_get(t->sums, &np_summary_kind, (unsigned)fn)) || s->op == NP_NONE)
		return NP_NONE;
	*via = s;
	return s->op;
}

struct sum_scan {
	const struct np_tu *t;
	const struct dv_cfg *cfg;
	CXCursor fn;
	CXCursor body;
	struct np_summary best;
};

/* `db << "SELECT ..."`: a member operator called with operator syntax,
 * where libclang lists the object as argument 0. */
static int member_operator_call(CXCursor call)
{
	CXCursor d = dv_ast_callee_decl(call);
	CXString s;
	int op;
	if (clang_getCursorKind(d) != CXCursor_CXXMethod || !clang_Cursor_isNull(dv_ast_call_object(call)) ||
	    dv_ast_call_nargs(call) < 1)
		return 0;
	s = clang_getCursorSpelling(d);
	op = clang_getCString(s) && !strncmp(clang_getCString(s), "operator", 8);
	clang_disposeString(s);
	return op;
}

/* The connection and SQL text expressions of a query call, direct or
 * through a wrapper; null cursors when unknown.  API argument indexes
 * do not count the object of a member call. */
static void call_inputs(const struct np_func *direct, const struct np_summary *via, CXCursor call,
			CXCursor *conn, CXCursor *sql)
{
	int n = dv_ast_call_nargs(call), shift = direct && member_operator_call(call);
	int ci = direct ? direct->conn : via ? via->conn_param : -1;
	int si = direct ? direct->sql : via ? via->sql_param : -1;
	*conn = *sql = clang_getNullCursor();
	if (clang_getCursorKind(call) != CXCursor_CallExpr)
		return;
	if (shift)
		*conn = dv_ast_call_arg(call, 0);
	else if (direct && !clang_Cursor_isNull(dv_ast_call_object(call)))
		*conn = dv_ast_call_object(call);
	else if (ci >= 0 && ci < n)
		*conn = dv_ast_call_arg(call, (unsigned)ci);
	if (si >= 0 && si + shift < n)
		*sql = dv_ast_call_arg(call, (unsigned)(si + shift));
}

struct param_scan {
	CXCursor fn;
	int param;   /* the one parameter mentioned, -1 none, -2 several */
	int other;   /* mentions a local variable or a string literal */
};

static enum CXChildVisitResult visit_param(CXCursor c, CXCursor parent, void *data)
{
	struct param_scan *ps = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_StringLiteral) {
		ps->other = 1;
	} else if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		CXCursor d = clang_getCursorReferenced(c);
		if (clang_getCursorKind(d) == CXCursor_ParmDecl) {
			int i, n = clang_Cursor_getNumArguments(ps->fn), idx = -1;
			for (i = 0; i < n; i++)
				if (clang_equalCursors(clang_Cursor_getArgument(ps->fn, (unsigned)i), d))
					idx = i;
			if (idx < 0)
				ps->other = 1;
			else if (ps->param == -1 || ps->param == idx)
				ps->param = idx;
			else
				ps->param = -2;
		} else if (clang_getCursorKind(d) == CXCursor_VarDecl) {
			ps->other = 1;
		}
	}
	return ps->other ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static int is_handle_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return t.kind == CXType_Pointer || t.kind == CXType_Record ||
	       t.kind == CXType_LValueReference || t.kind == CXType_RValueReference;
}

/* The parameter of fn that `e` is read from (e mentions that parameter
 * and nothing else that varies, no literal), or -1.  An SQL text must be
 * the parameter itself unless it is a structure (a query object). */
static int source_param(CXCursor fn, CXCursor e, int text)
{
	struct param_scan ps = { fn, -1, 0 };
	CXCursor d;
	CXType t, pt;
	if (clang_Cursor_isNull(e) || clang_Cursor_getNumArguments(fn) <= 0)
		return -1;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr)
		visit_param(e, e, &ps);
	else
		clang_visitChildren(e, visit_param, &ps);
	if (ps.other || ps.param < 0)
		return -1;
	d = clang_Cursor_getArgument(fn, (unsigned)ps.param);
	t = clang_getCanonicalType(clang_getCursorType(d));
	if (!is_handle_type(t))
		return -1;
	pt = clang_getCanonicalType(clang_getPointeeType(t));
	if (text && (pt.kind == CXType_Char_S || pt.kind == CXType_Char_U || pt.kind == CXType_UChar ||
		     pt.kind == CXType_SChar) &&
	    clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return -1;
	return ps.param;
}

static void consider(struct sum_scan *ss, enum np_op op, CXCursor call, const struct np_func *direct,
		     const struct np_summary *via)
{
	CXCursor conn, sql;
	if (op <= ss->best.op)
		return;
	ss->best.op = op;
	call_inputs(direct, via, call, &conn, &sql);
	ss->best.conn_param = source_param(ss->fn, conn, 0);
	{
		CXCursor copied = np_copied_text(ss->t->api, ss->body, sql, call);
		ss->best.sql_param = source_param(ss->fn, clang_Cursor_isNull(copied) ? sql : copied, 1);
	}
	if (direct) {
		ss->best.api_call = call;
		ss->best.api = direct->name;
		ss->best.depth = 0;
	} else {
		ss->best.api_call = via->api_call;
		ss->best.api = via->api;
		ss->best.depth = via->depth + 1;
	}
}

static enum CXChildVisitResult visit_summary(CXCursor c, CXCursor parent, void *data)
{
	struct sum_scan *ss = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr) {
		/* its own node; writing one usually means calling it */
		long fn = dv_callgraph_lookup(ss->t->tu->cg, c);
		const struct np_summary *s =
			fn < 0 ? NULL : dv_summary_get(ss->t->sums, &np_summary_kind, (unsigned)fn);
		if (s && s->op != NP_NONE)
			consider(ss, s->op, c, NULL, s);
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		const struct np_func *direct;
		const struct np_summary *via;
		enum np_op op = call_op(ss->t, c, ss->body, &direct, &via);
		/* a query only on the way out of a failure (cleanup that
		 * commits, a rollback) does not make a query function */
		if (op != NP_NONE && !np_only_on_error_paths(ss->cfg, c))
			consider(ss, op, c, direct, via);
	}
	return CXChildVisit_Recurse;
}

static CXCursor body_of(CXCursor fn)
{
	CXCursor b = dv_ast_function_body(fn);
	if (clang_Cursor_isNull(b) && clang_getCursorKind(fn) == CXCursor_LambdaExpr) {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(fn, &kids), i;
		for (i = n; i-- > 0 && clang_Cursor_isNull(b);)
			if (clang_getCursorKind(kids[i]) == CXCursor_CompoundStmt)
				b = kids[i];
		free(kids);
	}
	return b;
}

static int summary_step(void *ctx, unsigned fn, void *summary)
{
	struct np_tu *t = ctx;
	struct np_summary *s = summary;
	struct sum_scan ss;
	if (!dv_tu_fn_needed(t->tu, fn))
		return 0; /* diff mode (engine/needed.h): its summary stays the initial one */
	memset(&ss, 0, sizeof(ss));
	ss.t = t;
	ss.fn = t->tu->cg->funcs[fn].cursor;
	ss.body = body_of(ss.fn);
	ss.cfg = dv_callgraph_cfg(t->tu->cg, fn);
	summary_init(&ss.best);
	if (!clang_Cursor_isNull(ss.body))
		clang_visitChildren(ss.body, visit_summary, &ss);
	if (ss.best.op == s->op && ss.best.conn_param == s->conn_param &&
	    ss.best.sql_param == s->sql_param)
		return 0;
	*s = ss.best;
	return 1;
}

/* ---- checking one function ---- */

struct query_list {
	const struct np_tu *t;
	struct np_fnctx *f;
	const struct np_summary **via; /* parallel to f->queries */
	size_t alloc, via_alloc;
};

static enum CXChildVisitResult visit_find_lambda(CXCursor c, CXCursor parent, void *data)
{
	CXCursor *out = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr) {
		*out = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* The TU function a callable argument denotes: a lambda written there, a
 * variable holding one, or a function name. */
static long callable_function(struct dv_callgraph *cg, CXCursor arg)
{
	CXCursor lambda = clang_getNullCursor(), e = dv_ast_strip_casts(arg), d;
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr) {
		d = clang_getCursorReferenced(e);
		if (clang_getCursorKind(d) != CXCursor_VarDecl)
			return dv_callgraph_lookup(cg, d);
		e = d;
	}
	if (clang_getCursorKind(e) == CXCursor_LambdaExpr)
		lambda = e;
	else
		clang_visitChildren(e, visit_find_lambda, &lambda);
	return clang_Cursor_isNull(lambda) ? -1 : dv_callgraph_lookup(cg, lambda);
}

static char *callee_label(CXCursor call);
static unsigned line_of(CXCursor c);

/* std::for_each(first, last, [&](int id) { db_get(id); }): the library's
 * loop calls the query once per element; sqlite3_exec(db, sql, cb, ...)
 * calls cb once per row of its result. */
static void check_callback(struct query_list *ql, int idx, CXCursor call, int per_row)
{
	const struct np_tu *t = ql->t;
	int n = dv_ast_call_nargs(call);
	long callee;
	const struct np_summary *s;
	struct dv_finding *fd;
	char *name, *what;
	if (idx < 0)
		idx = n - 1;
	else if (member_operator_call(call))
		idx++;
	if (idx < 0 || idx >= n)
		return;
	callee = callable_function(t->tu->cg, dv_ast_call_arg(call, (unsigned)idx));
	if (callee < 0 || !(s = dv_summary_get(t->sums, &np_summary_kind, (unsigned)callee)) ||
	    s->op == NP_NONE || (s->op == NP_EXECUTE && !t->api->report_execute))
		return;
	name = callee_label(call);
	what = clang_getCursorKind(t->tu->cg->funcs[callee].cursor) == CXCursor_LambdaExpr
		       ? xasprintf("the lambda at line %u", line_of(t->tu->cg->funcs[callee].cursor))
		       : xasprintf("'%s'", t->tu->cg->funcs[callee].name);
	fd = dv_sink_report(t->tu->sink,
			    s->op == NP_EXECUTE ? "nplus1/execute-in-loop" : "nplus1/query-in-loop", call,
			    "query in a loop: '%s' calls %s once per %s, and it runs a query (%s); "
			    "batch the elements into one query (a JOIN, IN (...) or = ANY($1)), or "
			    "prepare the statement once and only bind and step it per element",
			    name, what, per_row ? "row of its result" : "element", s->api);
	free(what);
	if (fd) {
		dv_finding_add_related_cursor(t->tu->sink, fd, t->tu->cg->funcs[callee].cursor,
					      per_row ? "called once per row" : "called once per element");
		if (!clang_Cursor_isNull(s->api_call))
			dv_finding_add_related_cursor(t->tu->sink, fd, s->api_call,
						      "query issued here by '%s'", s->api);
	}
	free(name);
}

static enum CXChildVisitResult visit_queries(CXCursor c, CXCursor parent, void *data)
{
	struct query_list *ql = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		const struct np_func *each = np_classify(ql->t->api, c);
		if (each && each->op == NP_EACH)
			check_callback(ql, each->arg, c, 0);
		else if (each && each->row_callback >= 0)
			check_callback(ql, each->row_callback, c, 1);
	}
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		const struct np_func *direct;
		const struct np_summary *via;
		enum np_op op = call_op(ql->t, c, ql->f->body, &direct, &via);
		if (op != NP_NONE && (op != NP_EXECUTE || ql->t->api->report_execute)) {
			struct np_query *q;
			DV_GROW(ql->f->queries, ql->f->n_queries + 1, ql->alloc);
			DV_GROW(ql->via, ql->f->n_queries + 1, ql->via_alloc);
			q = &ql->f->queries[ql->f->n_queries];
			q->call = c;
			q->op = op;
			q->direct = direct;
			ql->via[ql->f->n_queries++] = via;
		}
	}
	return CXChildVisit_Recurse;
}

static int is_query_call(void *ctx, CXCursor call)
{
	const struct np_tu *t = ctx;
	const struct np_func *direct;
	const struct np_summary *via;
	CXCursor e = dv_ast_strip_casts(call);
	unsigned guard;
	/* a range expression may wrap the call (conversions, temporaries) */
	for (guard = 0; guard < 8 && clang_getCursorKind(e) != CXCursor_CallExpr; guard++) {
		if (clang_Cursor_isNull(e))
			return 0;
		e = dv_ast_strip_casts(dv_ast_child(e, 0));
	}
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return 0;
	return call_op(t, e, clang_getNullCursor(), &direct, &via) != NP_NONE;
}

static unsigned line_of(CXCursor c)
{
	unsigned line = 0;
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &line, NULL, NULL);
	return line;
}

static char *callee_label(CXCursor call)
{
	char *n = dv_ast_callee_name(call);
	if (n && !strcmp(n, "operator()")) {
		/* a lambda held in a variable: name the variable */
		CXCursor obj = dv_ast_strip(dv_ast_child(call, 0));
		if (clang_getCursorKind(obj) == CXCursor_DeclRefExpr) {
			CXString s = clang_getCursorSpelling(obj);
			if (clang_getCString(s) && clang_getCString(s)[0]) {
				free(n);
				n = xstrdup(clang_getCString(s));
			}
			clang_disposeString(s);
		}
	}
	if (n && !strncmp(n, "operator", 8) && strcmp(n, "operator()") != 0) {
		/* db << "SELECT ...": name the class too */
		CXCursor d = dv_ast_callee_decl(call);
		if (!clang_Cursor_isNull(d)) {
			free(n);
			n = np_qualified_name(d);
		}
	}
	return n ? n : xstrdup("lambda");
}

static void report(struct np_tu *t, struct np_fnctx *f, const struct np_query *q,
		   const struct np_summary *via, unsigned loop, unsigned row_loop)
{
	const struct dv_loopinfo *l = &f->ln->loops[row_loop != DV_LOOP_NONE ? row_loop : loop];
	const char *kind = dv_loop_kind_name(l->kind);
	unsigned lline = line_of(l->stmt);
	char *name = callee_label(q->call), *reach;
	const char *api = q->direct ? q->direct->name : via->api;
	struct dv_finding *fd;
	reach = q->direct ? xstrdup("") : xasprintf(" (reaches %s)", api);
	if (q->op == NP_EXECUTE) {
		fd = dv_sink_report(t->tu->sink, "nplus1/execute-in-loop", q->call,
				    "prepared statement executed in a loop: '%s'%s sends one round trip on "
				    "every iteration of the %s at line %u; when the elements can be "
				    "batched, send them at once (an array parameter = ANY($1), a "
				    "multi-row VALUES list, COPY)",
				    name, reach, kind, lline);
	} else if (row_loop != DV_LOOP_NONE) {
		char *driver = callee_label(f->facts[row_loop].row_driver);
		fd = dv_sink_report(t->tu->sink, "nplus1/query-per-row", q->call,
				    "N+1 queries: '%s'%s runs a query for every row read by '%s' in the "
				    "%s at line %u, with a value from the current row; fetch the related "
				    "rows in the same query with a JOIN, or collect the keys and run one "
				    "query with IN (...) / = ANY($1)",
				    name, reach, driver, kind, lline);
		if (fd)
			dv_finding_add_related_cursor(t->tu->sink, fd, f->facts[row_loop].row_driver,
						      "rows come from '%s' here", driver);
		free(driver);
	} else if (q->op == NP_PREPARE && q->direct) {
		fd = dv_sink_report(t->tu->sink, "nplus1/query-in-loop", q->call,
				    "statement prepared in a loop: '%s' prepares a statement on every "
				    "iteration of the %s at line %u; prepare it once before the loop and "
				    "only bind, step and reset it inside, or batch the elements into one "
				    "query with IN (...) / = ANY($1)",
				    name, kind, lline);
	} else {
		fd = dv_sink_report(t->tu->sink, "nplus1/query-in-loop", q->call,
				    "query in a loop: '%s'%s runs a query on every iteration of the %s at "
				    "line %u (one round trip per element); batch the elements into one "
				    "query (a JOIN, IN (...) or = ANY($1)), or prepare the statement once "
				    "before the loop and only bind and step it inside",
				    name, reach, kind, lline);
	}
	if (fd) {
		dv_finding_add_related_cursor(t->tu->sink, fd, l->stmt, "the %s", kind);
		if (!q->direct && !clang_Cursor_isNull(via->api_call))
			dv_finding_add_related_cursor(t->tu->sink, fd, via->api_call,
						      "query issued here by '%s'", via->api);
	}
	free(name);
	free(reach);
}

static void check_query(struct np_tu *t, struct np_fnctx *f, const struct np_query *q,
			const struct np_summary *via)
{
	unsigned chain[NP_MAX_NEST], n, i, loop = DV_LOOP_NONE, row_loop = DV_LOOP_NONE;
	n = dv_loopnest_of_cursor(f->ln, q->call, chain, NP_MAX_NEST);
	if (n > NP_MAX_NEST)
		n = NP_MAX_NEST;
	CXCursor conn, sql, handle = clang_getNullCursor();
	call_inputs(q->direct, via, q->call, &conn, &sql);
	/* prepare(db, sql, &tables[i].stmt): each element gets its own
	 * statement, kept for later (a statement cache being filled) */
	if (q->direct && q->op == NP_PREPARE && q->direct->stmt >= 0 &&
	    q->direct->stmt < dv_ast_call_nargs(q->call)) {
		handle = dv_ast_strip(dv_ast_call_arg(q->call, (unsigned)q->direct->stmt));
		if (np_is_address_of(handle))
			handle = dv_ast_child(handle, 0);
	}
	for (i = 0; i < n; i++) {
		np_loopfacts_compute(f, chain[i]);
		/* an endless loop serves one request per iteration (event loop) */
		if (f->facts[chain[i]].runs_once || f->facts[chain[i]].endless ||
		    np_loop_is_retry(f, chain[i]))
			continue;
		/* the query call reads its own connection and text: a text
		 * argument is not a buffer it rewrites */
		if ((!clang_Cursor_isNull(conn) && np_from_iterated_data(f, chain[i], conn, q->call)) ||
		    (!clang_Cursor_isNull(sql) && np_from_iterated_data(f, chain[i], sql, q->call)) ||
		    (!clang_Cursor_isNull(handle) && np_from_iterated_data(f, chain[i], handle, q->call)))
			continue;
		if (loop == DV_LOOP_NONE)
			loop = chain[i];
		if (row_loop == DV_LOOP_NONE && q->op != NP_EXECUTE &&
		    np_call_uses_row(f, chain[i], q->call))
			row_loop = chain[i];
	}
	if (loop != DV_LOOP_NONE)
		report(t, f, q, via, loop, row_loop);
}

static void check_function(struct np_tu *t, unsigned fn)
{
	struct np_fnctx f;
	struct query_list ql;
	const struct dv_cfg *cfg;
	size_t i;
	unsigned k;
	memset(&f, 0, sizeof(f));
	memset(&ql, 0, sizeof(ql));
	f.api = t->api;
	f.body = body_of(t->tu->cg->funcs[fn].cursor);
	f.is_query_call = is_query_call;
	f.query_ctx = t;
	if (clang_Cursor_isNull(f.body))
		return;
	ql.t = t;
	ql.f = &f;
	clang_visitChildren(f.body, visit_queries, &ql);
	if (!f.n_queries)
		goto cleanup;
	cfg = dv_callgraph_cfg(t->tu->cg, fn);
	if (!cfg || cfg->incomplete) {
		dv_sink_not_analysed(t->tu->sink, t->tu->cg->funcs[fn].cursor, "nplus1",
				     "control flow could not be modelled (computed goto, size limit)");
		goto cleanup;
	}
	f.cfg = cfg;
	f.ln = dv_loopnest_build(cfg);
	if (!f.ln->n_loops)
		goto cleanup;
	f.facts = xcalloc(f.ln->n_loops, sizeof(*f.facts));
	for (i = 0; i < f.n_queries; i++)
		check_query(t, &f, &f.queries[i], ql.via[i]);
cleanup:
	if (f.facts)
		for (k = 0; k < f.ln->n_loops; k++)
			np_loopfacts_release(&f.facts[k]);
	free(f.facts);
	dv_loopnest_free(f.ln);
	free(f.queries);
	free(ql.via);
}

/* ---- the checker ---- */

static int nplus1_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	struct np_api *api = xcalloc(1, sizeof(*api));
	int rc = np_api_load(rules, api, err);
	if (rc) {
		free(api->funcs);
		free(api->control);
		free(api->copies);
		free(api->keepers);
		free(api);
		*out = NULL;
		return rc;
	}
	*out = api;
	return 0;
}

static void nplus1_free(void *state)
{
	struct np_api *api = state;
	if (!api)
		return;
	free(api->funcs);
	free(api->control);
	free(api->copies);
	free(api->keepers);
	free(api);
}

static void nplus1_check_tu(const void *state, struct dv_tu_ctx *tu)
{
	struct np_tu t;
	struct np_imported imported;
	unsigned fn;
	if (!state || !tu->cg || !((const struct np_api *)state)->n_funcs)
		return;
	memset(&imported, 0, sizeof(imported));
	t.api = state;
	t.tu = tu;
	t.imported = &imported;
	t.sums = dv_summaries_new(tu->cg);
	dv_summaries_compute(t.sums, &np_summary_kind, summary_step, &t, 8);
	export_summaries(&t);
	for (fn = 0; fn < tu->cg->n_funcs; fn++)
		if (dv_tu_fn_needed(tu, fn))
			check_function(&t, fn);
	dv_summaries_free(t.sums);
	imported_release(&imported);
}

const struct dv_checker dv_checker_nplus1 = {
	.family = "nplus1",
	.init = nplus1_init,
	.free = nplus1_free,
	.check_tu = nplus1_check_tu,
	.check_text = NULL,
};
