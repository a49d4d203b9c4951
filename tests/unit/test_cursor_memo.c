/* engine/cursor_memo: values by cursor identity and tag. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "parse_helper.h"
#include "engine/cursor_memo.h"

#include <stdlib.h>

struct collect {
	CXCursor *c;
	unsigned n, cap;
};

static enum CXChildVisitResult collect_exprs(CXCursor c, CXCursor parent, void *data)
{
	struct collect *k = data;
	(void)parent;
	if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (clang_isExpression(clang_getCursorKind(c)) && k->n < k->cap)
		k->c[k->n++] = c;
	return CXChildVisit_Recurse;
}

static const char *SRC = "int g(int);\n"
			 "int f(int a, int b) {\n"
			 "  int s = 0;\n"
			 "  for (int i = 0; i < a; i++) s += g(i) * b + (a ^ i) - g(s);\n"
			 "  if (a > b) s = g(a) + g(b) + g(s) + g(a + b);\n"
			 "  return s + a + b + g(g(g(a)));\n"
			 "}\n";

static void test_get_put(void **state)
{
	struct dv_test_tu t;
	struct dv_cursor_memo m = {0};
	CXCursor buf[256];
	struct collect k = {buf, 0, 256};
	const void *v;
	unsigned i;
	static int values[256];
	(void)state;
	assert_int_equal(dv_test_parse(&t, SRC, 0), 0);
	clang_visitChildren(clang_getTranslationUnitCursor(t.tu), collect_exprs, &k);
	assert_true(k.n > 40); /* enough to grow the table past its first size */
	assert_int_equal(dv_cursor_memo_get(&m, buf[0], 1, &v), 0); /* empty memo */
	for (i = 0; i < k.n; i++)
		dv_cursor_memo_put(&m, buf[i], 1, &values[i]);
	dv_cursor_memo_put(&m, buf[0], 2, NULL); /* another tag, a NULL value */
	for (i = 0; i < k.n; i++) {
		assert_int_equal(dv_cursor_memo_get(&m, buf[i], 1, &v), 1);
		assert_ptr_equal(v, &values[i]);
	}
	v = &values[0];
	assert_int_equal(dv_cursor_memo_get(&m, buf[0], 2, &v), 1);
	assert_null(v);
	assert_int_equal(dv_cursor_memo_get(&m, buf[1], 2, &v), 0);
	/* replacing keeps one entry */
	dv_cursor_memo_put(&m, buf[3], 1, &values[100]);
	assert_int_equal(dv_cursor_memo_get(&m, buf[3], 1, &v), 1);
	assert_ptr_equal(v, &values[100]);
	assert_int_equal(m.n, k.n + 1);
	dv_cursor_memo_release(&m);
	assert_int_equal(dv_cursor_memo_get(&m, buf[3], 1, &v), 0);
	dv_test_release(&t);
}

/* The same node reached by a second walk is the same entry. */
static void test_identity(void **state)
{
	struct dv_test_tu t;
	struct dv_cursor_memo m = {0};
	CXCursor a[256], b[256];
	struct collect ka = {a, 0, 256}, kb = {b, 0, 256};
	const void *v;
	static int one;
	(void)state;
	assert_int_equal(dv_test_parse(&t, SRC, 0), 0);
	clang_visitChildren(clang_getTranslationUnitCursor(t.tu), collect_exprs, &ka);
	clang_visitChildren(clang_getTranslationUnitCursor(t.tu), collect_exprs, &kb);
	assert_int_equal(ka.n, kb.n);
	dv_cursor_memo_put(&m, a[7], 1, &one);
	assert_int_equal(dv_cursor_memo_get(&m, b[7], 1, &v), 1);
	assert_ptr_equal(v, &one);
	assert_int_equal(dv_cursor_memo_get(&m, b[8], 1, &v), 0);
	dv_cursor_memo_release(&m);
	dv_test_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_put),
		cmocka_unit_test(test_identity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
