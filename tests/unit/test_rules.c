/*
 * Rules and config loader: valid loads, API merging, config overrides,
 * and that every error names the right file, line and field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/rules.h"
#include "util/xalloc.h"

struct fixture {
	char root[64];
	char *rules;  /* root/rules */
	char *extra;  /* root/extra */
	char *config; /* root/diffvet.json */
	struct dv_error err;
};

/* A complete valid rule; `id` and `name` vary. */
#define RULE(id, name)                                                                   \
	"    {\n"                                                                      \
	"      \"id\": \"" id "\",\n"                                                  \
	"      \"name\": \"" name "\",\n"                                              \
	"      \"short\": \"short text\",\n"                                           \
	"      \"full\": \"full text\",\n"                                             \
	"      \"help\": \"bad:\\n```c\\nsystem(x);\\n```\\ngood\\n\",\n"             \
	"      \"cwe\": [78, 88],\n"                                                   \
	"      \"level\": \"error\",\n"                                                \
	"      \"security_severity\": 9.8\n"                                           \
	"    }"

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static void remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	while (d && (de = readdir(d))) {
		char *child;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		child = xasprintf("%s/%s", path, de->d_name);
		remove_tree(child);
		free(child);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));

	snprintf(fx->root, sizeof(fx->root), "/tmp/dv-test-rules-XXXXXX");
	if (!mkdtemp(fx->root)) {
		free(fx);
		return -1;
	}
	fx->rules = xasprintf("%s/rules", fx->root);
	fx->extra = xasprintf("%s/extra", fx->root);
	fx->config = xasprintf("%s/diffvet.json", fx->root);
	if (mkdir(fx->rules, 0700) != 0 || mkdir(fx->extra, 0700) != 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	remove_tree(fx->root);
	free(fx->rules);
	free(fx->extra);
	free(fx->config);
	free(fx);
	return 0;
}

static const char alpha_json[] = "{\n"
				 "  \"family\": \"alpha\",\n"
				 "  \"rules\": [\n" RULE("alpha/two", "AlphaTwo") ",\n" RULE(
					 "alpha/one", "AlphaOne") "\n"
							     "  ],\n"
							     "  \"api\": {\n"
							     "    \"sinks\": [\"a\"],\n"
							     "    \"opts\": {\"x\": 1, \"nested\": {\"k\": \"v\"}},\n"
							     "    \"threshold\": 3\n"
							     "  }\n"
							     "}\n";

static const char beta_json[] = "{\n"
				"  \"family\": \"beta\",\n"
				"  \"rules\": [\n"
				"    {\n"
				"      \"id\": \"beta/leak\", \"name\": \"BetaLeak\",\n"
				"      \"short\": \"s\", \"full\": \"f\", \"help\": \"h\",\n"
				"      \"cwe\": [], \"level\": \"note\", \"security_severity\": 0,\n"
				"      \"precision\": \"very-high\", \"tags\": [\"memory\", \"leak\"]\n"
				"    }\n"
				"  ]\n"
				"}\n";

static struct dv_ruleset *load(struct fixture *fx, int with_extra, int with_config)
{
	memset(&fx->err, 0, sizeof(fx->err));
	return dv_ruleset_load(fx->rules, with_extra ? fx->extra : NULL,
			       with_config ? fx->config : NULL, 1, &fx->err);
}

/* Loading must fail with DV_ERR_INPUT and a message containing `want`. */
static void expect_error(struct fixture *fx, int with_extra, int with_config, const char *want)
{
	struct dv_ruleset *rs = load(fx, with_extra, with_config);

	if (rs) {
		dv_ruleset_free(rs);
		fail_msg("loading succeeded; wanted an error with \"%s\"", want);
	}
	assert_null(rs);
	assert_int_equal(fx->err.code, DV_ERR_INPUT);
	if (!strstr(fx->err.msg, want))
		fail_msg("error message \"%s\" lacks \"%s\"", fx->err.msg, want);
}

static void test_load_valid_multi_file(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;
	const struct dv_rule *r;
	char *alpha_path = xasprintf("%s/alpha.json", fx->rules);

	write_file(fx->rules, "beta.json", beta_json);
	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->rules, "README.md", "not json, ignored");
	rs = load(fx, 0, 0);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	assert_int_equal(rs->n_rules, 3);
	assert_string_equal(rs->rules[0].id, "alpha/one");
	assert_string_equal(rs->rules[1].id, "alpha/two");
	assert_string_equal(rs->rules[2].id, "beta/leak");
	assert_null(rs->config_path);

	r = dv_ruleset_find(rs, "alpha/two");
	assert_non_null(r);
	assert_ptr_equal(r, &rs->rules[1]);
	assert_string_equal(r->family, "alpha");
	assert_string_equal(r->name, "AlphaTwo");
	assert_string_equal(r->short_desc, "short text");
	assert_string_equal(r->full_desc, "full text");
	assert_string_equal(r->help, "bad:\n```c\nsystem(x);\n```\ngood\n");
	assert_string_equal(r->help_text, "bad:\nsystem(x);\ngood\n");
	assert_int_equal(r->n_cwe, 2);
	assert_int_equal(r->cwe[0], 78);
	assert_int_equal(r->cwe[1], 88);
	assert_int_equal(r->default_level, DV_LEVEL_ERROR);
	assert_int_equal(r->level, DV_LEVEL_ERROR);
	assert_true(r->security_severity > 9.79 && r->security_severity < 9.81);
	assert_string_equal(r->precision, "medium");
	assert_int_equal(r->n_tags, 0);
	assert_int_equal(r->enabled, 1);
	assert_string_equal(r->source, alpha_path);

	r = dv_ruleset_find(rs, "beta/leak");
	assert_non_null(r);
	assert_int_equal(r->n_cwe, 0);
	assert_int_equal(r->level, DV_LEVEL_NOTE);
	assert_string_equal(r->precision, "very-high");
	assert_int_equal(r->n_tags, 2);
	assert_string_equal(r->tags[0], "memory");
	assert_string_equal(r->tags[1], "leak");

	assert_null(dv_ruleset_find(rs, "alpha/three"));
	assert_null(dv_ruleset_find(rs, "a"));
	assert_int_equal(dv_ruleset_index(rs, "beta/leak"), 2);
	assert_int_equal(dv_ruleset_index(rs, "alpha/one"), 0);
	assert_int_equal(dv_ruleset_index(rs, "zzz/none"), -1);

	assert_non_null(dv_ruleset_api(rs, "alpha"));
	assert_null(dv_ruleset_api(rs, "beta"));
	dv_ruleset_free(rs);
	free(alpha_path);
}

static void assert_strings(const cJSON *array, const char *const *want, size_t n)
{
	size_t i;

	assert_true(cJSON_IsArray(array));
	assert_int_equal(cJSON_GetArraySize(array), (int)n);
	for (i = 0; i < n; i++) {
		const cJSON *item = cJSON_GetArrayItem(array, (int)i);

		assert_true(cJSON_IsString(item));
		assert_string_equal(item->valuestring, want[i]);
	}
}

static void test_api_merge(void **state)
{
	static const char *const sinks[] = {"a", "b", "c"};
	struct fixture *fx = *state;
	struct dv_ruleset *rs;
	const cJSON *api, *opts, *nested;
	const struct dv_rule *r;

	write_file(fx->rules, "alpha.json", alpha_json);
	/* The extra directory redefines alpha/one and adds to the api. */
	write_file(fx->extra, "alpha.json",
		   "{\"family\": \"alpha\", \"rules\": [{\"id\": \"alpha/one\", \"name\": "
		   "\"Replaced\", \"short\": \"s2\", \"full\": \"f2\", \"help\": \"h2\", \"cwe\": "
		   "[1], \"level\": \"warning\", \"security_severity\": 5}],\n"
		   " \"api\": {\"sinks\": [\"b\"], \"opts\": {\"y\": 2, \"x\": \"replaced\","
		   " \"nested\": {\"k2\": \"v2\"}}, \"threshold\": 4, \"fresh\": [\"n\"]}}\n");
	/* A config's api block uses the vocabulary of the rule files (see
	 * test_config_api_checked); within it, arrays append and scalars
	 * replace. */
	write_file(fx->root, "diffvet.json",
		   "{\"version\": 1, \"api\": {\"alpha\": {\"sinks\": [\"c\", \"a\"],"
		   " \"opts\": {\"nested\": {\"k\": \"v\"}, \"x\": \"replaced\"},"
		   " \"threshold\": 5}}}\n");
	rs = load(fx, 1, 1);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	api = dv_ruleset_api(rs, "alpha");
	assert_non_null(api);
	assert_strings(cJSON_GetObjectItemCaseSensitive(api, "sinks"), sinks, 3);
	opts = cJSON_GetObjectItemCaseSensitive(api, "opts");
	assert_true(cJSON_IsObject(opts));
	assert_int_equal(cJSON_GetArraySize(opts), 3);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(opts, "x")->valuestring, "replaced");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(opts, "y")->valueint, 2);
	nested = cJSON_GetObjectItemCaseSensitive(opts, "nested");
	assert_int_equal(cJSON_GetArraySize(nested), 2);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(nested, "k")->valuestring, "v");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(nested, "k2")->valuestring, "v2");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(api, "threshold")->valueint, 5);
	assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(api, "fresh")));

	assert_int_equal(rs->n_rules, 2);
	r = dv_ruleset_find(rs, "alpha/one");
	assert_non_null(r);
	assert_string_equal(r->name, "Replaced");
	assert_int_equal(r->level, DV_LEVEL_WARNING);
	assert_non_null(strstr(r->source, "/extra/alpha.json"));
	assert_non_null(strstr(dv_ruleset_find(rs, "alpha/two")->source, "/rules/alpha.json"));
	assert_string_equal(rs->config_path, fx->config);
	dv_ruleset_free(rs);
}

static void test_config_disable_and_levels(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;
	const struct dv_rule *r;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->rules, "beta.json", beta_json);
	write_file(fx->root, "diffvet.json",
		   "{\n"
		   "  \"disable\": [\"alpha/two\"],\n"
		   "  \"levels\": {\"alpha/one\": \"note\", \"beta/leak\": \"none\"},\n"
		   "  \"critical_paths\": [\"src/auth/**\"]\n"
		   "}\n");
	rs = load(fx, 0, 1);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	r = dv_ruleset_find(rs, "alpha/two");
	assert_int_equal(r->enabled, 0);
	assert_int_equal(r->level, DV_LEVEL_ERROR);
	r = dv_ruleset_find(rs, "alpha/one");
	assert_int_equal(r->enabled, 1);
	assert_int_equal(r->level, DV_LEVEL_NOTE);
	assert_int_equal(r->default_level, DV_LEVEL_ERROR);
	r = dv_ruleset_find(rs, "beta/leak");
	assert_int_equal(r->enabled, 0);
	assert_int_equal(r->level, DV_LEVEL_NONE);
	assert_int_equal(rs->n_critical_paths, 1);
	assert_true(dv_ruleset_path_critical(rs, "src/auth/login.c"));
	assert_false(dv_ruleset_path_critical(rs, "src/main.c"));
	dv_ruleset_free(rs);
}

static void test_config_missing(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;

	write_file(fx->rules, "alpha.json", alpha_json);
	memset(&fx->err, 0, sizeof(fx->err));
	rs = dv_ruleset_load(fx->rules, NULL, fx->config, 0, &fx->err);
	assert_non_null(rs);
	assert_null(rs->config_path);
	dv_ruleset_free(rs);
	rs = dv_ruleset_load(fx->rules, NULL, fx->config, 1, &fx->err);
	assert_null(rs);
	assert_int_equal(fx->err.code, DV_ERR_IO);
	assert_non_null(strstr(fx->err.msg, "diffvet.json"));
}

static void test_error_bad_json(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->rules, "bad.json",
		   "{\n"
		   "  \"family\": \"bad\",\n"
		   "  \"rules\": []\n"
		   "  \"api\": {}\n"
		   "}\n");
	expect_error(fx, 0, 0, "/rules/bad.json:4:3: invalid JSON near '\"api\": {}'");
}

static void test_error_bad_json_in_config(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->root, "diffvet.json", "{\n  \"disable\": [\n    \"alpha/one\",,\n  ]\n}\n");
	expect_error(fx, 0, 1, "/diffvet.json:3:17: invalid JSON near ',");
}

static void test_error_missing_field(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "m.json",
		   "{\n"
		   "  \"family\": \"m\",\n"
		   "  \"rules\": [\n" RULE("m/ok", "Ok") ",\n"
		   "    {\n"
		   "      \"id\": \"m/nohelp\", \"name\": \"NoHelp\", \"short\": \"s\",\n"
		   "      \"full\": \"f\", \"cwe\": [], \"level\": \"note\",\n"
		   "      \"security_severity\": 1\n"
		   "    }\n"
		   "  ]\n"
		   "}\n");
	/* The rule object starts on line 14 (RULE spans 10 lines from line 4). */
	expect_error(fx, 0, 0, "/rules/m.json:14: field 'rules[1].help': missing required field");
}

static void test_error_wrong_level(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "w.json",
		   "{\"family\": \"w\",\n"
		   " \"rules\": [{\"id\": \"w/x\", \"name\": \"X\", \"short\": \"s\",\n"
		   "   \"full\": \"f\", \"help\": \"h\", \"cwe\": [],\n"
		   "   \"security_severity\": 1,\n"
		   "   \"level\": \"fatal\"}]}\n");
	expect_error(fx, 0, 0,
		     "/rules/w.json:5: field 'rules[0].level': expected one of error, warning, note");
}

static void test_error_unknown_field(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "u.json",
		   "{\"family\": \"u\",\n"
		   " \"rules\": [{\"id\": \"u/x\", \"name\": \"X\", \"short\": \"s\",\n"
		   "   \"full\": \"f\", \"help\": \"h\", \"cwe\": [],\n"
		   "   \"levle\": \"error\",\n"
		   "   \"security_severity\": 1}]}\n");
	expect_error(fx, 0, 0,
		     "/rules/u.json:4: field 'rules[0].levle': unknown field (did you mean 'level'?)");
}

static void test_error_unknown_top_level_field(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->root, "diffvet.json", "{\n  \"version\": 1,\n  \"ignored_paths\": []\n}\n");
	expect_error(fx, 0, 1,
		     "/diffvet.json:3: field 'ignored_paths': unknown field (did you mean "
		     "'ignore_paths'?)");
}

static void test_error_unknown_rule_in_config(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->root, "diffvet.json",
		   "{\n  \"disable\": [\n    \"alpha/one\",\n    \"alpha/on\"\n  ]\n}\n");
	expect_error(fx, 0, 1,
		     "/diffvet.json:4: field 'disable[1]': unknown rule id 'alpha/on' (did you "
		     "mean 'alpha/one'?)");
	write_file(fx->root, "diffvet.json",
		   "{\n  \"levels\": {\n    \"alpha/one\": \"note\",\n    \"beta/two\": \"note\"\n"
		   "  }\n}\n");
	expect_error(fx, 0, 1,
		     "/diffvet.json:4: field 'levels.beta/two': unknown rule id 'beta/two' (did "
		     "you mean 'alpha/two'?)");
	write_file(fx->root, "diffvet.json", "{\"levels\": {\"alpha/one\": \"loud\"}}");
	expect_error(fx, 0, 1,
		     "/diffvet.json:1: field 'levels.alpha/one': expected one of error, warning, "
		     "note, none");
	write_file(fx->root, "diffvet.json", "{\n\"api\": {\"alhpa\": {}}}");
	expect_error(fx, 0, 1,
		     "/diffvet.json:2: field 'api.alhpa': unknown family 'alhpa' (did you mean "
		     "'alpha'?)");
}

static void test_error_bad_cwe(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "c.json",
		   "{\"family\": \"c\",\n"
		   " \"rules\": [{\"id\": \"c/x\", \"name\": \"X\", \"short\": \"s\",\n"
		   "   \"full\": \"f\", \"help\": \"h\", \"level\": \"note\",\n"
		   "   \"security_severity\": 1,\n"
		   "   \"cwe\": \"CWE-78\"}]}\n");
	expect_error(fx, 0, 0,
		     "/rules/c.json:5: field 'rules[0].cwe': expected an array of CWE numbers");
	write_file(fx->rules, "c.json",
		   "{\"family\": \"c\",\n"
		   " \"rules\": [{\"id\": \"c/x\", \"name\": \"X\", \"short\": \"s\",\n"
		   "   \"full\": \"f\", \"help\": \"h\", \"level\": \"note\",\n"
		   "   \"security_severity\": 1,\n"
		   "   \"cwe\": [78,\n"
		   "           \"89\"]}]}\n");
	expect_error(fx, 0, 0,
		     "/rules/c.json:6: field 'rules[0].cwe[1]': expected a positive integer");
}

static void test_error_severity_out_of_range(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "s.json",
		   "{\"family\": \"s\",\n"
		   " \"rules\": [{\"id\": \"s/x\", \"name\": \"X\", \"short\": \"s\",\n"
		   "   \"full\": \"f\", \"help\": \"h\", \"level\": \"note\", \"cwe\": [],\n"
		   "\n"
		   "   \"security_severity\": 10.5}]}\n");
	expect_error(fx, 0, 0,
		     "/rules/s.json:5: field 'rules[0].security_severity': expected a number "
		     "from 0 to 10");
}

static void test_error_duplicate_id(void **state)
{
	struct fixture *fx = *state;
	char *copy;

	/* Two files of one directory. */
	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->rules, "alpha2.json",
		   "{\n  \"family\": \"alpha\",\n  \"rules\": [\n" RULE("alpha/one", "Again") "\n"
		   "  ]\n}\n");
	expect_error(fx, 0, 0,
		     "/rules/alpha2.json:5: field 'rules[0].id': duplicate rule id 'alpha/one' "
		     "(first defined in '");
	/* The same id twice in one file. */
	copy = xasprintf("%s/alpha2.json", fx->rules);
	assert_int_equal(unlink(copy), 0);
	free(copy);
	write_file(fx->extra, "x.json",
		   "{\n  \"family\": \"alpha\",\n  \"rules\": [\n" RULE("alpha/one", "Once") ",\n"
			   RULE("alpha/one", "Twice") "\n  ]\n}\n");
	expect_error(fx, 1, 0, "/extra/x.json:15: field 'rules[1].id': duplicate rule id 'alpha/one'");
}

static void test_error_misc_fields(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->rules, "f.json",
		   "{\"family\": \"f\", \"rules\": [{\"id\": \"g/x\", \"name\": \"X\"}]}");
	expect_error(fx, 0, 0, "f.json:1: field 'rules[0].id': expected 'f/NAME'");
	write_file(fx->rules, "f.json",
		   "{\"family\": \"f\",\n\"rules\": [{\"id\": \"f/x\",\n\"name\": \"lower\"}]}");
	expect_error(fx, 0, 0, "f.json:3: field 'rules[0].name': expected a PascalCase name");
	write_file(fx->rules, "f.json", "{\"rules\": []}");
	expect_error(fx, 0, 0, "f.json:1: field 'family': missing required field");
	write_file(fx->rules, "f.json", "[1, 2]");
	expect_error(fx, 0, 0, "f.json:1: expected a JSON object at top level");
	write_file(fx->rules, "f.json", "");
	expect_error(fx, 0, 0, "f.json:1:1: invalid JSON at end of file");
}

static void test_ignore_paths(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->root, "diffvet.json",
		   "{\"ignore_paths\": [\"vendor/**\", \"build/\", \"*.pb.c\","
		   " \"third_party/*/gen/**\", \"**/fixtures/*.c\"]}");
	rs = load(fx, 0, 1);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	assert_int_equal(rs->n_ignore_paths, 5);
	assert_true(dv_ruleset_path_ignored(rs, "vendor/zlib/inflate.c"));
	assert_true(dv_ruleset_path_ignored(rs, "./vendor/a.c"));
	assert_true(dv_ruleset_path_ignored(rs, "build/gen/x.c"));
	assert_true(dv_ruleset_path_ignored(rs, "./build/x.c"));
	assert_true(dv_ruleset_path_ignored(rs, "proto/msg.pb.c"));
	assert_true(dv_ruleset_path_ignored(rs, "third_party/foo/gen/a/b.c"));
	assert_true(dv_ruleset_path_ignored(rs, "fixtures/one.c"));
	assert_true(dv_ruleset_path_ignored(rs, "tests/fixtures/one.c"));
	assert_false(dv_ruleset_path_ignored(rs, "src/vendor.c"));
	assert_false(dv_ruleset_path_ignored(rs, "src/build/x.c"));
	assert_false(dv_ruleset_path_ignored(rs, "builder/x.c"));
	assert_false(dv_ruleset_path_ignored(rs, "third_party/foo/src/a.c"));
	assert_false(dv_ruleset_path_ignored(rs, "fixtures/one.h"));
	assert_false(dv_ruleset_path_ignored(rs, "src/main.c"));
	dv_ruleset_free(rs);
}

static void test_api_strings(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;
	const cJSON *api;
	const char **out = NULL;
	size_t n = 99;
	struct dv_error err;

	write_file(fx->rules, "alpha.json", alpha_json);
	rs = load(fx, 0, 0);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	api = dv_ruleset_api(rs, "alpha");

	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_api_strings(rs, "alpha", api, "sinks", &out, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "a");
	free(out);

	assert_int_equal(dv_api_strings(rs, "alpha", api, "absent", &out, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(dv_api_strings(rs, "beta", NULL, "sinks", &out, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(err.code, 0);

	assert_int_equal(dv_api_strings(rs, "alpha", api, "threshold", &out, &n, &err),
			 DV_ERR_INPUT);
	assert_int_equal(err.code, DV_ERR_INPUT);
	/* the message names the file and line the value was written at */
	{
		char want[64];
		size_t line = 1;
		const char *p;

		for (p = alpha_json; p < strstr(alpha_json, "\"threshold\""); p++)
			line += *p == '\n';
		snprintf(want, sizeof(want), "/rules/alpha.json:%zu: api 'alpha'", line);
		if (!strstr(err.msg, want) ||
		    !strstr(err.msg, "field 'threshold': expected an array of strings"))
			fail_msg("unexpected message: %s (want %s)", err.msg, want);
	}
	assert_null(out);
	assert_int_equal(n, 0);

	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_api_strings(rs, "alpha", cJSON_GetObjectItemCaseSensitive(api, "opts"),
					"nested", &out, &n, &err),
			 DV_ERR_INPUT);
	if (!strstr(err.msg, "/rules/alpha.json:") ||
	    !strstr(err.msg, ": api 'alpha' field 'nested': expected an array of strings"))
		fail_msg("unexpected message: %s", err.msg);
	dv_ruleset_free(rs);
}

static void test_api_strings_mixed_array(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;
	const char **out = NULL;
	size_t n = 0;
	struct dv_error err;

	/* With a byte order mark, and without rules: API knowledge only. */
	write_file(fx->rules, "m.json",
		   "\xEF\xBB\xBF{\"family\": \"m\", \"api\": {\"sinks\": [\"a\", 2]}}");
	rs = load(fx, 0, 0);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	assert_int_equal(rs->n_rules, 0);
	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_api_strings(rs, "m", dv_ruleset_api(rs, "m"), "sinks", &out, &n, &err),
			 DV_ERR_INPUT);
	if (!strstr(err.msg, "/rules/m.json:1: api 'm' field 'sinks': expected an array of strings"))
		fail_msg("unexpected message: %s", err.msg);
	assert_null(out);
	dv_ruleset_free(rs);
}

/* A config's api block: unknown keys (a typo does nothing otherwise) and
 * values of another type are errors with the config's file and line. */
static void test_config_api_checked(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->root, "diffvet.json",
		   "{\"version\": 1,\n \"api\": {\"alpha\": {\n  \"sink\": [\"x\"]}}}\n");
	expect_error(fx, 0, 1,
		     "diffvet.json:3: field 'api.alpha.sink': unknown key 'sink' in the api of "
		     "'alpha' (did you mean 'sinks'?)");
	write_file(fx->root, "diffvet.json",
		   "{\"version\": 1, \"api\": {\"alpha\": {\"opts\": {\"x\": 2,\n"
		   " \"nestde\": {}}}}}\n");
	expect_error(fx, 0, 1,
		     "diffvet.json:2: field 'api.alpha.opts.nestde': unknown key 'nestde' in the "
		     "api of 'alpha' (did you mean 'nested'?)");
	write_file(fx->root, "diffvet.json",
		   "{\"version\": 1, \"api\": {\"alpha\": {\n\n \"threshold\": \"3\"}}}\n");
	expect_error(fx, 0, 1,
		     "diffvet.json:3: field 'api.alpha.threshold': expected a number, as the rules "
		     "of 'alpha' write it");
	write_file(fx->root, "diffvet.json",
		   "{\"version\": 1, \"api\": {\"alpha\": {\"sinks\": [\"y\", 3]}}}\n");
	expect_error(fx, 0, 1, "field 'api.alpha.sinks[1]': expected a string");

	/* entries of a map (here: functions) take any name; their fields are
	 * checked against every entry's fields */
	write_file(fx->extra, "alpha.json",
		   "{\"family\": \"alpha\", \"api\": {\"funcs\": {\"f1\": {\"to\": 0}, "
		   "\"f2\": {\"to\": 1, \"from\": 2}, \"f3\": {\"from\": 0}}}}\n");
	write_file(fx->root, "diffvet.json",
		   "{\"version\": 1, \"api\": {\"alpha\": {\"funcs\": {\"mine\": {\"from\": 1, "
		   "\"to\": 0}}}}}\n");
	rs = load(fx, 1, 1);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(dv_ruleset_api(rs, "alpha"), "funcs"), "mine"));
	dv_ruleset_free(rs);
	write_file(fx->root, "diffvet.json",
		   "{\"version\": 1, \"api\": {\"alpha\": {\"funcs\": {\"mine\": {\"form\": 1}}}}}\n");
	expect_error(fx, 1, 1,
		     "field 'api.alpha.funcs.mine.form': unknown key 'form' in the api of 'alpha' "
		     "(did you mean 'from'?)");
}

/* dv_api_where names the file and line a merged api node came from: the
 * extra rule file for what it added, the shipped one for the rest. */
static void test_api_where(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;
	const cJSON *api, *sinks;
	char buf[512];
	char *want;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->extra, "alpha.json",
		   "{\"family\": \"alpha\",\n \"api\": {\n  \"sinks\": [\n   \"b\"]}}\n");
	write_file(fx->root, "diffvet.json",
		   "{\"version\": 1,\n\"api\": {\"alpha\": {\"threshold\": 9}}}\n");
	rs = load(fx, 1, 1);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	api = dv_ruleset_api(rs, "alpha");
	sinks = cJSON_GetObjectItemCaseSensitive(api, "sinks");
	assert_int_equal(cJSON_GetArraySize(sinks), 2);
	want = xasprintf("%s/alpha.json:4", fx->extra);
	assert_string_equal(dv_api_where(rs, cJSON_GetArrayItem(sinks, 1), buf, sizeof(buf)), want);
	free(want);
	assert_non_null(strstr(dv_api_where(rs, cJSON_GetArrayItem(sinks, 0), buf, sizeof(buf)),
			       "/rules/alpha.json:"));
	want = xasprintf("%s:2", fx->config);
	assert_string_equal(dv_api_where(rs, cJSON_GetObjectItemCaseSensitive(api, "threshold"),
					 buf, sizeof(buf)),
			    want);
	free(want);
	assert_null(dv_api_where(rs, rs->api, buf, sizeof(buf)));
	dv_ruleset_free(rs);
}

/* ---- project config and its rule files from memory -------------------- */

/* A repository as a list of (path, text) blobs; reads are recorded. */
struct blobs {
	const char *const *files; /* path, text, path, text, ..., NULL */
	char reads[256];
};

static int read_blob(void *ctx, const char *path, char **bytes, size_t *len)
{
	struct blobs *b = ctx;
	size_t i;

	strncat(b->reads, path, sizeof(b->reads) - strlen(b->reads) - 2);
	strncat(b->reads, ";", sizeof(b->reads) - strlen(b->reads) - 1);
	for (i = 0; b->files[i]; i += 2) {
		if (strcmp(b->files[i], path) == 0) {
			*len = strlen(b->files[i + 1]);
			/* not NUL-terminated on purpose: the loader must not rely on it */
			*bytes = xmalloc(*len ? *len : 1);
			memcpy(*bytes, b->files[i + 1], *len);
			return 0;
		}
	}
	return 1;
}

static const char gamma_json[] = "{\n"
				 "  \"family\": \"gamma\",\n"
				 "  \"rules\": [\n" RULE("gamma/own", "GammaOwn") "\n  ],\n"
				 "  \"api\": {\"sinks\": [\"g\"]}\n"
				 "}\n";

static struct dv_ruleset *load_mem(struct fixture *fx, const char *name, const char *config,
				   struct blobs *b)
{
	struct dv_config_input in;

	memset(&in, 0, sizeof(in));
	in.name = name;
	in.text = config;
	in.len = config ? strlen(config) : 0;
	in.read = b ? read_blob : NULL;
	in.read_ctx = b;
	memset(&fx->err, 0, sizeof(fx->err));
	return dv_ruleset_load_config(fx->rules, NULL, &in, &fx->err);
}

static void test_config_from_memory(void **state)
{
	struct fixture *fx = *state;
	static const char *const files[] = {"tools/gamma.json", gamma_json, NULL};
	struct blobs b = {files, ""};
	struct dv_ruleset *rs;
	const struct dv_rule *r;
	/* No NUL inside: the length, not a terminator, bounds the text. */
	const char config[] = "{\"rule_files\": [\"tools/gamma.json\"],\n"
			      " \"levels\": {\"gamma/own\": \"warning\"},\n"
			      " \"ignore_paths\": [\"vendor/\"],\n"
			      " \"api\": {\"gamma\": {\"sinks\": [\"h\"]}}}trailing garbage";
	struct dv_config_input in = {"base:.diffvet.json", config, strlen(config) - 16, read_blob,
				     &b};

	write_file(fx->rules, "alpha.json", alpha_json);
	memset(&fx->err, 0, sizeof(fx->err));
	rs = dv_ruleset_load_config(fx->rules, NULL, &in, &fx->err);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	assert_string_equal(b.reads, "tools/gamma.json;");
	r = dv_ruleset_find(rs, "gamma/own");
	assert_non_null(r);
	assert_int_equal(r->level, DV_LEVEL_WARNING);
	assert_string_equal(r->source, "tools/gamma.json");
	/* Still sorted after the project's rules joined. */
	assert_int_equal(rs->n_rules, 3);
	assert_string_equal(rs->rules[2].id, "gamma/own");
	assert_int_equal(dv_ruleset_index(rs, "gamma/own"), 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
				 dv_ruleset_api(rs, "gamma"), "sinks")),
			 2);
	assert_string_equal(rs->config_path, "base:.diffvet.json");
	assert_int_equal(rs->n_rule_files, 1);
	assert_true(dv_ruleset_path_ignored(rs, "vendor/x.c"));
	dv_ruleset_free(rs);

	/* No config at all: the rule directories alone. */
	rs = load_mem(fx, NULL, NULL, NULL);
	assert_non_null(rs);
	assert_null(rs->config_path);
	assert_int_equal(rs->n_rules, 2);
	dv_ruleset_free(rs);
}

static void expect_mem_error(struct fixture *fx, const char *config, struct blobs *b,
			     const char *want)
{
	struct dv_ruleset *rs = load_mem(fx, "base:.diffvet.json", config, b);

	dv_ruleset_free(rs);
	assert_null(rs);
	assert_int_equal(fx->err.code, DV_ERR_INPUT);
	if (!strstr(fx->err.msg, want))
		fail_msg("error message \"%s\" lacks \"%s\"", fx->err.msg, want);
}

static void test_config_from_memory_errors(void **state)
{
	struct fixture *fx = *state;
	static const char *const files[] = {
		"bad.json", "{\"family\": \"gamma\",\n \"rules\": [{\"id\": \"gamma/x\"}]}",
		"dup.json", gamma_json, "dup2.json", gamma_json, NULL};
	struct blobs b = {files, ""};

	write_file(fx->rules, "alpha.json", alpha_json);
	expect_mem_error(fx, "{\n \"disable\": [\"alpha/too\"]}", &b,
			 "base:.diffvet.json:2: field 'disable[0]': unknown rule id 'alpha/too' "
			 "(did you mean 'alpha/two'?)");
	expect_mem_error(fx, "{\"disable\": [}", &b, "base:.diffvet.json:1:14: invalid JSON");
	/* A rule file's error names the file inside the repository. */
	expect_mem_error(fx, "{\"rule_files\": [\"bad.json\"]}", &b,
			 "bad.json:2: field 'rules[0].name': missing required field");
	expect_mem_error(fx, "{\"rule_files\": [\"dup.json\", \"dup2.json\"]}", &b,
			 "dup2.json:5: field 'rules[0].id': duplicate rule id 'gamma/own'");
	expect_mem_error(fx, "{\"rule_files\": [\"none.json\"]}", &b,
			 "field 'rule_files[0]': cannot read rule file 'none.json': no such file");
	/* Only files inside the repository. */
	b.reads[0] = '\0';
	expect_mem_error(fx, "{\"rule_files\": [\"a/../../etc/x.json\"]}", &b,
			 "field 'rule_files[0]': expected a path relative to the repository root");
	expect_mem_error(fx, "{\"rule_files\": [\"x.json\", \"/etc/x.json\"]}", &b,
			 "field 'rule_files[1]': expected a path relative");
	assert_string_equal(b.reads, "");
	/* Without a reader, naming a rule file is an error, not a silent skip. */
	expect_mem_error(fx, "{\"rule_files\": [\"dup.json\"]}", NULL,
			 "cannot read rule file 'dup.json'");
}

static void test_config_rule_files_on_disk(void **state)
{
	struct fixture *fx = *state;
	struct dv_ruleset *rs;

	write_file(fx->rules, "alpha.json", alpha_json);
	write_file(fx->extra, "gamma.json", gamma_json);
	write_file(fx->root, "diffvet.json",
		   "{\"rule_files\": [\"extra/gamma.json\"], \"disable\": [\"gamma/own\"]}");
	rs = load(fx, 0, 1);
	if (!rs)
		fail_msg("load failed: %s", fx->err.msg);
	assert_int_equal(dv_ruleset_find(rs, "gamma/own")->enabled, 0);
	dv_ruleset_free(rs);
	write_file(fx->root, "diffvet.json", "{\"rule_files\": [\"extra/none.json\"]}");
	expect_error(fx, 0, 1, "diffvet.json:1: field 'rule_files[0]': cannot read rule file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_valid_multi_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_disable_and_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_bad_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_bad_json_in_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_missing_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_wrong_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_unknown_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_unknown_top_level_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_unknown_rule_in_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_bad_cwe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_severity_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_duplicate_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_misc_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ignore_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_strings_mixed_array, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_api_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_where, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_from_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_from_memory_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_rule_files_on_disk, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
