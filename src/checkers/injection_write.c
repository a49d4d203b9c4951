/*
 * Writes into a state: a strong update replaces a directly named local,
 * anything else joins into the object, its stand-alone fields and
 * everything it aliases; writes reaching a parameter's object are noted
 * for the summary (out-parameters).
 */
#include "checkers/injection_taint.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void note_out_param(struct inj_ctx *ctx, unsigned key, const struct inj_tval *v)
{
	unsigned i;
	if (!ctx->collect)
		return;
	for (i = 0; i < ctx->n_params; i++) {
		if (ctx->param_keys[i] != key)
			continue;
		if (!v->t.rules && !(dv_taint_params_under(&v->t, INJ_ALL_RULES) & ~(1u << i)))
			continue;
		if (!(ctx->collect->out_mask & (1u << i))) {
			ctx->collect->out_mask |= 1u << i;
			inj_tval_clean(&ctx->collect->out[i]);
		}
		{
			struct inj_tval w = *v;
			w.t.params[i] = 0; /* its own pointer value */
			w.t.unknown = 0;
			inj_tval_join(&ctx->collect->out[i], &w);
		}
	}
}

/* Replaces the value of `key` (strong update); its fields read through it again. */
void inj_state_set(struct inj_ctx *ctx, struct inj_state *s, unsigned key,
		   const struct inj_tval *v)
{
	long i;
	inj_reset_fields(ctx, s, key);
	*inj_state_slot(ctx, s, key) = *v;
	inj_global_note(ctx, key, v);
	i = inj_state_find(s, key);
	s->e[i].own = ctx->keys[key].parent >= 0;
}

/* Joins v into the object `key` and every field of it that stands alone. */
static void join_into_object(struct inj_ctx *ctx, struct inj_state *s, unsigned key,
			     const struct inj_tval *v)
{
	size_t j;
	inj_tval_join(inj_state_slot(ctx, s, key), v);
	inj_global_note(ctx, key, v);
	for (j = 0; j < s->n; j++)
		if (s->e[j].own && inj_key_inside(ctx, s->e[j].key, key))
			inj_tval_join(&s->e[j].v, v);
}

/* Joins v into the objects that share storage with `key`'s object. */
void inj_write_aliases(struct inj_ctx *ctx, struct inj_state *s, unsigned key,
		       const struct inj_tval *v)
{
	unsigned root = inj_key_root(ctx, key);
	size_t i;
	note_out_param(ctx, root, v);
	for (i = 0; i < s->n_al; i++) {
		unsigned other;
		if (s->al[i].a == root)
			other = s->al[i].b;
		else if (s->al[i].b == root)
			other = s->al[i].a;
		else
			continue;
		join_into_object(ctx, s, other, v);
		note_out_param(ctx, other, v);
	}
}

/* A pointer parameter of the function being analysed (the key stands
 * for what it points to). */
static int is_pointer_param(const struct inj_ctx *ctx, unsigned key)
{
	unsigned i;
	if (!ctx->keys[key].pointer)
		return 0;
	for (i = 0; i < ctx->n_params; i++)
		if (ctx->param_keys[i] == key)
			return !(ctx->params_assigned & (1u << i));
	return 0;
}

/* Writes v into what `dst` designates: replaces a directly named local
 * object when `overwrite`, else joins into it; and joins into everything
 * it aliases. */
void inj_write_to(struct inj_ctx *ctx, struct inj_state *s, CXCursor dst,
		  const struct inj_tval *v, int overwrite)
{
	int direct = 0;
	long key;
	unsigned guard;
	/* chained C++ calls write into the first object: `(oss << a) << b`,
	 * `s.append(a).append(b)` */
	for (guard = 0; guard < 32; guard++) {
		CXCursor c = dv_ast_strip_casts(dst);
		char *name;
		const struct inj_func *f;
		if (clang_getCursorKind(c) != CXCursor_CallExpr)
			break;
		name = dv_ast_callee_name(c);
		f = inj_api_for_call(ctx, c, name);
		free(name);
		if (f && f->prop && f->to == INJ_TO_ARG && f->to_arg == 0 && f->format_arg < 0)
			dst = dv_ast_call_arg(c, 0);
		else if (f && f->prop && f->to == INJ_TO_OBJECT)
			dst = dv_ast_call_object(c);
		else
			break;
		overwrite = 0;
	}
	key = inj_base_key(ctx, dst, &direct);
	if (key < 0)
		return;
	if (overwrite && direct && (ctx->keys[key].local || is_pointer_param(ctx, (unsigned)key)))
		inj_state_set(ctx, s, (unsigned)key, v); /* a parameter: what it points to */
	else
		join_into_object(ctx, s, (unsigned)key, v);
	inj_write_aliases(ctx, s, (unsigned)key, v);
}

/* Can the callee write through parameter type t: a pointer to, or a
 * reference of, non-const storage? */
static int writable_through(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	if (c.kind != CXType_Pointer && c.kind != CXType_LValueReference &&
	    c.kind != CXType_RValueReference)
		return 0;
	return !clang_isConstQualifiedType(clang_getPointeeType(c));
}

void inj_write_unknown_callee(struct inj_ctx *ctx, struct inj_state *s, CXCursor call,
			      unsigned callee)
{
	CXCursor decl = ctx->cg->funcs[callee].cursor;
	int nargs = dv_ast_call_nargs(call), nparams = clang_Cursor_getNumArguments(decl), i;
	struct inj_tval v;

	inj_tval_clean(&v);
	for (i = 0; i < nargs; i++) {
		CXCursor arg = dv_ast_call_arg(call, (unsigned)i);
		struct inj_tval a;
		if (inj_is_scalar_valued(arg))
			continue;
		inj_eval(ctx, s, arg, &a, 0);
		inj_tval_join(&v, &a);
	}
	/* like a summary's out-parameters: the taint, not "unknown" */
	v.t.unknown = 0;
	if (!v.t.rules && !dv_taint_has_params(&v.t))
		return;
	inj_tval_add_step(&v, call, STEP_OUT_PARAM);
	for (i = 0; i < nargs && i < nparams; i++) {
		CXCursor param = clang_Cursor_getArgument(decl, (unsigned)i);
		if (writable_through(clang_getCursorType(param)))
			inj_write_to(ctx, s, dv_ast_call_arg(call, (unsigned)i), &v, 0);
	}
}

/* Removes rule bits from what `e` designates, its fields and its aliases. */
void inj_clean_key(struct inj_ctx *ctx, struct inj_state *s, CXCursor e, unsigned rules)
{
	long key = inj_base_key(ctx, e, NULL);
	if (key >= 0)
		inj_clean_key_id(ctx, s, (unsigned)key, rules);
}

void inj_clean_key_id(struct inj_ctx *ctx, struct inj_state *s, unsigned ukey, unsigned rules)
{
	long key = (long)ukey, idx;
	unsigned root;
	size_t i;
	struct inj_tval v;
	/* the field now stands alone with what it held, minus the rules */
	inj_state_read(ctx, s, (unsigned)key, &v);
	inj_tval_sanitize(&v, rules);
	*inj_state_slot(ctx, s, (unsigned)key) = v;
	idx = inj_state_find(s, (unsigned)key);
	s->e[idx].own = ctx->keys[key].parent >= 0;
	for (i = 0; i < s->n; i++)
		if (inj_key_inside(ctx, s->e[i].key, (unsigned)key))
			inj_tval_sanitize(&s->e[i].v, rules);
	root = inj_key_root(ctx, (unsigned)key);
	if (root != (unsigned)key)
		return; /* the rest of the object and its aliases keep their data */
	for (i = 0; i < s->n_al; i++) {
		if (s->al[i].a == root)
			inj_tval_sanitize(inj_state_slot(ctx, s, s->al[i].b), rules);
		else if (s->al[i].b == root)
			inj_tval_sanitize(inj_state_slot(ctx, s, s->al[i].a), rules);
	}
}

static int is_pointer_valued(CXCursor e)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(e));
	return t.kind == CXType_Pointer || t.kind == CXType_ConstantArray ||
	       t.kind == CXType_IncompleteArray;
}

/* `p = buf`, `p = &x`, `p = buf + n`: p and buf now share storage. */
void inj_maybe_alias(struct inj_ctx *ctx, struct inj_state *s, unsigned key, CXCursor rhs)
{
	CXCursor r = dv_ast_strip_casts(rhs);
	long other;
	enum CXCursorKind k = clang_getCursorKind(r);
	if (!ctx->keys[key].pointer || clang_Cursor_isNull(r) || k == CXCursor_CallExpr ||
	    !is_pointer_valued(r))
		return;
	other = inj_base_key(ctx, r, NULL);
	if (other >= 0)
		inj_state_add_alias(s, key, (unsigned)other);
}

/* Is t `char *` (or a wide or signed/unsigned char) pointing to writable storage? */
static int writable_char_pointer(CXType t)
{
	CXType c = clang_getCanonicalType(t), p;
	if (c.kind != CXType_Pointer)
		return 0;
	p = clang_getPointeeType(c);
	if (clang_isConstQualifiedType(p))
		return 0;
	p = clang_getCanonicalType(p);
	return p.kind == CXType_Char_S || p.kind == CXType_Char_U || p.kind == CXType_SChar ||
	       p.kind == CXType_UChar || p.kind == CXType_WChar;
}

static int is_integer_type(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	return c.kind >= CXType_Char_U && c.kind <= CXType_Int128 && c.kind != CXType_Bool;
}

/* `sizeof buf` for the buffer `buf_key` (or sizeof of anything when buf_key < 0). */
static int is_sizeof_of(struct inj_ctx *ctx, CXCursor e, long buf_key)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(e);
	CXToken *toks = NULL;
	unsigned n = 0;
	int yes = 0;
	CXCursor inner;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_UnaryExpr)
		return 0;
	clang_tokenize(tu, clang_getCursorExtent(e), &toks, &n);
	if (n > 0) {
		CXString sp = clang_getTokenSpelling(tu, toks[0]);
		yes = !strcmp(clang_getCString(sp), "sizeof");
		clang_disposeString(sp);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	if (!yes)
		return 0;
	inner = dv_ast_child(e, 0);
	if (clang_Cursor_isNull(inner) || !clang_isExpression(clang_getCursorKind(inner)))
		return buf_key < 0;
	return inj_base_key(ctx, inner, NULL) == buf_key;
}

/* Does a parameter name say that the callee writes its result there? */
static int destination_name(const char *n)
{
	static const char *const names[] = {"dst", "dest", "destination", "out", "output",
					    "buf", "buffer", "result", "target", "to"};
	size_t i, len;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		len = strlen(names[i]);
		if (!strcmp(n, names[i]) || (!strncmp(n, names[i], len) && n[len] == '_'))
			return 1;
	}
	return 0;
}

/* The index of the buffer an external callee fills, or -1: a `char *`
 * parameter followed by its size (a size_t parameter or `sizeof` of the
 * same buffer), or a first `char *` parameter named like a destination. */
static int rewritten_buffer(struct inj_ctx *ctx, CXCursor call, CXCursor decl)
{
	int nargs = dv_ast_call_nargs(call), nparams = clang_Cursor_getNumArguments(decl), i;
	for (i = 0; i + 1 < nargs && i + 1 < nparams; i++) {
		CXCursor p = clang_Cursor_getArgument(decl, (unsigned)i);
		CXCursor q = clang_Cursor_getArgument(decl, (unsigned)i + 1);
		CXType qt = clang_getCursorType(q);
		CXString sp;
		int size_t_param;
		long key;
		if (!writable_char_pointer(clang_getCursorType(p)) || !is_integer_type(qt))
			continue;
		sp = clang_getTypeSpelling(qt);
		size_t_param = !strcmp(clang_getCString(sp), "size_t");
		clang_disposeString(sp);
		key = inj_base_key(ctx, dv_ast_call_arg(call, (unsigned)i), NULL);
		if (size_t_param || (key >= 0 && is_sizeof_of(ctx, dv_ast_call_arg(call, (unsigned)i + 1), key)))
			return i;
	}
	if (nparams > 0 && nargs > 0) {
		CXCursor p = clang_Cursor_getArgument(decl, 0);
		CXString sp = clang_getCursorSpelling(p);
		int named = destination_name(clang_getCString(sp));
		clang_disposeString(sp);
		if (named && writable_char_pointer(clang_getCursorType(p)))
			return 0;
	}
	return -1;
}

int inj_write_external_callee(struct inj_ctx *ctx, struct inj_state *s, CXCursor call)
{
	CXCursor decl = dv_ast_callee_decl(call);
	int nargs = dv_ast_call_nargs(call), i, buf;
	struct inj_tval v;
	if (clang_Cursor_isNull(decl) || clang_getCursorKind(decl) != CXCursor_FunctionDecl)
		return 0;
	buf = rewritten_buffer(ctx, call, decl);
	if (buf < 0)
		return 0;
	/* the new content is made of what the other arguments carry (the
	 * buffer's old content too, when it is passed again as a source) */
	inj_tval_clean(&v);
	for (i = 0; i < nargs; i++) {
		CXCursor arg = dv_ast_call_arg(call, (unsigned)i);
		struct inj_tval a;
		if (i == buf || inj_is_scalar_valued(arg))
			continue;
		inj_eval(ctx, s, arg, &a, 0);
		inj_tval_join(&v, &a);
	}
	v.t.unknown = 0;
	inj_tval_add_step(&v, call, STEP_PROPAGATE);
	inj_write_to(ctx, s, dv_ast_call_arg(call, (unsigned)buf), &v, 1);
	return 1;
}
