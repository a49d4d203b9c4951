/*
 * Values, variable maps and error-path tokens of the logging checker's
 * path analysis (logging_paths.c), and the AST helpers that read them.
 */
#include "checkers/logging.h"
#include "checkers/logging_state.h"
#include "front/ast.h"
#include "engine/dataflow.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- values ---- */

int lg_val_equal(const struct val *a, const struct val *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == V_CONST)
		return a->c == b->c && a->named == b->named;
	if (a->kind == V_CALL)
		return clang_equalCursors(a->call, b->call);
	return 1;
}

void lg_vmap_release(struct vmap *m)
{
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

void lg_vmap_copy(struct vmap *dst, const struct vmap *src)
{
	dst->n = src->n;
	dst->v = src->n ? xmalloc(src->n * sizeof(*src->v)) : NULL;
	if (src->n)
		memcpy(dst->v, src->v, src->n * sizeof(*src->v));
}

struct val *lg_vmap_get(const struct vmap *m, unsigned key)
{
	unsigned lo = 0, hi = m->n;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (m->v[mid].key == key)
			return &m->v[mid].v;
		if (m->v[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void lg_vmap_set(struct vmap *m, unsigned key, const struct val *v)
{
	unsigned i = 0;
	while (i < m->n && m->v[i].key < key)
		i++;
	if (i < m->n && m->v[i].key == key) {
		if (v)
			m->v[i].v = *v;
		else {
			memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(*m->v));
			m->n--;
		}
		return;
	}
	if (!v)
		return;
	m->v = xreallocarray(m->v, m->n + 1, sizeof(*m->v));
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(*m->v));
	m->v[i].key = key;
	m->v[i].v = *v;
	m->n++;
}

/* dst keeps the entries src agrees with; nonzero when dst changed. */
int lg_vmap_join(struct vmap *dst, const struct vmap *src)
{
	unsigned i, m = 0;
	int changed = 0;
	for (i = 0; i < dst->n; i++) {
		const struct val *o = lg_vmap_get(src, dst->v[i].key);
		if (o && lg_val_equal(o, &dst->v[i].v))
			dst->v[m++] = dst->v[i];
		else
			changed = 1;
	}
	dst->n = m;
	return changed;
}

/* ---- states ---- */

struct state *lg_state_copy(const struct state *s)
{
	struct state *c = xcalloc(1, sizeof(*c));
	unsigned i;
	lg_vmap_copy(&c->vars, &s->vars);
	c->n_tok = s->n_tok;
	c->tok = s->n_tok ? xmalloc(s->n_tok * sizeof(*s->tok)) : NULL;
	for (i = 0; i < s->n_tok; i++) {
		c->tok[i] = s->tok[i];
		lg_vmap_copy(&c->tok[i].vars, &s->tok[i].vars);
	}
	return c;
}

void lg_state_free(struct state *s)
{
	unsigned i;
	if (!s)
		return;
	lg_vmap_release(&s->vars);
	for (i = 0; i < s->n_tok; i++)
		lg_vmap_release(&s->tok[i].vars);
	free(s->tok);
	free(s);
}

void lg_token_remove(struct state *s, unsigned i)
{
	lg_vmap_release(&s->tok[i].vars);
	memmove(&s->tok[i], &s->tok[i + 1], (s->n_tok - i - 1) * sizeof(*s->tok));
	s->n_tok--;
}

struct token *lg_token_find(struct state *s, unsigned test)
{
	unsigned i;
	for (i = 0; i < s->n_tok; i++)
		if (s->tok[i].test == test)
			return &s->tok[i];
	return NULL;
}

int lg_token_join(struct token *d, const struct token *s)
{
	int changed = lg_vmap_join(&d->vars, &s->vars);
	if (d->logged && !s->logged) {
		d->logged = 0;
		changed = 1;
	}
	if (!d->committed && s->committed) {
		d->committed = 1;
		changed = 1;
	}
	return changed;
}

int lg_state_join(struct state *d, const struct state *s)
{
	int changed = lg_vmap_join(&d->vars, &s->vars);
	unsigned i;
	for (i = 0; i < s->n_tok; i++) {
		struct token *t = lg_token_find(d, s->tok[i].test);
		if (t) {
			changed |= lg_token_join(t, &s->tok[i]);
		} else if (d->n_tok < MAX_TOKENS) {
			d->tok = xreallocarray(d->tok, d->n_tok + 1, sizeof(*d->tok));
			d->tok[d->n_tok] = s->tok[i];
			lg_vmap_copy(&d->tok[d->n_tok].vars, &s->tok[i].vars);
			d->n_tok++;
			changed = 1;
		}
	}
	return changed;
}

/* ---- expressions ---- */

/* Key of a local variable or parameter named by e (a DeclRefExpr) or
 * declared by e (a VarDecl), 0 otherwise. */
unsigned lg_local_key(CXCursor e)
{
	CXCursor d = e;
	unsigned off = 0;
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k == CXCursor_DeclRefExpr)
		d = clang_getCursorReferenced(e);
	k = clang_getCursorKind(d);
	if (k == CXCursor_VarDecl) {
		if (clang_Cursor_hasVarDeclGlobalStorage(d) == 1)
			return 0;
	} else if (k != CXCursor_ParmDecl) {
		return 0;
	}
	clang_getFileLocation(clang_getCursorLocation(d), NULL, NULL, NULL, &off);
	return off + 1;
}

int lg_is_errno_expr(CXCursor e)
{
	CXCursor s = dv_ast_strip_casts(e);
	char *text;
	int r;
	if (clang_getCursorKind(s) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_Minus)
		s = dv_ast_strip_casts(dv_ast_child(s, 0));
	text = lg_spelled_name(s);
	r = text && !strcmp(text, "errno");
	free(text);
	return r;
}

/* The value an expression gives a variable. */
int lg_eval(const struct vmap *vars, CXCursor e, struct val *out)
{
	CXCursor s = dv_ast_strip(e);
	enum CXCursorKind k = clang_getCursorKind(s);
	long long c;
	memset(out, 0, sizeof(*out));
	if (clang_Cursor_isNull(s))
		return 0;
	if (k == CXCursor_CallExpr) {
		out->kind = V_CALL;
		out->call = s;
		return 1;
	}
	if (lg_is_errno_expr(s)) {
		out->kind = V_ERRNO;
		return 1;
	}
	if (k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_Minus &&
	    clang_getCursorKind(dv_ast_strip(dv_ast_child(s, 0))) == CXCursor_DeclRefExpr) {
		/* -err: errno negated stays errno, a known constant is negated */
		if (!lg_eval(vars, dv_ast_child(s, 0), out) || (out->kind != V_ERRNO && out->kind != V_CONST))
			return 0;
		out->c = -out->c;
		return 1;
	}
	if (k == CXCursor_DeclRefExpr) {
		unsigned key = lg_local_key(s);
		const struct val *v = key ? lg_vmap_get(vars, key) : NULL;
		if (v) {
			*out = *v;
			return 1;
		}
		if (clang_getCursorKind(clang_getCursorReferenced(s)) != CXCursor_EnumConstantDecl)
			return 0;
	}
	if (k == CXCursor_DeclRefExpr || k == CXCursor_IntegerLiteral ||
	    k == CXCursor_CXXBoolLiteralExpr || k == CXCursor_CXXNullPtrLiteralExpr ||
	    k == CXCursor_GNUNullExpr || k == CXCursor_UnaryOperator ||
	    k == CXCursor_CStyleCastExpr || k == CXCursor_CharacterLiteral) {
		if (k == CXCursor_CXXNullPtrLiteralExpr || k == CXCursor_GNUNullExpr) {
			out->kind = V_CONST;
			return 1;
		}
		if (dv_ast_int_value(dv_ast_strip_casts(s), &c) == 0) {
			out->kind = V_CONST;
			out->c = c;
			out->named = k == CXCursor_DeclRefExpr;
			return 1;
		}
	}
	return 0;
}

static int lg_text_has_err(const char *p)
{
	int r = 0;
	for (; p && *p && !r; p++)
		r = !strncasecmp(p, "err", 3) || !strncasecmp(p, "status", 6);
	return r;
}

/* A field or parameter named like an error (err, error, errp, status),
 * or a parameter of an error type (GError **, struct error *). */
static int lg_name_has_err(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	int r = lg_text_has_err(clang_getCString(s));
	clang_disposeString(s);
	if (!r && clang_getCursorKind(c) == CXCursor_ParmDecl) {
		s = clang_getTypeSpelling(clang_getCursorType(c));
		r = lg_text_has_err(clang_getCString(s));
		clang_disposeString(s);
	}
	return r;
}

/* A store that records an error for the caller: errno, a field named
 * like an error, or through a parameter named like one. */
int lg_records_error(CXCursor lhs)
{
	CXCursor e = dv_ast_strip(lhs);
	unsigned guard;
	if (lg_is_errno_expr(e))
		return 1;
	for (guard = 0; guard < 16; guard++) {
		enum CXCursorKind k = clang_getCursorKind(e);
		if (k == CXCursor_MemberRefExpr) {
			if (lg_name_has_err(e))
				return 1;
			e = dv_ast_strip(dv_ast_child(e, 0));
		} else if (k == CXCursor_UnaryOperator || k == CXCursor_ArraySubscriptExpr) {
			e = dv_ast_strip(dv_ast_child(e, 0));
		} else if (k == CXCursor_DeclRefExpr) {
			CXCursor d = clang_getCursorReferenced(e);
			return clang_getCursorKind(d) == CXCursor_ParmDecl && guard > 0 && lg_name_has_err(d);
		} else {
			return 0;
		}
	}
	return 0;
}

/* An argument that hands the caller's error object on (`err`, `&error`). */
int lg_error_param_arg(CXCursor a)
{
	CXCursor e = dv_ast_strip(a), d;
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator)
		e = dv_ast_strip(dv_ast_child(e, 0));
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return 0;
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) != CXCursor_ParmDecl)
		return 0;
	return clang_getCanonicalType(clang_getCursorType(d)).kind == CXType_Pointer && lg_name_has_err(d);
}


/* ---- conditions ---- */

/* Nonzero when the condition compares against a constant whose name is in
 * `names`; *eq_holds says whether "==" holds on this edge. */
int lg_named_compare(const struct dv_block *blk, enum dv_edge_kind kind,
			 const struct lg_names *names, int *eq_holds)
{
	CXCursor e = dv_ast_strip(blk->cond);
	int neg = kind == DV_EDGE_FALSE, side, r = 0;
	unsigned guard;
	enum CXBinaryOperatorKind op;
	for (guard = 0; guard < 8 && clang_getCursorKind(e) == CXCursor_UnaryOperator &&
			clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_LNot; guard++) {
		neg = !neg;
		e = dv_ast_strip(dv_ast_child(e, 0));
	}
	if (clang_getCursorKind(e) != CXCursor_BinaryOperator)
		return 0;
	op = clang_getCursorBinaryOperatorKind(e);
	if (op != CXBinaryOperator_EQ && op != CXBinaryOperator_NE)
		return 0;
	for (side = 0; side < 2 && !r; side++) {
		char *text = lg_spelled_name(dv_ast_strip_casts(dv_ast_child(e, (unsigned)side)));
		r = text && lg_names_match(names, text);
		free(text);
	}
	*eq_holds = (op == CXBinaryOperator_EQ) != neg;
	return r;
}

int lg_cmp_is_negative(const struct dv_cond_atom *a)
{
	return (a->cmp == DV_CMP_LT && a->value <= 0) || (a->cmp == DV_CMP_LE && a->value < 0) ||
	       (a->cmp == DV_CMP_EQ && a->value < 0);
}

/* Nonzero when some value satisfies both atoms (single-variable tests:
 * the candidates around both constants decide). */
int lg_atoms_compatible(const struct dv_cond_atom *x, const struct dv_cond_atom *y)
{
	long long cand[9] = {x->value - 1, x->value, x->value + 1, y->value - 1, y->value,
			     y->value + 1, 0, -1, 1};
	unsigned i;
	for (i = 0; i < 9; i++)
		if (dv_cond_holds(x, cand[i]) && dv_cond_holds(y, cand[i]))
			return 1;
	return 0;
}

