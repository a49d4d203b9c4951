/*
 * Translation-unit call graph and bottom-up summary scheduling.
 *
 * Nodes are the function definitions (functions, methods, constructors,
 * lambdas) whose body is in the TU's main file.  Edges are direct calls
 * resolved through libclang's referenced declaration (by USR).  The
 * bottom-up order lists callees before callers; the members of a
 * recursive strongly connected component are adjacent and share scc id.
 *
 * A lambda is a node of its own (name "lambda@LINE"); its enclosing
 * function gets an edge to it, as calling it is the usual reason to
 * write one.
 *
 * The graph caches the CFGs asked for (built on first request) up to
 * DV_CG_CFG_BUDGET bytes: a TU's CFGs stay cached as long as they fit, and
 * memory stays bounded on a generated TU with a million functions, where
 * keeping every CFG took gigabytes.  The first CFGs asked for, up to half
 * the budget, stay for the TU; the others are evicted oldest first
 * (rebuilt when asked for again).  Every family walks the functions in
 * the same order, so on a TU that does not fit, evicting only the oldest
 * rebuilt every CFG on every pass; the resident half is rebuilt never.
 * Ownership: dv_callgraph_build returns a graph freed with
 * dv_callgraph_free, which also frees the cached CFGs.  Not thread-safe.
 */
#ifndef DV_CALLGRAPH_H
#define DV_CALLGRAPH_H

#include <clang-c/Index.h>
#include "engine/cfg.h"

#include <stddef.h>

#ifndef DV_CG_CFG_BUDGET /* a test build may lower it to evict on every request */
#define DV_CG_CFG_BUDGET ((size_t)16 << 20)
#endif

struct dv_function {
	CXCursor cursor;
	char *name;       /* spelling, e.g. "handle_request" */
	char *usr;        /* unique across the TU */
	/* the identity of its facts in other TUs (front/cxx.h): name for C
	 * (points to `name`), USR for C++ (points to `usr`) */
	const char *key;
	unsigned *callees; /* indices of called functions of this graph */
	unsigned n_callees;
	unsigned *callers;
	unsigned n_callers;
	unsigned scc;
	int recursive;    /* in a cycle (including self-recursion) */
	struct dv_cfg *cfg; /* cache (or NULL), use dv_callgraph_cfg */
	size_t cfg_bytes;   /* private: its estimated size */
};

struct dv_cg_override {
	char *base;
	CXCursor method;
};

struct dv_callgraph {
	struct dv_function *funcs;
	unsigned n_funcs;
	unsigned *bottom_up; /* permutation of 0..n_funcs-1 */
	unsigned n_sccs;
	struct dv_cg_index *index; /* private: USR lookup */
	/* private: functions whose CFG is cached, oldest first from cfg_head */
	unsigned *cfg_queue;
	unsigned cfg_head, n_cfg_queue;
	size_t cfg_bytes;        /* all cached CFGs */
	size_t cfg_pinned_bytes; /* those that stay (not in cfg_queue) */
	/* private: (overridden method's USR, overriding method) pairs of the
	 * TU outside system headers, sorted by USR (C++ TUs only) */
	struct dv_cg_override *overriders;
	size_t n_overriders;
};

struct dv_callgraph *dv_callgraph_build(CXTranslationUnit tu);
void dv_callgraph_free(struct dv_callgraph *cg);

/* Index of the function defined by `decl` (any redeclaration), or -1. */
long dv_callgraph_lookup(const struct dv_callgraph *cg, CXCursor decl);
/* Index of the function a CallExpr calls, or -1 when not defined here.
 * A virtual call on an object whose dynamic type the function makes
 * certain (front/cxx.h) calls that type's override; one of unknown
 * dynamic type whose method the TU overrides somewhere: -1 (it may run
 * any of them, dv_callgraph_targets). */
long dv_callgraph_callee(const struct dv_callgraph *cg, CXCursor call);

/*
 * The functions a call may run, for the facts of callees that the TU
 * does not define (the project index): a C function or non-virtual
 * method, the declared one; a virtual call, the override of the
 * object's dynamic type when known (devirtualised), else the method
 * itself (unless pure) and every override of it that the TU declares
 * (headers included).  `exact`: a single target the call certainly runs
 * (anything else may still run an override that no file here declares:
 * a fact that removes a finding, such as a release, needs `exact`; one
 * that adds one, such as a sink, holds in any target).  n == 0: no
 * target known (a call through a function pointer, or too many).
 */
#define DV_CALL_TARGETS_MAX 8
struct dv_call_targets {
	CXCursor decl[DV_CALL_TARGETS_MAX];
	unsigned n;
	int exact;
};
void dv_callgraph_targets(const struct dv_callgraph *cg, CXCursor call, struct dv_call_targets *out);
/* Nonzero when function fn may have facts for other TUs: a function or
 * method with external linkage (not a template, a lambda, a constructor). */
int dv_callgraph_exported(const struct dv_callgraph *cg, unsigned fn);

/* The CFG of function fn (NULL if fn is out of range or has no body).
 * It stays valid until the CFG of another function is asked for: use one
 * at a time, never keep it (or anything pointing into it, such as a
 * struct dv_dom) across the functions of the graph. */
const struct dv_cfg *dv_callgraph_cfg(struct dv_callgraph *cg, unsigned fn);

/*
 * Runs `step(ctx, fn)` over the functions bottom-up.  `step` returns
 * nonzero when the summary of fn changed; within a recursive SCC the
 * members are revisited until nothing changes, at most `max_rounds`
 * rounds (then the last summaries stand).
 */
void dv_callgraph_bottom_up(struct dv_callgraph *cg, int (*step)(void *ctx, unsigned fn), void *ctx,
			    unsigned max_rounds);

#endif
