/*
 * Locks: unbalanced lock/unlock, double lock, unlock of a lock not held,
 * unchecked try-lock, lock-order inversions.  The analysis is the
 * engine's typestate service (engine/typestate.h) with the lock family's
 * descriptor below; which functions lock and unlock is in rules/locks.json.
 */
#include "checkers/checker.h"
#include "engine/typestate.h"

/* std::unique_lock / std::scoped_lock construction tags (std::defer_lock_t ...). */
static const struct dv_ts_guard_tag locks_guard_tags[] = {
	{"defer_lock", DV_TS_GUARD_DEFER},
	{"adopt_lock", DV_TS_GUARD_ADOPT},
	{"try_to_lock", DV_TS_GUARD_TRY},
	{NULL, DV_TS_GUARD_ACQUIRE},
};

static const struct dv_ts_family locks_family = {
	.family = "locks",
	.default_deref = 1, /* pthread_mutex_lock(&m) locks m */
	.unknown_call_escapes = 0,
	.local_objects_only = 0,
	.key_suffix = NULL,
	/* a lock still held after a loop that handed it off is still a bug */
	.loop_handoff_excuses_exit = 0,
	/* exiting the process with a lock held hides a path that forgot it */
	.process_exit_releases = 0,
	/* a function holding a lock on every way out is a wrapper only when
	 * its name, attributes or callers say so: a plain forgotten unlock
	 * looks the same */
	.held_exit_needs_evidence = 1,
	/* unlock on a path that never took the lock (goto past the lock) */
	.entry_release_unheld = 1,
	.guard_tags = locks_guard_tags,
	.guard_tag_marker = "_lock_t",
	.exit = {
		.rule = "locks/held-at-return",
		.at_return = "lock '{name}' is still held when the function returns here",
		.at_end = "lock '{name}' is still held at the end of the function",
		.acquired_here = "'{name}' acquired here",
	},
	.reacquire = {
		.rule = "locks/double-lock",
		.message = "lock '{name}' is acquired again while already held (self-deadlock)",
		.first_here = "'{name}' first acquired here",
		.inner_message = "lock '{name}' is held here and the called function acquires "
				 "it again (self-deadlock)",
	},
	.try_unchecked = {
		.rule = "locks/trylock-unchecked",
		.message = "the result of {via}() on '{name}' is not checked, but the lock is "
			   "released later as if it were held",
		.released_here = "'{name}' released here",
	},
	.unheld = {
		.rule = "locks/unlock-not-held",
		.message = "lock '{name}' is released but not held on this path",
		.failed_here = "acquiring '{name}' failed here",
		.released_here = "'{name}' already released here",
	},
	.order = {
		.rule = "locks/lock-order",
		.message = "'{name}' is acquired while holding '{held}', but elsewhere "
			   "'{other}' is acquired while holding '{other_held}' (potential deadlock)",
		.held_here = "'{held}' acquired here",
		.other_here = "'{other}' acquired here while holding '{other_held}'",
		.other_held_here = "'{other_held}' acquired here",
		.cycle_message = "locks are acquired in a cycle {name} (potential deadlock)",
		.cycle_step = "'{name}' acquired here while holding '{held}'",
	},
	.destroy_held = {
		.rule = "locks/destroy-held",
		.message = "lock '{name}' is still held when {via}() destroys it",
		.acquired_here = "'{name}' acquired here",
	},
};

static int locks_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	return dv_ts_checker_init(rules, &locks_family, out, err);
}

const struct dv_checker dv_checker_locks = {
	.family = "locks",
	.init = locks_init,
	.free = dv_ts_checker_free,
	.check_tu = dv_ts_checker_check_tu,
	.check_text = NULL,
};
