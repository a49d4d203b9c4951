/*
 * Storage keys of the injection taint analysis: the variable, parameter or
 * field an lvalue names, interned per translation unit so that states
 * can be sorted arrays of small integers.  What a key's absence in a
 * state means (constant for locals and const literal globals, unknown
 * for the rest) is decided here, once, in fill_keyinfo.
 */
#include "checkers/injection_taint.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int is_const_literal_init(CXCursor init, unsigned depth)
{
	CXCursor *kids = NULL;
	unsigned n, i;
	int ok = 1;
	enum CXCursorKind k;
	if (depth > 8 || clang_Cursor_isNull(init))
		return 0;
	init = dv_ast_strip_casts(init);
	k = clang_getCursorKind(init);
	if (k == CXCursor_StringLiteral || k == CXCursor_IntegerLiteral ||
	    k == CXCursor_CharacterLiteral || k == CXCursor_GNUNullExpr ||
	    k == CXCursor_CXXNullPtrLiteralExpr)
		return 1;
	if (k != CXCursor_InitListExpr)
		return 0;
	n = dv_ast_children(init, &kids);
	for (i = 0; i < n && ok; i++)
		ok = is_const_literal_init(kids[i], depth + 1);
	free(kids);
	return ok;
}

/* Canonical array types carry their element's const qualifier on the
 * array type itself, so both are asked. */
static int type_is_const_all_the_way(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	if (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray)
		return clang_isConstQualifiedType(c) ||
		       clang_isConstQualifiedType(clang_getArrayElementType(t));
	return clang_isConstQualifiedType(c);
}

static void fill_keyinfo(struct inj_ctx *ctx, struct inj_keyinfo *ki, long parent, CXCursor decl)
{
	enum CXCursorKind k = clang_getCursorKind(decl);
	CXType t = clang_getCanonicalType(clang_getCursorType(decl));
	memset(ki, 0, sizeof(*ki));
	ki->gslot = -1;
	ki->decl = decl;
	ki->parent = parent;
	ki->pointer = t.kind == CXType_Pointer;
	if (parent >= 0) {
		/* a field: absent means "as its object" (see inj_state_read) */
		ki->local = ctx->keys[parent].local;
		ki->array = ki->local &&
			    (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray);
	} else if (k == CXCursor_VarDecl) {
		if (!clang_Cursor_hasVarDeclGlobalStorage(decl) &&
		    !clang_Cursor_hasVarDeclExternalStorage(decl)) {
			ki->local = 1;
			ki->array = t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray;
		} else if (type_is_const_all_the_way(clang_getCursorType(decl))) {
			ki->const_init = is_const_literal_init(clang_Cursor_getVarDeclInitializer(decl), 0);
		}
		if (!ki->local && !ki->const_init)
			ki->gslot = inj_global_slot(ctx, decl);
	}
}

static unsigned key_hash(long parent, CXCursor decl)
{
	return clang_hashCursor(decl) ^ ((unsigned)(parent + 1) * 2654435761u);
}

/* The key of `decl` (a variable, a parameter, or a field of the object
 * keyed `parent`; parent -1 for a variable or an implicit this->field). */
static unsigned intern_field(struct inj_ctx *ctx, long parent, CXCursor decl)
{
	size_t i, mask;
	decl = clang_getCanonicalCursor(decl);
	if (ctx->n_keys * 2 >= ctx->table_size) {
		size_t nsize = ctx->table_size ? ctx->table_size * 2 : 256, j;
		unsigned *nt = xcalloc(nsize, sizeof(*nt));
		for (j = 0; j < ctx->n_keys; j++) {
			size_t p = key_hash(ctx->keys[j].parent, ctx->keys[j].decl) & (nsize - 1);
			while (nt[p])
				p = (p + 1) & (nsize - 1);
			nt[p] = (unsigned)j + 1;
		}
		free(ctx->table);
		ctx->table = nt;
		ctx->table_size = nsize;
	}
	mask = ctx->table_size - 1;
	for (i = key_hash(parent, decl) & mask; ctx->table[i]; i = (i + 1) & mask) {
		const struct inj_keyinfo *ki = &ctx->keys[ctx->table[i] - 1];
		if (ki->parent == parent && clang_equalCursors(ki->decl, decl))
			return ctx->table[i] - 1;
	}
	DV_GROW(ctx->keys, ctx->n_keys + 1, ctx->keys_alloc);
	fill_keyinfo(ctx, &ctx->keys[ctx->n_keys], parent, decl);
	ctx->table[i] = (unsigned)ctx->n_keys + 1;
	return (unsigned)ctx->n_keys++;
}

unsigned inj_intern_key(struct inj_ctx *ctx, CXCursor decl)
{
	return intern_field(ctx, -1, decl);
}

unsigned inj_key_root(const struct inj_ctx *ctx, unsigned key)
{
	unsigned guard;
	for (guard = 0; guard < 64 && ctx->keys[key].parent >= 0; guard++)
		key = (unsigned)ctx->keys[key].parent;
	return key;
}

/* Is `key` a field (at any depth) of the object keyed `anc`? */
int inj_key_inside(const struct inj_ctx *ctx, unsigned key, unsigned anc)
{
	long p = ctx->keys[key].parent;
	unsigned guard;
	for (guard = 0; guard < 64 && p >= 0; guard++) {
		if ((unsigned)p == anc)
			return 1;
		p = ctx->keys[p].parent;
	}
	return 0;
}

/* The storage key of an lvalue-ish expression: the variable at its base.
 * *direct is set when the expression names the variable itself (`x`,
 * `&x`), so that an overwrite may replace its value. */
long inj_base_key(struct inj_ctx *ctx, CXCursor e, int *direct)
{
	unsigned guard;
	int d = 1;
	for (guard = 0; guard < 64 && !clang_Cursor_isNull(e); guard++) {
		enum CXCursorKind k;
		e = dv_ast_strip_casts(e);
		k = clang_getCursorKind(e);
		if (k == CXCursor_DeclRefExpr) {
			CXCursor r = clang_getCursorReferenced(e);
			enum CXCursorKind rk = clang_getCursorKind(r);
			if (rk != CXCursor_VarDecl && rk != CXCursor_ParmDecl && rk != CXCursor_FieldDecl)
				return -1;
			if (direct)
				*direct = d;
			return inj_intern_key(ctx, r);
		}
		if (k == CXCursor_MemberRefExpr) {
			CXCursor base = dv_ast_child(e, 0), r = clang_getCursorReferenced(e);
			CXType bt;
			int bd = 0;
			long pk;
			if (clang_Cursor_isNull(base) || !clang_isExpression(clang_getCursorKind(base))) {
				if (clang_getCursorKind(r) != CXCursor_FieldDecl)
					return -1;
				if (direct)
					*direct = 0;
				return inj_intern_key(ctx, r); /* implicit this->field */
			}
			pk = inj_base_key(ctx, base, &bd);
			if (pk < 0)
				return -1;
			if (clang_getCursorKind(r) != CXCursor_FieldDecl) {
				if (direct)
					*direct = 0;
				return pk;
			}
			/* `s.f` of a named object replaces that field; `p->f` may
			 * be any object p points to */
			bt = clang_getCanonicalType(clang_getCursorType(dv_ast_strip(base)));
			if (direct)
				*direct = d && bd && bt.kind != CXType_Pointer;
			return intern_field(ctx, pk, r);
		}
		if (k == CXCursor_ArraySubscriptExpr) {
			d = 0;
			e = dv_ast_child(e, 0);
			continue;
		}
		if (k == CXCursor_UnaryOperator) {
			enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
			if (op == CXUnaryOperator_AddrOf) {
				/* &x names x itself; &a[i], &s.f stay inside */
			} else if (op == CXUnaryOperator_Deref) {
				d = 0;
			} else {
				return -1;
			}
			e = dv_ast_child(e, 0);
			continue;
		}
		if (k == CXCursor_BinaryOperator) {
			enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
			CXCursor lhs = dv_ast_child(e, 0), rhs = dv_ast_child(e, 1);
			CXType lt = clang_getCanonicalType(clang_getCursorType(dv_ast_strip(lhs)));
			if (op != CXBinaryOperator_Add && op != CXBinaryOperator_Sub)
				return -1;
			d = 0;
			e = (lt.kind == CXType_Pointer || lt.kind == CXType_ConstantArray ||
			     lt.kind == CXType_IncompleteArray)
				    ? lhs
				    : rhs;
			continue;
		}
		return -1;
	}
	return -1;
}
