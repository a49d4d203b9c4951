/*
 * Transactions: an SQL BEGIN not followed on every path by COMMIT or
 * ROLLBACK on the same connection.  The analysis is the shared
 * typestate engine (typestate.h) configured by rules/transactions.json.
 */
#include "checkers/typestate.h"

static const struct ts_family transactions_family = {
	.family = "transactions",
	.default_deref = 0,
	.unknown_call_escapes = 0,
	.local_objects_only = 0,
	.rule_exit = "transactions/unterminated",
	.rule_double = NULL,
	.rule_unheld = NULL,
	.rule_try = NULL,
	.rule_order = NULL,
	.noun = "transaction",
};

static int transactions_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	struct ts_spec *spec;
	int rc = ts_spec_load(rules, &transactions_family, &spec, err);
	*out = rc ? NULL : spec;
	return rc;
}

static void transactions_free(void *state)
{
	ts_spec_free(state);
}

static void transactions_check_tu(const void *state, struct dv_tu_ctx *tu)
{
	ts_check_tu(state, tu);
}

const struct dv_checker dv_checker_transactions = {
	.family = "transactions",
	.init = transactions_init,
	.free = transactions_free,
	.check_tu = transactions_check_tu,
	.check_text = NULL,
};
