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
 * The graph caches each function's CFG (built on first request).
 * Ownership: dv_callgraph_build returns a graph freed with
 * dv_callgraph_free, which also frees the cached CFGs.  Not thread-safe.
 */
#ifndef DV_CALLGRAPH_H
#define DV_CALLGRAPH_H

#include <clang-c/Index.h>
#include "engine/cfg.h"

struct dv_function {
	CXCursor cursor;
	char *name;       /* spelling, e.g. "handle_request" */
	char *usr;        /* unique across the TU */
	unsigned *callees; /* indices of called functions of this graph */
	unsigned n_callees;
	unsigned *callers;
	unsigned n_callers;
	unsigned scc;
	int recursive;    /* in a cycle (including self-recursion) */
	struct dv_cfg *cfg; /* cache, use dv_callgraph_cfg */
};

struct dv_callgraph {
	struct dv_function *funcs;
	unsigned n_funcs;
	unsigned *bottom_up; /* permutation of 0..n_funcs-1 */
	unsigned n_sccs;
	struct dv_cg_index *index; /* private: USR lookup */
};

struct dv_callgraph *dv_callgraph_build(CXTranslationUnit tu);
void dv_callgraph_free(struct dv_callgraph *cg);

/* Index of the function defined by `decl` (any redeclaration), or -1. */
long dv_callgraph_lookup(const struct dv_callgraph *cg, CXCursor decl);
/* Index of the function a CallExpr calls, or -1 when not defined here. */
long dv_callgraph_callee(const struct dv_callgraph *cg, CXCursor call);

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
