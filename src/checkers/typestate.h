/*
 * Typestate machinery shared by the locks, resources and transactions
 * checkers.
 *
 * A tracked object is named by a normalised lvalue key built from the
 * expression handed to an acquire call (`&m` and `&obj->lock` name the
 * pointee, a handle-returning call names the variable it is stored in, a
 * transaction names its connection).  Per object the state is a small set
 * {entry (untouched), held, released, unknown}; the analysis is
 * path-sensitive on simple branch conditions (a state is a short list of
 * disjuncts, each carrying the branch facts that produced it), which keeps
 * the `if (flag) lock(); ... if (flag) unlock();` idiom quiet.
 *
 * API knowledge comes from the family's "api" object (rules/<family>.json
 * merged with the project config), see docs/rules/locks.md:
 *
 *   "functions": [ {"name": "pthread_mutex_lock", "op": "acquire", "arg": 0,
 *                   "success": "zero", "deref": true}, ... ]
 *       op: acquire | try_acquire | release | take_ownership | borrow | query
 *       arg: index of the object argument, -1 = the returned value
 *       deref: the argument is the object's address (default per family)
 *       success: always | zero | nonnull | nonnegative | status
 *       member: true = a C++ member function called on the object
 *       sql: (query) index of the SQL text argument
 *   "member_classes": type patterns whose member functions are matched
 *   "guards": RAII guard classes ("std::lock_guard"); release at scope exit
 *   "borrow": function name patterns that use objects without keeping them
 *   "returns_held": name patterns of functions meant to return holding
 *   "sql_begin" / "sql_end": SQL statement prefixes (transactions)
 *
 * Cross-function knowledge: bottom-up summaries over the TU call graph
 * (returns holding / releases a parameter's object, passes it somewhere
 * unknown, returns a fresh handle, locks taken inside for lock-order).
 *
 * Ownership: ts_spec_load returns a spec freed with ts_spec_free; strings
 * inside point into the ruleset, which must outlive the spec.
 */
#ifndef DV_TYPESTATE_H
#define DV_TYPESTATE_H

#include "checkers/checker.h"

/* What a family reports; NULL rule ids are never reported. */
struct ts_family {
	const char *family;       /* "locks" */
	int default_deref;        /* arguments name the object's address by default */
	int unknown_call_escapes; /* an object passed to an unknown function escapes */
	int local_objects_only;   /* only objects held in local variables are reported */
	const char *rule_exit;    /* held at return / leak / unterminated */
	const char *rule_double;  /* acquire while held */
	const char *rule_unheld;  /* release while not held */
	const char *rule_try;     /* try-acquire result ignored, then released */
	const char *rule_order;   /* lock order inversion */
	const char *noun;         /* "lock", "handle", "transaction" */
};

struct ts_spec;

int ts_spec_load(const struct dv_ruleset *rules, const struct ts_family *fam,
		 struct ts_spec **out, struct dv_error *err);
void ts_spec_free(struct ts_spec *spec);

/* Runs the typestate analysis over every function of the TU's call graph
 * and reports to tu->sink. */
void ts_check_tu(const struct ts_spec *spec, struct dv_tu_ctx *tu);

/* Helpers exposed for unit tests. */
/* Rewrites "(*(&X))" and "(&(*X))" to X in place. */
void ts_key_simplify(char *key);
/* Substitutes P{i} roots of a summary key with args[i]; NULL when an
 * index is out of range or its argument has no key.  Caller frees. */
char *ts_key_substitute(const char *tmpl, const char *const *args, unsigned n_args);
/* fnmatch-style pattern test ('*' and '?'), also against the last
 * "::" component of name. */
int ts_name_matches(const char *pattern, const char *name);

#endif
