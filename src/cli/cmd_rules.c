/* diffvet rules [--format text|json|markdown] / diffvet explain RULE-ID */
#include "cli/cli.h"

#include <stdlib.h>

int cmd_rules(struct cli_options *o)
{
	struct dv_error err = {0};
	struct dv_session *s = cli_session(o, &err);

	if (!s) {
		fprintf(stderr, "diffvet: %s\n", err.msg);
		return DV_EXIT_ERROR;
	}
	if (o->n_positional) {
		fprintf(stderr, "diffvet rules: unexpected argument '%s' (see 'diffvet explain')\n",
			o->positional[0]);
		dv_session_free(s);
		return DV_EXIT_ERROR;
	}
	if (dv_session_write_rules(s, o->format, stdout, &err) != 0) {
		fprintf(stderr, "diffvet rules: %s\n", err.msg);
		dv_session_free(s);
		return DV_EXIT_ERROR;
	}
	dv_session_free(s);
	return DV_EXIT_CLEAN;
}

int cmd_explain(struct cli_options *o)
{
	struct dv_error err = {0};
	struct dv_session *s;
	int rc = DV_EXIT_CLEAN;

	if (o->n_positional != 1) {
		fprintf(stderr, "diffvet explain: expected one rule id (see 'diffvet rules')\n");
		return DV_EXIT_ERROR;
	}
	s = cli_session(o, &err);
	if (!s || dv_session_explain_rule(s, o->positional[0], stdout, &err) != 0) {
		fprintf(stderr, "diffvet explain: %s\n", err.msg);
		rc = DV_EXIT_ERROR;
	}
	dv_session_free(s);
	return rc;
}
