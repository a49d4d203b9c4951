/*
 * Plain JSON report, for scripts that want less ceremony than SARIF: one
 * object with the tool, the gate verdict, the coverage record (see
 * gate_json.c), the notifications and the findings.  Suppressed findings
 * are included with "suppressed": true (and "suppression_reason";
 * "suppressed_in_change" when the change itself added the suppression).
 *
 *   {"tool": {"name": "diffvet", "version": "0.1.0"}, "mode": "diff",
 *    "verdict": {...}, "coverage": {...},
 *    "notifications": [{"level", "message", "path", "line", "col"}],
 *    "findings": [ one object per finding ]}
 *
 *   finding: {"rule": "injection/command", "level": "error", "message": "...",
 *     "path": "src/a.c", "line": 12, "col": 5, "end_line": 12, "end_col": 16,
 *     "function": "main", "fingerprint": "...", "suppressed": false,
 *     "related": [{"path", "line", "col", "end_line", "end_col", "message"}],
 *     "flow": [ same shape as related ]}
 *
 * Columns are libclang's byte columns, as in the text report; "function"
 * and a location's "message" are null when unknown, end_* 0 when unknown.
 */
#include "report/report.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/escape.h"


static void add_position(cJSON *obj, const struct dv_location *loc)
{
	dv_json_add_text(obj, "path", loc->path);
	cJSON_AddNumberToObject(obj, "line", loc->line);
	cJSON_AddNumberToObject(obj, "col", loc->col);
	cJSON_AddNumberToObject(obj, "end_line", loc->end_line);
	cJSON_AddNumberToObject(obj, "end_col", loc->end_col);
}

static cJSON *location_array(const struct dv_location *locs, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++) {
		cJSON *obj = cJSON_CreateObject();

		add_position(obj, &locs[i]);
		dv_json_add_text(obj, "message", locs[i].message);
		cJSON_AddItemToArray(arr, obj);
	}
	return arr;
}

static cJSON *finding_object(const struct dv_finding *f)
{
	cJSON *obj = cJSON_CreateObject();

	dv_json_add_text(obj, "rule", f->rule_id);
	dv_json_add_text(obj, "level", dv_level_name(f->level));
	dv_json_add_text(obj, "message", f->message);
	add_position(obj, &f->primary);
	dv_json_add_text(obj, "function", f->function);
	dv_json_add_text(obj, "fingerprint", f->fingerprint);
	cJSON_AddBoolToObject(obj, "suppressed", f->suppressed != 0);
	if (f->suppressed)
		dv_json_add_text(obj, "suppression_reason", f->suppression_reason);
	if (f->suppressed_in_change)
		cJSON_AddBoolToObject(obj, "suppressed_in_change", 1);
	cJSON_AddItemToObject(obj, "related", location_array(f->related, f->n_related));
	cJSON_AddItemToObject(obj, "flow", location_array(f->flow, f->n_flow));
	return obj;
}

static cJSON *notifications_array(const struct dv_notifications *notes)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; notes && i < notes->count; i++) {
		const struct dv_notification *n = &notes->items[i];
		cJSON *obj = cJSON_CreateObject();

		dv_json_add_text(obj, "level", dv_level_name(n->level));
		dv_json_add_text(obj, "message", n->message);
		dv_json_add_text(obj, "path", n->path);
		cJSON_AddNumberToObject(obj, "line", n->line);
		cJSON_AddNumberToObject(obj, "col", n->col);
		cJSON_AddItemToArray(arr, obj);
	}
	return arr;
}

int dv_report_json(FILE *out, const struct dv_report_input *in)
{
	cJSON *root = cJSON_CreateObject(), *tool, *arr, *gate, *cov;
	size_t i;

	if (!root)
		return DV_ERR_INTERNAL;
	tool = cJSON_AddObjectToObject(root, "tool");
	cJSON_AddStringToObject(tool, "name", "diffvet");
	cJSON_AddStringToObject(tool, "version", DIFFVET_VERSION);
	cJSON_AddStringToObject(root, "mode", in->diff_mode ? "diff" : "check");
	gate = dv_report_gate_json(in->gate);
	cJSON_AddItemToObject(root, "verdict", gate ? gate : cJSON_CreateNull());
	cov = dv_report_coverage_json(in->coverage);
	cJSON_AddItemToObject(root, "coverage", cov ? cov : cJSON_CreateNull());
	cJSON_AddItemToObject(root, "notifications", notifications_array(in->notes));
	arr = cJSON_AddArrayToObject(root, "findings");
	if (arr && in->findings)
		for (i = 0; i < in->findings->count; i++)
			cJSON_AddItemToArray(arr, finding_object(&in->findings->items[i]));
	return dv_json_print_and_free(out, root);
}
