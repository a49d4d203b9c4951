/* Unit tests for the logging checker's API knowledge: name patterns and
 * the loading (and rejection) of rules/logging.json fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "checkers/logging.h"

static void test_names(void **state)
{
	const char *v[] = {"syslog", "*_error"};
	struct lg_names n = {v, 2};
	(void)state;
	assert_true(lg_names_match(&n, "syslog"));
	assert_true(lg_names_match(&n, "report_error"));
	/* C++ qualified names match on their last component */
	assert_true(lg_names_match(&n, "app::report_error"));
	assert_false(lg_names_match(&n, "ferror"));
	assert_false(lg_names_match(&n, NULL));
}

/* Writes one rules file into a fresh directory and loads it. */
static struct dv_ruleset *load_rules(const char *json, char *dir, size_t dirlen, struct dv_error *err)
{
	char path[512];
	FILE *f;
	snprintf(dir, dirlen, "/tmp/dv-test-logging-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/logging.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(json, f);
	assert_int_equal(fclose(f), 0);
	return dv_ruleset_load(dir, NULL, NULL, 0, err);
}

static void remove_rules(const char *dir)
{
	char path[512];
	snprintf(path, sizeof path, "%s/logging.json", dir);
	unlink(path);
	rmdir(dir);
}

static int load_api(const char *api, struct lg_spec **spec, struct dv_error *err)
{
	char json[2048], dir[64];
	struct dv_ruleset *rs;
	int rc;
	snprintf(json, sizeof json, "{\"family\": \"logging\", \"rules\": [], \"api\": %s}", api);
	rs = load_rules(json, dir, sizeof dir, err);
	assert_non_null(rs);
	rc = lg_spec_load(rs, spec, err);
	if (!rc) {
		/* the spec points into the ruleset: check before freeing it */
		assert_non_null(*spec);
	}
	lg_spec_free(*spec);
	*spec = NULL;
	dv_ruleset_free(rs);
	remove_rules(dir);
	return rc;
}

static void test_spec_fields(void **state)
{
	struct lg_spec *spec = NULL;
	struct dv_error err;
	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(load_api("{\"loggers\": [\"x\"], \"allocation_failures\": true}", &spec, &err), 0);
	memset(&err, 0, sizeof err);
	assert_int_not_equal(load_api("{\"allocation_failures\": \"yes\"}", &spec, &err), 0);
	assert_non_null(strstr(err.msg, "api.allocation_failures"));
	memset(&err, 0, sizeof err);
	assert_int_not_equal(load_api("{\"stream_loggers\": [{\"name\": \"fprintf\"}]}", &spec, &err), 0);
	assert_non_null(strstr(err.msg, "api.stream_loggers[0]"));
	memset(&err, 0, sizeof err);
	assert_int_not_equal(load_api("{\"loggers\": \"syslog\"}", &spec, &err), 0);
	assert_non_null(strstr(err.msg, "loggers"));
}

/* The shipped knowledge loads and has the defaults the docs promise. */
static void test_shipped(void **state)
{
	struct dv_error err;
	struct dv_ruleset *rs;
	struct lg_spec *spec = NULL;
	(void)state;
	memset(&err, 0, sizeof err);
	rs = dv_ruleset_load("../../rules", NULL, NULL, 0, &err);
	assert_non_null(rs);
	assert_int_equal(lg_spec_load(rs, &spec, &err), 0);
	assert_false(spec->allocation_failures);
	assert_true(spec->unknown_callees_log);
	assert_true(spec->specific_codes_detailed);
	assert_true(lg_names_match(&spec->loggers, "syslog"));
	assert_true(lg_names_match(&spec->success_constants, "SQLITE_OK"));
	assert_true(lg_names_match(&spec->zero_success, "pthread_create"));
	assert_true(lg_names_match(&spec->no_errno, "pthread_create"));
	assert_false(lg_names_match(&spec->no_errno, "open"));
	assert_non_null(dv_ruleset_find(rs, "logging/silent-error-return"));
	assert_non_null(dv_ruleset_find(rs, "logging/swallowed-error"));
	assert_non_null(dv_ruleset_find(rs, "logging/unchecked-result"));
	lg_spec_free(spec);
	dv_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_spec_fields),
		cmocka_unit_test(test_shipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
