/*
 * Dropped statements: the tokens of a function body that no statement of
 * the AST covers.  See recovery.h.
 */
#include "engine/recovery.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct scan {
	CXTranslationUnit tu;
	CXToken *toks;
	unsigned n;
	unsigned *off;
	unsigned char *covered;
	char **locals;
	size_t n_locals, locals_alloc;
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
cleanup:
	if (s.toks)
		clang_disposeTokens(tu, s.toks, s.n);
	free(s.off);
	free(s.covered);
	for (i = 0; i < s.n_locals; i++)
		free(s.locals[i]);
	free(s.locals);
	return out->count;
}

void dv_dropped_list_release(struct dv_dropped_list *l)
{
	free(l->items);
	l->items = NULL;
	l->count = 0;
}
