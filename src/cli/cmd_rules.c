/* diffvet rules / diffvet explain RULE-ID */
#include "cli/cli.h"
#include "rules/rules.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static struct dv_ruleset *load(const struct cli_options *o)
{
	struct dv_error err = {0};
	char *dir = cli_default_rules_dir(o->argv0);
	struct dv_ruleset *rs = dv_ruleset_load(dir, o->rules_dir, o->config, o->config != NULL, &err);

	free(dir);
	if (!rs)
		fprintf(stderr, "diffvet: %s\n", err.msg);
	return rs;
}

int cmd_rules(struct cli_options *o)
{
	struct dv_ruleset *rs = load(o);
	size_t i;

	if (!rs)
		return DV_EXIT_ERROR;
	for (i = 0; i < rs->n_rules; i++) {
		const struct dv_rule *r = &rs->rules[i];
		printf("%-40s %-8s %s%s\n", r->id, r->enabled ? dv_level_name(r->level) : "disabled",
		       r->short_desc, "");
	}
	dv_ruleset_free(rs);
	return DV_EXIT_CLEAN;
}

int cmd_explain(struct cli_options *o)
{
	struct dv_ruleset *rs;
	const struct dv_rule *r;
	size_t i;

	if (o->n_positional != 1) {
		fprintf(stderr, "diffvet explain: expected one rule id (see 'diffvet rules')\n");
		return DV_EXIT_ERROR;
	}
	rs = load(o);
	if (!rs)
		return DV_EXIT_ERROR;
	r = dv_ruleset_find(rs, o->positional[0]);
	if (!r) {
		const char *slash = strchr(o->positional[0], '/');
		const char *name = slash ? slash + 1 : o->positional[0];

		fprintf(stderr, "diffvet explain: unknown rule '%s'", o->positional[0]);
		for (i = 0; i < rs->n_rules; i++) {
			const char *rs_name = strchr(rs->rules[i].id, '/');
			if (rs_name && strcmp(rs_name + 1, name) == 0) {
				fprintf(stderr, "; did you mean '%s'?", rs->rules[i].id);
				break;
			}
		}
		fprintf(stderr, " (see 'diffvet rules')\n");
		dv_ruleset_free(rs);
		return DV_EXIT_ERROR;
	}
	printf("%s (%s)\n\n%s\n\nlevel: %s   security-severity: %.1f   precision: %s\n", r->id, r->name,
	       r->full_desc, dv_level_name(r->level), r->security_severity,
	       r->precision ? r->precision : "medium");
	if (r->n_cwe) {
		printf("cwe:");
		for (i = 0; i < r->n_cwe; i++)
			printf(" CWE-%d", r->cwe[i]);
		printf("\n");
	}
	printf("\n%s\n", r->help);
	dv_ruleset_free(rs);
	return DV_EXIT_CLEAN;
}
