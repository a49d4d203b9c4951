/*
 * Reading attributes from their tokens (see decl_attrs.h for why).
 */
#include "front/decl_attrs.h"

#include <stdlib.h>
#include <string.h>

struct attr_walk {
	struct dv_decl_attr *out;
	unsigned max, n;
};

static void copy_text(char *dst, const char *src)
{
	size_t l = strlen(src);
	if (l >= DV_ATTR_TEXT)
		l = DV_ATTR_TEXT - 1;
	memcpy(dst, src, l);
	dst[l] = 0;
}

static void append_text(char *dst, const char *src)
{
	size_t have = strlen(dst), l = strlen(src);
	if (have + l >= DV_ATTR_TEXT)
		return; /* too long to be an index or a parameter name anyway */
	memcpy(dst + have, src, l + 1);
}

/* `__format__` and `format` are the same attribute. */
static void normalise_name(char *s)
{
	size_t l = strlen(s);
	if (l > 4 && !strncmp(s, "__", 2) && !strcmp(s + l - 2, "__")) {
		memmove(s, s + 2, l - 4);
		s[l - 4] = 0;
	}
}

/* name ( arg , arg ... ) -- stops at the parenthesis that closes the
 * argument list: a macro-written attribute's extent runs on past it. */
static void parse_tokens(CXTranslationUnit tu, CXToken *toks, unsigned n, struct dv_decl_attr *a)
{
	unsigned i, depth = 0;
	memset(a, 0, sizeof(*a));
	for (i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);
		int stop = 0;
		if (i == 0) {
			copy_text(a->name, t);
			normalise_name(a->name);
		} else if (i == 1 && strcmp(t, "(") != 0) {
			stop = 1;
		} else if (i == 1) {
			depth = 1;
		} else if (!strcmp(t, "(")) {
			depth++;
		} else if (!strcmp(t, ")") && --depth == 0) {
			if (a->n_args < DV_ATTR_MAX_ARGS)
				a->n_args++;
			stop = 1;
		} else if (!strcmp(t, ",") && depth == 1) {
			if (a->n_args + 1 < DV_ATTR_MAX_ARGS)
				a->n_args++;
			else
				stop = 1;
		}
		if (i >= 2 && !stop && depth >= 1 && !(depth == 1 && !strcmp(t, ",")))
			append_text(a->args[a->n_args], t);
		clang_disposeString(s);
		if (stop)
			break;
	}
	/* `f()` has no argument, not one empty one */
	if (a->n_args == 1 && !a->args[0][0])
		a->n_args = 0;
}

static enum CXChildVisitResult visit_attr(CXCursor c, CXCursor parent, CXClientData data)
{
	struct attr_walk *w = data;
	CXTranslationUnit tu;
	CXToken *toks = NULL;
	unsigned n = 0;
	(void)parent;
	if (!clang_isAttribute(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	if (w->n >= w->max)
		return CXChildVisit_Break;
	tu = clang_Cursor_getTranslationUnit(c);
	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	if (n) {
		parse_tokens(tu, toks, n, &w->out[w->n]);
		if (w->out[w->n].name[0])
			w->n++;
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return CXChildVisit_Continue;
}

unsigned dv_decl_attrs(CXCursor decl, struct dv_decl_attr *out, unsigned max)
{
	struct attr_walk w;
	if (clang_Cursor_isNull(decl) || !max)
		return 0;
	w.out = out;
	w.max = max;
	w.n = 0;
	clang_visitChildren(decl, visit_attr, &w);
	return w.n;
}

int dv_decl_attr_find(CXCursor decl, const char *name, struct dv_decl_attr *out)
{
	struct dv_decl_attr all[12];
	unsigned n = dv_decl_attrs(decl, all, 12), i;
	for (i = 0; i < n; i++)
		if (!strcmp(all[i].name, name)) {
			*out = all[i];
			return 1;
		}
	return 0;
}

int dv_decl_param_named(CXCursor decl, const char *text)
{
	int n = clang_Cursor_getNumArguments(decl), i;
	while (*text == '*' || *text == '&')
		text++;
	for (i = 0; i < n; i++) {
		CXString s = clang_getCursorSpelling(clang_Cursor_getArgument(decl, (unsigned)i));
		int same = !strcmp(clang_getCString(s), text);
		clang_disposeString(s);
		if (same)
			return i;
	}
	return -1;
}

int dv_attr_arg_number(const struct dv_decl_attr *a, unsigned i, int lo, int hi)
{
	char *end;
	long v;
	if (i >= a->n_args || !a->args[i][0])
		return -1;
	v = strtol(a->args[i], &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	return (int)v;
}
