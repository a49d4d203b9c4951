/*
 * Statements dropped by clang's error recovery (engine/recovery.h): found
 * with their lines, and told apart by whether they may call, jump or let
 * a local escape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "engine/recovery.h"
#include "parse_helper.h"

static enum CXChildVisitResult first_function(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl && clang_isCursorDefinition(c)) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

static size_t dropped_of(const char *src, struct dv_dropped_list *out)
{
	struct dv_test_tu t;
	CXCursor fn = clang_getNullCursor();
	size_t n;

	assert_int_equal(dv_test_parse(&t, src, 0), 0);
	clang_visitChildren(clang_getTranslationUnitCursor(t.tu), first_function, &fn);
	assert_false(clang_Cursor_isNull(fn));
	n = dv_recovery_dropped(t.tu, fn, out);
	dv_test_release(&t);
	return n;
}

static void clean_function_drops_nothing(void **state)
{
	struct dv_dropped_list l;
	(void)state;
	assert_int_equal(dropped_of("int f(int v) {\n"
				    "  if (v) { v++; } else v--;\n"
				    "  out: return v;\n"
				    "}\n",
				    &l),
			 0);
	dv_dropped_list_release(&l);
}

static void store_of_an_undeclared_name_is_harmless(void **state)
{
	struct dv_dropped_list l;
	(void)state;
	assert_int_equal(dropped_of("struct s;\n"
				    "int f(struct s *p) {\n"
				    "  p->flags |= UNDECLARED_FLAG;\n"
				    "  return 0;\n"
				    "}\n",
				    &l),
			 1);
	assert_int_equal(l.items[0].first_line, 3);
	assert_int_equal(l.items[0].last_line, 3);
	assert_false(l.items[0].harmful);
	dv_dropped_list_release(&l);
}

static void dropped_call_or_escape_is_harmful(void **state)
{
	struct dv_dropped_list l;
	(void)state;
	assert_int_equal(dropped_of("struct s;\n"
				    "void release(int *);\n"
				    "int f(struct s *p, int *h) {\n"
				    "  p->x = UNDECLARED_FLAG + release(h);\n"
				    "  return 0;\n"
				    "}\n",
				    &l),
			 1);
	assert_true(l.items[0].harmful);
	dv_dropped_list_release(&l);
	assert_int_equal(dropped_of("struct s;\n"
				    "int f(struct s *p, int *h) {\n"
				    "  p->handle = h + UNDECLARED_OFFSET;\n"
				    "  return 0;\n"
				    "}\n",
				    &l),
			 1);
	assert_true(l.items[0].harmful);
	dv_dropped_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_function_drops_nothing),
		cmocka_unit_test(store_of_an_undeclared_name_is_harmless),
		cmocka_unit_test(dropped_call_or_escape_is_harmful),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
