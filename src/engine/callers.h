/*
 * Top-down passes over a TU's call graph, for "every caller checks"
 * questions (an authorization check done in the only caller counts).
 *
 * dv_callgraph_top_down runs a step callers-first: the reverse of the
 * bottom-up order, so every caller outside fn's recursive SCC has been
 * stepped before fn; the members of a recursive SCC are revisited until
 * no step reports a change (at most max_rounds rounds).
 *
 * Whether "every caller" is meaningful: a function's callers are all
 * known only when it has internal linkage (static, anonymous namespace)
 * and its address is never taken in the main file (no function pointer
 * tables, no callbacks).  dv_callers_info computes that once per TU.
 *
 * Ownership: dv_callers_info_new returns a structure freed with
 * dv_callers_info_free; it borrows the call graph.
 */
#ifndef DV_CALLERS_H
#define DV_CALLERS_H

#include <clang-c/Index.h>
#include "engine/callgraph.h"

void dv_callgraph_top_down(struct dv_callgraph *cg, int (*step)(void *ctx, unsigned fn), void *ctx,
			   unsigned max_rounds);

/* Calls visit(ctx, call) for every CallExpr in the body of `caller` that
 * calls function `callee` of the graph (lambda bodies nested in the caller
 * are their own functions and are skipped).  Returns the count. */
unsigned dv_call_sites(struct dv_callgraph *cg, unsigned caller, unsigned callee,
		       void (*visit)(void *ctx, CXCursor call), void *ctx);

struct dv_callers_info {
	const struct dv_callgraph *cg;
	unsigned char *address_taken; /* per function: referenced other than as a callee */
	unsigned char *internal;      /* per function: internal linkage */
};

struct dv_callers_info *dv_callers_info_new(struct dv_callgraph *cg, CXTranslationUnit tu);
void dv_callers_info_free(struct dv_callers_info *ci);

/* Calls visit(ctx, name) for every reference in the main file to a
 * function the TU declares but does not define, other than as the callee
 * of a call: its address is taken here (a dispatch table, a callback), so
 * the file that defines it cannot know all its callers.  A name may come
 * more than once. */
void dv_callers_external_address_taken(struct dv_callgraph *cg, CXTranslationUnit tu,
				       void (*visit)(void *ctx, const char *name), void *ctx);

/* Nonzero when every call of fn is one of the call sites in this TU. */
int dv_callers_all_known(const struct dv_callers_info *ci, unsigned fn);

/*
 * Nonzero when fn's callers are all known, it has at least one call site,
 * and check(ctx, caller, call) holds at every call site.
 */
int dv_every_caller(struct dv_callgraph *cg, const struct dv_callers_info *ci, unsigned fn,
		    int (*check)(void *ctx, unsigned caller, CXCursor call), void *ctx);

#endif
