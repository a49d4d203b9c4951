/*
 * Test helper: parse a C or C++ snippet in memory and find functions.
 * One CXIndex per parse; dv_test_release frees both.
 */
#ifndef DV_TEST_PARSE_HELPER_H
#define DV_TEST_PARSE_HELPER_H

#include <clang-c/Index.h>
#include <string.h>

struct dv_test_tu {
	CXIndex index;
	CXTranslationUnit tu;
};

static inline int dv_test_parse(struct dv_test_tu *t, const char *src, int cxx)
{
	static const char *const c_args[] = { "-xc", "-std=c11" };
	static const char *const cxx_args[] = { "-xc++", "-std=c++17" };
	struct CXUnsavedFile f;
	const char *name = cxx ? "t.cpp" : "t.c";
	f.Filename = name;
	f.Contents = src;
	f.Length = (unsigned long)strlen(src);
	t->index = clang_createIndex(0, 0);
	t->tu = clang_parseTranslationUnit(t->index, name, cxx ? cxx_args : c_args, 2, &f, 1,
					   CXTranslationUnit_KeepGoing);
	return t->tu ? 0 : -1;
}

static inline void dv_test_release(struct dv_test_tu *t)
{
	if (t->tu)
		clang_disposeTranslationUnit(t->tu);
	if (t->index)
		clang_disposeIndex(t->index);
	t->tu = NULL;
	t->index = NULL;
}

struct dv_test_find {
	const char *name;
	enum CXCursorKind kind; /* 0: any function-like definition */
	CXCursor found;
	unsigned skip;
};

static inline enum CXChildVisitResult dv_test_find_visit(CXCursor c, CXCursor parent, void *data)
{
	struct dv_test_find *f = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXString s;
	int match;
	(void)parent;
	if (!clang_Cursor_isNull(f->found))
		return CXChildVisit_Break;
	if (clang_getCursorKind(parent) == CXCursor_TranslationUnit &&
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	s = clang_getCursorSpelling(c);
	match = clang_getCString(s) && !strcmp(clang_getCString(s), f->name);
	clang_disposeString(s);
	if (match && (f->kind ? k == f->kind : clang_isCursorDefinition(c) &&
			  (k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod ||
			   k == CXCursor_Constructor || k == CXCursor_Destructor ||
			   k == CXCursor_FunctionTemplate))) {
		if (f->skip == 0) {
			f->found = c;
			return CXChildVisit_Break;
		}
		f->skip--;
	}
	return CXChildVisit_Recurse;
}

/* The definition of function `name` (or any cursor of `kind` named
 * `name` when kind != 0; `skip` earlier matches are skipped). */
static inline CXCursor dv_test_find(struct dv_test_tu *t, const char *name, enum CXCursorKind kind,
				    unsigned skip)
{
	struct dv_test_find f;
	f.name = name;
	f.kind = kind;
	f.found = clang_getNullCursor();
	f.skip = skip;
	clang_visitChildren(clang_getTranslationUnitCursor(t->tu), dv_test_find_visit, &f);
	return f.found;
}

static inline CXCursor dv_test_func(struct dv_test_tu *t, const char *name)
{
	return dv_test_find(t, name, (enum CXCursorKind)0, 0);
}

#endif
