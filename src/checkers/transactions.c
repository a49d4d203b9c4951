/*
 * Transactions: an SQL BEGIN not followed on every path by COMMIT or
 * ROLLBACK on the same connection.  The analysis is the engine's
 * typestate service (engine/typestate.h) with the descriptor below; which
 * calls run SQL, and which statements begin and end a transaction, is in
 * rules/transactions.json.
 */
#include "checkers/checker.h"
#include "engine/typestate.h"

static const struct dv_ts_family transactions_family = {
	.family = "transactions",
	.default_deref = 0, /* sqlite3_exec(db, ...) acts on the connection db */
	.unknown_call_escapes = 0,
	.local_objects_only = 0,
	/* the object is the open transaction of a connection, not the connection */
	.key_suffix = "#txn",
	.loop_handoff_excuses_exit = 1,
	/* an open transaction at exit is rolled back: the work is lost */
	.process_exit_releases = 0,
	.exit = {
		.rule = "transactions/unterminated",
		.at_return = "transaction begun on '{name}' is neither committed nor rolled back "
			     "when the function returns here",
		.at_end = "transaction begun on '{name}' is neither committed nor rolled back at "
			  "the end of the function",
		.acquired_here = "transaction on '{name}' begun here",
	},
};

static int transactions_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	return dv_ts_checker_init(rules, &transactions_family, out, err);
}

const struct dv_checker dv_checker_transactions = {
	.family = "transactions",
	.init = transactions_init,
	.free = dv_ts_checker_free,
	.check_tu = dv_ts_checker_check_tu,
	.check_text = NULL,
};
