/* Unit tests for src/report: text, SARIF, JSON, markdown and notifications,
 * on a hand-built ruleset and findings (no rules loader, no libclang). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "report/escape.h"
#include "report/report.h"
#include "util/xalloc.h"

/* ---- fixtures ---- */

static int cwe_78[] = {78};
static int cwe_89_20[] = {89, 20};
static char *injection_tags[] = {"injection", "security"};
static char *critical_paths[] = {"src/auth/*"};

/* Three rules sorted by id; locks/double-lock is disabled by "config". */
static void make_ruleset(struct dv_ruleset *rs, struct dv_rule rules[3])
{
	memset(rs, 0, sizeof(*rs));
	memset(rules, 0, 3 * sizeof(*rules));
	rules[0].id = "injection/command";
	rules[0].family = "injection";
	rules[0].name = "CommandInjection";
	rules[0].short_desc = "Command built from untrusted data";
	rules[0].full_desc = "A shell command is built from data an attacker controls.";
	rules[0].help = "Bad:\n\n```c\nsystem(getenv(\"X\"));\n```\n";
	rules[0].help_text = "Bad: system(getenv(\"X\"));";
	rules[0].cwe = cwe_78;
	rules[0].n_cwe = 1;
	rules[0].tags = injection_tags;
	rules[0].n_tags = 2;
	rules[0].default_level = rules[0].level = DV_LEVEL_ERROR;
	rules[0].security_severity = 9.8;
	rules[0].precision = "high";
	rules[0].enabled = 1;

	rules[1].id = "injection/sql";
	rules[1].family = "injection";
	rules[1].name = "SqlInjection";
	rules[1].short_desc = "SQL built from untrusted data";
	rules[1].full_desc = "An SQL statement is built from data an attacker controls.";
	rules[1].help = "Use bound parameters.";
	rules[1].help_text = "Use bound parameters.";
	rules[1].cwe = cwe_89_20;
	rules[1].n_cwe = 2;
	rules[1].default_level = rules[1].level = DV_LEVEL_ERROR;
	rules[1].security_severity = 8.0;
	rules[1].precision = "medium";
	rules[1].enabled = 1;

	rules[2].id = "locks/double-lock";
	rules[2].family = "locks";
	rules[2].name = "DoubleLock";
	rules[2].short_desc = "Mutex locked twice";
	rules[2].full_desc = "A mutex is locked while already held.";
	rules[2].help = "Unlock first.";
	rules[2].help_text = "Unlock first.";
	rules[2].default_level = rules[2].level = DV_LEVEL_WARNING;
	rules[2].security_severity = 5.5;
	rules[2].precision = "high";
	rules[2].enabled = 0;

	rs->rules = rules;
	rs->n_rules = 3;
	dv_gate_policy_default(&rs->gate);
	rs->critical_paths = critical_paths;
	rs->n_critical_paths = 1;
}

/* Source of every file: line N is lines[N - 1]. */
static const char *const source_lines[] = {
	"#include <stdlib.h>",
	"int main(void) {",
	"\tchar *cmd = getenv(\"CMD\");",
	"\tsystem(cmd);",
	"\t/* é */ system(cmd);",
	"}",
	"static const char *pw = \"hunter2hunter2\";",
	"\tkey(&k[0], 0x2b7e151628aed2a6, x);",
	"u = \"https://h/1234567890/TOKENVALUE1234\"; // c",
};

static const char *read_source(void *ctx, const char *path, unsigned line)
{
	(void)ctx;
	(void)path;
	if (line == 0 || line > sizeof(source_lines) / sizeof(source_lines[0]))
		return NULL;
	return source_lines[line - 1];
}

static struct dv_finding *add_finding(struct dv_findings *list, const char *rule, enum dv_level level,
				      const char *path, unsigned line, unsigned col, unsigned end_col,
				      const char *message)
{
	struct dv_finding *f = dv_findings_push(list);

	f->rule_id = xstrdup(rule);
	f->level = level;
	f->message = xstrdup(message);
	dv_location_set(&f->primary, path, line, col, end_col ? line : 0, end_col, NULL);
	return f;
}

static void init_input(struct dv_report_input *in, const struct dv_findings *fs,
		       const struct dv_ruleset *rs)
{
	memset(in, 0, sizeof(*in));
	in->findings = fs;
	in->rules = rs;
	in->srcroot = "/work/proj";
	in->execution_successful = 1;
	in->read_line = read_source;
	in->fail_on = DV_LEVEL_ERROR;
}

typedef int (*reporter)(FILE *, const struct dv_report_input *);

/* Runs a reporter into memory; the caller frees the result. */
static char *capture(reporter fn, const struct dv_report_input *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(fn(out, in), DV_OK);
	assert_int_equal(fclose(out), 0);
	return buf;
}

static cJSON *capture_json(reporter fn, const struct dv_report_input *in)
{
	char *text = capture(fn, in);
	size_t len = strlen(text);
	cJSON *json;

	assert_true(len > 0 && text[len - 1] == '\n');
	json = cJSON_Parse(text);
	assert_non_null(json);
	free(text);
	return json;
}

static const char *jstr(const cJSON *obj, const char *path)
{
	/* "a.b.c" lookup; "#n" selects an array element. */
	char *copy = xstrdup(path), *p = copy, *dot;
	const cJSON *cur = obj;

	while (cur && p) {
		dot = strchr(p, '.');
		if (dot)
			*dot = '\0';
		if (p[0] == '#')
			cur = cJSON_GetArrayItem(cur, (int)strtol(p + 1, NULL, 10));
		else
			cur = cJSON_GetObjectItemCaseSensitive(cur, p);
		p = dot ? dot + 1 : NULL;
	}
	free(copy);
	return cJSON_IsString(cur) ? cur->valuestring : NULL;
}

static const cJSON *jget(const cJSON *obj, const char *path)
{
	char *copy = xstrdup(path), *p = copy, *dot;
	const cJSON *cur = obj;

	while (cur && p) {
		dot = strchr(p, '.');
		if (dot)
			*dot = '\0';
		if (p[0] == '#')
			cur = cJSON_GetArrayItem(cur, (int)strtol(p + 1, NULL, 10));
		else
			cur = cJSON_GetObjectItemCaseSensitive(cur, p);
		p = dot ? dot + 1 : NULL;
	}
	free(copy);
	return cur;
}

/* For keys that contain a dot ("problem.severity"). */
static const char *jkey(const cJSON *obj, const char *path, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(jget(obj, path), key));
}

static double jnum(const cJSON *obj, const char *path)
{
	const cJSON *item = jget(obj, path);

	assert_true(cJSON_IsNumber(item));
	return item->valuedouble;
}

static int has_string(const cJSON *arr, const char *s)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, arr) {
		if (cJSON_IsString(item) && strcmp(item->valuestring, s) == 0)
			return 1;
	}
	return 0;
}

/* A taint finding with a related location, a two-step flow and a function. */
static struct dv_finding *add_taint_finding(struct dv_findings *fs)
{
	struct dv_finding *f = add_finding(fs, "injection/command", DV_LEVEL_ERROR, "src/main.c", 4, 2,
					   13, "Command built from getenv reaches system.");

	f->function = xstrdup("main");
	dv_location_set(dv_finding_add_related(f), "src/main.c", 3, 14, 3, 27,
			"Tainted value comes from getenv here.");
	dv_location_set(dv_finding_add_related(f), "src/main.c", 1, 5, 0, 0, "Declared here.");
	dv_location_set(dv_finding_add_flow(f), "src/main.c", 3, 14, 3, 27, "getenv returns data.");
	dv_location_set(dv_finding_add_flow(f), "src/main.c", 4, 2, 4, 13, "It reaches system.");
	return f;
}

/* ---- text ---- */

static void test_text_format(void **state)
{
	struct dv_findings fs;
	struct dv_ruleset rs;
	struct dv_rule rules[3];
	struct dv_report_input in;
	char *out;

	(void)state;
	make_ruleset(&rs, rules);
	dv_findings_init(&fs);
	add_taint_finding(&fs);
	add_finding(&fs, "injection/sql", DV_LEVEL_WARNING, "src/db.c", 2, 5, 0, "Query built from input.");
	dv_findings_finalize(&fs, read_source, NULL);
	init_input(&in, &fs, &rs);

	out = capture(dv_report_text, &in);
	assert_string_equal(out,
			    "src/db.c:2:5: warning: Query built from input. [injection/sql]\n"
			    "int main(void) {\n"
			    "    ^\n"
			    "src/main.c:4:2: error: Command built from getenv reaches system. "
			    "[injection/command]\n"
			    "\tsystem(cmd);\n"
			    "\t^~~~~~~~~~~\n"
			    /* the related note at 3:14 is the flow's first step: not repeated */
			    "src/main.c:1:5: note: Declared here.\n"
			    "src/main.c:3:14: note: step 1: getenv returns data.\n"
			    "src/main.c:4:2: note: step 2: It reaches system.\n"
			    "2 findings (1 error, 1 warning, 0 notes)\n");
	free(out);
	dv_findings_release(&fs);
}

static void test_text_caret_utf8_and_clamp(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	char *out;

	(void)state;
	dv_findings_init(&fs);
	/* Line 5 is "\t/ * é * / system(cmd);": 'é' is two bytes, so "system"
	 * starts at byte column 11 but is the 10th character. */
	add_finding(&fs, "r/x", DV_LEVEL_NOTE, "a.c", 5, 11, 17, "Here.");
	/* Column past the end of the line: the caret sits at the end. */
	add_finding(&fs, "r/y", DV_LEVEL_NOTE, "a.c", 6, 40, 0, "Past the end.");
	/* Unknown line: no snippet. */
	add_finding(&fs, "r/z", DV_LEVEL_NOTE, "a.c", 99, 1, 0, "No source.");
	init_input(&in, &fs, NULL);

	out = capture(dv_report_text, &in);
	assert_string_equal(out, "a.c:5:11: note: Here. [r/x]\n"
				 "\t/* é */ system(cmd);\n"
				 "\t        ^~~~~~\n"
				 "a.c:6:40: note: Past the end. [r/y]\n"
				 "}\n"
				 " ^\n"
				 "a.c:99:1: note: No source. [r/z]\n"
				 "3 findings (0 errors, 0 warnings, 3 notes)\n");
	free(out);
	dv_findings_release(&fs);
}

static void test_text_suppressed_and_empty(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	struct dv_finding *f;
	char *out;

	(void)state;
	dv_findings_init(&fs);
	init_input(&in, &fs, NULL);
	out = capture(dv_report_text, &in);
	assert_string_equal(out, "no findings\n");
	free(out);

	f = add_finding(&fs, "r/x", DV_LEVEL_ERROR, "a.c", 4, 2, 0, "Suppressed one.");
	f->suppressed = 1;
	f->suppression_reason = xstrdup("reviewed");
	out = capture(dv_report_text, &in);
	assert_string_equal(out, "no findings, 1 suppressed\n");
	free(out);

	add_finding(&fs, "r/y", DV_LEVEL_ERROR, "a.c", 4, 2, 0, "Shown one.");
	out = capture(dv_report_text, &in);
	assert_null(strstr(out, "Suppressed one"));
	assert_non_null(strstr(out, "a.c:4:2: error: Shown one. [r/y]\n"));
	assert_non_null(strstr(out, "1 finding (1 error, 0 warnings, 0 notes), 1 suppressed\n"));
	free(out);
	dv_findings_release(&fs);
}

static void test_text_masks_secrets(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	char *out;

	(void)state;
	dv_findings_init(&fs);
	add_finding(&fs, "secrets/hardcoded-password", DV_LEVEL_ERROR, "s.c", 7, 25, 41, "Password.");
	add_finding(&fs, "secrets/hardcoded-crypto-key", DV_LEVEL_ERROR, "s.c", 8, 6, 31, "Key.");
	/* Only the token is the range; the whole URL literal is masked. */
	add_finding(&fs, "secrets/webhook", DV_LEVEL_ERROR, "s.c", 9, 27, 41, "Hook.");
	add_finding(&fs, "r/other", DV_LEVEL_ERROR, "t.c", 7, 25, 41, "Not a secrets rule.");
	init_input(&in, &fs, NULL);
	out = capture(dv_report_text, &in);
	assert_string_equal(out, "s.c:7:25: error: Password. [secrets/hardcoded-password]\n"
				 "static const char *pw = \"hunt**********\";\n"
				 "                        ^~~~~~~~~~~~~~~~\n"
				 "s.c:8:6: error: Key. [secrets/hardcoded-crypto-key]\n"
				 "\tkey(&k[0*********************, x);\n"
				 "\t    ^~~~~~~~~~~~~~~~~~~~~~~~~\n"
				 "s.c:9:27: error: Hook. [secrets/webhook]\n"
				 "u = \"http*******************************\"; // c\n"
				 "                          ^~~~~~~~~~~~~~\n"
				 "t.c:7:25: error: Not a secrets rule. [r/other]\n"
				 "static const char *pw = \"hunter2hunter2\";\n"
				 "                        ^~~~~~~~~~~~~~~~\n"
				 "4 findings (4 errors, 0 warnings, 0 notes)\n");
	assert_null(strstr(out, "TOKENVALUE"));
	assert_null(strstr(out, "1234567890"));
	free(out);
	dv_findings_release(&fs);
}

static void test_text_color_and_controls(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	char *out;

	(void)state;
	dv_findings_init(&fs);
	add_finding(&fs, "r/x", DV_LEVEL_ERROR, "a.c", 4, 2, 0, "Line\nbreak\x01.");
	add_finding(&fs, "r/w", DV_LEVEL_WARNING, "a.c", 6, 1, 0, "W.");
	init_input(&in, &fs, NULL);
	out = capture(dv_report_text, &in);
	/* A message never spans lines. */
	assert_non_null(strstr(out, "error: Line\\nbreak\\x01. [r/x]\n"));
	assert_null(strchr(out, '\033'));
	free(out);

	in.color = 1;
	out = capture(dv_report_text, &in);
	assert_non_null(strstr(out, "\033[1ma.c:4:2:\033[0m \033[1;31merror:\033[0m Line"));
	assert_non_null(strstr(out, "\033[1;35mwarning:\033[0m"));
	assert_non_null(strstr(out, "\033[1;32m\t^\033[0m\n"));
	free(out);
	dv_findings_release(&fs);
}

/* ---- SARIF ---- */

static void test_sarif_structure(void **state)
{
	struct dv_findings fs;
	struct dv_ruleset rs;
	struct dv_rule rules[3];
	struct dv_notifications notes = {0};
	struct dv_report_input in;
	const cJSON *run, *drv_rules, *res, *rule0, *tags;
	cJSON *log;
	char *text;

	(void)state;
	make_ruleset(&rs, rules);
	dv_findings_init(&fs);
	add_taint_finding(&fs);
	add_finding(&fs, "injection/sql", DV_LEVEL_ERROR, "src/db.c", 2, 1, 0, "Query.");
	dv_findings_finalize(&fs, read_source, NULL);
	dv_notifications_add(&notes, DV_LEVEL_ERROR, "src/broken.c", 7, 3, "parse error: %s",
			     "expected ';'");
	dv_notifications_add(&notes, DV_LEVEL_WARNING, NULL, 0, 0, "no compile database");
	init_input(&in, &fs, &rs);
	in.notes = &notes;
	in.command_line = "diffvet check src/main.c";

	log = capture_json(dv_report_sarif, &in);
	assert_string_equal(jstr(log, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
	assert_string_equal(jstr(log, "version"), "2.1.0");
	assert_int_equal(cJSON_GetArraySize(jget(log, "runs")), 1);
	run = jget(log, "runs.#0");
	assert_string_equal(jstr(run, "tool.driver.name"), "diffvet");
	assert_string_equal(jstr(run, "tool.driver.version"), DIFFVET_VERSION);
	assert_string_equal(jstr(run, "tool.driver.semanticVersion"), DIFFVET_VERSION);
	assert_string_equal(jstr(run, "tool.driver.informationUri"), DIFFVET_INFORMATION_URI);
	assert_string_equal(jstr(run, "originalUriBaseIds.%SRCROOT%.uri"), "file:///work/proj/");
	assert_string_equal(jstr(run, "columnKind"), "utf16CodeUnits");

	/* Enabled rules only, in ruleset order. */
	drv_rules = jget(run, "tool.driver.rules");
	assert_int_equal(cJSON_GetArraySize(drv_rules), 2);
	rule0 = cJSON_GetArrayItem(drv_rules, 0);
	assert_string_equal(jstr(rule0, "id"), "injection/command");
	assert_string_equal(jstr(rule0, "name"), "CommandInjection");
	assert_string_equal(jstr(rule0, "shortDescription.text"), "Command built from untrusted data");
	assert_string_equal(jstr(rule0, "fullDescription.text"),
			    "A shell command is built from data an attacker controls.");
	assert_string_equal(jstr(rule0, "help.text"), "Bad: system(getenv(\"X\"));");
	assert_string_equal(jstr(rule0, "help.markdown"), rules[0].help);
	assert_string_equal(jstr(rule0, "helpUri"),
			    DIFFVET_INFORMATION_URI "/blob/main/docs/rules.md#injectioncommand");
	assert_string_equal(jstr(rule0, "defaultConfiguration.level"), "error");
	assert_string_equal(jstr(rule0, "properties.precision"), "high");
	assert_string_equal(jstr(rule0, "properties.security-severity"), "9.8");
	assert_string_equal(jkey(rule0, "properties", "problem.severity"), "error");
	tags = jget(rule0, "properties.tags");
	assert_int_equal(cJSON_GetArraySize(tags), 3); /* "security" only once */
	assert_string_equal(cJSON_GetArrayItem(tags, 0)->valuestring, "security");
	assert_true(has_string(tags, "external/cwe/cwe-78"));
	assert_true(has_string(tags, "injection"));
	tags = jget(drv_rules, "#1.properties.tags");
	assert_true(has_string(tags, "external/cwe/cwe-89"));
	assert_true(has_string(tags, "external/cwe/cwe-20"));
	assert_string_equal(jstr(drv_rules, "#1.properties.security-severity"), "8.0");

	/* Results, sorted: src/db.c first. */
	assert_int_equal(cJSON_GetArraySize(jget(run, "results")), 2);
	res = jget(run, "results.#0");
	assert_string_equal(jstr(res, "ruleId"), "injection/sql");
	assert_int_equal((int)jnum(res, "ruleIndex"), 1);
	res = jget(run, "results.#1");
	assert_string_equal(jstr(res, "ruleId"), "injection/command");
	assert_int_equal((int)jnum(res, "ruleIndex"), 0);
	assert_string_equal(jstr(res, "level"), "error");
	assert_string_equal(jstr(res, "message.text"), "Command built from getenv reaches system.");
	assert_string_equal(jstr(res, "locations.#0.physicalLocation.artifactLocation.uri"),
			    "src/main.c");
	assert_string_equal(jstr(res, "locations.#0.physicalLocation.artifactLocation.uriBaseId"),
			    "%SRCROOT%");
	assert_int_equal((int)jnum(res, "locations.#0.physicalLocation.region.startLine"), 4);
	assert_int_equal((int)jnum(res, "locations.#0.physicalLocation.region.startColumn"), 2);
	assert_int_equal((int)jnum(res, "locations.#0.physicalLocation.region.endLine"), 4);
	assert_int_equal((int)jnum(res, "locations.#0.physicalLocation.region.endColumn"), 13);
	assert_null(jget(res, "locations.#0.physicalLocation.region.snippet"));
	assert_string_equal(jstr(res, "locations.#0.logicalLocations.#0.name"), "main");
	assert_string_equal(jstr(res, "partialFingerprints.diffvet/v1"), fs.items[1].fingerprint);
	assert_null(jget(res, "partialFingerprints.primaryLocationLineHash"));
	assert_int_equal((int)jnum(res, "relatedLocations.#0.id"), 1);
	assert_string_equal(jstr(res, "relatedLocations.#0.message.text"),
			    "Tainted value comes from getenv here.");
	assert_int_equal(
		(int)jnum(res, "relatedLocations.#0.physicalLocation.region.startColumn"), 14);
	assert_int_equal(cJSON_GetArraySize(jget(res, "codeFlows.#0.threadFlows.#0.locations")), 2);
	assert_string_equal(
		jstr(res, "codeFlows.#0.threadFlows.#0.locations.#1.location.message.text"),
		"It reaches system.");
	assert_string_equal(jstr(res, "codeFlows.#0.threadFlows.#0.locations.#0.location."
				      "physicalLocation.artifactLocation.uri"),
			    "src/main.c");
	assert_null(jget(res, "suppressions"));
	/* No flow: no codeFlows; no related: no relatedLocations. */
	assert_null(jget(run, "results.#0.codeFlows"));
	assert_null(jget(run, "results.#0.relatedLocations"));
	assert_null(jget(run, "results.#0.locations.#0.physicalLocation.region.endLine"));

	/* Invocation. */
	assert_true(cJSON_IsTrue(jget(run, "invocations.#0.executionSuccessful")));
	assert_string_equal(jstr(run, "invocations.#0.commandLine"), "diffvet check src/main.c");
	res = jget(run, "invocations.#0.toolExecutionNotifications");
	assert_int_equal(cJSON_GetArraySize(res), 2);
	assert_string_equal(jstr(res, "#0.level"), "error");
	assert_string_equal(jstr(res, "#0.message.text"), "parse error: expected ';'");
	assert_string_equal(jstr(res, "#0.locations.#0.physicalLocation.artifactLocation.uri"),
			    "src/broken.c");
	assert_int_equal((int)jnum(res, "#0.locations.#0.physicalLocation.region.startLine"), 7);
	assert_string_equal(jstr(res, "#1.level"), "warning");
	assert_null(jget(res, "#1.locations"));
	cJSON_Delete(log);

	/* dv_sarif_build gives the same tree. */
	log = dv_sarif_build(&in);
	assert_non_null(log);
	text = cJSON_PrintUnformatted(log);
	assert_non_null(strstr(text, "\"ruleIndex\":0"));
	cJSON_free(text);
	cJSON_Delete(log);

	in.execution_successful = 0;
	in.command_line = NULL;
	in.notes = NULL;
	log = capture_json(dv_report_sarif, &in);
	assert_true(cJSON_IsFalse(jget(log, "runs.#0.invocations.#0.executionSuccessful")));
	assert_null(jget(log, "runs.#0.invocations.#0.commandLine"));
	assert_null(jget(log, "runs.#0.invocations.#0.toolExecutionNotifications"));
	cJSON_Delete(log);

	dv_notifications_release(&notes);
	dv_findings_release(&fs);
}

static void test_sarif_unknown_rule_gets_descriptor(void **state)
{
	struct dv_findings fs;
	struct dv_ruleset rs;
	struct dv_rule rules[3];
	struct dv_report_input in;
	cJSON *log;
	const cJSON *drv_rules;

	(void)state;
	make_ruleset(&rs, rules);
	dv_findings_init(&fs);
	add_finding(&fs, "locks/double-lock", DV_LEVEL_WARNING, "a.c", 2, 1, 0, "Disabled rule.");
	add_finding(&fs, "custom/thing-one", DV_LEVEL_NOTE, "b.c", 2, 1, 0, "Unknown rule.");
	init_input(&in, &fs, &rs);
	log = capture_json(dv_report_sarif, &in);
	drv_rules = jget(log, "runs.#0.tool.driver.rules");
	assert_int_equal(cJSON_GetArraySize(drv_rules), 4);
	assert_string_equal(jstr(drv_rules, "#2.id"), "locks/double-lock");
	assert_string_equal(jstr(drv_rules, "#2.name"), "DoubleLock");
	assert_string_equal(jstr(drv_rules, "#3.id"), "custom/thing-one");
	assert_string_equal(jstr(drv_rules, "#3.name"), "CustomThingOne");
	assert_non_null(jstr(drv_rules, "#3.help.text"));
	assert_string_equal(jstr(drv_rules, "#3.defaultConfiguration.level"), "note");
	assert_string_equal(jkey(drv_rules, "#3.properties", "problem.severity"), "recommendation");
	assert_int_equal((int)jnum(log, "runs.#0.results.#0.ruleIndex"), 2);
	assert_int_equal((int)jnum(log, "runs.#0.results.#1.ruleIndex"), 3);
	cJSON_Delete(log);

	/* No ruleset at all. */
	in.rules = NULL;
	log = capture_json(dv_report_sarif, &in);
	assert_int_equal(cJSON_GetArraySize(jget(log, "runs.#0.tool.driver.rules")), 2);
	assert_int_equal((int)jnum(log, "runs.#0.results.#1.ruleIndex"), 1);
	cJSON_Delete(log);
	dv_findings_release(&fs);
}

static void test_sarif_suppressed(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	struct dv_finding *f;
	cJSON *log;

	(void)state;
	dv_findings_init(&fs);
	f = add_finding(&fs, "r/x", DV_LEVEL_ERROR, "a.c", 4, 2, 0, "Suppressed.");
	f->suppressed = 1;
	f->suppression_reason = xstrdup("false positive: input is a constant");
	add_finding(&fs, "r/x", DV_LEVEL_ERROR, "a.c", 5, 2, 0, "Not suppressed.");
	init_input(&in, &fs, NULL);
	log = capture_json(dv_report_sarif, &in);
	assert_int_equal(cJSON_GetArraySize(jget(log, "runs.#0.results")), 2);
	assert_string_equal(jstr(log, "runs.#0.results.#0.suppressions.#0.kind"), "inSource");
	assert_string_equal(jstr(log, "runs.#0.results.#0.suppressions.#0.justification"),
			    "false positive: input is a constant");
	assert_null(jget(log, "runs.#0.results.#1.suppressions"));
	cJSON_Delete(log);
	dv_findings_release(&fs);
}

static void test_sarif_uris(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	cJSON *log;
	const cJSON *res;

	(void)state;
	dv_findings_init(&fs);
	add_finding(&fs, "r/a", DV_LEVEL_NOTE, "dir with space/é.c", 1, 1, 0, "A.");
	add_finding(&fs, "r/b", DV_LEVEL_NOTE, "./日本/x#1%?.c", 1, 1, 0, "B.");
	add_finding(&fs, "r/c", DV_LEVEL_NOTE, "/elsewhere/y.c", 1, 1, 0, "C.");
	add_finding(&fs, "r/d", DV_LEVEL_NOTE, "../sibling/z.c", 1, 1, 0, "D.");
	add_finding(&fs, "r/e", DV_LEVEL_NOTE, "/my root/src/../lib/w.c", 1, 1, 0, "E.");
	init_input(&in, &fs, NULL);
	in.srcroot = "/my root/";
	log = capture_json(dv_report_sarif, &in);
	assert_string_equal(jstr(log, "runs.#0.originalUriBaseIds.%SRCROOT%.uri"),
			    "file:///my%20root/");
	res = jget(log, "runs.#0.results");
#define URI(i) jstr(res, "#" #i ".locations.#0.physicalLocation.artifactLocation.uri")
#define BASE(i) jget(res, "#" #i ".locations.#0.physicalLocation.artifactLocation.uriBaseId")
	assert_string_equal(URI(0), "dir%20with%20space/%C3%A9.c");
	assert_string_equal(cJSON_GetStringValue(BASE(0)), "%SRCROOT%");
	assert_string_equal(URI(1), "%E6%97%A5%E6%9C%AC/x%231%25%3F.c");
	assert_string_equal(cJSON_GetStringValue(BASE(1)), "%SRCROOT%");
	assert_string_equal(URI(2), "file:///elsewhere/y.c");
	assert_null(BASE(2));
	assert_string_equal(URI(3), "file:///sibling/z.c");
	assert_null(BASE(3));
	assert_string_equal(URI(4), "lib/w.c");
	assert_string_equal(cJSON_GetStringValue(BASE(4)), "%SRCROOT%");
#undef URI
#undef BASE
	cJSON_Delete(log);
	dv_findings_release(&fs);
}

static void test_sarif_columns_utf16(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	cJSON *log;

	(void)state;
	dv_findings_init(&fs);
	/* Line 5: "\t/ * é * / system(cmd);" -- 'é' is 2 bytes, 1 UTF-16 unit. */
	add_finding(&fs, "r/a", DV_LEVEL_NOTE, "a.c", 5, 11, 23, "A.");
	init_input(&in, &fs, NULL);
	log = capture_json(dv_report_sarif, &in);
	assert_int_equal((int)jnum(log, "runs.#0.results.#0.locations.#0.physicalLocation.region."
					"startColumn"),
			 10);
	assert_int_equal((int)jnum(log, "runs.#0.results.#0.locations.#0.physicalLocation.region."
					"endColumn"),
			 22);
	cJSON_Delete(log);
	dv_findings_release(&fs);

	assert_int_equal(dv_utf16_units("a\xF0\x9F\x98\x80" "b", 6), 4); /* emoji: 2 units */
	assert_int_equal(dv_utf16_units("ab", 5), 5);                    /* past the end */
	assert_int_equal(dv_utf16_units("\xC3\xA9x", 1), 1);             /* cut character */
}

/* Strings that stress JSON escaping, each must read back unchanged. */
static const char *const tricky[] = {
	"quote \" and backslash \\ here",
	"controls \x01\x1f and newline\nand tab\t and cr\r",
	"UTF-8: é, 日本, 😀",
	"slash / and <html> & 'single'",
};

static void test_escaping_round_trip(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	cJSON *log;
	size_t i, n = sizeof(tricky) / sizeof(tricky[0]);

	(void)state;
	for (i = 0; i < n; i++) {
		struct dv_finding *f;
		char *path = xasprintf("src/%s.c", tricky[i]);

		dv_findings_init(&fs);
		f = add_finding(&fs, "r/x", DV_LEVEL_ERROR, path, 1, 1, 0, tricky[i]);
		f->function = xstrdup(tricky[i]);
		f->suppressed = 1;
		f->suppression_reason = xstrdup(tricky[i]);
		dv_location_set(dv_finding_add_related(f), path, 2, 1, 0, 0, tricky[i]);
		dv_location_set(dv_finding_add_flow(f), path, 2, 1, 0, 0, tricky[i]);
		init_input(&in, &fs, NULL);

		log = capture_json(dv_report_sarif, &in);
		assert_string_equal(jstr(log, "runs.#0.results.#0.message.text"), tricky[i]);
		assert_string_equal(jstr(log, "runs.#0.results.#0.relatedLocations.#0.message.text"),
				    tricky[i]);
		assert_string_equal(jstr(log, "runs.#0.results.#0.codeFlows.#0.threadFlows.#0."
					      "locations.#0.location.message.text"),
				    tricky[i]);
		assert_string_equal(jstr(log, "runs.#0.results.#0.suppressions.#0.justification"),
				    tricky[i]);
		assert_string_equal(
			jstr(log, "runs.#0.results.#0.locations.#0.logicalLocations.#0.name"),
			tricky[i]);
		/* The URI has no raw specials left. */
		{
			const char *uri = jstr(log, "runs.#0.results.#0.locations.#0.physicalLocation."
						    "artifactLocation.uri");
			const unsigned char *p;

			assert_non_null(uri);
			for (p = (const unsigned char *)uri; *p; p++)
				assert_true(*p > 0x20 && *p < 0x7F && !strchr("\"\\<> ", *p));
		}
		cJSON_Delete(log);

		log = capture_json(dv_report_json, &in);
		assert_string_equal(jstr(log, "findings.#0.message"), tricky[i]);
		assert_string_equal(jstr(log, "findings.#0.path"), path);
		assert_string_equal(jstr(log, "findings.#0.function"), tricky[i]);
		assert_string_equal(jstr(log, "findings.#0.related.#0.message"), tricky[i]);
		assert_string_equal(jstr(log, "findings.#0.flow.#0.path"), path);
		cJSON_Delete(log);
		dv_findings_release(&fs);
		free(path);
	}
}

static void test_invalid_utf8_repaired(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	cJSON *log;
	char *fixed;

	(void)state;
	fixed = dv_utf8_valid_dup("a\xFF" "b\xC3" "\xED\xA0\x80" "c\xE6\x97\xA5");
	assert_string_equal(fixed, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
				   "c\xE6\x97\xA5");
	free(fixed);

	dv_findings_init(&fs);
	add_finding(&fs, "r/x", DV_LEVEL_ERROR, "lat\xE9n.c", 1, 1, 0, "bad \xC0\xAF byte");
	init_input(&in, &fs, NULL);
	log = capture_json(dv_report_sarif, &in);
	assert_string_equal(jstr(log, "runs.#0.results.#0.message.text"),
			    "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");
	/* The URI keeps the real byte, percent-encoded. */
	assert_string_equal(
		jstr(log, "runs.#0.results.#0.locations.#0.physicalLocation.artifactLocation.uri"),
		"lat%E9n.c");
	cJSON_Delete(log);
	log = capture_json(dv_report_json, &in);
	assert_string_equal(jstr(log, "findings.#0.path"), "lat\xEF\xBF\xBDn.c");
	cJSON_Delete(log);
	dv_findings_release(&fs);
}

/* ---- JSON ---- */

static void test_json_fields(void **state)
{
	struct dv_findings fs;
	struct dv_report_input in;
	struct dv_finding *f;
	cJSON *log;

	(void)state;
	dv_findings_init(&fs);
	add_taint_finding(&fs);
	f = add_finding(&fs, "r/x", DV_LEVEL_WARNING, "z.c", 9, 3, 0, "S.");
	f->suppressed = 1;
	f->suppression_reason = xstrdup("why");
	dv_findings_finalize(&fs, read_source, NULL);
	init_input(&in, &fs, NULL);
	log = capture_json(dv_report_json, &in);
	assert_true(cJSON_IsObject(log));
	assert_string_equal(jstr(log, "tool.name"), "diffvet");
	assert_string_equal(jstr(log, "mode"), "check");
	assert_true(cJSON_IsArray(jget(log, "notifications")));
	assert_int_equal(cJSON_GetArraySize(jget(log, "findings")), 2);
	assert_string_equal(jstr(log, "findings.#0.rule"), "injection/command");
	assert_string_equal(jstr(log, "findings.#0.level"), "error");
	assert_string_equal(jstr(log, "findings.#0.path"), "src/main.c");
	assert_int_equal((int)jnum(log, "findings.#0.line"), 4);
	assert_int_equal((int)jnum(log, "findings.#0.col"), 2);
	assert_int_equal((int)jnum(log, "findings.#0.end_line"), 4);
	assert_int_equal((int)jnum(log, "findings.#0.end_col"), 13);
	assert_string_equal(jstr(log, "findings.#0.function"), "main");
	assert_string_equal(jstr(log, "findings.#0.fingerprint"), fs.items[0].fingerprint);
	assert_true(cJSON_IsFalse(jget(log, "findings.#0.suppressed")));
	assert_int_equal(cJSON_GetArraySize(jget(log, "findings.#0.related")), 2);
	assert_int_equal(cJSON_GetArraySize(jget(log, "findings.#0.flow")), 2);
	assert_int_equal((int)jnum(log, "findings.#0.flow.#1.line"), 4);
	assert_true(cJSON_IsTrue(jget(log, "findings.#1.suppressed")));
	assert_string_equal(jstr(log, "findings.#1.suppression_reason"), "why");
	assert_true(cJSON_IsNull(jget(log, "findings.#1.function")));
	assert_int_equal(cJSON_GetArraySize(jget(log, "findings.#1.flow")), 0);
	cJSON_Delete(log);
	dv_findings_release(&fs);

	dv_findings_init(&fs);
	log = capture_json(dv_report_json, &in);
	assert_int_equal(cJSON_GetArraySize(jget(log, "findings")), 0);
	cJSON_Delete(log);
}

/* ---- markdown ---- */

static char *markdown_for(struct dv_findings *fs, const struct dv_ruleset *rs)
{
	struct dv_report_input in;

	init_input(&in, fs, rs);
	return capture(dv_report_markdown, &in);
}

static void test_markdown_verdicts(void **state)
{
	struct dv_findings fs;
	struct dv_ruleset rs;
	struct dv_rule rules[3];
	struct dv_finding *f;
	char *out;

	(void)state;
	make_ruleset(&rs, rules);

	dv_findings_init(&fs);
	out = markdown_for(&fs, &rs);
	assert_non_null(strstr(out, "**Verdict:** `pass`"));
	assert_null(strstr(out, "| Rule |"));
	free(out);

	add_finding(&fs, "r/n", DV_LEVEL_NOTE, "src/a.c", 1, 1, 0, "Just a note.");
	out = markdown_for(&fs, &rs);
	assert_non_null(strstr(out, "**Verdict:** `pass`"));
	assert_non_null(strstr(out, "- 1 note (informational)"));
	assert_non_null(strstr(out, "| [r/n](" DIFFVET_INFORMATION_URI "/blob/main/docs/rules.md#rn) | note | src/a.c:1:1 | "
			    "Just a note. |"));
	free(out);

	f = add_finding(&fs, "r/w", DV_LEVEL_WARNING, "src/a.c", 2, 1, 0, "A warning.");
	out = markdown_for(&fs, &rs);
	assert_non_null(strstr(out, "**Verdict:** `review`"));
	assert_non_null(strstr(out, "- 1 warning\n"));
	free(out);

	/* A suppressed error does not count. */
	f = add_finding(&fs, "injection/command", DV_LEVEL_ERROR, "src/a.c", 3, 1, 0, "Suppressed.");
	f->suppressed = 1;
	out = markdown_for(&fs, &rs);
	assert_non_null(strstr(out, "**Verdict:** `review`"));
	assert_non_null(strstr(out, "1 suppressed finding not shown."));
	assert_null(strstr(out, "Suppressed."));
	free(out);

	/* An error below the critical severity. */
	add_finding(&fs, "injection/sql", DV_LEVEL_ERROR, "src/a.c", 4, 1, 0, "SQL.");
	out = markdown_for(&fs, &rs);
	assert_non_null(strstr(out, "**Verdict:** `dual-review`"));
	assert_non_null(strstr(out, "- 1 error\n"));
	free(out);

	/* A critical-severity error (9.8). */
	add_finding(&fs, "injection/command", DV_LEVEL_ERROR, "src/b.c", 4, 1, 0, "Command.");
	add_finding(&fs, "injection/command", DV_LEVEL_ERROR, "src/b.c", 5, 1, 0, "Command again.");
	out = markdown_for(&fs, &rs);
	assert_non_null(strstr(out, "## diffvet review gate: senior-approval"));
	assert_non_null(strstr(out, "**Verdict:** `senior-approval`"));
	assert_non_null(strstr(out, "- critical-severity error: injection/command "
				    "(security-severity 9.8)\n"));
	/* One reason line per rule, however many findings. */
	assert_null(strstr(strstr(out, "critical-severity error") + 1, "critical-severity error"));
	assert_non_null(strstr(out, "- 3 errors\n"));
	free(out);
	dv_findings_release(&fs);

	/* A note in a critical path is enough for senior approval. */
	dv_findings_init(&fs);
	add_finding(&fs, "r/n", DV_LEVEL_NOTE, "src/auth/login.c", 1, 1, 0, "Note.");
	out = markdown_for(&fs, &rs);
	assert_non_null(strstr(out, "**Verdict:** `senior-approval`"));
	assert_non_null(strstr(out, "- critical path touched: src/auth/login.c\n"));
	free(out);
	dv_findings_release(&fs);
}

/* Links to the rule help and, with a link base, to each location; code
 * flows folded; counts per family.  A base with a ')' cannot end the link. */
static void test_markdown_links(void **state)
{
	struct dv_findings fs;
	struct dv_ruleset rs;
	struct dv_rule rules[3];
	struct dv_report_input in;
	struct dv_finding *f;
	char *out;

	(void)state;
	make_ruleset(&rs, rules);
	dv_findings_init(&fs);
	f = add_finding(&fs, "injection/command", DV_LEVEL_ERROR, "src/a b.c", 7, 3, 0, "Bad.");
	dv_location_set(dv_finding_add_flow(f), "src/a b.c", 5, 1, 0, 0, "comes from getenv");
	dv_location_set(dv_finding_add_flow(f), "src/a b.c", 7, 3, 0, 0, "reaches system");
	add_finding(&fs, "injection/sql", DV_LEVEL_ERROR, "src/db.c", 2, 1, 0, "Also bad.");
	add_finding(&fs, "r/w", DV_LEVEL_WARNING, "src/db.c", 9, 1, 0, "A warning.");

	init_input(&in, &fs, &rs);
	out = capture(dv_report_markdown, &in);
	assert_non_null(strstr(out, "| [injection/command](" DIFFVET_INFORMATION_URI
				    "/blob/main/docs/rules.md#injectioncommand) | error | src/a b.c:7:3 |"));
	assert_null(strstr(out, "#L7"));
	assert_non_null(strstr(out, "By family: injection 2 · r 1\n"));
	assert_non_null(strstr(out, "<details><summary>injection/command at src/a b.c:7: 2 steps"
				    "</summary>\n\n1. src/a b.c:5:1 comes from getenv\n"
				    "2. src/a b.c:7:3 reaches system\n\n</details>"));
	free(out);

	in.link_base = "https://git.example/o/r/blob/abc1)x/";
	out = capture(dv_report_markdown, &in);
	assert_non_null(strstr(out, "| [src/a b.c:7:3](https://git.example/o/r/blob/abc1%29x/"
				    "src/a%20b.c#L7) |"));
	assert_non_null(strstr(out, "1. [src/a b.c:5:1](https://git.example/o/r/blob/abc1%29x/"
				    "src/a%20b.c#L5) comes from getenv"));
	free(out);
	dv_findings_release(&fs);
}

static void test_markdown_escaping(void **state)
{
	struct dv_findings fs;
	char *out;

	(void)state;
	dv_findings_init(&fs);
	add_finding(&fs, "r/x", DV_LEVEL_WARNING, "a_b.c", 1, 1, 0,
		    "pipe | tick ` star * under _ <b>tag</b> back \\ amp &\nnext");
	out = markdown_for(&fs, NULL);
	assert_non_null(strstr(out, "| [r/x](" DIFFVET_INFORMATION_URI "/blob/main/docs/rules.md#rx) | warning | a\\_b.c:1:1 | pipe \\| tick \\` star \\* under "
				    "\\_ &lt;b&gt;tag&lt;/b&gt; back \\\\ amp &amp; next |\n"));
	free(out);
	dv_findings_release(&fs);
}

/* ---- notifications ---- */

static void test_notifications(void **state)
{
	struct dv_notifications n = {0};
	size_t i;

	(void)state;
	for (i = 0; i < 12; i++)
		dv_notifications_add(&n, DV_LEVEL_WARNING, i % 2 ? "f.c" : NULL, (unsigned)i, 1,
				     "problem %zu in %s", i, "thing");
	assert_int_equal(n.count, 12);
	assert_string_equal(n.items[11].message, "problem 11 in thing");
	assert_string_equal(n.items[11].path, "f.c");
	assert_null(n.items[10].path);
	assert_int_equal(n.items[7].line, 7);
	dv_notifications_release(&n);
	assert_int_equal(n.count, 0);
	assert_null(n.items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_format),
		cmocka_unit_test(test_text_caret_utf8_and_clamp),
		cmocka_unit_test(test_text_suppressed_and_empty),
		cmocka_unit_test(test_text_masks_secrets),
		cmocka_unit_test(test_text_color_and_controls),
		cmocka_unit_test(test_sarif_structure),
		cmocka_unit_test(test_sarif_unknown_rule_gets_descriptor),
		cmocka_unit_test(test_sarif_suppressed),
		cmocka_unit_test(test_sarif_uris),
		cmocka_unit_test(test_sarif_columns_utf16),
		cmocka_unit_test(test_escaping_round_trip),
		cmocka_unit_test(test_invalid_utf8_repaired),
		cmocka_unit_test(test_json_fields),
		cmocka_unit_test(test_markdown_verdicts),
		cmocka_unit_test(test_markdown_escaping),
		cmocka_unit_test(test_markdown_links),
		cmocka_unit_test(test_notifications),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
