/*
 * Calls through a local function pointer with one known target (see
 * dv_ast_fnptr_target in front/ast.h).
 */
#include "front/ast.h"

struct fp_writes {
	CXCursor var;
	int written;
};

static int names_var(CXCursor e, CXCursor var)
{
	e = dv_ast_strip(e);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(e), var);
}

static enum CXChildVisitResult visit_fp_writes(CXCursor c, CXCursor parent, CXClientData data)
{
	struct fp_writes *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if ((k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) &&
	    clang_getCursorBinaryOperatorKind(c) >= CXBinaryOperator_Assign &&
	    clang_getCursorBinaryOperatorKind(c) <= CXBinaryOperator_OrAssign &&
	    names_var(dv_ast_child(c, 0), w->var))
		w->written = 1;
	else if (k == CXCursor_UnaryOperator &&
		 clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_AddrOf &&
		 names_var(dv_ast_child(c, 0), w->var))
		w->written = 1; /* its address leaves: written anywhere */
	return w->written ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* `void (*fp)(T *) = sink; ... fp(x);`: a local function pointer
 * initialised with a function and never assigned nor address-taken in
 * its function calls that function (null cursor otherwise). */
CXCursor dv_ast_fnptr_target(CXCursor call)
{
	CXCursor var = clang_getCursorReferenced(call), init, fn, null = clang_getNullCursor();
	CXType t;
	struct fp_writes w;
	if (clang_getCursorKind(var) != CXCursor_VarDecl ||
	    clang_Cursor_hasVarDeclGlobalStorage(var) != 0)
		return null;
	t = clang_getCanonicalType(clang_getCursorType(var));
	if (t.kind != CXType_Pointer)
		return null;
	t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_FunctionProto && t.kind != CXType_FunctionNoProto)
		return null;
	init = dv_ast_strip(clang_Cursor_getVarDeclInitializer(var));
	if (clang_getCursorKind(init) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(init) == CXUnaryOperator_AddrOf)
		init = dv_ast_strip(dv_ast_child(init, 0));
	if (clang_getCursorKind(init) != CXCursor_DeclRefExpr)
		return null;
	fn = clang_getCursorReferenced(init);
	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return null;
	w.var = var;
	w.written = 0;
	clang_visitChildren(clang_getCursorSemanticParent(var), visit_fp_writes, &w);
	return w.written ? null : fn;
}

