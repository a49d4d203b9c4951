/*
 * dv_session_list_functions (include/diffvet/session.h): the functions a
 * set of files declares, parsed with the session's flags, for clients that
 * tune a configuration from the code (`diffvet init`).  Names come from
 * libclang's AST, never from matching text.
 */
#include "diffvet/session.h"

#include <clang-c/Index.h>
#include <stdlib.h>
#include <string.h>

#include "front/front.h"
#include "model/notify.h"
#include "model/paths.h"
#include "session/session_internal.h"

struct visit {
	dv_function_cb cb;
	void *ctx;
};

static enum dv_return_kind return_kind(CXCursor c)
{
	CXType t = clang_getCanonicalType(clang_getCursorResultType(c));

	switch (t.kind) {
	case CXType_Void:
		return DV_RETURNS_VOID;
	case CXType_Bool:
		return DV_RETURNS_BOOL;
	case CXType_Pointer:
		return DV_RETURNS_POINTER;
	default:
		if (t.kind >= CXType_Char_U && t.kind <= CXType_Int128)
			return DV_RETURNS_INTEGER;
		if (t.kind == CXType_Enum)
			return DV_RETURNS_INTEGER;
		return DV_RETURNS_OTHER;
	}
}

static enum CXChildVisitResult visit_decl(CXCursor c, CXCursor parent, CXClientData data)
{
	struct visit *v = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k == CXCursor_Namespace || k == CXCursor_LinkageSpec || k == CXCursor_ClassDecl ||
	    k == CXCursor_StructDecl)
		return CXChildVisit_Recurse;
	if (k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod) {
		CXString name = clang_getCursorSpelling(c);
		const char *s = clang_getCString(name);

		if (s && *s)
			v->cb(v->ctx, s, return_kind(c), clang_isCursorDefinition(c) != 0);
		clang_disposeString(name);
	}
	return CXChildVisit_Continue;
}

int dv_session_list_functions(struct dv_session *s, const char *const *paths, size_t n,
			      dv_function_cb cb, void *ctx, struct dv_error *err)
{
	CXIndex index = clang_createIndex(0, 0);
	struct visit v = {cb, ctx};
	size_t i;

	if (!index)
		return dv_error_set(err, DV_ERR_INTERNAL, "libclang: cannot create an index");
	for (i = 0; i < n; i++) {
		struct dv_notifications notes;
		struct dv_args args;
		char *abs = dv_path_absolute(paths[i], dv_session_root(s));
		CXTranslationUnit tu;

		memset(&notes, 0, sizeof(notes));
		dv_front_args(dv_session_front(s), abs, &args);
		tu = dv_front_parse(index, abs, paths[i], &args, 0, dv_session_overlay(s), &notes);
		if (tu) {
			clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_decl, &v);
			clang_disposeTranslationUnit(tu);
		}
		dv_args_release(&args);
		dv_notifications_release(&notes);
		free(abs);
	}
	clang_disposeIndex(index);
	return 0;
}
