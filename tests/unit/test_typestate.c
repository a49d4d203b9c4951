/* Unit tests for the typestate helpers: key normalisation, summary key
 * substitution and API name patterns. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "engine/typestate.h"

static void simplify(const char *in, const char *want)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", in);
	dv_ts_key_simplify(buf);
	assert_string_equal(buf, want);
}

static void test_simplify(void **state)
{
	(void)state;
	simplify("(*(&L{m}))", "L{m}");
	simplify("(&(*P{0}))", "P{0}");
	simplify("(*(&(*P{0}).F{lock}))", "(*P{0}).F{lock}");
	simplify("(*(&L{x})).F{a}", "L{x}.F{a}");
	simplify("(*L{p})", "(*L{p})");
	/* not a matching pair: (&X) inside a larger expression stays */
	simplify("(*(&L{a})[0])", "(*(&L{a})[0])");
	simplify("(*(&(*(&G{g}))))", "G{g}");
}

static void test_substitute(void **state)
{
	const char *args[] = {"(&L{s})", "L{fp}", NULL};
	char *r;
	(void)state;
	r = dv_ts_key_substitute("(*P{0}).F{mu}", args, 3);
	assert_string_equal(r, "L{s}.F{mu}");
	free(r);
	r = dv_ts_key_substitute("P{1}", args, 3);
	assert_string_equal(r, "L{fp}");
	free(r);
	r = dv_ts_key_substitute("P{1}#txn", args, 3);
	assert_string_equal(r, "L{fp}#txn");
	free(r);
	/* argument without a key, or missing */
	assert_null(dv_ts_key_substitute("(*P{2})", args, 3));
	assert_null(dv_ts_key_substitute("(*P{7})", args, 3));
	/* globals pass through */
	r = dv_ts_key_substitute("G{c:@g_lock}", args, 3);
	assert_string_equal(r, "G{c:@g_lock}");
	free(r);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(dv_ts_name_matches("*_lock", "stats_lock"));
	assert_false(dv_ts_name_matches("*_lock", "stats_unlock_all"));
	assert_true(dv_ts_name_matches("sqlite3_*", "sqlite3_step"));
	assert_true(dv_ts_name_matches("PQ*", "PQclear"));
	assert_false(dv_ts_name_matches("PQ*", "xPQclear"));
	assert_true(dv_ts_name_matches("std::lock_guard", "std::lock_guard"));
	assert_true(dv_ts_name_matches("*mutex", "std::mutex"));
	assert_true(dv_ts_name_matches("Mutex", "ns::Mutex"));
	assert_true(dv_ts_name_matches("a?c", "abc"));
	assert_false(dv_ts_name_matches("a?c", "ac"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simplify),
		cmocka_unit_test(test_substitute),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
