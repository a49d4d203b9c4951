/*
 * The review gate's thresholds in the project config:
 *
 *   "gate": { "critical_severity": 9.0, "error": "dual-review",
 *             "warning": "review", "max_changed_lines": 1000,
 *             "large_change": "review" }
 *
 * Every key is optional; an unknown key or a value out of range is an
 * error with its file and line.  In diff mode the config (so this too) is
 * read from the base revision, and rules/compare.c makes a change that
 * lowers a threshold a senior-approval reason.
 */
#include "rules/loader.h"

#include <string.h>

static const char *const gate_keys[] = {
	"critical_severity", "error", "warning", "max_changed_lines", "large_change",
};

/* In enum dv_verdict order. */
static const char *const verdicts[] = {"pass", "review", "dual-review", "senior-approval"};

void dv_gate_policy_default(struct dv_gate_policy *p)
{
	p->critical_severity = 9.0;
	p->error_verdict = DV_VERDICT_DUAL_REVIEW;
	p->warning_verdict = DV_VERDICT_REVIEW;
	p->max_changed_lines = 1000;
	p->large_change_verdict = DV_VERDICT_REVIEW;
}

static int get_verdict(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		       struct json_path path, const char *key, int *out)
{
	int v;
	int rc = get_choice(f, err, obj, path, key, 0, verdicts, N_OF(verdicts), &v);

	if (rc == 0 && v >= 0)
		*out = v;
	return rc;
}

int load_gate_policy(struct loader *ld, const struct json_file *f)
{
	struct json_path path = json_path_key(json_path_root(), "gate");
	const cJSON *gate = cJSON_GetObjectItemCaseSensitive(f->doc, "gate");
	struct dv_gate_policy *p = &ld->rs->gate;
	const cJSON *v;
	int rc;

	if (!gate)
		return 0;
	if (!cJSON_IsObject(gate))
		return field_error(f, ld->err, path, "expected an object of gate thresholds");
	if ((rc = check_members(f, ld->err, gate, path, gate_keys, N_OF(gate_keys))))
		return rc;
	v = cJSON_GetObjectItemCaseSensitive(gate, "critical_severity");
	if (v) {
		if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0.0 && v->valuedouble <= 10.0))
			return field_error(f, ld->err, json_path_key(path, "critical_severity"),
					   "expected a number from 0.0 to 10.0");
		p->critical_severity = v->valuedouble;
	}
	v = cJSON_GetObjectItemCaseSensitive(gate, "max_changed_lines");
	if (v) {
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e9 ||
		    v->valuedouble != (double)(unsigned)v->valuedouble)
			return field_error(f, ld->err, json_path_key(path, "max_changed_lines"),
					   "expected a whole number of lines (0: no limit)");
		p->max_changed_lines = (unsigned)v->valuedouble;
	}
	if ((rc = get_verdict(f, ld->err, gate, path, "error", &p->error_verdict)) ||
	    (rc = get_verdict(f, ld->err, gate, path, "warning", &p->warning_verdict)) ||
	    (rc = get_verdict(f, ld->err, gate, path, "large_change", &p->large_change_verdict)))
		return rc;
	return 0;
}
