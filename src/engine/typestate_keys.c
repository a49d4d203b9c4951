/*
 * Object keys (roots P{i} parameter, L{usr} local, G{usr} global or static,
 * T{} `this`; steps "(*X)", "(&X)", "X.F{usr}", "X[i]", simplified so that
 * (*(&X)) == X; summaries substitute P{i} with the caller's argument),
 * the per-TU string interning that makes keys compare by pointer, and
 * the names findings show for objects.
 */
#include "engine/typestate_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

const char *ts_intern_str(struct ts_intern *t, const char *s)
{
	size_t i;
	if (!s)
		return NULL;
	if (2 * (t->n + 1) > t->cap) {
		size_t ncap = t->cap ? 2 * t->cap : 256, j;
		char **ns = xcalloc(ncap, sizeof(*ns));
		for (j = 0; j < t->cap; j++) {
			if (!t->slots[j])
				continue;
			i = hash_str(t->slots[j]) & (ncap - 1);
			while (ns[i])
				i = (i + 1) & (ncap - 1);
			ns[i] = t->slots[j];
		}
		free(t->slots);
		t->slots = ns;
		t->cap = ncap;
	}
	i = hash_str(s) & (t->cap - 1);
	while (t->slots[i]) {
		if (!strcmp(t->slots[i], s))
			return t->slots[i];
		i = (i + 1) & (t->cap - 1);
	}
	t->slots[i] = xstrdup(s);
	t->n++;
	return t->slots[i];
}

int ts_intern_has(const struct ts_intern *t, const char *s)
{
	size_t i;
	if (!s || !t->cap)
		return 0;
	for (i = hash_str(s) & (t->cap - 1); t->slots[i]; i = (i + 1) & (t->cap - 1))
		if (!strcmp(t->slots[i], s))
			return 1;
	return 0;
}

const char *ts_intern_take(struct ts_intern *t, char *s)
{
	const char *r = ts_intern_str(t, s);
	free(s);
	return r;
}

void ts_intern_release(struct ts_intern *t)
{
	size_t i;
	for (i = 0; i < t->cap; i++)
		free(t->slots[i]);
	free(t->slots);
}

char *ts_take_cx(CXString s)
{
	char *r = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");
	clang_disposeString(s);
	return r;
}

static size_t match_paren(const char *s, size_t open)
{
	int depth = 0;
	size_t i;
	for (i = open; s[i]; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i;
	}
	return (size_t)-1;
}

void dv_ts_key_simplify(char *key)
{
	int changed = 1;
	while (changed) {
		size_t i, len = strlen(key);
		changed = 0;
		for (i = 0; i + 4 < len; i++) {
			size_t inner_close, outer_close;
			if (key[i] != '(' || key[i + 2] != '(' ||
			    !((key[i + 1] == '*' && key[i + 3] == '&') ||
			      (key[i + 1] == '&' && key[i + 3] == '*')))
				continue;
			inner_close = match_paren(key, i + 2);
			outer_close = match_paren(key, i);
			if (inner_close == (size_t)-1 || outer_close != inner_close + 1)
				continue;
			/* drop "(*(&" at i and "))" at inner_close */
			memmove(key + inner_close, key + inner_close + 2, len - inner_close - 1);
			memmove(key + i, key + i + 4, strlen(key + i + 4) + 1);
			changed = 1;
			break;
		}
	}
}

char *dv_ts_key_substitute(const char *tmpl, const char *const *args, unsigned n_args)
{
	struct strbuf sb;
	const char *p = tmpl;
	char *out;
	strbuf_init(&sb);
	while (*p) {
		if (p[0] == 'P' && p[1] == '{' && (p == tmpl || !isalnum((unsigned char)p[-1]))) {
			char *end;
			unsigned long i = strtoul(p + 2, &end, 10);
			if (*end == '}' && end > p + 2) {
				if (i >= n_args || !args[i]) {
					strbuf_release(&sb);
					return NULL;
				}
				strbuf_addstr(&sb, args[i]);
				p = end + 1;
				continue;
			}
		}
		strbuf_addch(&sb, *p++);
	}
	out = strbuf_detach(&sb);
	dv_ts_key_simplify(out);
	return out;
}

static int param_index(CXCursor func, CXCursor parm)
{
	int n = clang_Cursor_getNumArguments(func), i;
	for (i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(func, (unsigned)i), parm))
			return i;
	return -1;
}

static void add_usr(struct strbuf *sb, CXCursor d)
{
	char *usr = ts_take_cx(clang_getCursorUSR(d));
	if (usr[0]) {
		strbuf_addstr(sb, usr);
	} else {
		char *name = ts_take_cx(clang_getCursorSpelling(d));
		unsigned off = 0;
		clang_getFileLocation(clang_getCursorLocation(d), NULL, NULL, NULL, &off);
		strbuf_addf(sb, "%s@%u", name, off);
		free(name);
	}
	free(usr);
}

static int decl_root(struct strbuf *sb, CXCursor func, CXCursor d)
{
	enum CXCursorKind k = clang_getCursorKind(d);
	if (k == CXCursor_ParmDecl) {
		int i = clang_Cursor_isNull(func) ? -1 : param_index(func, d);
		if (i >= 0) {
			strbuf_addf(sb, "P{%d}", i);
			return 0;
		}
		strbuf_addstr(sb, "L{");
		add_usr(sb, d);
		strbuf_addch(sb, '}');
		return 0;
	}
	if (k != CXCursor_VarDecl)
		return -1;
	strbuf_addstr(sb, clang_Cursor_hasVarDeclGlobalStorage(d) == 1 ? "G{" : "L{");
	add_usr(sb, d);
	strbuf_addch(sb, '}');
	return 0;
}

int ts_is_pointer_expr(CXCursor e)
{
	enum CXTypeKind k = clang_getCanonicalType(clang_getCursorType(e)).kind;
	return k == CXType_Pointer;
}

static int key_into(struct strbuf *sb, CXCursor func, CXCursor e, unsigned depth)
{
	if (depth > 24 || clang_Cursor_isNull(e))
		return -1;
	e = dv_ast_strip_casts(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_BinaryOperator:
		/* (check, value): OVS's CONST_CAST and friends */
		if (clang_getCursorBinaryOperatorKind(e) != CXBinaryOperator_Comma)
			return -1;
		return key_into(sb, func, dv_ast_child(e, 1), depth + 1);
	case CXCursor_DeclRefExpr: {
		CXCursor d = clang_getCursorReferenced(e);
		/* a local C++ reference names what it was bound to */
		if (clang_getCursorKind(d) == CXCursor_VarDecl &&
		    clang_getCursorType(d).kind == CXType_LValueReference &&
		    clang_Cursor_hasVarDeclGlobalStorage(d) != 1) {
			CXCursor init = clang_Cursor_getVarDeclInitializer(d);
			if (!clang_Cursor_isNull(init))
				return key_into(sb, func, init, depth + 1);
		}
		return decl_root(sb, func, d);
	}
	case CXCursor_CXXThisExpr:
		strbuf_addstr(sb, "T{}");
		return 0;
	case CXCursor_MemberRefExpr: {
		CXCursor base = dv_ast_child(e, 0), field = clang_getCursorReferenced(e);
		if (clang_getCursorKind(field) != CXCursor_FieldDecl)
			return -1;
		if (clang_Cursor_isNull(base) || !clang_isExpression(clang_getCursorKind(base))) {
			strbuf_addstr(sb, "(*T{})");
		} else if (ts_is_pointer_expr(base)) {
			strbuf_addstr(sb, "(*");
			if (key_into(sb, func, base, depth + 1) < 0)
				return -1;
			strbuf_addch(sb, ')');
		} else if (key_into(sb, func, base, depth + 1) < 0) {
			return -1;
		}
		strbuf_addstr(sb, ".F{");
		add_usr(sb, field);
		strbuf_addch(sb, '}');
		return 0;
	}
	case CXCursor_UnaryOperator: {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
		if (op != CXUnaryOperator_Deref && op != CXUnaryOperator_AddrOf)
			return -1;
		strbuf_addstr(sb, op == CXUnaryOperator_Deref ? "(*" : "(&");
		if (key_into(sb, func, dv_ast_child(e, 0), depth + 1) < 0)
			return -1;
		strbuf_addch(sb, ')');
		return 0;
	}
	case CXCursor_ArraySubscriptExpr: {
		long long v;
		CXCursor idx = dv_ast_child(e, 1);
		if (key_into(sb, func, dv_ast_child(e, 0), depth + 1) < 0)
			return -1;
		strbuf_addch(sb, '[');
		if (dv_ast_int_value(idx, &v) == 0)
			strbuf_addf(sb, "%lld", v);
		else if (key_into(sb, func, idx, depth + 1) < 0)
			return -1;
		strbuf_addch(sb, ']');
		return 0;
	}
	default:
		return -1;
	}
}

/* malloc'd key of expression e inside func, or NULL. */
char *ts_expr_key(CXCursor func, CXCursor e)
{
	struct strbuf sb;
	char *k;
	strbuf_init(&sb);
	if (key_into(&sb, func, e, 0) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	k = strbuf_detach(&sb);
	dv_ts_key_simplify(k);
	return k;
}

char *ts_deref_key(const char *k)
{
	char *r;
	if (!k)
		return NULL;
	r = xasprintf("(*%s)", k);
	dv_ts_key_simplify(r);
	return r;
}

char *ts_decl_key(CXCursor func, CXCursor d)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (decl_root(&sb, func, d) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* A key naming a plain variable (local or parameter), the only places a
 * handle is tracked in. */
int ts_key_is_variable(const char *k)
{
	size_t n;
	if (!k || (k[0] != 'L' && k[0] != 'P') || k[1] != '{')
		return 0;
	n = strlen(k);
	return k[n - 1] == '}' && !strchr(k + 2, '{');
}

int ts_key_is_local(const char *k)
{
	return k && !strstr(k, "P{") && !strstr(k, "G{") && !strstr(k, "T{") && !strstr(k, "(*");
}

/* Identity across functions for lock order: a global's key, or the field
 * (struct member) the lock is, whatever instance. */
char *ts_order_id_of(const char *k)
{
	size_t n;
	const char *f;
	if (!k)
		return NULL;
	if (!strstr(k, "P{") && !strstr(k, "L{") && !strstr(k, "T{") && !strchr(k, '['))
		return xstrdup(k);
	n = strlen(k);
	if (n < 4 || k[n - 1] != '}')
		return NULL;
	f = k + n - 1;
	while (f > k && *f != '{')
		f--;
	if (f - k < 2 || f[-1] != 'F' || f[-2] != '.')
		return NULL;
	return xstrdup(f - 1);
}

const char *ts_in_str(struct ts_fn *fn, const char *s)
{
	return ts_intern_str(&fn->t->in, s);
}

const char *ts_in_take(struct ts_fn *fn, char *s)
{
	return ts_intern_take(&fn->t->in, s);
}

int ts_is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Source text with the tokenizer's spaces removed where C needs none:
 * "q -> lock" becomes "q->lock". */
char *ts_display_text(CXCursor e)
{
	char *t = dv_ast_text(e), *w = t;
	const char *r;
	for (r = t; *r; r++) {
		if (*r == ' ' && !(w > t && ts_is_ident_char(w[-1]) && ts_is_ident_char(r[1])))
			continue;
		*w++ = *r;
	}
	*w = 0;
	if (t[0] == '&')
		memmove(t, t + 1, strlen(t));
	if (strlen(t) > 60 || strpbrk(t, ";{}#")) {
		/* the extent is a whole macro expansion: name the member or
		 * variable instead */
		CXCursor s = dv_ast_strip_casts(e);
		if (clang_getCursorKind(s) == CXCursor_UnaryOperator)
			s = dv_ast_strip_casts(dv_ast_child(s, 0));
		free(t);
		t = ts_take_cx(clang_getCursorSpelling(s));
		if (!t[0]) {
			free(t);
			t = xstrdup("?");
		}
	}
	return t;
}
