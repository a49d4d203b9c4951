/* AST helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "parse_helper.h"
#include "front/ast.h"

#include <stdlib.h>
#include <string.h>

static CXCursor var_init(struct dv_test_tu *t, const char *name)
{
	CXCursor v = dv_test_find(t, name, CXCursor_VarDecl, 0);
	assert_false(clang_Cursor_isNull(v));
	return clang_Cursor_getVarDeclInitializer(v);
}

static CXCursor call_n(struct dv_test_tu *t, const char *callee, unsigned n)
{
	CXCursor c = dv_test_find(t, callee, CXCursor_CallExpr, n);
	assert_false(clang_Cursor_isNull(c));
	return c;
}

static void assert_text(CXCursor c, const char *want)
{
	char *s = dv_ast_text(c);
	assert_string_equal(s, want);
	free(s);
}

static const char *C_SRC =
	"#define SQL \"sel\" \"ect\"\n"
	"#define CALL(x) f(x)\n"
	"int f(int); int g(int, int); int (*fp)(int); struct ops { int (*run)(int); } *ops;\n"
	"enum { K = 7 };\n"
	"const char arr[] = \"ab\" \"cd\";\n"
	"const char *const cp = \"const ptr\";\n"
	"char *mp = \"mutable\";\n"
	"int gv;\n"
	"struct s { int f; int a[4]; };\n"
	"void t(int y, struct s *p, void *q) {\n"
	"  long v1 = (y);\n"
	"  long v2 = (long)y;\n"
	"  const char *v3 = \"a\\tb\\x41\\101\\n\" \"!\";\n"
	"  const char *v4 = SQL;\n"
	"  const char *v5 = arr;\n"
	"  const char *v6 = mp;\n"
	"  int v7 = K * 2;\n"
	"  unsigned long v8 = sizeof(int);\n"
	"  int v9 = y;\n"
	"  const int *v10 = L\"wide\" == 0 ? 0 : 0;\n"
	"  const char *v11 = u8\"h\\u00e9\";\n"
	"  const char *v12 = cp;\n"
	"  f(1 + 2);\n"
	"  fp(3);\n"
	"  ops->run(4);\n"
	"  ((int (*)(int))q)(5);\n"
	"  g(y, (v9));\n"
	"  struct s sv;\n"
	"  sv.f = 1; p->f = 2; sv.a[y] = 3; gv = 4;\n"
	"  { int y = 5; y++; }\n"
	"  CALL(6);\n"
	"}\n";

static void test_strip(void **state)
{
	struct dv_test_tu t;
	CXCursor e;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	e = var_init(&t, "v1");
	assert_int_equal(clang_getCursorKind(e), CXCursor_UnexposedExpr);
	assert_int_equal(clang_getCursorKind(dv_ast_strip(e)), CXCursor_DeclRefExpr);
	e = var_init(&t, "v2");
	assert_int_equal(clang_getCursorKind(dv_ast_strip(e)), CXCursor_CStyleCastExpr);
	assert_int_equal(clang_getCursorKind(dv_ast_strip_casts(e)), CXCursor_DeclRefExpr);
	assert_true(clang_Cursor_isNull(dv_ast_strip(clang_getNullCursor())));
	dv_test_release(&t);
}

static void test_children(void **state)
{
	struct dv_test_tu t;
	CXCursor call, *kids = NULL;
	unsigned n;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	call = call_n(&t, "g", 0);
	n = dv_ast_children(call, &kids);
	assert_int_equal(n, 3);
	assert_true(clang_equalCursors(kids[1], dv_ast_child(call, 1)));
	assert_true(clang_Cursor_isNull(dv_ast_child(call, 3)));
	free(kids);
	dv_test_release(&t);
}

static void test_calls(void **state)
{
	struct dv_test_tu t;
	CXCursor c;
	char *name;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	c = call_n(&t, "f", 0);
	name = dv_ast_callee_name(c);
	assert_string_equal(name, "f");
	free(name);
	assert_int_equal(clang_getCursorKind(dv_ast_callee_decl(c)), CXCursor_FunctionDecl);
	assert_int_equal(dv_ast_call_nargs(c), 1);
	assert_text(dv_ast_call_arg(c, 0), "1 + 2");
	assert_true(clang_Cursor_isNull(dv_ast_call_arg(c, 1)));
	assert_true(clang_Cursor_isNull(dv_ast_call_object(c)));

	name = dv_ast_callee_name(call_n(&t, "fp", 0));
	assert_string_equal(name, "fp");
	free(name);
	assert_true(clang_Cursor_isNull(dv_ast_callee_decl(call_n(&t, "fp", 0))));
	name = dv_ast_callee_name(call_n(&t, "run", 0));
	assert_string_equal(name, "run");
	free(name);

	c = call_n(&t, "g", 0);
	assert_int_equal(dv_ast_call_nargs(c), 2);
	assert_int_equal(clang_getCursorKind(dv_ast_call_arg(c, 0)), CXCursor_DeclRefExpr);
	/* parentheses are looked through as well */
	assert_int_equal(clang_getCursorKind(dv_ast_call_arg(c, 1)), CXCursor_DeclRefExpr);
	dv_test_release(&t);
}

static enum CXChildVisitResult find_unnamed_call(CXCursor c, CXCursor parent, void *data)
{
	CXCursor *out = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr && clang_getCursorKind(dv_ast_strip(dv_ast_child(c, 0))) == CXCursor_CStyleCastExpr) {
		*out = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static void test_call_through_cast_has_no_name(void **state)
{
	struct dv_test_tu t;
	CXCursor c = clang_getNullCursor();
	char *name;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	clang_visitChildren(clang_getTranslationUnitCursor(t.tu), find_unnamed_call, &c);
	assert_false(clang_Cursor_isNull(c));
	name = dv_ast_callee_name(c);
	assert_null(name);
	dv_test_release(&t);
}

static void test_cxx_calls(void **state)
{
	struct dv_test_tu t;
	CXCursor c;
	char *name;
	(void)state;
	assert_int_equal(dv_test_parse(&t,
					"struct M { void lock(); };\n"
					"template <class T> struct G { G(T &) {} ~G() {} };\n"
					"void t(M &m, M *pm) { m.lock(); pm->lock(); G<M> g(m); auto l = [](){ return 1; }; }\n",
					1),
			 0);
	c = call_n(&t, "lock", 0);
	name = dv_ast_callee_name(c);
	assert_string_equal(name, "lock");
	free(name);
	assert_text(dv_ast_call_object(c), "m");
	assert_int_equal(clang_getCursorKind(dv_ast_callee_decl(c)), CXCursor_CXXMethod);
	assert_text(dv_ast_call_object(call_n(&t, "lock", 1)), "pm");
	c = call_n(&t, "G", 0);
	name = dv_ast_callee_name(c);
	assert_string_equal(name, "G");
	free(name);
	assert_int_equal(dv_ast_call_nargs(c), 1);
	assert_true(dv_ast_is_function_like(dv_test_find(&t, "", CXCursor_LambdaExpr, 0)));
	dv_test_release(&t);
}

static void test_constant_strings(void **state)
{
	struct dv_test_tu t;
	char *s;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	assert_true(dv_ast_is_constant_string(var_init(&t, "v3")));
	assert_true(dv_ast_is_constant_string(var_init(&t, "v4")));
	assert_true(dv_ast_is_constant_string(var_init(&t, "v5")));
	assert_false(dv_ast_is_constant_string(var_init(&t, "v6")));
	assert_true(dv_ast_is_constant_string(var_init(&t, "v12")));
	assert_false(dv_ast_is_constant_string(var_init(&t, "v9")));

	s = dv_ast_string_value(var_init(&t, "v3"));
	assert_string_equal(s, "a\tbAA\n!");
	free(s);
	s = dv_ast_string_value(var_init(&t, "v4"));
	assert_string_equal(s, "select");
	free(s);
	s = dv_ast_string_value(var_init(&t, "v5"));
	assert_string_equal(s, "abcd");
	free(s);
	s = dv_ast_string_value(var_init(&t, "v11"));
	assert_string_equal(s, "h\xc3\xa9");
	free(s);
	s = dv_ast_string_value(var_init(&t, "v12"));
	assert_string_equal(s, "const ptr");
	free(s);
	assert_null(dv_ast_string_value(var_init(&t, "v6")));
	assert_null(dv_ast_string_value(var_init(&t, "v9")));
	dv_test_release(&t);
}

static void test_wide_string(void **state)
{
	struct dv_test_tu t;
	char *s;
	(void)state;
	assert_int_equal(dv_test_parse(&t, "typedef int wchar_t; const wchar_t *w = L\"wi\" \"de\\x263A\";", 0), 0);
	s = dv_ast_string_value(var_init(&t, "w"));
	assert_string_equal(s, "wide\xe2\x98\xba");
	free(s);
	dv_test_release(&t);
}

static void test_int_value(void **state)
{
	struct dv_test_tu t;
	long long v = 0;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	assert_int_equal(dv_ast_int_value(var_init(&t, "v7"), &v), 0);
	assert_int_equal(v, 14);
	assert_int_equal(dv_ast_int_value(var_init(&t, "v8"), &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(dv_ast_int_value(var_init(&t, "v9"), &v), -1);
	assert_int_equal(dv_ast_int_value(var_init(&t, "v3"), &v), -1);
	assert_int_equal(dv_ast_int_value(clang_getNullCursor(), &v), -1);
	dv_test_release(&t);
}

static void test_text(void **state)
{
	struct dv_test_tu t;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	assert_text(call_n(&t, "f", 0), "f ( 1 + 2 )");
	assert_text(clang_getNullCursor(), "");
	dv_test_release(&t);
}

struct assign_find {
	const char *lhs_text;
	CXCursor found;
};

static enum CXChildVisitResult find_assign(CXCursor c, CXCursor parent, void *data)
{
	struct assign_find *a = data;
	(void)parent;
	if ((clang_getCursorKind(c) == CXCursor_BinaryOperator &&
	     clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) ||
	    (clang_getCursorKind(c) == CXCursor_UnaryOperator &&
	     clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_PostInc)) {
		char *s = dv_ast_text(dv_ast_child(c, 0));
		int eq = !strcmp(s, a->lhs_text);
		free(s);
		if (eq) {
			a->found = dv_ast_child(c, 0);
			return CXChildVisit_Break;
		}
	}
	return CXChildVisit_Recurse;
}

static char *key_of_lhs(struct dv_test_tu *t, const char *lhs)
{
	struct assign_find a = { lhs, clang_getNullCursor() };
	clang_visitChildren(clang_getTranslationUnitCursor(t->tu), find_assign, &a);
	assert_false(clang_Cursor_isNull(a.found));
	return dv_ast_lvalue_key(a.found);
}

static void test_lvalue_keys(void **state)
{
	struct dv_test_tu t;
	char *k1, *k2;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	k1 = key_of_lhs(&t, "sv . f");
	assert_non_null(k1);
	assert_true(!strncmp(k1, "sv@", 3));
	assert_non_null(strstr(k1, ".f"));
	free(k1);
	k1 = key_of_lhs(&t, "p -> f");
	assert_true(!strncmp(k1, "*p@", 3));
	assert_non_null(strstr(k1, ".f"));
	free(k1);
	k1 = key_of_lhs(&t, "sv . a [ y ]");
	assert_non_null(strstr(k1, ".a[]"));
	free(k1);
	k1 = key_of_lhs(&t, "gv");
	assert_string_equal(k1, "gv");
	free(k1);
	/* the inner y shadows the parameter y: different keys */
	k1 = key_of_lhs(&t, "y");
	k2 = dv_ast_lvalue_key(dv_ast_call_arg(call_n(&t, "g", 0), 0));
	assert_non_null(k1);
	assert_non_null(k2);
	assert_true(!strncmp(k1, "y@", 2));
	assert_string_not_equal(k1, k2);
	free(k1);
	free(k2);
	assert_null(dv_ast_lvalue_key(call_n(&t, "f", 0)));
	assert_null(dv_ast_lvalue_key(dv_ast_call_arg(call_n(&t, "f", 0), 0)));
	dv_test_release(&t);

	assert_int_equal(dv_test_parse(&t, "int m; int *q; void t(void) { int *p = &m; *q = 1; p = 0; }", 0), 0);
	k1 = dv_ast_lvalue_key(var_init(&t, "p"));
	assert_string_equal(k1, "&m");
	free(k1);
	k1 = key_of_lhs(&t, "* q");
	assert_string_equal(k1, "*q");
	free(k1);
	dv_test_release(&t);
}

static void test_locations(void **state)
{
	struct dv_test_tu t;
	char *path = NULL, *fn;
	unsigned line = 0, col = 0;
	CXCursor c;
	(void)state;
	assert_int_equal(dv_test_parse(&t, C_SRC, 0), 0);
	c = call_n(&t, "f", 1); /* CALL(6): inside a macro expansion */
	dv_ast_location(c, &path, &line, &col);
	assert_string_equal(path, "t.c");
	assert_int_equal(line, 31);
	assert_int_equal(col, 3);
	free(path);
	assert_true(dv_ast_in_main_file(c));
	assert_false(dv_ast_in_main_file(clang_getNullCursor()));
	fn = dv_ast_enclosing_function(dv_ast_call_arg(c, 0));
	assert_string_equal(fn, "t");
	free(fn);
	fn = dv_ast_enclosing_function(var_init(&t, "v7"));
	assert_string_equal(fn, "t");
	free(fn);
	assert_null(dv_ast_enclosing_function(dv_test_find(&t, "arr", CXCursor_VarDecl, 0)));
	dv_test_release(&t);
}

static void test_not_main_file(void **state)
{
	struct dv_test_tu t;
	CXCursor td;
	(void)state;
	assert_int_equal(dv_test_parse(&t, "#include <stddef.h>\nsize_t n;", 0), 0);
	td = clang_getCursorReferenced(dv_ast_child(dv_test_find(&t, "n", CXCursor_VarDecl, 0), 0));
	assert_false(clang_Cursor_isNull(td));
	assert_false(dv_ast_in_main_file(td));
	assert_true(dv_ast_in_main_file(dv_test_find(&t, "n", CXCursor_VarDecl, 0)));
	dv_test_release(&t);
}

/* A macro location is in the main file when the macro is used there,
 * wherever it is defined (here: a header's macro, a main file's macro). */
static void test_macro_in_main_file(void **state)
{
	struct dv_test_tu t;
	CXCursor call, x;
	(void)state;
	assert_int_equal(dv_test_parse(&t,
				       "#include <assert.h>\n#define DECL(n) int n\n"
				       "void f(int a) { DECL(x); assert(a); }\n",
				       0),
			 0);
	call = dv_test_find(&t, "__assert_fail", CXCursor_CallExpr, 0);
	assert_false(clang_Cursor_isNull(call));
	assert_false(clang_Location_isFromMainFile(clang_getCursorLocation(call)));
	assert_true(dv_ast_in_main_file(call));
	x = dv_test_find(&t, "x", CXCursor_VarDecl, 0);
	assert_false(clang_Cursor_isNull(x));
	assert_false(clang_Location_isFromMainFile(clang_getCursorLocation(x)));
	assert_true(dv_ast_in_main_file(x));
	/* the function the macro calls is declared in the header */
	assert_false(dv_ast_in_main_file(clang_getCursorReferenced(call)));
	dv_test_release(&t);
}

static void test_function_like(void **state)
{
	struct dv_test_tu t;
	(void)state;
	assert_int_equal(dv_test_parse(&t, "void p(void); void d(void) { } _Noreturn void n(void); void call(void) { n(); d(); }", 0), 0);
	assert_false(dv_ast_is_function_like(dv_test_find(&t, "p", CXCursor_FunctionDecl, 0)));
	assert_true(dv_ast_is_function_like(dv_test_find(&t, "d", CXCursor_FunctionDecl, 0)));
	assert_int_equal(clang_getCursorKind(dv_ast_function_body(dv_test_func(&t, "d"))), CXCursor_CompoundStmt);
	assert_true(dv_ast_callee_is_noreturn(call_n(&t, "n", 0)));
	assert_false(dv_ast_callee_is_noreturn(call_n(&t, "d", 0)));
	assert_false(dv_ast_callee_is_noreturn(clang_getNullCursor()));
	dv_test_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_children),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_call_through_cast_has_no_name),
		cmocka_unit_test(test_cxx_calls),
		cmocka_unit_test(test_constant_strings),
		cmocka_unit_test(test_wide_string),
		cmocka_unit_test(test_int_value),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_lvalue_keys),
		cmocka_unit_test(test_locations),
		cmocka_unit_test(test_not_main_file),
		cmocka_unit_test(test_macro_in_main_file),
		cmocka_unit_test(test_function_like),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
