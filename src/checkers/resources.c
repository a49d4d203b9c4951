/*
 * Resources: handles (files, sockets, database connections and statements)
 * not released on some path.  The analysis is the shared
 * typestate engine (typestate.h) configured by rules/resources.json.
 */
#include "checkers/typestate.h"

static const struct ts_family resources_family = {
	.family = "resources",
	.default_deref = 0,
	.unknown_call_escapes = 1,
	.local_objects_only = 1,
	.rule_exit = "resources/leak",
	.rule_double = NULL,
	.rule_unheld = NULL,
	.rule_try = NULL,
	.rule_order = NULL,
	.noun = "handle",
};

static int resources_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	struct ts_spec *spec;
	int rc = ts_spec_load(rules, &resources_family, &spec, err);
	*out = rc ? NULL : spec;
	return rc;
}

static void resources_free(void *state)
{
	ts_spec_free(state);
}

static void resources_check_tu(const void *state, struct dv_tu_ctx *tu)
{
	ts_check_tu(state, tu);
}

const struct dv_checker dv_checker_resources = {
	.family = "resources",
	.init = resources_init,
	.free = resources_free,
	.check_tu = resources_check_tu,
	.check_text = NULL,
};
