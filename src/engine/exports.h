/*
 * Function facts worth knowing in other translation units: what a
 * checker's bottom-up summaries learnt about a TU's functions with
 * external linkage ("conn_open returns a new resources handle", "plog
 * passes parameter 1 to a format sink").  The project index stores them
 * per file (src/index/) and hands them back to later runs, where the
 * checkers read them for callees that neither the rules nor the TU
 * itself know (lowest priority: extra knowledge only, never a reason to
 * drop a finding the run would make on its own).
 *
 * One set per TU when exporting (dv_tu_ctx.exports, written by the
 * checkers, single-threaded), one read-only set per run when importing
 * (dv_tu_ctx.imports, shared by the worker threads once sorted).
 *
 * Ownership: a set owns its strings; dv_exports_release frees them.
 */
#ifndef DV_ENGINE_EXPORTS_H
#define DV_ENGINE_EXPORTS_H

#include <stddef.h>

/*
 * What a fact says.  Most facts only add knowledge (a factory, a sink, a
 * query, a lock taken).  A few can remove a finding the run would make on
 * its own (a lock released, a logger, an authorization check, callers
 * that all check): they are what keeps a wrapper-heavy project from
 * drowning in false alarms, and the index is read only when the user
 * names it (see index/index.h for the trust model).
 */
enum dv_export_kind {
	DV_EXPORT_RETURNS_HANDLE, /* typestate family: every return is a new object or a failure */
	DV_EXPORT_SINK,           /* parameter `param` reaches a sink of rule `rule` */
	/* typestate family: on every return the object `what` (a key template
	 * of engine/typestate.h: "P{0}->mu", a global's USR) is held / was
	 * released (it was held on entry) */
	DV_EXPORT_ACQUIRES,
	DV_EXPORT_RELEASES,
	/* nplus1: a call runs a database round trip: `op` the strongest one
	 * (the checker's np_op), `what` the API reached, `depth` the wrapper
	 * levels below, `param` the SQL text's parameter, `param2` the
	 * connection's (-1: neither) */
	DV_EXPORT_QUERIES,
	/* logging: `op` 1 logs on every path that returns (a project logger),
	 * 0 declared printf-like but writes no log (a formatter) */
	DV_EXPORT_LOGS,
	/* permission: an authorization check wrapper: `op` 1 its result is a
	 * check's (`param` the pass sense, dv_check_pass; `param2` 1: any
	 * decisive test), 2 it does not return when the check fails */
	DV_EXPORT_CHECKS,
	/* permission: how this file calls `function`, defined elsewhere: `op`
	 * 1 every call guarded by a check, 2 some call unguarded, 3 its
	 * address is taken (callers unknown) */
	DV_EXPORT_CALLED,
	/* injection: the function hands out untrusted data: `param` -1 its
	 * return value, N what its pointer parameter N points to (an
	 * out-parameter); `what` the source it reads (fgets, recv) */
	DV_EXPORT_TAINTS,
	/* any family: parameter `param` is passed on, as parameter `param2`,
	 * to `what`, a function this file does not define.  The import
	 * resolves chains of them (dv_exports_resolve): a file's facts depend
	 * on its content only, the index stays content-addressed, and a sink
	 * three files away is still known to the first caller. */
	DV_EXPORT_FORWARDS,
	/* typestate family: what pointer parameter `param` points to is only
	 * used: never released, kept, passed on nor returned (a caller that
	 * owns it still owns it after the call); with `what` (a global's
	 * key, `param` -1): it reads what that global holds and leaves it */
	DV_EXPORT_BORROWS,
	/* family "constants" (engine/consts.h): a constant global or
	 * function, a global this file writes, a file not (fully) indexed */
	DV_EXPORT_CONSTANT,
	DV_EXPORT_WRITES,
	DV_EXPORT_UNINDEXED,
	/* injection: how this file calls `function`, defined elsewhere:
	 * argument `param` carries taint of the rules `op`; `what` the
	 * calling function, `line` the call.  Passed on along FORWARDS
	 * (dv_exports_resolve): what a chain's first caller passes reaches the
	 * function at its end, whose sink the callers' data then decide. */
	DV_EXPORT_PASSES,
	/* injection: a function of this file (`what`) stores into the global
	 * `function` (external linkage) a value tainted under the rules `op`,
	 * `param2` 1 when it is not a constant: what another file's reader
	 * of the global starts from */
	DV_EXPORT_STORES,
	/* typestate family with a lock-order rule: in `function`, lock `rule`
	 * (an order id, typestate_order_index.c) is acquired at `line` while
	 * `what` is held.  Only locks that are the same object in every file:
	 * globals with external linkage, struct fields by type and field. */
	DV_EXPORT_ORDER,
	DV_EXPORT_NKINDS
};

extern const char *const dv_export_kind_names[DV_EXPORT_NKINDS];

struct dv_export {
	char *function; /* the function's key: its name in C, a USR in C++ (front/cxx.h) */
	char *family;
	enum dv_export_kind kind;
	int param;  /* SINK: parameter index; see the kinds; else -1 */
	char *rule; /* SINK: rule id; else NULL */
	char *what; /* ACQUIRES/RELEASES: object key; QUERIES: API; else NULL */
	int param2; /* see the kinds; else -1 */
	int op;     /* see the kinds; else 0 */
	int depth;  /* QUERIES: wrapper levels; else 0 */
	/* where the fact is (SINK: the sink call), when known: line in the
	 * file (0: unknown); file is set by the import (the entry's path,
	 * relative to the index's root), never stored per fact */
	int line;
	char *file;
};

struct dv_exports {
	struct dv_export *items;
	size_t n, alloc;
	int sorted;
};

void dv_exports_add(struct dv_exports *x, const char *function, const char *family,
		    enum dv_export_kind kind, int param, const char *rule);
/* Adds a copy of *e (any kind; its strings are copied). */
void dv_exports_add_fact(struct dv_exports *x, const struct dv_export *e);
/* A fact with only function, family and kind set (param, param2 -1),
 * for dv_exports_add_fact; borrows the strings. */
struct dv_export dv_export_fact(const char *function, const char *family,
				enum dv_export_kind kind);
/* Sorts by (function, family) and drops duplicates; needed before find. */
void dv_exports_sort(struct dv_exports *x);
/* The entries of `function` for `family` (*n of them, consecutive), or
 * NULL.  x may be NULL. */
const struct dv_export *dv_exports_find(const struct dv_exports *x, const char *function,
					const char *family, size_t *n);
/*
 * Resolves FORWARDS facts (sorted x, re-sorted on return): a parameter
 * passed on to a function whose parameter reaches a sink (SINK) gets
 * that SINK fact itself, with the location of the sink it comes from;
 * for the typestate families, whose FORWARDS are unconditional hand-offs
 * (the parameter's only use, on every return), a callee that only reads
 * it (BORROWS) or releases it (RELEASES "P{n}") gives the forwarding
 * function the same fact of its own parameter.  One round per link, at
 * most 32 (chains longer than that stay unknown).
 * Likewise a PASSES fact to a function that forwards that parameter
 * gives the forwarded-to function a PASSES fact (same origin).
 */
void dv_exports_resolve(struct dv_exports *x);
/* Kind named `name` or -1. */
int dv_export_kind_of(const char *name);
void dv_exports_release(struct dv_exports *x);

#endif
