/*
 * Project constants: the facts a file exports about its constant globals
 * and functions, and the questions a run asks of them (see consts.h).
 */
#include "engine/consts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "front/decl_attrs.h"
#include "util/xalloc.h"

int dv_consts_integer_type(CXType t)
{
	t = clang_getCanonicalType(t);
	return t.kind == CXType_Bool || (t.kind >= CXType_Char_U && t.kind <= CXType_LongLong) ||
	       t.kind == CXType_Enum;
}

/* ---- functions that return one constant ---- */

struct ret_scan {
	long long value;
	int n, bad;
};

static enum CXChildVisitResult ret_visit(CXCursor c, CXCursor parent, void *data)
{
	struct ret_scan *r = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	long long v;
	(void)parent;
	if (k == CXCursor_LambdaExpr || k == CXCursor_BlockExpr || k == CXCursor_FunctionDecl ||
	    k == CXCursor_ClassDecl || k == CXCursor_StructDecl)
		return CXChildVisit_Continue; /* their returns are not ours (local classes, GNU
						 nested functions) */
	if (k != CXCursor_ReturnStmt)
		return CXChildVisit_Recurse;
	if (dv_ast_int_value(dv_ast_strip_casts(dv_ast_child(c, 0)), &v) != 0 ||
	    (r->n && v != r->value)) {
		r->bad = 1;
		return CXChildVisit_Break;
	}
	r->value = v;
	r->n++;
	return CXChildVisit_Continue;
}

int dv_consts_function_value(CXCursor def, long long *out)
{
	CXCursor body = dv_ast_function_body(def), last = clang_getNullCursor();
	CXCursor *kids = NULL;
	struct ret_scan r = {0, 0, 0};
	struct dv_decl_attr weak;
	unsigned n;
	if (clang_Cursor_isNull(body) || clang_getCursorKind(body) != CXCursor_CompoundStmt ||
	    !dv_consts_integer_type(clang_getResultType(clang_getCursorType(def))))
		return -1;
	/* the linker may pick another file's definition */
	if (dv_decl_attr_find(def, "weak", &weak))
		return -1;
	/* the last statement returns: no path falls off the end */
	n = dv_ast_children(body, &kids);
	if (n)
		last = kids[n - 1];
	free(kids);
	if (clang_Cursor_isNull(last) || clang_getCursorKind(last) != CXCursor_ReturnStmt)
		return -1;
	clang_visitChildren(body, ret_visit, &r);
	if (r.bad || !r.n)
		return -1;
	*out = r.value;
	return 0;
}

/* ---- writes ---- */

struct write_scan {
	void (*note)(void *ctx, CXCursor var);
	void *ctx;
};

static void note_written(struct write_scan *w, CXCursor e)
{
	CXCursor d;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return;
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) == CXCursor_VarDecl)
		w->note(w->ctx, d);
}

static int writable_ref(CXType t)
{
	return (t.kind == CXType_LValueReference || t.kind == CXType_RValueReference) &&
	       !clang_isConstQualifiedType(clang_getPointeeType(t));
}

/* The type of what the call calls, when it is a function type. */
static CXType callee_type(CXCursor call)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(dv_ast_strip_casts(dv_ast_child(call, 0))));
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	return t;
}

/* f(x) with a C++ `T &` parameter may write x.  An overloaded operator's
 * arguments may include its object (their positions are not the
 * parameters'), and a call of nothing known may take anything by
 * reference: then any reference parameter, or none known, counts. */
static void note_call_args(struct write_scan *w, CXCursor call)
{
	CXCursor d = dv_ast_callee_decl(call);
	enum CXCursorKind dk = clang_getCursorKind(d);
	int n = dv_ast_call_nargs(call), i, np = -1, any_ref = 0, positional = 0;
	CXType ft;
	CXString sp;
	if (n <= 0)
		return;
	if (dk == CXCursor_FunctionDecl || dk == CXCursor_CXXMethod || dk == CXCursor_Constructor ||
	    dk == CXCursor_ConversionFunction) {
		sp = clang_getCursorSpelling(d);
		positional = strncmp(clang_getCString(sp) ? clang_getCString(sp) : "", "operator", 8);
		clang_disposeString(sp);
		np = clang_Cursor_getNumArguments(d);
		for (i = 0; i < np; i++)
			any_ref |= writable_ref(clang_getCursorType(clang_Cursor_getArgument(d, (unsigned)i)));
		if (!any_ref)
			return; /* every parameter by value */
	} else if (clang_Cursor_isNull(d) &&
		   ((ft = callee_type(call)).kind == CXType_FunctionProto ||
		    ft.kind == CXType_FunctionNoProto)) {
		/* through a function pointer: its type tells */
		np = clang_getNumArgTypes(ft);
		for (i = 0; i < np; i++)
			any_ref |= writable_ref(clang_getArgType(ft, (unsigned)i));
		if (!any_ref)
			return;
		positional = 1;
	}
	for (i = 0; i < n; i++) {
		CXCursor a = dv_ast_call_arg(call, (unsigned)i);
		if (positional && np >= 0 && i < np && clang_Cursor_isNull(d) &&
		    !writable_ref(clang_getArgType(callee_type(call), (unsigned)i)))
			continue;
		if (positional && np >= 0 && !clang_Cursor_isNull(d) &&
		    (i >= np ||
		     !writable_ref(clang_getCursorType(clang_Cursor_getArgument(d, (unsigned)i)))))
			continue;
		note_written(w, a);
	}
}

static enum CXChildVisitResult write_visit(CXCursor c, CXCursor parent, void *data)
{
	struct write_scan *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
		if (op >= CXBinaryOperator_Assign && op <= CXBinaryOperator_OrAssign)
			note_written(w, dv_ast_child(c, 0));
	} else if (k == CXCursor_UnaryOperator) {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
		if (op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PostDec ||
		    op == CXUnaryOperator_PreInc || op == CXUnaryOperator_PreDec ||
		    op == CXUnaryOperator_AddrOf)
			note_written(w, dv_ast_child(c, 0));
	} else if (k == CXCursor_CallExpr) {
		note_call_args(w, c);
	} else if (k == CXCursor_VarDecl) {
		/* int &r = x; a C++ reference may write x */
		CXType vt = clang_getCursorType(c);
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);
		if ((vt.kind == CXType_LValueReference || vt.kind == CXType_RValueReference) &&
		    !clang_Cursor_isNull(init))
			note_written(w, init);
	}
	return CXChildVisit_Recurse;
}

void dv_consts_scan_writes(CXTranslationUnit tu, void (*note)(void *ctx, CXCursor var),
			   void *ctx)
{
	struct write_scan w;
	w.note = note;
	w.ctx = ctx;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), write_visit, &w);
}

/* ---- export ---- */

static char *usr_of(CXCursor c)
{
	CXString s = clang_getCursorUSR(c);
	const char *t = clang_getCString(s);
	char *r = t && t[0] ? xstrdup(t) : NULL;
	clang_disposeString(s);
	return r;
}

static void add_fact(struct dv_exports *x, const char *usr, enum dv_export_kind kind, int op,
		     const char *what)
{
	struct dv_export e = dv_export_fact(usr, DV_CONSTS_FAMILY, kind);
	e.op = op;
	e.what = (char *)what;
	dv_exports_add_fact(x, &e);
}

static void add_constant(struct dv_exports *x, const char *usr, int op, long long v)
{
	char text[32];
	snprintf(text, sizeof(text), "%lld", v);
	add_fact(x, usr, DV_EXPORT_CONSTANT, op, text);
}

static int is_external_global(CXCursor d)
{
	return clang_getCursorKind(d) == CXCursor_VarDecl &&
	       clang_Cursor_hasVarDeclGlobalStorage(d) == 1 &&
	       clang_getCursorLinkage(d) == CXLinkage_External;
}

static void note_export_write(void *ctx, CXCursor var)
{
	struct dv_exports *x = ctx;
	char *usr;
	if (!is_external_global(var) || !(usr = usr_of(var)))
		return;
	add_fact(x, usr, DV_EXPORT_WRITES, 0, NULL);
	free(usr);
}

static void export_definition(struct dv_exports *x, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	long long v;
	char *usr;
	if (!clang_isCursorDefinition(c) || clang_getCursorLinkage(c) != CXLinkage_External ||
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return;
	if (k == CXCursor_VarDecl) {
		CXType t = clang_getCursorType(c);
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);
		if (!dv_consts_integer_type(t) || clang_isVolatileQualifiedType(t) ||
		    clang_Cursor_isNull(init) || dv_ast_int_value(init, &v) != 0)
			return;
		if ((usr = usr_of(c)))
			add_constant(x, usr, clang_isConstQualifiedType(t) ? 1 : 2, v);
		free(usr);
	} else if (k == CXCursor_FunctionDecl && dv_consts_function_value(c, &v) == 0) {
		if ((usr = usr_of(c)))
			add_constant(x, usr, 3, v);
		free(usr);
	}
}

static enum CXChildVisitResult def_visit(CXCursor c, CXCursor parent, void *data)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_Namespace || k == CXCursor_LinkageSpec || k == CXCursor_UnexposedDecl)
		return CXChildVisit_Recurse; /* extern "C" { ... } and namespaces */
	export_definition(data, c);
	return CXChildVisit_Continue;
}

static int has_errors(CXTranslationUnit tu)
{
	unsigned n = clang_getNumDiagnostics(tu), i;
	int r = 0;
	for (i = 0; i < n && !r; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		r = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
		clang_disposeDiagnostic(d);
	}
	return r;
}

void dv_consts_export(struct dv_tu_ctx *tu)
{
	if (!tu->exports)
		return;
	/* error recovery may have dropped statements: writes unknown */
	if (has_errors(tu->tu))
		dv_consts_note_unindexed(tu->exports, tu->path);
	clang_visitChildren(clang_getTranslationUnitCursor(tu->tu), def_visit, tu->exports);
	dv_consts_scan_writes(tu->tu, note_export_write, tu->exports);
}

void dv_consts_note_unindexed(struct dv_exports *x, const char *path)
{
	add_fact(x, "*", DV_EXPORT_UNINDEXED, 0, path ? path : "");
}

int dv_consts_fact_valid(const struct dv_export *e)
{
	long long v;
	char *end;
	if (strcmp(e->family, DV_CONSTS_FAMILY) != 0)
		return 1; /* another family's fact */
	switch (e->kind) {
	case DV_EXPORT_CONSTANT:
		if (!e->what || e->op < 1 || e->op > 3)
			return 0;
		v = strtoll(e->what, &end, 10);
		(void)v;
		return end != e->what && !*end;
	case DV_EXPORT_WRITES:
		return 1;
	case DV_EXPORT_UNINDEXED:
		return e->what != NULL;
	default:
		return 0;
	}
}

/* ---- questions ---- */

/* Every fact that names usr agrees on one value of one kind (op). */
static int agreed_value(const struct dv_export *e, size_t n, int *op, long long *out,
			int *writes)
{
	size_t i;
	int have = 0;
	*writes = 0;
	for (i = 0; i < n; i++) {
		long long v;
		if (e[i].kind == DV_EXPORT_WRITES) {
			*writes = 1;
			continue;
		}
		if (e[i].kind != DV_EXPORT_CONSTANT || !e[i].what)
			continue;
		v = strtoll(e[i].what, NULL, 10);
		if (have && (v != *out || e[i].op != *op))
			return -1;
		*out = v;
		*op = e[i].op;
		have = 1;
	}
	return have ? 0 : -1;
}

/* Every manifest file but own_path has a fresh, complete entry. */
static int project_complete(const struct dv_exports *im, const char *own_path)
{
	size_t n, i;
	const struct dv_export *e = dv_exports_find(im, "*", DV_CONSTS_FAMILY, &n);
	for (i = 0; i < n; i++)
		if (e[i].kind == DV_EXPORT_UNINDEXED &&
		    (!own_path || !e[i].what || strcmp(e[i].what, own_path) != 0))
			return 0;
	return 1;
}

int dv_consts_global(const struct dv_exports *imports, const char *usr, const char *own_path,
		     const long long *local_init, int locally_written, long long *out)
{
	size_t n;
	const struct dv_export *e;
	long long v = 0;
	int op = 0, writes = 0, have;
	if (!imports || !usr || !usr[0] || locally_written)
		return -1;
	e = dv_exports_find(imports, usr, DV_CONSTS_FAMILY, &n);
	have = e ? agreed_value(e, n, &op, &v, &writes) == 0 : 0;
	if (local_init) {
		/* the TU defines it: its own entry, when fresh, says the same */
		if (have && v != *local_init)
			return -1;
		v = *local_init;
		if (!have)
			op = 2;
	} else if (!have) {
		return -1;
	}
	if (op == 1) {
		*out = v;
		return 0;
	}
	if (op != 2 || writes || !project_complete(imports, own_path))
		return -1;
	*out = v;
	return 0;
}

int dv_consts_function(const struct dv_exports *imports, const char *usr, long long *out)
{
	size_t n;
	const struct dv_export *e;
	long long v = 0;
	int op = 0, writes;
	if (!imports || !usr || !usr[0])
		return -1;
	e = dv_exports_find(imports, usr, DV_CONSTS_FAMILY, &n);
	if (!e || agreed_value(e, n, &op, &v, &writes) != 0 || op != 3)
		return -1;
	*out = v;
	return 0;
}
