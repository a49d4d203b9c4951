/*
 * Locks: unbalanced lock/unlock, double lock, unlock of a lock not held,
 * unchecked try-lock, lock-order inversions.  The analysis is the shared
 * typestate engine (typestate.h) configured by rules/locks.json.
 */
#include "checkers/typestate.h"

static const struct ts_family locks_family = {
	.family = "locks",
	.default_deref = 1,
	.unknown_call_escapes = 0,
	.local_objects_only = 0,
	.rule_exit = "locks/held-at-return",
	.rule_double = "locks/double-lock",
	.rule_unheld = "locks/unlock-not-held",
	.rule_try = "locks/trylock-unchecked",
	.rule_order = "locks/lock-order",
	.noun = "lock",
};

static int locks_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	struct ts_spec *spec;
	int rc = ts_spec_load(rules, &locks_family, &spec, err);
	*out = rc ? NULL : spec;
	return rc;
}

static void locks_free(void *state)
{
	ts_spec_free(state);
}

static void locks_check_tu(const void *state, struct dv_tu_ctx *tu)
{
	ts_check_tu(state, tu);
}

const struct dv_checker dv_checker_locks = {
	.family = "locks",
	.init = locks_init,
	.free = locks_free,
	.check_tu = locks_check_tu,
	.check_text = NULL,
};
