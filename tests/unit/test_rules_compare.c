/*
 * Config comparison for the gate: base and head rulesets loaded from
 * in-memory configs over the shipped rules, and the list of changes with
 * the severity each one earns.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/compare.h"
#include "util/xalloc.h"


struct repo {
	const char *const *files; /* path, text, ..., NULL */
};

static int read_repo(void *ctx, const char *path, char **bytes, size_t *len)
{
	const struct repo *r = ctx;
	size_t i;

	for (i = 0; r->files && r->files[i]; i += 2) {
		if (strcmp(r->files[i], path) == 0) {
			*bytes = xstrdup(r->files[i + 1]);
			*len = strlen(*bytes);
			return 0;
		}
	}
	return 1;
}

static struct dv_ruleset *load(const char *config, const struct repo *repo)
{
	struct dv_config_input in = {"cfg", config, config ? strlen(config) : 0, read_repo,
				     (void *)repo};
	struct dv_error err = {0};
	struct dv_ruleset *rs = dv_ruleset_load_config(DV_SOURCE_DIR "/rules", NULL, &in, &err);

	if (!rs)
		fail_msg("load failed: %s", err.msg);
	return rs;
}

/* Compares and checks that the changes are exactly `want` (message and
 * severity pairs, in order), then frees everything. */
static void expect_changes(const char *base_cfg, const char *head_cfg, const struct repo *base_repo,
			   const struct repo *head_repo, size_t n, ...)
{
	struct dv_ruleset *base = load(base_cfg, base_repo);
	struct dv_ruleset *head = load(head_cfg, head_repo);
	struct dv_config_changes changes = {0};
	enum dv_change_severity max = 0;
	va_list ap;
	size_t i;

	dv_ruleset_compare(base, head, &changes);
	for (i = 0; changes.count != n && i < changes.count; i++)
		print_message("change: %d %s\n", changes.items[i].severity,
			      changes.items[i].message);
	assert_int_equal(changes.count, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		const char *msg = va_arg(ap, const char *);
		enum dv_change_severity sev = va_arg(ap, int);

		assert_string_equal(changes.items[i].message, msg);
		assert_int_equal(changes.items[i].severity, sev);
		if (sev > max)
			max = sev;
	}
	va_end(ap);
	assert_int_equal(dv_config_changes_max(&changes), max);
	dv_config_changes_release(&changes);
	assert_int_equal(changes.count, 0);
	dv_ruleset_free(base);
	dv_ruleset_free(head);
}

#define REVIEW DV_CHANGE_REVIEW
#define SENIOR DV_CHANGE_SENIOR_APPROVAL

static void test_same_config_no_change(void **state)
{
	const char *cfg = "{\"disable\": [\"injection/sql\"], \"ignore_paths\": [\"vendor/\"],"
			  " \"api\": {\"injection\": {\"sanitizers\": {\"esc\": {\"return\": true}}}}}";

	(void)state;
	expect_changes(cfg, cfg, NULL, NULL, 0);
	/* Member order and formatting are not changes. */
	expect_changes("{\"disable\": [\"injection/sql\"], \"levels\": {\"injection/path\": \"note\"}}",
		       "{\"levels\": {\"injection/path\": \"note\"},\n\n \"disable\":[\"injection/sql\"]}",
		       NULL, NULL, 0);
	expect_changes(NULL, NULL, NULL, NULL, 0);
}

static void test_rules_disabled_and_levels(void **state)
{
	(void)state;
	expect_changes("{}", "{\"disable\": [\"injection/command\"]}", NULL, NULL, 1,
		       "rule 'injection/command' disabled", SENIOR);
	expect_changes("{}", "{\"levels\": {\"injection/command\": \"none\"}}", NULL, NULL, 1,
		       "rule 'injection/command' disabled", SENIOR);
	expect_changes("{\"disable\": [\"injection/command\"]}", "{}", NULL, NULL, 1,
		       "rule 'injection/command' enabled", REVIEW);
	expect_changes("{}", "{\"levels\": {\"injection/command\": \"note\"}}", NULL, NULL, 1,
		       "rule 'injection/command' level lowered from error to note", SENIOR);
	expect_changes("{\"levels\": {\"injection/command\": \"note\"}}",
		       "{\"levels\": {\"injection/command\": \"warning\"}}", NULL, NULL, 1,
		       "rule 'injection/command' level raised from note to warning", REVIEW);
	/* A disabled rule's level is moot while it stays disabled. */
	expect_changes("{\"disable\": [\"injection/command\"]}",
		       "{\"disable\": [\"injection/command\"],"
		       " \"levels\": {\"injection/command\": \"note\"}}",
		       NULL, NULL, 0);
	/* No config at the head: what the base's config did is undone. */
	expect_changes("{\"levels\": {\"injection/command\": \"warning\"}}", NULL, NULL, NULL, 2,
		       "project config removed", REVIEW,
		       "rule 'injection/command' level raised from warning to error", REVIEW);
}

static void test_path_lists(void **state)
{
	(void)state;
	expect_changes("{\"ignore_paths\": [\"vendor/\"]}",
		       "{\"ignore_paths\": [\"vendor/\", \"src/**\"]}", NULL, NULL, 1,
		       "ignore_paths gained 'src/**'", SENIOR);
	expect_changes("{\"ignore_paths\": [\"vendor/\"]}", "{}", NULL, NULL, 1,
		       "ignore_paths lost 'vendor/'", REVIEW);
	expect_changes("{\"critical_paths\": [\"src/auth/**\"]}", "{\"critical_paths\": []}", NULL,
		       NULL, 1, "critical_paths lost 'src/auth/**'", SENIOR);
	expect_changes("{}", "{\"critical_paths\": [\"src/crypto/\"]}", NULL, NULL, 1,
		       "critical_paths gained 'src/crypto/'", REVIEW);
}

static void test_api_changes(void **state)
{
	(void)state;
	/* A new sanitizer silences findings; a new source only adds some. */
	expect_changes("{}",
		       "{\"api\": {\"injection\": {\"sanitizers\": {\"my_escape\": {\"return\": "
		       "true}}}}}",
		       NULL, NULL, 1, "api 'injection': sanitizers gained 'my_escape'", SENIOR);
	expect_changes("{}",
		       "{\"api\": {\"injection\": {\"sources\": {\"read_packet\": {\"return\": "
		       "true}}}}}",
		       NULL, NULL, 1, "api 'injection': sources gained 'read_packet'", REVIEW);
	expect_changes("{}", "{\"api\": {\"injection\": {\"sinks\": {\"injection/command\": "
			     "{\"run_shell\": 0}}}}}",
		       NULL, NULL, 1, "api 'injection': sinks.injection/command gained 'run_shell'",
		       REVIEW);
	/* Removing the project's own source is removing knowledge. */
	expect_changes("{\"api\": {\"injection\": {\"sources\": {\"read_packet\": {\"return\": "
		       "true}}}}}",
		       "{}", NULL, NULL, 1, "api 'injection': sources lost 'read_packet'", SENIOR);
	/* Lock APIs are arrays: a lost element is lost knowledge. */
	expect_changes("{\"api\": {\"locks\": {\"borrow\": [\"peek_lock\"]}}}", "{}", NULL, NULL, 1,
		       "api 'locks': borrow lost 'peek_lock'", SENIOR);
	expect_changes("{}", "{\"api\": {\"locks\": {\"borrow\": [\"peek_lock\"]}}}", NULL, NULL, 1,
		       "api 'locks': borrow gained 'peek_lock'", SENIOR);
	/* Thresholds: either direction may quieten a check. */
	expect_changes("{}", "{\"api\": {\"secrets\": {\"crypto_min_bytes\": 64}}}", NULL, NULL, 1,
		       "api 'secrets': crypto_min_bytes changed from '8' to '64'", SENIOR);
	expect_changes("{}",
		       "{\"api\": {\"secrets\": {\"allowlist\": {\"stopwords\": [\"hunter2\"]}}}}",
		       NULL, NULL, 1, "api 'secrets': allowlist.stopwords gained 'hunter2'", SENIOR);
}

static const char own_rules_v1[] =
	"{\"family\": \"injection\", \"rules\": [{\"id\": \"injection/command\", \"name\": "
	"\"CommandInjection\", \"short\": \"s\", \"full\": \"f\", \"help\": \"h\", \"cwe\": [78], "
	"\"level\": \"error\", \"security_severity\": 9.8}]}";
static const char own_rules_v2[] =
	"{\"family\": \"injection\", \"rules\": [{\"id\": \"injection/command\", \"name\": "
	"\"CommandInjection\", \"short\": \"s\", \"full\": \"f\", \"help\": \"other help\", "
	"\"cwe\": [78], \"level\": \"warning\", \"security_severity\": 4.0}]}";

static void test_project_rule_files(void **state)
{
	static const char *const v1[] = {"tools/rules.json", own_rules_v1, NULL};
	static const char *const v2[] = {"tools/rules.json", own_rules_v2, NULL};
	static const char *const moved[] = {"tools/other.json", own_rules_v1, NULL};
	struct repo base = {v1}, head = {v2}, head_moved = {moved};
	const char *cfg = "{\"rule_files\": [\"tools/rules.json\"]}";

	(void)state;
	/* The same config text, a changed rule file behind it: the change is
	 * seen in the effective rules. */
	expect_changes(cfg, cfg, &base, &head, 3,
		       "rule 'injection/command' level lowered from error to warning", SENIOR,
		       "rule 'injection/command' security_severity lowered from 9.8 to 4.0", SENIOR,
		       "rule 'injection/command' redefined (help, level)", REVIEW);
	expect_changes(cfg, "{\"rule_files\": [\"tools/other.json\"]}", &base, &head_moved, 2,
		       "rule_files gained 'tools/other.json'", REVIEW,
		       "rule_files lost 'tools/rules.json'", REVIEW);
}

static void test_release_empty(void **state)
{
	struct dv_config_changes c = {0};

	(void)state;
	dv_ruleset_compare(NULL, NULL, &c);
	assert_int_equal(c.count, 0);
	assert_int_equal(dv_config_changes_max(&c), 0);
	dv_config_changes_release(&c);
	dv_config_changes_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_config_no_change),
		cmocka_unit_test(test_rules_disabled_and_levels),
		cmocka_unit_test(test_path_lists),
		cmocka_unit_test(test_api_changes),
		cmocka_unit_test(test_project_rule_files),
		cmocka_unit_test(test_release_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
