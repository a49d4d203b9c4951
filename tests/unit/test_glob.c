/* util/glob.c: the rules files' name patterns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/glob.h"

static void test_literals_and_wildcards(void **state)
{
	(void)state;
	assert_true(dv_glob_match("pthread_mutex_lock", "pthread_mutex_lock"));
	assert_false(dv_glob_match("pthread_mutex_lock", "pthread_mutex_lock2"));
	assert_false(dv_glob_match("pthread_mutex_lock", "pthread_mutex_loc"));
	assert_true(dv_glob_match("*_lock", "pthread_mutex_lock"));
	assert_true(dv_glob_match("log_*", "log_"));
	assert_true(dv_glob_match("*", ""));
	assert_true(dv_glob_match("", ""));
	assert_false(dv_glob_match("", "a"));
	assert_true(dv_glob_match("?og_*", "log_err"));
	assert_false(dv_glob_match("?og_*", "og_err"));
	assert_true(dv_glob_match("*mutex*lock", "g_rec_mutex_trylock"));
	assert_false(dv_glob_match("*mutex*lock", "g_rec_mutex_unlock_all"));
	assert_true(dv_glob_match("a**b", "ab"));
	assert_true(dv_glob_match("log_*", "log_error"));
	assert_false(dv_glob_match("log_*", "catalog_error"));
	assert_true(dv_glob_match("PGRES_*_OK", "PGRES_TUPLES_OK"));
	assert_false(dv_glob_match("PGRES_*_OK", "PGRES_FATAL_ERROR"));
	assert_false(dv_glob_match("a?c", "ac"));
	/* the last star takes what an earlier match left */
	assert_true(dv_glob_match("*ab*ab", "xabyabab"));
	assert_false(dv_glob_match("*ab*abc", "xabyabab"));
}

static void test_brackets_are_literal(void **state)
{
	(void)state;
	assert_true(dv_glob_match("operator new[]", "operator new[]"));
	assert_false(dv_glob_match("operator new[]", "operator new"));
	assert_true(dv_glob_match("operator delete*", "operator delete[]"));
}

/* A pathological pattern on a long name ends at once (a recursive glob
 * backtracks exponentially here). */
static void test_no_blowup(void **state)
{
	char name[4097];
	(void)state;
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_false(dv_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", name));
	assert_true(dv_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*", name));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals_and_wildcards),
		cmocka_unit_test(test_brackets_are_literal),
		cmocka_unit_test(test_no_blowup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
