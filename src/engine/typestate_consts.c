/*
 * Values the analysis can trust without a path: an integer variable that
 * is initialised with a constant and never written anywhere in the
 * translation unit (no assignment, ++/--, or address taken), when nothing
 * outside the TU can write it either (a local, a static, or a const); an
 * enum constant; a call of a function whose every return is one constant;
 * and, through the project index (engine/consts.h), a global or function
 * of another file that is constant project-wide.
 * `static int debug = 0; ... if (debug) return;` then has one feasible
 * edge, and a path through the other is no path at all.
 *
 * The written set is collected once per TU, lazily, on the first question.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>

#include "engine/consts.h"
#include "front/ast.h"

static CXCursor referenced_decl(CXCursor e)
{
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	return clang_getCursorReferenced(e);
}

static void note_written(void *ctx, CXCursor var)
{
	struct ts_tu *t = ctx;
	ts_intern_take(&t->written, ts_take_cx(clang_getCursorUSR(var)));
}

/* A call of a function whose every return returns one integer constant
 * (`static int returns_true(void) { return 1; }`): the call's value is
 * that constant, whatever the arguments.  Defined in this TU, or, through
 * the project index, in another file of the project. */
static int call_const_value(struct ts_tu *t, CXCursor call, long long *out)
{
	CXCursor d = dv_ast_callee_decl(call), def;
	char *usr;
	int r;
	if (clang_Cursor_isNull(d) || clang_getCursorKind(d) != CXCursor_FunctionDecl)
		return -1;
	def = clang_getCursorDefinition(d);
	if (!clang_Cursor_isNull(def)) {
		if (clang_getCursorKind(def) != CXCursor_FunctionDecl ||
		    clang_Location_isInSystemHeader(clang_getCursorLocation(def)))
			return -1;
		return dv_consts_function_value(def, out);
	}
	if (!t->tu->imports || !dv_consts_integer_type(clang_getCursorResultType(d)))
		return -1;
	usr = ts_take_cx(clang_getCursorUSR(d));
	r = dv_consts_function(t->tu->imports, usr, out);
	free(usr);
	return r;
}

static int written_in_tu(struct ts_tu *t, const char *usr)
{
	if (!t->written_ready) {
		dv_consts_scan_writes(t->tu->tu, note_written, t);
		t->written_ready = 1;
	}
	return !usr[0] || ts_intern_has(&t->written, usr);
}

/* A variable that holds its constant initialiser wherever it is read: a
 * local or a static never written in the TU, a const, or a global with
 * external linkage that the project never writes (engine/consts.h). */
static int var_const_value(struct ts_tu *t, CXCursor d, long long *out)
{
	CXType vt = clang_getCursorType(d);
	CXCursor def = clang_getCursorDefinition(d), init = clang_getNullCursor();
	long long iv = 0;
	int has_init, external, r;
	char *usr;
	if (!dv_consts_integer_type(vt) || clang_isVolatileQualifiedType(vt))
		return -1;
	if (!clang_Cursor_isNull(def) && clang_getCursorKind(def) == CXCursor_VarDecl)
		init = clang_Cursor_getVarDeclInitializer(def);
	else
		init = clang_Cursor_getVarDeclInitializer(d);
	has_init = !clang_Cursor_isNull(init) && dv_ast_int_value(init, &iv) == 0;
	external = clang_Cursor_hasVarDeclGlobalStorage(d) == 1 &&
		   clang_getCursorLinkage(d) == CXLinkage_External;
	/* a const object is never written (writing it is undefined) */
	if (has_init && clang_isConstQualifiedType(vt)) {
		*out = iv;
		return 0;
	}
	if (!external && !has_init)
		return -1;
	usr = ts_take_cx(clang_getCursorUSR(d));
	if (!external) {
		r = written_in_tu(t, usr) ? -1 : 0;
		if (r == 0)
			*out = iv;
	} else {
		/* another file may write it: only the whole project can tell */
		r = dv_consts_global(t->tu->imports, usr, t->tu->path, has_init ? &iv : NULL,
				     written_in_tu(t, usr), out);
	}
	free(usr);
	return r;
}

int ts_const_value(struct ts_fn *fn, CXCursor e, long long *out)
{
	CXCursor s = dv_ast_strip_casts(e), d;
	enum CXCursorKind k = clang_getCursorKind(s);
	if (k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral ||
	    k == CXCursor_CXXBoolLiteralExpr)
		return dv_ast_int_value(s, out);
	if (k == CXCursor_CallExpr)
		return call_const_value(fn->t, s, out);
	/* -1, 2 * 3, sizeof(x): what the compiler folds */
	if (k == CXCursor_UnaryOperator || k == CXCursor_BinaryOperator ||
	    k == CXCursor_UnaryExpr)
		return dv_ast_int_value(s, out);
	d = referenced_decl(s);
	if (clang_getCursorKind(d) == CXCursor_EnumConstantDecl) {
		*out = clang_getEnumConstantDeclValue(d);
		return 0;
	}
	if (clang_getCursorKind(d) != CXCursor_VarDecl)
		return -1;
	return var_const_value(fn->t, d, out);
}
