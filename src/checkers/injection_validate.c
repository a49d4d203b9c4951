/*
 * Validation written as code rather than as a call to a named validator
 * (see injection_taint.h, "injection_validate.c"):
 *
 * - a loop over the characters of a string that leaves the function
 *   (return, goto, a call that does not return) unless the character is
 *   in a safe set: when the loop ends because the string ended, every
 *   character was in the set;
 * - a copy `out[j++] = c` guarded by a test that c is in a safe set: the
 *   copied character is in the set; a loop whose only such copies write
 *   back into the string it scans rewrites it with safe characters;
 * - the safe set (character classes isalnum/isdigit/..., explicit
 *   characters, ranges, strchr over a literal allow-list) decides the
 *   rules it satisfies: no shell metacharacter for commands, neither '/'
 *   nor '.' for paths, no quote, '-', ';' or blank for SQL, no '%' for
 *   formats.
 *
 * The function's AST is scanned once per analysis; the dataflow callbacks
 * find what the scan recorded by source extent.
 */
#include "checkers/injection_taint.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct charset {
	unsigned char bits[32];
};

static void set_add(struct charset *s, unsigned c)
{
	s->bits[(c & 0xffu) >> 3] |= (unsigned char)(1u << (c & 7u));
}

static int set_has(const struct charset *s, unsigned c)
{
	return (s->bits[(c & 0xffu) >> 3] >> (c & 7u)) & 1u;
}

static void set_union(struct charset *d, const struct charset *s)
{
	unsigned i;
	for (i = 0; i < sizeof d->bits; i++)
		d->bits[i] |= s->bits[i];
}

static void set_range(struct charset *s, long long lo, long long hi)
{
	long long c;
	for (c = lo < 0 ? 0 : lo; c <= hi && c < 256; c++)
		set_add(s, (unsigned)c);
}

/* The characters besides letters and digits that each rule tolerates. */
static unsigned rules_of_set(const struct charset *s)
{
	static const char *const extra[INJ_NRULES] = {
		[INJ_COMMAND] = "_-.,/:=+@%^",
		[INJ_SQL] = "_.,:@/+=",
		[INJ_FORMAT] = NULL, /* all but '%' */
		[INJ_PATH] = "_-+@%,=:~",
	};
	unsigned rules = 0, c;
	int r;
	for (r = 0; r < INJ_NRULES; r++) {
		int ok = 1;
		for (c = 1; c < 256 && ok; c++) {
			int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
				    (c >= 'A' && c <= 'Z');
			if (!set_has(s, c) || alnum)
				continue;
			if (!extra[r])
				ok = c != '%';
			else
				ok = strchr(extra[r], (int)c) != NULL;
		}
		if (ok)
			rules |= INJ_BIT(r);
	}
	return rules;
}

static CXCursor strip(CXCursor e)
{
	unsigned guard;
	for (guard = 0; guard < 8; guard++) {
		CXCursor s = dv_ast_strip_casts(dv_ast_strip(e));
		if (clang_equalCursors(s, e))
			break;
		e = s;
	}
	return e;
}

/* Structural equality of two element expressions (`*p`, `s[i]`, `c`). */
static int same_expr(CXCursor a, CXCursor b)
{
	enum CXCursorKind k;
	a = strip(a);
	b = strip(b);
	k = clang_getCursorKind(a);
	if (clang_Cursor_isNull(a) || clang_Cursor_isNull(b) || k != clang_getCursorKind(b))
		return 0;
	if (k == CXCursor_DeclRefExpr)
		return clang_equalCursors(clang_getCursorReferenced(a), clang_getCursorReferenced(b));
	if (k == CXCursor_IntegerLiteral) {
		long long x, y;
		return !dv_ast_int_value(a, &x) && !dv_ast_int_value(b, &y) && x == y;
	}
	if (k == CXCursor_UnaryOperator)
		return clang_getCursorUnaryOperatorKind(a) == CXUnaryOperator_Deref &&
		       clang_getCursorUnaryOperatorKind(b) == CXUnaryOperator_Deref &&
		       same_expr(dv_ast_child(a, 0), dv_ast_child(b, 0));
	if (k == CXCursor_ArraySubscriptExpr)
		return same_expr(dv_ast_child(a, 0), dv_ast_child(b, 0)) &&
		       same_expr(dv_ast_child(a, 1), dv_ast_child(b, 1));
	return 0;
}

/* The element a test looks at: the loop's element itself or the variable
 * `c` the body loaded it into. */
struct elem {
	CXCursor e;   /* `*p`, `s[i]` (null: any expression copied in a filter) */
	CXCursor var; /* VarDecl of `c`, or null */
};

static int is_elem(const struct elem *el, CXCursor x)
{
	x = strip(x);
	if (!clang_Cursor_isNull(el->var) && clang_getCursorKind(x) == CXCursor_DeclRefExpr &&
	    clang_equalCursors(clang_getCursorReferenced(x), el->var))
		return 1;
	return !clang_Cursor_isNull(el->e) && same_expr(el->e, x);
}

static int char_value(CXCursor e, long long *v)
{
	return !dv_ast_int_value(strip(e), v);
}

static char *call_name(CXCursor c)
{
	c = strip(c);
	return clang_getCursorKind(c) == CXCursor_CallExpr ? dv_ast_callee_name(c) : NULL;
}

/* glibc's <ctype.h> macros expand isalnum(c) to
 * `(*__ctype_b_loc())[(int)(c)] & (unsigned short)_ISalnum`: the class
 * name ("alnum") when e is that expansion for the element, else NULL. */
static const char *glibc_class(const struct elem *el, CXCursor e)
{
	CXCursor table, base, bit, ref;
	char *fn;
	int ok;
	CXString sp;
	static const char *const classes[] = {"alnum", "alpha", "digit", "xdigit", "upper", "lower"};
	static const char *const names[] = {"_ISalnum", "_ISalpha", "_ISdigit", "_ISxdigit",
					    "_ISupper", "_ISlower"};
	const char *found = NULL;
	size_t i;
	e = strip(e);
	if (clang_getCursorKind(e) != CXCursor_BinaryOperator ||
	    clang_getCursorBinaryOperatorKind(e) != CXBinaryOperator_And)
		return NULL;
	table = strip(dv_ast_child(e, 0));
	bit = strip(dv_ast_child(e, 1));
	if (clang_getCursorKind(table) != CXCursor_ArraySubscriptExpr ||
	    clang_getCursorKind(bit) != CXCursor_DeclRefExpr ||
	    !is_elem(el, dv_ast_child(table, 1)))
		return NULL;
	base = strip(dv_ast_child(table, 0));
	if (clang_getCursorKind(base) == CXCursor_UnaryOperator)
		base = strip(dv_ast_child(base, 0));
	fn = call_name(base);
	ok = fn && !strcmp(fn, "__ctype_b_loc");
	free(fn);
	ref = clang_getCursorReferenced(bit);
	if (!ok || clang_getCursorKind(ref) != CXCursor_EnumConstantDecl)
		return NULL;
	sp = clang_getCursorSpelling(ref);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(clang_getCString(sp), names[i]))
			found = classes[i];
	clang_disposeString(sp);
	return found;
}

/* A class test or allow-list lookup of the element: its set, 0 on success. */
static int class_test(const struct elem *el, CXCursor e, struct charset *out)
{
	const char *cls = glibc_class(el, e);
	char *name = cls ? NULL : call_name(e);
	CXCursor call = strip(e);
	int rc = -1;
	if (cls) {
		char isname[16];
		snprintf(isname, sizeof isname, "is%s", cls);
		name = xstrdup(isname);
	}
	if (!name)
		return -1;
	if (cls || (dv_ast_call_nargs(call) == 1 && is_elem(el, dv_ast_call_arg(call, 0)))) {
		rc = 0;
		if (!strcmp(name, "isalnum")) {
			set_range(out, '0', '9'), set_range(out, 'a', 'z'), set_range(out, 'A', 'Z');
		} else if (!strcmp(name, "isalpha")) {
			set_range(out, 'a', 'z'), set_range(out, 'A', 'Z');
		} else if (!strcmp(name, "isdigit")) {
			set_range(out, '0', '9');
		} else if (!strcmp(name, "isxdigit")) {
			set_range(out, '0', '9'), set_range(out, 'a', 'f'), set_range(out, 'A', 'F');
		} else if (!strcmp(name, "isupper")) {
			set_range(out, 'A', 'Z');
		} else if (!strcmp(name, "islower")) {
			set_range(out, 'a', 'z');
		} else {
			rc = -1;
		}
	} else if (!strcmp(name, "strchr") && dv_ast_call_nargs(call) == 2 &&
		   is_elem(el, dv_ast_call_arg(call, 1)) &&
		   dv_ast_is_constant_string(dv_ast_call_arg(call, 0))) {
		char *lit = dv_ast_string_value(dv_ast_call_arg(call, 0)), *p;
		if (lit) {
			for (p = lit; *p; p++)
				set_add(out, (unsigned char)*p);
			free(lit);
			rc = 0;
		}
	}
	free(name);
	return rc;
}

static int is_zero(CXCursor e)
{
	long long v;
	enum CXCursorKind k = clang_getCursorKind(strip(e));
	return k == CXCursor_GNUNullExpr || k == CXCursor_CXXNullPtrLiteralExpr ||
	       (char_value(e, &v) && v == 0);
}

static int unsafe_test(const struct elem *el, CXCursor e, struct charset *out);


/* The character range [*lo, *hi] bounded by the comparisons lc (`c OP lo`)
 * and hc (`c OP hi`) of the element with constants: `at_lo` keeps lo in
 * the range, `past_lo` starts it at lo + 1; `at_hi` / `past_hi` likewise
 * at the top.  0, or -1 for any other shape. */
static int bounds(const struct elem *el, CXCursor lc, CXCursor hc, enum CXBinaryOperatorKind at_lo,
		  enum CXBinaryOperatorKind past_lo, enum CXBinaryOperatorKind at_hi,
		  enum CXBinaryOperatorKind past_hi, long long *lo, long long *hi)
{
	CXCursor l = strip(lc), h = strip(hc);
	enum CXBinaryOperatorKind lk, hk;
	if (clang_getCursorKind(l) != CXCursor_BinaryOperator ||
	    clang_getCursorKind(h) != CXCursor_BinaryOperator ||
	    !is_elem(el, dv_ast_child(l, 0)) || !is_elem(el, dv_ast_child(h, 0)) ||
	    !char_value(dv_ast_child(l, 1), lo) || !char_value(dv_ast_child(h, 1), hi))
		return -1;
	lk = clang_getCursorBinaryOperatorKind(l);
	hk = clang_getCursorBinaryOperatorKind(h);
	if ((lk != at_lo && lk != past_lo) || (hk != at_hi && hk != past_hi))
		return -1;
	if (lk == past_lo)
		(*lo)++;
	if (hk == past_hi)
		(*hi)--;
	return 0;
}

/* e is true exactly for characters of *out (a safe test). */
static int safe_test(const struct elem *el, CXCursor e, struct charset *out)
{
	e = strip(e);
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_LNot)
		return -1;
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
		CXCursor a = dv_ast_child(e, 0), b = dv_ast_child(e, 1);
		struct charset x = {{0}}, y = {{0}};
		long long lo, hi;
		if (op == CXBinaryOperator_LOr) {
			if (safe_test(el, a, &x) || safe_test(el, b, &y))
				return -1;
			set_union(out, &x);
			set_union(out, &y);
			return 0;
		}
		if (op == CXBinaryOperator_EQ && is_elem(el, a) && char_value(b, &lo)) {
			set_add(out, (unsigned)lo);
			return 0;
		}
		if ((op == CXBinaryOperator_NE) && is_zero(b))
			return class_test(el, a, out);
		if (op == CXBinaryOperator_And)
			return class_test(el, e, out);
		if (op == CXBinaryOperator_LAnd) {
			/* c >= lo && c <= hi */
			if (bounds(el, a, b, CXBinaryOperator_GE, CXBinaryOperator_GT,
				   CXBinaryOperator_LE, CXBinaryOperator_LT, &lo, &hi))
				return -1;
			set_range(out, lo, hi);
			return 0;
		}
		return -1;
	}
	return class_test(el, e, out);
}

/* e is true exactly for characters outside *out (a rejecting test). */
static int unsafe_test(const struct elem *el, CXCursor e, struct charset *out)
{
	e = strip(e);
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_LNot)
		return safe_test(el, dv_ast_child(e, 0), out);
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
		CXCursor a = dv_ast_child(e, 0), b = dv_ast_child(e, 1);
		struct charset x = {{0}}, y = {{0}};
		long long lo, hi;
		if (op == CXBinaryOperator_LAnd) {
			if (unsafe_test(el, a, &x) || unsafe_test(el, b, &y))
				return -1;
			set_union(out, &x);
			set_union(out, &y);
			return 0;
		}
		if (op == CXBinaryOperator_NE && is_elem(el, a) && char_value(b, &lo)) {
			set_add(out, (unsigned)lo);
			return 0;
		}
		if (op == CXBinaryOperator_EQ && is_zero(b))
			return class_test(el, a, out);
		if (op == CXBinaryOperator_LOr) {
			/* c < lo || c > hi */
			if (bounds(el, a, b, CXBinaryOperator_LT, CXBinaryOperator_LE,
				   CXBinaryOperator_GT, CXBinaryOperator_GE, &lo, &hi))
				return -1;
			set_range(out, lo, hi);
			return 0;
		}
	}
	return -1;
}

/* Does statement s leave the loop and skip what follows it for good? */
static int leaves(CXCursor s)
{
	enum CXCursorKind k = clang_getCursorKind(s);
	if (k == CXCursor_ReturnStmt || k == CXCursor_GotoStmt)
		return 1;
	if (k == CXCursor_CallExpr)
		return dv_ast_callee_is_noreturn(s);
	if (k == CXCursor_CompoundStmt) {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(s, &kids);
		int yes = n > 0 && leaves(kids[n - 1]);
		free(kids);
		return yes;
	}
	return 0;
}

static void add_guard(struct inj_ctx *ctx, int kind, CXCursor at, long key, unsigned rules)
{
	struct inj_guard *g;
	if (!rules)
		return;
	DV_GROW(ctx->guards, ctx->n_guards + 1, ctx->guards_alloc);
	g = &ctx->guards[ctx->n_guards++];
	g->kind = kind;
	g->extent = clang_getCursorExtent(strip(at));
	g->key = key;
	g->rules = rules;
}

/* `*p`, `s[i]`, `x != 0`, `x != '\0'`: the element a NUL test looks at. */
static CXCursor nul_test_elem(CXCursor cond)
{
	CXCursor c = strip(cond);
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_NE &&
	    is_zero(dv_ast_child(c, 1)))
		c = strip(dv_ast_child(c, 0)), k = clang_getCursorKind(c);
	if (k == CXCursor_ArraySubscriptExpr ||
	    (k == CXCursor_UnaryOperator &&
	     clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_Deref))
		return c;
	return clang_getNullCursor();
}

/* A filter copy `d = c` under a safe test of c in statement s (the then
 * branch): records it; returns the destination's key when it is one. */
static long filter_copy(struct inj_ctx *ctx, CXCursor test, CXCursor s)
{
	CXCursor *kids = NULL;
	unsigned n, i;
	long dst = -1;
	s = strip(s);
	if (clang_getCursorKind(s) == CXCursor_CompoundStmt) {
		n = dv_ast_children(s, &kids);
		for (i = 0; i < n; i++) {
			long k = filter_copy(ctx, test, kids[i]);
			if (k >= 0)
				dst = k;
		}
		free(kids);
		return dst;
	}
	if (clang_getCursorKind(s) == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(s) == CXBinaryOperator_Assign) {
		struct elem el = {dv_ast_child(s, 1), clang_getNullCursor()};
		struct charset set = {{0}};
		CXCursor rhs = strip(dv_ast_child(s, 1));
		if (clang_getCursorKind(rhs) == CXCursor_DeclRefExpr)
			el.var = clang_getCursorReferenced(rhs);
		if (safe_test(&el, test, &set))
			return -1;
		add_guard(ctx, INJ_GUARD_COPY, s, -1, rules_of_set(&set));
		return inj_base_key(ctx, dv_ast_child(s, 0), NULL);
	}
	return -1;
}

/* The element variable `c = *p` / `char c = s[i]` a loop body starts with. */
static CXCursor loaded_var(CXCursor stmt, CXCursor elem)
{
	CXCursor s = strip(stmt);
	if (clang_getCursorKind(s) == CXCursor_DeclStmt) {
		CXCursor v = dv_ast_child(s, 0), init;
		if (clang_getCursorKind(v) != CXCursor_VarDecl)
			return clang_getNullCursor();
		/* the initialiser is the VarDecl's last child */
		{
			CXCursor *kids = NULL;
			unsigned n = dv_ast_children(v, &kids);
			init = n ? kids[n - 1] : clang_getNullCursor();
			free(kids);
		}
		return !clang_Cursor_isNull(init) && same_expr(init, elem) ? v : clang_getNullCursor();
	}
	if (clang_getCursorKind(s) == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(s) == CXBinaryOperator_Assign &&
	    same_expr(dv_ast_child(s, 1), elem) &&
	    clang_getCursorKind(strip(dv_ast_child(s, 0))) == CXCursor_DeclRefExpr)
		return clang_getCursorReferenced(strip(dv_ast_child(s, 0)));
	return clang_getNullCursor();
}

/* A loop with condition `cond` (its NUL test) and body `body`. */
static void scan_loop(struct inj_ctx *ctx, CXCursor cond, CXCursor body)
{
	CXCursor elem = nul_test_elem(cond), *kids = NULL;
	struct elem el;
	unsigned n, i;
	long key;
	if (clang_Cursor_isNull(elem) || clang_Cursor_isNull(body))
		return;
	key = inj_base_key(ctx, elem, NULL);
	if (key < 0)
		return;
	el.e = elem;
	el.var = clang_getNullCursor();
	if (clang_getCursorKind(body) == CXCursor_CompoundStmt) {
		n = dv_ast_children(body, &kids);
	} else {
		kids = xmalloc(sizeof(*kids));
		kids[0] = body;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		CXCursor s = strip(kids[i]), v = loaded_var(s, elem);
		CXCursor *ik = NULL;
		unsigned m;
		struct charset set = {{0}};
		if (!clang_Cursor_isNull(v)) {
			el.var = v;
			continue;
		}
		if (clang_getCursorKind(s) != CXCursor_IfStmt)
			break;
		m = dv_ast_children(s, &ik);
		if (m >= 2 && leaves(ik[1]) && !unsafe_test(&el, ik[0], &set)) {
			add_guard(ctx, INJ_GUARD_LOOP_EXIT, cond, key, rules_of_set(&set));
		} else if (m == 2 && !safe_test(&el, ik[0], &set)) {
			/* an in-place filter: the string is rewritten with what passed */
			if (filter_copy(ctx, ik[0], ik[1]) == key)
				add_guard(ctx, INJ_GUARD_LOOP_EXIT, cond, key, rules_of_set(&set));
		}
		free(ik);
		break;
	}
	free(kids);
}

static enum CXChildVisitResult scan_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct inj_ctx *ctx = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_WhileStmt) {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(c, &kids);
		if (n == 2)
			scan_loop(ctx, kids[0], kids[1]);
		free(kids);
	} else if (k == CXCursor_ForStmt) {
		/* children: init? cond? inc? body; the condition is the one
		 * child of two or more that is a NUL test and not the last */
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(c, &kids), i;
		for (i = 0; n >= 2 && i + 1 < n; i++)
			if (!clang_Cursor_isNull(nul_test_elem(kids[i]))) {
				scan_loop(ctx, kids[i], kids[n - 1]);
				break;
			}
		free(kids);
	} else if (k == CXCursor_BinaryOperator &&
		   clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
		CXCursor lhs = strip(dv_ast_child(c, 0));
		unsigned i;
		if (clang_getCursorKind(lhs) == CXCursor_DeclRefExpr)
			for (i = 0; i < ctx->n_params; i++)
				if (clang_equalCursors(clang_getCursorReferenced(lhs), ctx->params[i]))
					ctx->params_assigned |= 1u << i;
	} else if (k == CXCursor_IfStmt) {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(c, &kids);
		if (n == 2)
			filter_copy(ctx, kids[0], kids[1]);
		free(kids);
	}
	return CXChildVisit_Recurse;
}

void inj_scan_validation(struct inj_ctx *ctx, CXCursor func)
{
	ctx->n_guards = 0;
	ctx->params_assigned = 0;
	clang_visitChildren(func, scan_visit, ctx);
}

static int same_extent(CXSourceRange a, CXSourceRange b)
{
	return clang_equalRanges(a, b);
}

const struct inj_guard *inj_guard_at(const struct inj_ctx *ctx, int kind, CXCursor at)
{
	CXSourceRange r = clang_getCursorExtent(strip(at));
	size_t i;
	for (i = 0; i < ctx->n_guards; i++)
		if (ctx->guards[i].kind == kind && same_extent(ctx->guards[i].extent, r))
			return &ctx->guards[i];
	return NULL;
}

int inj_whole_string(CXCursor e)
{
	e = strip(e);
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator)
		return 0; /* f + n: a suffix */
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_AddrOf) {
		CXCursor a = strip(dv_ast_child(e, 0));
		long long i;
		if (clang_getCursorKind(a) == CXCursor_ArraySubscriptExpr &&
		    (dv_ast_int_value(dv_ast_child(a, 1), &i) || i != 0))
			return 0; /* &s[n] */
	}
	return 1;
}
