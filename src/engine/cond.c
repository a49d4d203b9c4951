/*
 * Branch condition normalisation: an atomic condition and the edge taken
 * become "operand cmp constant".
 */
#include "engine/dataflow.h"
#include "front/ast.h"

static enum dv_cmp negate(enum dv_cmp c)
{
	switch (c) {
	case DV_CMP_EQ: return DV_CMP_NE;
	case DV_CMP_NE: return DV_CMP_EQ;
	case DV_CMP_LT: return DV_CMP_GE;
	case DV_CMP_LE: return DV_CMP_GT;
	case DV_CMP_GT: return DV_CMP_LE;
	case DV_CMP_GE: return DV_CMP_LT;
	}
	return c;
}

/* `0 < x` is `x > 0`. */
static enum dv_cmp mirror(enum dv_cmp c)
{
	switch (c) {
	case DV_CMP_LT: return DV_CMP_GT;
	case DV_CMP_LE: return DV_CMP_GE;
	case DV_CMP_GT: return DV_CMP_LT;
	case DV_CMP_GE: return DV_CMP_LE;
	default: return c;
	}
}

static int cmp_of(enum CXBinaryOperatorKind op, enum dv_cmp *out)
{
	switch (op) {
	case CXBinaryOperator_EQ: *out = DV_CMP_EQ; return 0;
	case CXBinaryOperator_NE: *out = DV_CMP_NE; return 0;
	case CXBinaryOperator_LT: *out = DV_CMP_LT; return 0;
	case CXBinaryOperator_LE: *out = DV_CMP_LE; return 0;
	case CXBinaryOperator_GT: *out = DV_CMP_GT; return 0;
	case CXBinaryOperator_GE: *out = DV_CMP_GE; return 0;
	default: return -1;
	}
}

/* Integer value of a constant operand; NULL pointer constants
 * (`((void *)0)`, `nullptr`, `__null`) are 0. */
static int const_value(CXCursor e, long long *out)
{
	CXCursor s = dv_ast_strip_casts(e);
	enum CXCursorKind k = clang_getCursorKind(s);
	if (k == CXCursor_CXXNullPtrLiteralExpr || k == CXCursor_GNUNullExpr) {
		*out = 0;
		return 0;
	}
	if (k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral ||
	    k == CXCursor_CXXBoolLiteralExpr)
		return dv_ast_int_value(s, out);
	if (k == CXCursor_DeclRefExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(s)) == CXCursor_EnumConstantDecl)
		return dv_ast_int_value(s, out);
	if (k == CXCursor_UnaryOperator || k == CXCursor_BinaryOperator)
		return dv_ast_int_value(s, out); /* -1, 1 << 3 */
	return -1;
}

/* `(p = f()) == NULL` tests p. */
static CXCursor operand_of(CXCursor e)
{
	CXCursor s = dv_ast_strip(e);
	if (clang_getCursorKind(s) == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(s) == CXBinaryOperator_Assign)
		return dv_ast_strip(dv_ast_child(s, 0));
	return s;
}

int dv_cond_normalize(const struct dv_branch *br, struct dv_cond_atom *out)
{
	CXCursor e;
	int neg = 0;
	unsigned guard;
	long long v;
	if (!br || !out || clang_Cursor_isNull(br->cond))
		return -1;
	e = dv_ast_strip(br->cond);
	if (br->kind == DV_EDGE_CASE) {
		out->operand = operand_of(e);
		out->cmp = DV_CMP_EQ;
		out->value = br->case_value;
		return 0;
	}
	if (br->kind != DV_EDGE_TRUE && br->kind != DV_EDGE_FALSE)
		return -1;
	neg = br->kind == DV_EDGE_FALSE;
	for (guard = 0; guard < 64; guard++) {
		if (clang_getCursorKind(e) != CXCursor_UnaryOperator ||
		    clang_getCursorUnaryOperatorKind(e) != CXUnaryOperator_LNot)
			break;
		neg = !neg;
		e = dv_ast_strip(dv_ast_child(e, 0));
	}
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator) {
		enum dv_cmp c;
		CXCursor l, r;
		if (cmp_of(clang_getCursorBinaryOperatorKind(e), &c) == 0) {
			l = dv_ast_child(e, 0);
			r = dv_ast_child(e, 1);
			long long lv, rv;
			int lc = const_value(l, &lv) == 0, rc = const_value(r, &rv) == 0;
			if (rc && !lc) {
				v = rv;
				out->operand = operand_of(l);
				out->cmp = c;
			} else if (lc && !rc) {
				v = lv;
				out->operand = operand_of(r);
				out->cmp = mirror(c);
			} else {
				return -1;
			}
			out->value = v;
			if (neg)
				out->cmp = negate(out->cmp);
			return 0;
		}
		if (clang_getCursorBinaryOperatorKind(e) != CXBinaryOperator_Assign)
			return -1; /* a & b, a + b, a && b: no atom */
	}
	if (const_value(e, &v) == 0)
		return -1;
	out->operand = operand_of(e);
	out->cmp = neg ? DV_CMP_EQ : DV_CMP_NE;
	out->value = 0;
	return 0;
}

int dv_cond_holds(const struct dv_cond_atom *a, long long v)
{
	switch (a->cmp) {
	case DV_CMP_EQ: return v == a->value;
	case DV_CMP_NE: return v != a->value;
	case DV_CMP_LT: return v < a->value;
	case DV_CMP_LE: return v <= a->value;
	case DV_CMP_GT: return v > a->value;
	case DV_CMP_GE: return v >= a->value;
	}
	return 0;
}
