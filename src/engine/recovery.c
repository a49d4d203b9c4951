/*
 * Dropped statements: the tokens of a function body that no statement of
 * the AST covers.  See recovery.h.
 */
#include "engine/recovery.h"

#include <stdlib.h>
#include <string.h>

#include "engine/sink.h"
#include "util/xalloc.h"

struct scan {
	CXTranslationUnit tu;
	CXToken *toks;
	unsigned n;
	unsigned *off;
	unsigned char *covered;
	char **locals;
	size_t n_locals, locals_alloc;
	struct dv_dropped_stmt *hidden; /* calls kept as recovery expressions */
	size_t n_hidden, hidden_alloc;
};

static unsigned offset_of(CXSourceLocation loc)
{
	unsigned off = 0;
	clang_getExpansionLocation(loc, NULL, NULL, NULL, &off);
	return off;
}

static void cover(struct scan *s, CXSourceRange r)
{
	unsigned b = offset_of(clang_getRangeStart(r)), e = offset_of(clang_getRangeEnd(r));
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (s->off[i] >= b && s->off[i] < e)
			s->covered[i] = 1;
}

/* Statements whose own tokens are only syntax around their children. */
static int is_container(enum CXCursorKind k)
{
	return k == CXCursor_CompoundStmt || k == CXCursor_IfStmt || k == CXCursor_WhileStmt ||
	       k == CXCursor_DoStmt || k == CXCursor_ForStmt || k == CXCursor_SwitchStmt ||
	       k == CXCursor_CaseStmt || k == CXCursor_DefaultStmt || k == CXCursor_LabelStmt;
}

static enum CXChildVisitResult cover_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct scan *s = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LabelStmt) {
		/* the label's name is part of the statement, not dropped */
		unsigned o = offset_of(clang_getCursorLocation(c)), i;
		for (i = 0; i < s->n; i++)
			if (s->off[i] == o)
				s->covered[i] = 1;
	}
	if (is_container(clang_getCursorKind(c)))
		clang_visitChildren(c, cover_visit, s);
	else
		cover(s, clang_getCursorExtent(c));
	return CXChildVisit_Continue;
}

/* Is `c` (a macro definition) one whose expansion is empty: no body, or
 * a body that only invokes another such macro (`#define DEBUG(...)
 * TRACE(__VA_ARGS__)` with an empty TRACE)?  `depth` bounds the chain. */
static int macro_is_empty(struct scan *s, CXCursor def, int depth);

struct macro_find {
	const char *name;
	CXCursor def;
};

static enum CXChildVisitResult macro_find_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct macro_find *m = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_MacroDefinition) {
		CXString sp = clang_getCursorSpelling(c);
		if (strcmp(clang_getCString(sp), m->name) == 0)
			m->def = c; /* the last definition wins, like the preprocessor */
		clang_disposeString(sp);
	}
	return CXChildVisit_Continue;
}

static int macro_is_empty(struct scan *s, CXCursor def, int depth)
{
	CXToken *toks = NULL;
	unsigned n = 0, body, i, level = 0;
	int empty = 0;

	if (clang_getCursorKind(def) != CXCursor_MacroDefinition || depth > 4)
		return 0;
	clang_tokenize(s->tu, clang_getCursorExtent(def), &toks, &n);
	body = 1; /* after the macro's name */
	if (clang_Cursor_isMacroFunctionLike(def)) {
		for (; body < n; body++) {
			CXString sp = clang_getTokenSpelling(s->tu, toks[body]);
			int close = strcmp(clang_getCString(sp), ")") == 0;
			clang_disposeString(sp);
			if (close) {
				body++;
				break;
			}
		}
	}
	if (body >= n) {
		empty = 1;
	} else if (clang_getTokenKind(toks[body]) == CXToken_Identifier) {
		/* one invocation of another macro, and nothing after it */
		CXString sp = clang_getTokenSpelling(s->tu, toks[body]);
		struct macro_find m;
		int whole = 1;
		for (i = body + 1; i < n && whole; i++) {
			CXString t = clang_getTokenSpelling(s->tu, toks[i]);
			const char *ts = clang_getCString(t);
			if (i == body + 1 && strcmp(ts, "(") != 0)
				whole = 0; /* `NAME x`: more than one invocation */
			else if (strcmp(ts, "(") == 0)
				level++;
			else if (strcmp(ts, ")") == 0 && level && --level == 0 && i + 1 < n)
				whole = 0; /* `NAME(a) x`: the call ends before the body */
			clang_disposeString(t);
		}
		if (whole && level == 0) {
			m.name = clang_getCString(sp);
			m.def = clang_getNullCursor();
			clang_visitChildren(clang_getTranslationUnitCursor(s->tu), macro_find_visit,
					    &m);
			empty = !clang_Cursor_isNull(m.def) && macro_is_empty(s, m.def, depth + 1);
		}
		clang_disposeString(sp);
	}
	if (toks)
		clang_disposeTokens(s->tu, toks, n);
	return empty;
}

/*
 * Tokens no statement covers that are not statements either: the lines
 * of a preprocessor directive, the text of an inactive `#if` block
 * (clang_getSkippedRanges), and the invocation of a macro that expands to
 * nothing (`DEBUG("x");` with `#define DEBUG(...)`).  Counting them as
 * dropped statements would make every function with a compile error and
 * an `#ifdef` inside unjudgeable.
 */
static void cover_offsets(struct scan *s, unsigned b, unsigned e)
{
	unsigned i;
	for (i = 0; i < s->n; i++)
		if (s->off[i] >= b && s->off[i] < e)
			s->covered[i] = 1;
}

static void cover_preprocessor(struct scan *s, CXCursor body)
{
	CXFile file = NULL;
	CXSourceRangeList *skipped;
	const char *text;
	size_t size = 0;
	unsigned i;

	clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(body)), &file, NULL,
				   NULL, NULL);
	if (!file)
		return;
	skipped = clang_getSkippedRanges(s->tu, file);
	if (skipped) {
		for (i = 0; i < skipped->count; i++)
			cover_offsets(s, offset_of(clang_getRangeStart(skipped->ranges[i])),
				      offset_of(clang_getRangeEnd(skipped->ranges[i])) + 1);
		clang_disposeSourceRangeList(skipped);
	}
	text = clang_getFileContents(s->tu, file, &size);
	for (i = 0; text && i < s->n; i++) {
		unsigned b = s->off[i], e;
		CXString sp;
		int hash;

		if (s->covered[i] || clang_getTokenKind(s->toks[i]) != CXToken_Punctuation ||
		    b >= size)
			continue;
		sp = clang_getTokenSpelling(s->tu, s->toks[i]);
		hash = strcmp(clang_getCString(sp), "#") == 0;
		clang_disposeString(sp);
		if (!hash)
			continue;
		for (e = b; e > 0 && (text[e - 1] == ' ' || text[e - 1] == '\t'); e--)
			;
		if (e > 0 && text[e - 1] != '\n')
			continue; /* not the first token of its line: not a directive */
		/* the directive runs to the first newline not escaped by `\` */
		for (e = b; e < size; e++)
			if (text[e] == '\n' && !(e > 0 && text[e - 1] == '\\') &&
			    !(e > 1 && text[e - 1] == '\r' && text[e - 2] == '\\'))
				break;
		cover_offsets(s, b, e);
	}
	for (i = 0; i < s->n; i++) {
		CXCursor c, def;
		if (s->covered[i] || clang_getTokenKind(s->toks[i]) != CXToken_Identifier)
			continue;
		c = clang_getCursor(s->tu, clang_getTokenLocation(s->tu, s->toks[i]));
		if (clang_getCursorKind(c) != CXCursor_MacroExpansion)
			continue;
		def = clang_getCursorReferenced(c);
		if (!clang_Cursor_isNull(def) && macro_is_empty(s, def, 0)) {
			CXSourceRange r = clang_getCursorExtent(c);
			cover_offsets(s, offset_of(clang_getRangeStart(r)),
				      offset_of(clang_getRangeEnd(r)));
		}
	}
}

static enum CXChildVisitResult locals_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct scan *s = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_VarDecl || k == CXCursor_ParmDecl) {
		CXString sp = clang_getCursorSpelling(c);
		DV_GROW(s->locals, s->n_locals + 1, s->locals_alloc);
		s->locals[s->n_locals++] = xstrdup(clang_getCString(sp));
		clang_disposeString(sp);
	}
	return CXChildVisit_Recurse;
}

static int is_local(const struct scan *s, const char *name)
{
	size_t i;
	for (i = 0; i < s->n_locals; i++)
		if (strcmp(s->locals[i], name) == 0)
			return 1;
	return 0;
}

static int is_syntax(CXTokenKind kind, const char *sp)
{
	static const char *const punct[] = {"{", "}", "(", ")", ";", ":", ",", NULL};
	const char *const *p;

	if (kind == CXToken_Keyword || kind == CXToken_Comment)
		return 1;
	if (kind != CXToken_Punctuation)
		return 0;
	for (p = punct; *p; p++)
		if (strcmp(sp, *p) == 0)
			return 1;
	return 0;
}

static int is_assignment(const char *sp)
{
	size_t n = strlen(sp);
	return n && sp[n - 1] == '=' && strcmp(sp, "==") != 0 && strcmp(sp, "!=") != 0 &&
	       strcmp(sp, "<=") != 0 && strcmp(sp, ">=") != 0;
}

/* Tokens [b, e) are one run of uncovered tokens: is it a dropped
 * statement, and could it matter? */
static void judge_run(struct scan *s, unsigned b, unsigned e, struct dv_dropped_list *out,
		      size_t *alloc)
{
	int suspicious = 0, harmful = 0, after_assign = 0;
	unsigned i, first = 0, last = 0;

	for (i = b; i < e; i++) {
		CXTokenKind kind = clang_getTokenKind(s->toks[i]);
		CXString sp = clang_getTokenSpelling(s->tu, s->toks[i]);
		const char *t = clang_getCString(sp);

		if (!is_syntax(kind, t)) {
			/* the lines of what was dropped, not of the `;` before it */
			if (!suspicious)
				first = i;
			last = i;
			suspicious = 1;
		}
		if (kind == CXToken_Identifier && i + 1 < e) {
			CXString nx = clang_getTokenSpelling(s->tu, s->toks[i + 1]);
			if (strcmp(clang_getCString(nx), "(") == 0)
				harmful = 1; /* a call, or a function-like macro */
			clang_disposeString(nx);
		}
		if (kind == CXToken_Keyword &&
		    (strcmp(t, "return") == 0 || strcmp(t, "goto") == 0 || strcmp(t, "break") == 0 ||
		     strcmp(t, "continue") == 0))
			harmful = 1;
		if (kind == CXToken_Punctuation && strcmp(t, "{") == 0 && suspicious)
			harmful = 1; /* a block the dropped statement opens */
		if (kind == CXToken_Punctuation && strcmp(t, ";") == 0)
			after_assign = 0;
		if (kind == CXToken_Punctuation && is_assignment(t))
			after_assign = 1;
		else if (after_assign && kind == CXToken_Identifier && is_local(s, t))
			harmful = 1; /* a local stored somewhere: an escape */
		clang_disposeString(sp);
	}
	if (!suspicious)
		return;
	DV_GROW(out->items, out->count + 1, *alloc);
	{
		struct dv_dropped_stmt *d = &out->items[out->count++];
		clang_getExpansionLocation(clang_getTokenLocation(s->tu, s->toks[first]), NULL,
					   &d->first_line, NULL, NULL);
		clang_getExpansionLocation(clang_getTokenLocation(s->tu, s->toks[last]), NULL,
					   &d->last_line, NULL, NULL);
		d->harmful = harmful;
	}
}

static enum CXChildVisitResult first_child(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	*(CXCursor *)data = c;
	return CXChildVisit_Break;
}

/* Is the first token after `r` a `(`? */
static int followed_by_paren(struct scan *s, CXSourceRange r)
{
	unsigned e = offset_of(clang_getRangeEnd(r)), i;
	for (i = 0; i < s->n; i++)
		if (s->off[i] >= e) {
			CXString sp = clang_getTokenSpelling(s->tu, s->toks[i]);
			int paren = strcmp(clang_getCString(sp), "(") == 0;
			clang_disposeString(sp);
			return paren;
		}
	return 0;
}

/* The callee reference a call expression starts with, through the
 * implicit wrappers libclang shows as unexposed expressions. */
static int is_callee_ref(CXCursor c, unsigned depth)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor first = clang_getNullCursor();

	if (k == CXCursor_DeclRefExpr || k == CXCursor_OverloadedDeclRef ||
	    k == CXCursor_MemberRefExpr)
		return 1;
	if (k != CXCursor_UnexposedExpr || depth > 3)
		return 0;
	clang_visitChildren(c, first_child, &first);
	return !clang_Cursor_isNull(first) && is_callee_ref(first, depth + 1);
}

/*
 * A call clang could not resolve (wrong arguments, an overload that does
 * not fit, an argument with errors) that error recovery kept as a
 * recovery expression: libclang shows it as an unexposed expression
 * whose first child is the callee, followed by `(`.  The CFG sees no call
 * there, so whatever it releases or acquires is lost as surely as in a
 * dropped statement: it counts as one that may call.
 */
static enum CXChildVisitResult hidden_call_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct scan *s = data;
	CXCursor first = clang_getNullCursor();

	/* (the callee's decay to a pointer, also unexposed, is a child of
	 * its call) */
	if (clang_getCursorKind(c) == CXCursor_UnexposedExpr &&
	    clang_getCursorKind(parent) != CXCursor_CallExpr) {
		clang_visitChildren(c, first_child, &first);
		if (!clang_Cursor_isNull(first) && is_callee_ref(first, 0) &&
		    clang_getCursorKind(first) != CXCursor_MemberRefExpr &&
		    followed_by_paren(s, clang_getCursorExtent(first))) {
			unsigned l1, l2;
			CXSourceRange r = clang_getCursorExtent(c);
			clang_getExpansionLocation(clang_getRangeStart(r), NULL, &l1, NULL, NULL);
			clang_getExpansionLocation(clang_getRangeEnd(r), NULL, &l2, NULL, NULL);
			DV_GROW(s->hidden, s->n_hidden + 1, s->hidden_alloc);
			s->hidden[s->n_hidden].first_line = l1;
			s->hidden[s->n_hidden].last_line = l2;
			s->hidden[s->n_hidden].harmful = 1;
			s->n_hidden++;
			return CXChildVisit_Continue;
		}
	}
	return CXChildVisit_Recurse;
}

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CompoundStmt) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

size_t dv_recovery_dropped(CXTranslationUnit tu, CXCursor func, struct dv_dropped_list *out)
{
	struct scan s;
	CXCursor body = clang_getNullCursor();
	size_t alloc = 0, i;
	unsigned k, run;

	memset(out, 0, sizeof(*out));
	clang_visitChildren(func, find_body, &body);
	if (clang_Cursor_isNull(body))
		return 0;
	memset(&s, 0, sizeof(s));
	s.tu = tu;
	clang_tokenize(tu, clang_getCursorExtent(body), &s.toks, &s.n);
	if (!s.n)
		goto cleanup;
	s.off = xcalloc(s.n, sizeof(*s.off));
	s.covered = xcalloc(s.n, 1);
	for (k = 0; k < s.n; k++)
		s.off[k] = offset_of(clang_getTokenLocation(tu, s.toks[k]));
	clang_visitChildren(body, cover_visit, &s);
	cover_preprocessor(&s, body);
	clang_visitChildren(func, locals_visit, &s);
	for (k = 0; k < s.n; k = run) {
		if (s.covered[k]) {
			run = k + 1;
			continue;
		}
		for (run = k; run < s.n && !s.covered[run]; run++)
			;
		judge_run(&s, k, run, out, &alloc);
	}
	clang_visitChildren(body, hidden_call_visit, &s);
	for (i = 0; i < s.n_hidden; i++) {
		DV_GROW(out->items, out->count + 1, alloc);
		out->items[out->count++] = s.hidden[i];
	}
cleanup:
	if (s.toks)
		clang_disposeTokens(tu, s.toks, s.n);
	free(s.off);
	free(s.covered);
	for (i = 0; i < s.n_locals; i++)
		free(s.locals[i]);
	free(s.locals);
	free(s.hidden);
	return out->count;
}

void dv_dropped_list_release(struct dv_dropped_list *l)
{
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

int dv_recovery_judge(CXTranslationUnit tu, struct dv_sink *sink, CXCursor func,
		      const char *family)
{
	struct dv_dropped_list dropped;
	size_t i, harmful = 0;

	dv_recovery_dropped(tu, func, &dropped);
	for (i = 0; i < dropped.count; i++)
		if (dropped.items[i].harmful && !harmful++ && sink)
			dv_sink_not_analysed(sink, func, family,
					     "it contains compile errors, and the statement at "
					     "line %u, which error recovery dropped or could not "
					     "resolve, may call or jump",
					     dropped.items[i].first_line);
	if (!harmful && sink)
		for (i = 0; i < dropped.count; i++)
			dv_sink_not_analysed_lines(
				sink, func, dropped.items[i].first_line, dropped.items[i].last_line,
				family,
				"a statement with compile errors was dropped by error recovery "
				"(it calls nothing; the rest of the function was analysed)");
	dv_dropped_list_release(&dropped);
	return harmful == 0;
}
