/*
 * Catch blocks (C++): an exception caught and dropped without a trace.
 *  - logging/swallowed-error: an empty catch block (a comment inside
 *    says it is intended, and keeps it quiet);
 *  - logging/silent-error-return: a catch block that turns the exception
 *    into a bare error value (-1, nullptr, a failure status of main)
 *    without logging, recording or rethrowing: the caller learns that
 *    something failed, never what.  `return false` is left alone: a
 *    bool-returning "try" function is the usual way to say "no" in C++.
 * A catch block that logs, records an error, throws, or returns anything
 * computed (the exception's code, a fallback value) is handled.
 */
#include "checkers/logging.h"
#include "front/ast.h"

#include <stdlib.h>
#include <string.h>

struct catch_scan {
	const struct lg_tu *t;
	int traced; /* logs, records or throws */
	CXCursor *rets;
	unsigned n_rets;
};

static enum CXChildVisitResult scan_body(CXCursor c, CXCursor parent, CXClientData data)
{
	struct catch_scan *cs = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (k == CXCursor_CXXThrowExpr) {
		cs->traced = 1;
		return CXChildVisit_Break;
	}
	if (k == CXCursor_CallExpr) {
		char *name = dv_ast_callee_name(c);
		cs->traced = lg_call_logs(cs->t, c, name) || lg_call_records(cs->t, c, name) ||
			     lg_in_logging_macro(cs->t, c);
		free(name);
		if (cs->traced)
			return CXChildVisit_Break;
	}
	if (k == CXCursor_ReturnStmt && cs->n_rets < 16)
		cs->rets[cs->n_rets++] = c;
	return CXChildVisit_Recurse;
}

/* Nonzero when the returned expression is a bare error value of `func`. */
static int bare_error(CXCursor func, CXCursor ret)
{
	CXCursor v = dv_ast_child(ret, 0);
	CXType rt = clang_getCanonicalType(clang_getCursorResultType(func));
	CXString sp;
	long long c;
	int is_main;
	if (clang_Cursor_isNull(v))
		return 0;
	v = dv_ast_strip_casts(v);
	if (rt.kind == CXType_Pointer)
		return clang_getCursorKind(v) == CXCursor_CXXNullPtrLiteralExpr ||
		       clang_getCursorKind(v) == CXCursor_GNUNullExpr ||
		       (dv_ast_int_value(v, &c) == 0 && c == 0);
	if (rt.kind == CXType_Bool || dv_ast_int_value(v, &c) != 0)
		return 0;
	sp = clang_getCursorSpelling(func);
	is_main = !strcmp(clang_getCString(sp), "main");
	clang_disposeString(sp);
	return is_main ? c != 0 : c == -1;
}

struct catch_find {
	struct lg_tu *t;
	CXCursor func;
};

static enum CXChildVisitResult find_catch(CXCursor c, CXCursor parent, CXClientData data)
{
	struct catch_find *cf = data;
	CXCursor *kids = NULL, body = clang_getNullCursor(), rets[16];
	struct catch_scan cs;
	unsigned n, i;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) != CXCursor_CXXCatchStmt)
		return CXChildVisit_Recurse;
	n = dv_ast_children(c, &kids);
	for (i = 0; i < n; i++)
		if (clang_getCursorKind(kids[i]) == CXCursor_CompoundStmt)
			body = kids[i];
	free(kids);
	if (clang_Cursor_isNull(body))
		return CXChildVisit_Recurse;
	if (clang_Cursor_isNull(dv_ast_child(body, 0))) {
		if (!lg_extent_has_comment(cf->t->tu->tu, body))
			dv_sink_report(cf->t->tu->sink, "logging/swallowed-error", c,
				       "empty catch block: the exception is swallowed without a trace");
		return CXChildVisit_Continue;
	}
	memset(&cs, 0, sizeof(cs));
	cs.t = cf->t;
	cs.rets = rets;
	clang_visitChildren(body, scan_body, &cs);
	for (i = 0; !cs.traced && i < cs.n_rets; i++) {
		struct dv_finding *fd;
		if (!bare_error(cf->func, cs.rets[i]))
			continue;
		fd = dv_sink_report(cf->t->tu->sink, "logging/silent-error-return", cs.rets[i],
				    "the exception caught here is turned into a bare error value "
				    "without a trace: log it or pass its cause on");
		if (fd)
			dv_finding_add_related_cursor(cf->t->tu->sink, fd, c, "exception caught here");
	}
	/* a try nested in the handler has catch blocks of its own */
	return CXChildVisit_Recurse;
}

void lg_check_catches(struct lg_tu *t, CXCursor func)
{
	struct catch_find cf;
	cf.t = t;
	cf.func = func;
	clang_visitChildren(func, find_catch, &cf);
}
