/*
 * The gate verdict and the coverage record as JSON, in one shape for the
 * JSON report (top-level "verdict" and "coverage") and SARIF (run
 * properties "diffvet/verdict", "diffvet/coverage"):
 *
 *   {"verdict": "review",
 *    "reasons": [{"kind": "not-analysed", "demands": "review",
 *                 "message": "...", "path": "a.c", "line": 12}]}
 *
 *   {"complete": false, "files": {"total": 3, "analysed": 2, "partial": 1,
 *    "not_analysed": 0}, "changed_lines": {"total": 40, "not_analysed": 7},
 *    "gaps": [{"path": "a.c", "first_line": 10, "last_line": 30,
 *              "function": "parse", "checker": "locks", "state": "partial",
 *              "reason": "...", "changed_lines": 7}]}
 */
#include "report/report.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "report/escape.h"

void dv_json_add_text(cJSON *obj, const char *key, const char *value)
{
	char *valid;

	if (!value) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	valid = dv_utf8_valid_dup(value);
	cJSON_AddStringToObject(obj, key, valid);
	free(valid);
}

cJSON *dv_report_gate_json(const struct dv_gate *gate)
{
	cJSON *obj, *reasons;
	size_t i;

	if (!gate)
		return NULL;
	obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "verdict", dv_verdict_name(gate->verdict));
	reasons = cJSON_AddArrayToObject(obj, "reasons");
	for (i = 0; i < gate->n_reasons; i++) {
		const struct dv_gate_reason *r = &gate->reasons[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", dv_reason_kind_name(r->kind));
		cJSON_AddStringToObject(o, "demands", dv_verdict_name(r->demands));
		dv_json_add_text(o, "message", r->message);
		dv_json_add_text(o, "path", r->path);
		cJSON_AddNumberToObject(o, "line", r->line);
		cJSON_AddItemToArray(reasons, o);
	}
	return obj;
}

cJSON *dv_report_coverage_json(const struct dv_coverage *cov)
{
	cJSON *obj, *files, *lines, *gaps;
	size_t i;

	if (!cov)
		return NULL;
	obj = cJSON_CreateObject();
	cJSON_AddBoolToObject(obj, "complete", dv_coverage_complete(cov));
	files = cJSON_AddObjectToObject(obj, "files");
	cJSON_AddNumberToObject(files, "total", cov->files_total);
	cJSON_AddNumberToObject(files, "analysed", cov->files_analysed);
	cJSON_AddNumberToObject(files, "partial", cov->files_partial);
	cJSON_AddNumberToObject(files, "not_analysed", cov->files_not_analysed);
	{
		cJSON *fns = cJSON_AddObjectToObject(obj, "functions");
		cJSON_AddNumberToObject(fns, "total", cov->functions_total);
		cJSON_AddNumberToObject(fns, "analysed", cov->functions_analysed);
		cJSON_AddNumberToObject(fns, "partial", cov->functions_partial);
		cJSON_AddNumberToObject(fns, "not_analysed", cov->functions_not_analysed);
	}
	lines = cJSON_AddObjectToObject(obj, "changed_lines");
	cJSON_AddNumberToObject(lines, "total", cov->changed_lines_total);
	cJSON_AddNumberToObject(lines, "not_analysed", cov->changed_lines_not_analysed);
	gaps = cJSON_AddArrayToObject(obj, "gaps");
	for (i = 0; i < cov->n_gaps; i++) {
		const struct dv_coverage_gap *g = &cov->gaps[i];
		cJSON *o = cJSON_CreateObject();

		dv_json_add_text(o, "path", g->path);
		cJSON_AddNumberToObject(o, "first_line", g->first_line);
		cJSON_AddNumberToObject(o, "last_line", g->last_line);
		dv_json_add_text(o, "function", g->function);
		dv_json_add_text(o, "checker", g->checker);
		cJSON_AddStringToObject(o, "state", dv_cov_state_name(g->state));
		dv_json_add_text(o, "reason", g->reason);
		cJSON_AddNumberToObject(o, "changed_lines", g->changed_lines);
		cJSON_AddItemToArray(gaps, o);
	}
	return obj;
}
