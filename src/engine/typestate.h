/*
 * Typestate analysis: an engine service that follows objects (locks,
 * handles, transactions, ...) through acquire / release and reports the
 * paths on which a family's protocol is broken.  Which objects, which
 * calls and which findings is told by a family descriptor that the
 * family's checker file supplies; the engine knows nothing of any family
 * beyond its descriptor and the family's "api" object in the ruleset.
 * A new typestate family is one checker file (a descriptor and the
 * dv_checker glue) plus its rules JSON, with no edit here.
 *
 * The model.  A tracked object is named by a normalised lvalue key built
 * from the expression handed to an acquire call (`&m` and `&obj->lock`
 * name the pointee, a handle-returning call names the variable it is
 * stored in; with a key_suffix the object is a state of that handle, e.g.
 * a transaction on its connection).  Per object the state is a small set
 * {entry (untouched), held, released, unknown}, the same for every
 * family.  The analysis is path-sensitive on simple branch conditions (a
 * state is a short list of disjuncts, each carrying the branch facts that
 * produced it), which keeps `if (flag) lock(); ... if (flag) unlock();`
 * quiet, and refines on tests of an acquire's result
 * (`if (pthread_mutex_lock(&m) != 0) return -1;`, `if (!fp)`).
 *
 * API knowledge comes from the family's "api" object (rules/<family>.json
 * merged with the project config), see docs/rules/locks.md:
 *
 *   "functions": [ {"name": "pthread_mutex_lock", "op": "acquire", "arg": 0,
 *                   "success": "zero", "deref": true}, ... ]
 *       op: acquire | try_acquire | release | take_ownership | borrow | query
 *           | init (the object is new and not held: pthread_mutex_init)
 *           | destroy (the object, or every object inside the one the
 *             argument points to, ends: pthread_mutex_destroy, free)
 *       arg: index of the object argument, -1 = the returned value
 *       deref: the argument is the object's address (default: the
 *              descriptor's default_deref)
 *       success: always | zero | nonnull | nonnegative | status
 *       member: true = a C++ member function called on the object
 *       sql: (query) index of the SQL text argument
 *   "member_classes": type patterns whose member functions are matched
 *   "guards": RAII guard classes ("std::lock_guard"); release at scope exit
 *   "borrow": function name patterns that use objects without keeping them
 *   "returns_held": name patterns of functions meant to return holding
 *   "sql_begin" / "sql_end": SQL statement prefixes (query ops)
 *
 * Cross-function knowledge: bottom-up summaries over the TU call graph
 * (returns holding / releases a parameter's object, passes it somewhere
 * unknown, returns a fresh handle, objects acquired inside for the order
 * rule).
 *
 * Messages in the descriptor are templates, never printf formats:
 * {name} is the object as written at the site ("q->lock"), {via} the
 * function that acquired it ("fopen"); the order rule also has {held}
 * (the object already held), {other} and {other_held} (the same two at
 * the opposite site).  A missing value reads "?", any other text is kept.
 *
 * Coverage: a function the analysis does not judge (compile errors in
 * it, a CFG that could not be modelled, a solution that did not converge)
 * is recorded with dv_sink_not_analysed under the descriptor's family.
 *
 * Ownership and threads: dv_ts_spec_load returns a spec freed with
 * dv_ts_spec_free; it points into the descriptor and the ruleset, which
 * must outlive it.  A spec is read-only once loaded and may be shared by
 * threads; dv_ts_check_tu keeps all its state on its own stack and heap.
 */
#ifndef DV_ENGINE_TYPESTATE_H
#define DV_ENGINE_TYPESTATE_H

#include "engine/sink.h"

/* How a RAII guard is constructed, told by a tag argument's type:
 * `std::unique_lock<std::mutex> g(m, std::defer_lock)`. */
enum dv_ts_guard_mode {
	DV_TS_GUARD_ACQUIRE = 0, /* no tag: the guard acquires its objects */
	DV_TS_GUARD_DEFER,       /* the guard holds nothing yet */
	DV_TS_GUARD_ADOPT,       /* the objects are already held */
	DV_TS_GUARD_TRY,         /* acquired or not: the outcome is not followed */
};

struct dv_ts_guard_tag {
	const char *type_part; /* substring of the tag type's name, "defer_lock" */
	enum dv_ts_guard_mode mode;
};

/*
 * A typestate family.  Rule ids are "family/name" of the family's rules
 * JSON; a NULL id is never reported (and its messages may be NULL); a
 * non-NULL id needs all of its messages (dv_ts_spec_load checks).
 */
struct dv_ts_family {
	const char *family; /* rules family whose "api" is read, and the coverage checker name */

	/* ---- the objects ---- */
	int default_deref;        /* object arguments name the object's address by default */
	int unknown_call_escapes; /* an object passed to an unknown function escapes */
	int local_objects_only;   /* exits report only objects held in local variables */
	/* Non-NULL: the tracked object is a state of the object argument (a
	 * transaction on a connection) and its key gets this suffix, which
	 * starts with '#'.  Handing the argument to unknown code may end that
	 * state. */
	const char *key_suffix;
	/* A handle handed off in a loop deeper than its acquire excuses an exit
	 * where it is still held: the path that skips the loop is usually a
	 * zero-trip loop, not a leak. */
	int loop_handoff_excuses_exit;
	/* Returning from main() ends the process, which releases the objects
	 * (descriptors, memory): no exit finding in main. */
	int process_exit_releases;
	/* The unheld rule reports only a second release of an object this
	 * function released before (a double free); a release after a failed
	 * acquire (free(NULL)) or of an object never acquired is no finding. */
	int unheld_only_after_release;
	/* Locks: an object held on every way out is only a wrapper's when the
	 * function's name (returns_held), a capability attribute or a caller
	 * in the TU says so; without that the exits are reported. */
	int held_exit_needs_evidence;
	/* Locks: releasing an object in its entry state is releasing what is
	 * not held when the function acquires that object on another path
	 * (and does not drop and retake a caller's hold), or when it is a
	 * global or local object and the function is no release wrapper
	 * (releases_held name, release/requires attribute, callers here). */
	int entry_release_unheld;
	/* RAII guard construction tags (first match wins) and a substring that
	 * every tag type's name contains ("_lock_t"); arguments of either kind
	 * are tags, not guarded objects.  Both may be NULL. */
	const struct dv_ts_guard_tag *guard_tags; /* terminated by a NULL type_part */
	const char *guard_tag_marker;

	/* ---- what is reported ---- */
	struct {
		const char *rule;       /* held at a way out: lock held, leak, unterminated */
		const char *at_return;  /* primary, at a return statement: {name} {via} */
		const char *at_end;     /* primary, at the closing brace: {name} {via} */
		const char *acquired_here; /* related, at the acquire: {name} */
		/* optional, at `p = realloc(p, n)`: {name} {via} (the resizing call);
		 * NULL = not reported */
		const char *lost_on_failure;
		/* optional, at `f = fopen(b)` / `f = NULL` while f still holds a
		 * handle acquired here: {name} {via} (the first acquire); NULL =
		 * not reported */
		const char *overwritten;
	} exit;
	struct {
		const char *rule;       /* acquired again while held */
		const char *message;    /* {name} */
		const char *first_here; /* related, at the first acquire: {name} */
		/* at a call whose callee acquires the held object inside (its
		 * summary), recursion included: {name} */
		const char *inner_message;
	} reacquire;
	struct {
		const char *rule;          /* try-acquire result ignored, then released */
		const char *message;       /* at the try-acquire: {name} {via} */
		const char *released_here; /* related, at the release: {name} */
	} try_unchecked;
	struct {
		const char *rule;          /* released while not held */
		const char *message;       /* {name} */
		const char *failed_here;   /* related, at an acquire that failed: {name} */
		const char *released_here; /* related, at the earlier release: {name} */
	} unheld;
	struct {
		const char *rule;          /* released by a function of another allocator kind */
		const char *message;       /* at the release: {name} {via} (the acquirer) {held}
					      (the releaser) */
		const char *acquired_here; /* related, at the acquire: {name} {via} */
	} mismatch;
	struct {
		const char *rule;            /* two objects acquired in opposite orders */
		const char *message;         /* {name} {held} {other} {other_held} */
		const char *held_here;       /* related, where {held} was acquired */
		const char *other_here;      /* related, where {other} was acquired */
		const char *other_held_here; /* related, where {other_held} was acquired */
		/* a cycle of three or more (NULL: not reported): {name} is the
		 * cycle ("'a' -> 'b' -> 'c' -> 'a'"); each step is related twice,
		 * held_here ({held}) and cycle_step ({name} acquired holding {held}) */
		const char *cycle_message;
		const char *cycle_step;
	} order;
	struct {
		const char *rule;          /* destroyed (or its container freed) while held */
		const char *message;       /* at the destroying call: {name} {via} */
		const char *acquired_here; /* related, at the acquire: {name} */
	} destroy_held;
};

struct dv_ts_spec;

/* Reads the family's API knowledge from `rules`.  Errors name the family
 * and the field (DV_ERR_INPUT), or the descriptor's missing message
 * (DV_ERR_INTERNAL). */
int dv_ts_spec_load(const struct dv_ruleset *rules, const struct dv_ts_family *fam,
		    struct dv_ts_spec **out, struct dv_error *err);
void dv_ts_spec_free(struct dv_ts_spec *spec); /* NULL-safe */

/* Runs the analysis over every function of tu->cg and reports to
 * tu->sink (findings and coverage gaps). */
void dv_ts_check_tu(const struct dv_ts_spec *spec, struct dv_tu_ctx *tu);

/*
 * The same three in the untyped shape of a checker's init / free /
 * check_tu (checkers/checker.h), so that a family's checker file plugs
 * them in and holds nothing but its descriptor:
 *   static int pool_init(rules, out, err)
 *   { return dv_ts_checker_init(rules, &pool_family, out, err); }
 *   ... .init = pool_init, .free = dv_ts_checker_free,
 *       .check_tu = dv_ts_checker_check_tu ...
 */
int dv_ts_checker_init(const struct dv_ruleset *rules, const struct dv_ts_family *fam, void **out,
		       struct dv_error *err);
void dv_ts_checker_free(void *spec);
void dv_ts_checker_check_tu(const void *spec, struct dv_tu_ctx *tu);

/* Helpers exposed for unit tests. */
/* Rewrites "(*(&X))" and "(&(*X))" to X in place. */
void dv_ts_key_simplify(char *key);
/* Substitutes P{i} roots of a summary key with args[i]; NULL when an
 * index is out of range or its argument has no key.  Caller frees. */
char *dv_ts_key_substitute(const char *tmpl, const char *const *args, unsigned n_args);
/* fnmatch-style pattern test ('*' and '?'), also against the last
 * "::" component of name. */
int dv_ts_name_matches(const char *pattern, const char *name);

#endif
