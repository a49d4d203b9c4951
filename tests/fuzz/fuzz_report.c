/*
 * libFuzzer target for the reporters (src/report/): findings and
 * notifications whose rule ids, paths, messages, function names and
 * source lines are arbitrary bytes (invalid UTF-8, control characters,
 * quotes, markdown and HTML metacharacters, unknown rule ids) are written
 * in every format.  JSON and SARIF output must parse back as JSON; no
 * format may crash or leak.  The shipped rules are loaded once
 * (DV_FUZZ_RULES_DIR), so known rule ids get their metadata.
 */
#define _GNU_SOURCE /* open_memstream */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "report/report.h"
#include "rules/rules.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define N_FIELDS 8

/* libFuzzer gives no context pointer: the rules are loaded once. */
static struct dv_ruleset *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dv_error err = {0};

	(void)argc;
	(void)argv;
	rules = dv_ruleset_load(DV_FUZZ_RULES_DIR, NULL, NULL, 0, &err);
	if (!rules)
		abort();
	return 0;
}

struct fields {
	char *f[N_FIELDS];
};

static void split(const uint8_t *data, size_t size, struct fields *out)
{
	size_t start = 0, i, k = 0;

	for (i = 0; i <= size && k < N_FIELDS; i++) {
		if (i == size || data[i] == 0) {
			out->f[k++] = xstrndup((const char *)data + start, i - start);
			start = i + 1;
		}
	}
	for (; k < N_FIELDS; k++)
		out->f[k] = xstrdup("");
}

static const char *read_line(void *ctx, const char *path, unsigned line)
{
	const struct fields *fl = ctx;

	(void)path;
	return line % 3 ? fl->f[5] : NULL;
}

typedef int (*reporter)(FILE *, const struct dv_report_input *);

/* Runs a reporter into memory; returns the output (caller frees). */
static char *render(reporter fn, const struct dv_report_input *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		abort();
	if (fn(out, in) != 0)
		abort(); /* memory streams do not fail */
	fclose(out);
	return buf;
}

static void must_be_json(char *text)
{
	cJSON *doc = cJSON_Parse(text);

	if (!doc)
		abort();
	cJSON_Delete(doc);
	free(text);
}

static const char *const known_rules[] = {
	"injection/command", "injection/format-string", "secrets/hardcoded-token", NULL,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dv_findings list;
	struct dv_notifications notes;
	struct dv_report_input in;
	struct fields fl;
	unsigned n, i;

	if (size < 2)
		return 0;
	n = data[0] % 6;
	split(data + 2, size - 2, &fl);
	dv_findings_init(&list);
	memset(&notes, 0, sizeof(notes));
	for (i = 0; i < n; i++) {
		struct dv_finding *f = dv_findings_push(&list);
		unsigned bits = data[1] + i * 41u;

		f->rule_id = xstrdup(bits & 1 ? fl.f[0] : known_rules[i % 3]);
		f->level = (enum dv_level)(bits % 3 == 0 ? DV_LEVEL_ERROR :
					   bits % 3 == 1 ? DV_LEVEL_WARNING : DV_LEVEL_NOTE);
		f->message = xstrdup(fl.f[1]);
		dv_location_set(&f->primary, fl.f[2], 1 + bits % 7, 1 + bits % 5,
				bits & 2 ? 2 + bits % 7 : 0, bits & 2 ? 9 : 0, NULL);
		if (bits & 4)
			dv_location_set(dv_finding_add_related(f), fl.f[3], 3, 1, 0, 0, fl.f[4]);
		if (bits & 8) {
			dv_location_set(dv_finding_add_flow(f), fl.f[2], 2, 1, 0, 0, fl.f[4]);
			dv_location_set(dv_finding_add_flow(f), fl.f[3], 5, 2, 0, 0, fl.f[1]);
		}
		if (bits & 16)
			f->function = xstrdup(fl.f[6]);
		if (bits & 32) {
			f->suppressed = 1;
			f->suppression_reason = xstrdup(fl.f[7]);
		}
	}
	dv_findings_finalize(&list, read_line, &fl);
	if (data[1] & 64)
		dv_notifications_add(&notes, DV_LEVEL_ERROR, fl.f[2], 1, 1, "%s", fl.f[4]);
	if (data[1] & 128)
		dv_notifications_add(&notes, DV_LEVEL_WARNING, NULL, 0, 0, "%s", fl.f[7]);

	memset(&in, 0, sizeof(in));
	in.findings = &list;
	in.rules = rules;
	in.notes = &notes;
	in.srcroot = "/src";
	in.execution_successful = !(data[1] & 1);
	in.command_line = fl.f[6];
	in.read_line = read_line;
	in.read_line_ctx = &fl;
	in.color = data[1] & 2;
	in.fail_on = DV_LEVEL_WARNING;

	must_be_json(render(dv_report_json, &in));
	must_be_json(render(dv_report_sarif, &in));
	free(render(dv_report_text, &in));
	free(render(dv_report_markdown, &in));

	dv_findings_release(&list);
	dv_notifications_release(&notes);
	for (i = 0; i < N_FIELDS; i++)
		free(fl.f[i]);
	return 0;
}
