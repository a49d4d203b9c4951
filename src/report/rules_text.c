/* `diffvet rules` and `diffvet explain RULE-ID`: the ruleset as text. */
#include "report/report.h"

#include <string.h>

void dv_report_rules_list(FILE *out, const struct dv_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->n_rules; i++) {
		const struct dv_rule *r = &rs->rules[i];
		fprintf(out, "%-40s %-8s %s\n", r->id,
			r->enabled ? dv_level_name(r->level) : "disabled", r->short_desc);
	}
}

int dv_report_rule_explain(FILE *out, const struct dv_ruleset *rs, const char *id,
			   struct dv_error *err)
{
	const struct dv_rule *r = dv_ruleset_find(rs, id);
	size_t i;

	if (!r) {
		const char *slash = strchr(id, '/');
		const char *name = slash ? slash + 1 : id;

		for (i = 0; i < rs->n_rules; i++) {
			const char *rs_name = strchr(rs->rules[i].id, '/');
			if (rs_name && strcmp(rs_name + 1, name) == 0)
				return dv_error_set(err, DV_ERR_USAGE,
						    "unknown rule '%s'; did you mean '%s'? (see "
						    "'diffvet rules')",
						    id, rs->rules[i].id);
		}
		return dv_error_set(err, DV_ERR_USAGE, "unknown rule '%s' (see 'diffvet rules')", id);
	}
	fprintf(out, "%s (%s)\n\n%s\n\nlevel: %s   security-severity: %.1f   precision: %s\n", r->id,
		r->name, r->full_desc, dv_level_name(r->level), r->security_severity,
		r->precision ? r->precision : "medium");
	if (r->n_cwe) {
		fprintf(out, "cwe:");
		for (i = 0; i < r->n_cwe; i++)
			fprintf(out, " CWE-%d", r->cwe[i]);
		fprintf(out, "\n");
	}
	fprintf(out, "\n%s\n", r->help);
	return 0;
}
