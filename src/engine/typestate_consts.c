/*
 * Values the analysis can trust without a path: an integer variable that
 * is initialised with a constant and never written anywhere in the
 * translation unit (no assignment, ++/--, or address taken), when nothing
 * outside the TU can write it either (a local, a static, or a const).
 * `static int debug = 0; ... if (debug) return;` then has one feasible
 * edge, and a path through the other is no path at all.
 *
 * The written set is collected once per TU, lazily, on the first question.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>

#include "front/ast.h"

static CXCursor referenced_var(CXCursor e)
{
	CXCursor d;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) != CXCursor_VarDecl)
		return clang_getNullCursor();
	return d;
}

static void note_written(struct ts_tu *t, CXCursor e)
{
	CXCursor d = referenced_var(e);
	if (!clang_Cursor_isNull(d))
		ts_intern_take(&t->written, ts_take_cx(clang_getCursorUSR(d)));
}

static enum CXChildVisitResult scan_visit(CXCursor c, CXCursor parent, void *data)
{
	struct ts_tu *t = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
		if (op >= CXBinaryOperator_Assign && op <= CXBinaryOperator_OrAssign)
			note_written(t, dv_ast_child(c, 0));
	} else if (k == CXCursor_UnaryOperator) {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
		if (op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PostDec ||
		    op == CXUnaryOperator_PreInc || op == CXUnaryOperator_PreDec ||
		    op == CXUnaryOperator_AddrOf)
			note_written(t, dv_ast_child(c, 0));
	} else if (k == CXCursor_VarDecl) {
		/* int &r = x; a C++ reference may write x */
		CXType vt = clang_getCursorType(c);
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);
		if ((vt.kind == CXType_LValueReference || vt.kind == CXType_RValueReference) &&
		    !clang_Cursor_isNull(init))
			note_written(t, init);
	}
	return CXChildVisit_Recurse;
}

static int is_integer_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return t.kind == CXType_Bool || (t.kind >= CXType_Char_U && t.kind <= CXType_LongLong) ||
	       t.kind == CXType_Enum;
}

/* A call of a function defined in this TU whose whole body is `return
 * C;` with C an integer constant (`static int returns_true(void) {
 * return 1; }`): the call's value is C, whatever the arguments. */
static int call_const_value(CXCursor call, long long *out)
{
	CXCursor d = dv_ast_callee_decl(call), body = clang_getNullCursor(), ret, val;
	CXCursor *kids = NULL;
	unsigned n, i;
	if (clang_Cursor_isNull(d))
		return -1;
	d = clang_getCursorDefinition(d);
	if (clang_Cursor_isNull(d) || clang_getCursorKind(d) != CXCursor_FunctionDecl ||
	    clang_Location_isInSystemHeader(clang_getCursorLocation(d)))
		return -1;
	n = dv_ast_children(d, &kids);
	for (i = 0; i < n; i++)
		if (clang_getCursorKind(kids[i]) == CXCursor_CompoundStmt)
			body = kids[i];
	free(kids);
	kids = NULL;
	if (clang_Cursor_isNull(body))
		return -1;
	if (dv_ast_children(body, &kids) != 1) {
		free(kids);
		return -1;
	}
	ret = kids[0];
	free(kids);
	if (clang_getCursorKind(ret) != CXCursor_ReturnStmt)
		return -1;
	val = dv_ast_strip_casts(dv_ast_child(ret, 0));
	if (clang_getCursorKind(val) != CXCursor_IntegerLiteral &&
	    clang_getCursorKind(val) != CXCursor_CharacterLiteral &&
	    clang_getCursorKind(val) != CXCursor_CXXBoolLiteralExpr)
		return -1;
	return dv_ast_int_value(val, out);
}

int ts_const_value(struct ts_fn *fn, CXCursor e, long long *out)
{
	struct ts_tu *t = fn->t;
	CXCursor s = dv_ast_strip_casts(e), d, init;
	enum CXCursorKind k = clang_getCursorKind(s);
	CXType vt;
	char *usr;
	int written;
	if (k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral ||
	    k == CXCursor_CXXBoolLiteralExpr)
		return dv_ast_int_value(s, out);
	if (k == CXCursor_CallExpr)
		return call_const_value(s, out);
	d = referenced_var(s);
	if (clang_Cursor_isNull(d))
		return -1;
	vt = clang_getCursorType(d);
	if (!is_integer_type(vt) || clang_isVolatileQualifiedType(vt))
		return -1;
	/* a global with external linkage may be written by another file
	 * unless it is const */
	if (clang_Cursor_hasVarDeclGlobalStorage(d) == 1 && !clang_isConstQualifiedType(vt) &&
	    clang_getCursorLinkage(d) == CXLinkage_External)
		return -1;
	init = clang_Cursor_getVarDeclInitializer(d);
	if (clang_Cursor_isNull(init) || dv_ast_int_value(init, out) != 0)
		return -1;
	if (!t->written_ready) {
		clang_visitChildren(clang_getTranslationUnitCursor(t->tu->tu), scan_visit, t);
		t->written_ready = 1;
	}
	usr = ts_take_cx(clang_getCursorUSR(d));
	written = !usr[0] || ts_intern_has(&t->written, usr);
	free(usr);
	return written ? -1 : 0;
}
