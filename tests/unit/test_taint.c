/*
 * Taint lattice values (src/engine/taint.c).  The checks use rules beyond
 * the injection family's four: with rule bits packed into one word beside
 * the "unknown" flag (bit 4) and 4-bit parameter nibbles, rule 4 read as
 * "unknown" and parameter 0's rule 4 as parameter 1's rule 0; each test
 * below fails on such a packing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine/taint.h"

/* Every rule r: tainted for r only, not unknown, and sanitizing r alone
 * brings back a constant value. */
static void test_rules_stand_alone(void **state)
{
	unsigned r, q;
	(void)state;
	for (r = 0; r < DV_TAINT_MAX_RULES; r++) {
		struct dv_taint v, acc;
		dv_taint_clean(&v);
		v.rules = DV_TAINT_RULE(r);
		dv_taint_clean(&acc);
		assert_true(dv_taint_join(&acc, &v));
		assert_false(acc.unknown);
		assert_int_equal(acc.marks, 0);
		assert_false(dv_taint_has_params(&acc));
		for (q = 0; q < DV_TAINT_MAX_RULES; q++)
			assert_int_equal(dv_taint_has(&acc, DV_TAINT_RULE(q)), q == r);
		assert_false(dv_taint_join(&acc, &v));
		dv_taint_sanitize(&acc, DV_TAINT_RULE(r));
		dv_taint_clean(&v);
		assert_true(dv_taint_equal(&acc, &v));
	}
}

/* Sanitizing any rule keeps "unknown"; restricting to rules keeps it too. */
static void test_unknown_survives_rules(void **state)
{
	struct dv_taint v;
	unsigned r;
	(void)state;
	for (r = 0; r < DV_TAINT_MAX_RULES; r++) {
		dv_taint_unknown(&v);
		v.rules = DV_TAINT_FIRST_RULES(DV_TAINT_MAX_RULES);
		dv_taint_sanitize(&v, DV_TAINT_RULE(r));
		assert_true(v.unknown);
		assert_false(dv_taint_has(&v, DV_TAINT_RULE(r)));
		assert_true(dv_taint_has(&v, (dv_taint_rules)~DV_TAINT_RULE(r)));
		dv_taint_restrict(&v, 0);
		assert_true(v.unknown);
		assert_int_equal(v.rules, 0);
	}
	/* joining taint of the last rule into an unknown value is a change */
	{
		struct dv_taint t;
		dv_taint_unknown(&v);
		dv_taint_clean(&t);
		t.rules = DV_TAINT_RULE(DV_TAINT_MAX_RULES - 1);
		assert_true(dv_taint_join(&v, &t));
		assert_int_equal(v.rules, DV_TAINT_RULE(DV_TAINT_MAX_RULES - 1));
	}
}

/* Parameter p under rule r is never parameter p+1 under another rule. */
static void test_params_do_not_overlap(void **state)
{
	unsigned p, r;
	(void)state;
	for (p = 0; p < DV_TAINT_MAX_PARAMS; p++) {
		for (r = 0; r < DV_TAINT_MAX_RULES; r++) {
			struct dv_taint v, acc;
			dv_taint_clean(&v);
			v.params[p] = DV_TAINT_RULE(r);
			dv_taint_clean(&acc);
			assert_true(dv_taint_join(&acc, &v));
			assert_int_equal(acc.rules, 0);
			assert_false(acc.unknown);
			assert_int_equal(dv_taint_params_under(&acc, DV_TAINT_RULE(r)), 1u << p);
			assert_int_equal(
				dv_taint_params_under(&acc, (dv_taint_rules)~DV_TAINT_RULE(r)), 0);
			dv_taint_restrict(&acc, (dv_taint_rules)~DV_TAINT_RULE(r));
			assert_false(dv_taint_has_params(&acc));
		}
	}
}

/* A callee passing parameter 0 on under rule 5 only: an argument tainted
 * for rules 0 and 5 and depending on the caller's parameter 2 under rules
 * 4 and 5 keeps rule 5 in both. */
static void test_restrict_composes(void **state)
{
	struct dv_taint a;
	(void)state;
	dv_taint_clean(&a);
	a.rules = DV_TAINT_RULE(0) | DV_TAINT_RULE(5);
	a.params[2] = DV_TAINT_RULE(4) | DV_TAINT_RULE(5);
	a.marks = 0x81;
	dv_taint_restrict(&a, DV_TAINT_RULE(5));
	assert_int_equal(a.rules, DV_TAINT_RULE(5));
	assert_int_equal(a.params[2], DV_TAINT_RULE(5));
	assert_int_equal(dv_taint_params_under(&a, DV_TAINT_RULE(5)), 1u << 2);
	assert_int_equal(a.marks, 0x81);
	assert_false(a.unknown);
	dv_taint_clear_params(&a);
	assert_false(dv_taint_has_params(&a));
}

/* Join is a union: idempotent, and equal values in either order. */
static void test_join_is_union(void **state)
{
	struct dv_taint x, y, xy, yx;
	(void)state;
	dv_taint_clean(&x);
	x.rules = DV_TAINT_RULE(7);
	x.params[15] = DV_TAINT_RULE(15);
	x.marks = 2;
	dv_taint_unknown(&y);
	y.rules = DV_TAINT_RULE(12);
	y.params[0] = DV_TAINT_RULE(9);
	xy = x;
	assert_true(dv_taint_join(&xy, &y));
	yx = y;
	assert_true(dv_taint_join(&yx, &x));
	assert_true(dv_taint_equal(&xy, &yx));
	assert_false(dv_taint_join(&xy, &x));
	assert_false(dv_taint_join(&xy, &y));
	assert_false(dv_taint_equal(&xy, &x));
	assert_int_equal(xy.rules, DV_TAINT_RULE(7) | DV_TAINT_RULE(12));
	assert_true(xy.unknown);
	assert_int_equal(xy.params[0], DV_TAINT_RULE(9));
	assert_int_equal(xy.params[15], DV_TAINT_RULE(15));
	assert_int_equal(dv_taint_params_under(&xy, DV_TAINT_FIRST_RULES(DV_TAINT_MAX_RULES)),
			 (1u << 0) | (1u << 15));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_stand_alone),
		cmocka_unit_test(test_unknown_survives_rules),
		cmocka_unit_test(test_params_do_not_overlap),
		cmocka_unit_test(test_restrict_composes),
		cmocka_unit_test(test_join_is_union),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
