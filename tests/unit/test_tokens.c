/* front/tokens: long extents rendered from the file's token index give
 * exactly dv_ast_text's text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "parse_helper.h"
#include "front/ast.h"
#include "front/tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct walk {
	struct dv_tokens *tk;
	unsigned n, n_long, n_macro_long;
};

static enum CXChildVisitResult compare(CXCursor c, CXCursor parent, void *data)
{
	struct walk *w = data;
	CXSourceRange r;
	CXFile fa = NULL, fe = NULL;
	unsigned a = 0, e = 0;
	char *want, *got;
	if (clang_getCursorKind(parent) == CXCursor_TranslationUnit &&
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (!clang_isExpression(clang_getCursorKind(c)) && !clang_isStatement(clang_getCursorKind(c)))
		return CXChildVisit_Recurse;
	want = dv_ast_text(c);
	got = dv_tokens_text(w->tk, c);
	assert_string_equal(got, want);
	r = clang_getCursorExtent(c);
	clang_getSpellingLocation(clang_getRangeStart(r), &fa, NULL, NULL, &a);
	clang_getSpellingLocation(clang_getRangeEnd(r), &fe, NULL, NULL, &e);
	if (e > a + 1024) {
		w->n_long++;
		if (clang_getCursorKind(c) == CXCursor_BinaryOperator && strstr(want, "filler"))
			w->n_macro_long++; /* from the macro's definition to its use */
	}
	w->n++;
	free(want);
	free(got);
	return CXChildVisit_Recurse;
}

static char src[16384];

static void build_source(void)
{
	size_t n = 0;
	int i;
	n += (size_t)snprintf(src + n, sizeof(src) - n,
			      "#define POSITIVE(x) ((x) > 0 /* body */ && (x) < 100)\n"
			      "#define TWICE(x) ((x) + (x))\n"
			      "#define LESS(x) 0 < x\n"
			      "int g(int);\n");
	/* filler between the macros' definitions and their uses: comments,
	 * literals, declarations */
	for (i = 0; i < 60; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n,
				      "/* filler %d */ static const char *s%d = \"a \\\" b\"; // x\n", i, i);
	n += (size_t)snprintf(src + n, sizeof(src) - n,
			      "int f(int a, int b) {\n"
			      "  int s = 0;\n"
			      "  if (POSITIVE(a)) s += TWICE(b);\n"
			      "  if (LESS(b)) s--;\n"
			      "  s = g(a) + g(b) /* c */ + 'x' + 0x1fu");
	for (i = 0; i < 120; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "\n    + g(a * %d) /* term %d */", i, i);
	n += (size_t)snprintf(src + n, sizeof(src) - n,
			      ";\n"
			      "  return s + (int)sizeof(\"str\");\n"
			      "}\n");
	assert_true(n < sizeof(src) - 1);
}

static void test_same_text(void **state)
{
	struct dv_test_tu t;
	struct walk w = { NULL, 0, 0, 0 };
	(void)state;
	build_source();
	assert_int_equal(dv_test_parse(&t, src, 0), 0);
	w.tk = dv_tokens_new();
	clang_visitChildren(clang_getTranslationUnitCursor(t.tu), compare, &w);
	assert_true(w.n > 100);
	assert_true(w.n_long > 10);      /* the index was used */
	assert_true(w.n_macro_long > 0); /* and on a macro-body extent */
	dv_tokens_free(w.tk);
	dv_test_release(&t);
}

static void test_null_index(void **state)
{
	struct dv_test_tu t;
	struct walk w = { NULL, 0, 0, 0 };
	(void)state;
	build_source();
	assert_int_equal(dv_test_parse(&t, src, 0), 0);
	clang_visitChildren(clang_getTranslationUnitCursor(t.tu), compare, &w);
	assert_true(w.n > 100);
	dv_test_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_text),
		cmocka_unit_test(test_null_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
