/* Unit tests for the project constants (src/engine/consts.c): which
 * facts of the index make a global or a function constant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "engine/consts.h"

static void add(struct dv_exports *x, const char *usr, enum dv_export_kind kind, int op,
		const char *what)
{
	struct dv_export e = dv_export_fact(usr, DV_CONSTS_FAMILY, kind);
	e.op = op;
	e.what = (char *)what;
	dv_exports_add_fact(x, &e);
}

static void test_const_global_needs_only_its_definition(void **state)
{
	struct dv_exports x;
	long long v = 0;
	(void)state;
	memset(&x, 0, sizeof(x));
	add(&x, "c:@LIMIT", DV_EXPORT_CONSTANT, 1, "5");
	dv_consts_note_unindexed(&x, "other.c"); /* incomplete project: still const */
	dv_exports_sort(&x);
	assert_int_equal(dv_consts_global(&x, "c:@LIMIT", "use.c", NULL, 0, &v), 0);
	assert_int_equal(v, 5);
	assert_int_not_equal(dv_consts_global(&x, "c:@OTHER", "use.c", NULL, 0, &v), 0);
	assert_int_not_equal(dv_consts_global(NULL, "c:@LIMIT", "use.c", NULL, 0, &v), 0);
	dv_exports_release(&x);
}

static void test_plain_global_needs_the_whole_project(void **state)
{
	struct dv_exports x;
	long long v = 0, own = 1;
	(void)state;
	memset(&x, 0, sizeof(x));
	add(&x, "c:@on", DV_EXPORT_CONSTANT, 2, "1");
	add(&x, "c:@level", DV_EXPORT_CONSTANT, 2, "2");
	add(&x, "c:@level", DV_EXPORT_WRITES, 0, NULL);
	dv_consts_note_unindexed(&x, "use.c"); /* the analysed file itself */
	dv_exports_sort(&x);
	assert_int_equal(dv_consts_global(&x, "c:@on", "use.c", NULL, 0, &v), 0);
	assert_int_equal(v, 1);
	/* written by some file, or by the TU itself */
	assert_int_not_equal(dv_consts_global(&x, "c:@level", "use.c", NULL, 0, &v), 0);
	assert_int_not_equal(dv_consts_global(&x, "c:@on", "use.c", NULL, 1, &v), 0);
	/* defined here, nobody writes it */
	assert_int_equal(dv_consts_global(&x, "c:@mine", "use.c", &own, 0, &v), 0);
	/* another file's entry is stale: it may write it */
	assert_int_not_equal(dv_consts_global(&x, "c:@on", "other.c", NULL, 0, &v), 0);
	dv_exports_release(&x);
}

static void test_disagreeing_facts_are_no_constant(void **state)
{
	struct dv_exports x;
	long long v = 0;
	(void)state;
	memset(&x, 0, sizeof(x));
	add(&x, "c:@F@ready", DV_EXPORT_CONSTANT, 3, "1");
	add(&x, "c:@F@twice", DV_EXPORT_CONSTANT, 3, "1");
	add(&x, "c:@F@twice", DV_EXPORT_CONSTANT, 3, "0");
	add(&x, "c:@K", DV_EXPORT_CONSTANT, 1, "1");
	dv_exports_sort(&x);
	assert_int_equal(dv_consts_function(&x, "c:@F@ready", &v), 0);
	assert_int_equal(v, 1);
	assert_int_not_equal(dv_consts_function(&x, "c:@F@twice", &v), 0);
	/* a variable's fact says nothing of a function */
	assert_int_not_equal(dv_consts_function(&x, "c:@K", &v), 0);
	dv_exports_release(&x);
}

static void test_loaded_facts_are_checked(void **state)
{
	struct dv_export e = dv_export_fact("c:@K", DV_CONSTS_FAMILY, DV_EXPORT_CONSTANT);
	(void)state;
	e.op = 1;
	e.what = "12";
	assert_true(dv_consts_fact_valid(&e));
	e.what = "12x";
	assert_false(dv_consts_fact_valid(&e));
	e.what = NULL;
	assert_false(dv_consts_fact_valid(&e));
	e.what = "3";
	e.op = 4;
	assert_false(dv_consts_fact_valid(&e));
	e.kind = DV_EXPORT_SINK; /* not of the family's kinds */
	e.op = 1;
	assert_false(dv_consts_fact_valid(&e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_const_global_needs_only_its_definition),
		cmocka_unit_test(test_plain_global_needs_the_whole_project),
		cmocka_unit_test(test_disagreeing_facts_are_no_constant),
		cmocka_unit_test(test_loaded_facts_are_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
