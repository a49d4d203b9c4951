/*
 * C++ call resolution helpers (see cxx.h).
 */
#include "front/cxx.h"

#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/xalloc.h"

static char *take(CXString s)
{
	const char *c = clang_getCString(s);
	char *out = xstrdup(c ? c : "");
	clang_disposeString(s);
	return out;
}

static char *canonical_usr(CXCursor d)
{
	CXCursor tmpl = clang_getSpecializedCursorTemplate(d);
	if (!clang_Cursor_isNull(tmpl))
		d = tmpl;
	return take(clang_getCursorUSR(clang_getCanonicalCursor(d)));
}

char *dv_cxx_fact_key(CXCursor decl)
{
	char *usr, *name;
	if (clang_Cursor_isNull(decl) || clang_getCursorKind(decl) == CXCursor_LambdaExpr)
		return NULL;
	name = take(clang_getCursorSpelling(decl));
	usr = canonical_usr(decl);
	/* "c:@F@name": a C function, or C++ with C language linkage (no
	 * parameter signature in its USR): the name is its identity, as in
	 * a C file's facts */
	if (!usr[0] || (!strncmp(usr, "c:@F@", 5) && !strcmp(usr + 5, name))) {
		free(usr);
		if (!name[0]) {
			free(name);
			return NULL;
		}
		return name;
	}
	free(name);
	return usr;
}

static enum CXChildVisitResult find_typeref(CXCursor c, CXCursor parent, void *data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_TypeRef ||
	    clang_getCursorKind(c) == CXCursor_NamespaceRef) {
		*(int *)data = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

int dv_cxx_is_virtual_call(CXCursor call)
{
	CXCursor d = dv_ast_callee_decl(call), callee;
	int qualified = 0;
	if (clang_getCursorKind(d) != CXCursor_CXXMethod || !clang_CXXMethod_isVirtual(d))
		return 0;
	callee = dv_ast_strip(dv_ast_child(call, 0));
	if (clang_getCursorKind(callee) != CXCursor_MemberRefExpr)
		return 0;
	/* obj.Base::f() names the method it runs */
	clang_visitChildren(callee, find_typeref, &qualified);
	return !qualified;
}

static CXCursor class_of_type(CXType t)
{
	CXCursor d;
	enum CXCursorKind k;
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Record)
		return clang_getNullCursor();
	d = clang_getCursorDefinition(clang_getTypeDeclaration(t));
	k = clang_getCursorKind(d);
	if (k != CXCursor_ClassDecl && k != CXCursor_StructDecl)
		return clang_getNullCursor();
	return d;
}

/* A temporary of class type made by a constructor or a functional cast. */
static int is_temporary(CXCursor e)
{
	enum CXCursorKind k = clang_getCursorKind(e);
	if (k == CXCursor_CXXFunctionalCastExpr)
		return 1;
	return k == CXCursor_CallExpr &&
	       clang_getCursorKind(clang_getCursorReferenced(e)) == CXCursor_Constructor;
}

struct rebind_scan {
	CXCursor var;
	int rebound;
};

static int names_var(CXCursor e, CXCursor var)
{
	e = dv_ast_strip(e);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(e), var);
}

static enum CXChildVisitResult scan_rebind(CXCursor c, CXCursor parent, void *data)
{
	struct rebind_scan *rs = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if ((k == CXCursor_BinaryOperator &&
	     clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) ||
	    k == CXCursor_CompoundAssignOperator) {
		if (names_var(dv_ast_child(c, 0), rs->var))
			rs->rebound = 1;
	} else if (k == CXCursor_UnaryOperator &&
		   clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_AddrOf) {
		if (names_var(dv_ast_child(c, 0), rs->var))
			rs->rebound = 1;
	}
	return rs->rebound ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* A local pointer that only its initialiser sets. */
static int never_rebound(CXCursor var)
{
	struct rebind_scan rs;
	CXCursor fn = clang_getCursorSemanticParent(var);
	if (!dv_ast_is_function_like(fn))
		return 0;
	rs.var = var;
	rs.rebound = 0;
	clang_visitChildren(dv_ast_function_body(fn), scan_rebind, &rs);
	return !rs.rebound;
}

CXCursor dv_cxx_dynamic_class(CXCursor call)
{
	CXCursor obj = dv_ast_call_object(call), var, init;
	CXType t;
	if (clang_Cursor_isNull(obj))
		return clang_getNullCursor();
	obj = dv_ast_strip_casts(obj);
	if (is_temporary(obj))
		return class_of_type(clang_getCursorType(obj));
	if (clang_getCursorKind(obj) != CXCursor_DeclRefExpr)
		return clang_getNullCursor();
	var = clang_getCursorReferenced(obj);
	if (clang_getCursorKind(var) != CXCursor_VarDecl)
		return clang_getNullCursor();
	t = clang_getCanonicalType(clang_getCursorType(var));
	if (t.kind == CXType_Record)
		return class_of_type(t); /* a named object is of its declared type */
	init = clang_Cursor_getVarDeclInitializer(var);
	if (clang_Cursor_isNull(init))
		return clang_getNullCursor();
	init = dv_ast_strip_casts(init);
	if (t.kind == CXType_LValueReference || t.kind == CXType_RValueReference) {
		/* a reference is never rebound: what it is bound to decides */
		if (is_temporary(init))
			return class_of_type(clang_getCursorType(init));
		if (clang_getCursorKind(init) == CXCursor_DeclRefExpr) {
			CXCursor v = clang_getCursorReferenced(init);
			if (clang_getCursorKind(v) == CXCursor_VarDecl &&
			    clang_getCanonicalType(clang_getCursorType(v)).kind == CXType_Record)
				return class_of_type(clang_getCursorType(v));
		}
		return clang_getNullCursor();
	}
	if (t.kind == CXType_Pointer && clang_getCursorKind(init) == CXCursor_CXXNewExpr &&
	    never_rebound(var))
		return class_of_type(clang_getPointeeType(clang_getCursorType(init)));
	return clang_getNullCursor();
}

static int overrides_usr(CXCursor m, const char *base_usr, unsigned depth)
{
	CXCursor *over = NULL;
	unsigned n = 0, i;
	int found = 0;
	if (depth > 16)
		return 0;
	clang_getOverriddenCursors(m, &over, &n);
	for (i = 0; i < n && !found; i++) {
		char *u = canonical_usr(over[i]);
		found = !strcmp(u, base_usr) || overrides_usr(over[i], base_usr, depth + 1);
		free(u);
	}
	if (over)
		clang_disposeOverriddenCursors(over);
	return found;
}

struct overrider_scan {
	CXCursor method;
	char *usr;
	CXCursor found;
	CXCursor bases[8];
	unsigned n_bases;
};

static enum CXChildVisitResult scan_class(CXCursor c, CXCursor parent, void *data)
{
	struct overrider_scan *os = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_CXXBaseSpecifier) {
		if (os->n_bases < 8)
			os->bases[os->n_bases++] = class_of_type(clang_getCursorType(c));
	} else if (k == CXCursor_CXXMethod && clang_CXXMethod_isVirtual(c)) {
		char *u = canonical_usr(c);
		if (!strcmp(u, os->usr) || overrides_usr(c, os->usr, 0))
			os->found = c;
		free(u);
	}
	return CXChildVisit_Continue;
}

static CXCursor overrider_in(CXCursor cls, CXCursor method, const char *usr, unsigned depth)
{
	struct overrider_scan os;
	unsigned i;
	if (clang_Cursor_isNull(cls) || depth > 16)
		return clang_getNullCursor();
	memset(&os, 0, sizeof(os));
	os.method = method;
	os.usr = (char *)usr;
	os.found = clang_getNullCursor();
	clang_visitChildren(cls, scan_class, &os);
	for (i = 0; clang_Cursor_isNull(os.found) && i < os.n_bases; i++)
		os.found = overrider_in(os.bases[i], method, usr, depth + 1);
	return os.found;
}

CXCursor dv_cxx_final_overrider(CXCursor cls, CXCursor method)
{
	char *usr;
	CXCursor r;
	if (clang_Cursor_isNull(cls) || clang_getCursorKind(method) != CXCursor_CXXMethod)
		return clang_getNullCursor();
	usr = canonical_usr(method);
	r = usr[0] ? overrider_in(cls, method, usr, 0) : clang_getNullCursor();
	free(usr);
	return r;
}
