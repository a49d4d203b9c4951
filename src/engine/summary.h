/*
 * Bottom-up function summaries, one store per translation unit.
 *
 * A checker describes its summary kind with a `struct dv_summary_kind`
 * (size of one summary, how to reset and release it) and keeps it in the
 * store under that descriptor's address, so kinds of different checkers
 * never collide and no registry is needed: "may run a query" (nplus1),
 * "checks authorization", "logs", ... all live in the same mechanism.
 * Summaries are indexed by the function index of the TU's call graph.
 *
 * dv_summaries_compute runs the checker's step over the call graph
 * bottom-up (callees first; recursive SCCs iterated until no summary
 * changes, at most max_rounds rounds), handing the step the summary it
 * fills; a step reads its callees' summaries with dv_summary_get or
 * dv_summary_of_call.  Summaries of functions not yet visited are in their
 * initial state (zeroed, then `init`).
 *
 * Ownership: dv_summaries_new returns a store freed with
 * dv_summaries_free, which releases every summary (kind->release) and
 * borrows nothing but the call graph, which must outlive it.  The kind
 * descriptors must outlive the store.  Not thread-safe (one per TU).
 */
#ifndef DV_SUMMARY_H
#define DV_SUMMARY_H

#include <stddef.h>
#include <clang-c/Index.h>
#include "engine/callgraph.h"

struct dv_summary_kind {
	const char *name;                /* for debugging, e.g. "nplus1/may-query" */
	size_t size;                     /* bytes of one summary */
	void (*init)(void *summary);     /* after zeroing; may be NULL */
	void (*release)(void *summary);  /* frees what the summary owns; may be NULL */
};

struct dv_summaries;

struct dv_summaries *dv_summaries_new(struct dv_callgraph *cg);
void dv_summaries_free(struct dv_summaries *s);

/* Adds the table of `kind` (all summaries in their initial state) when it
 * is not there yet.  Returns 0. */
int dv_summaries_add_kind(struct dv_summaries *s, const struct dv_summary_kind *kind);
/* Nonzero when the table of `kind` exists. */
int dv_summaries_has_kind(const struct dv_summaries *s, const struct dv_summary_kind *kind);

/* The summary of function `fn` of `kind` (writable), or NULL when the
 * kind was never added or fn is out of range. */
void *dv_summary_get(struct dv_summaries *s, const struct dv_summary_kind *kind, unsigned fn);
/* The summary of the function a CallExpr calls, or NULL when the callee
 * is not defined in this TU (or the kind is absent). */
void *dv_summary_of_call(struct dv_summaries *s, const struct dv_summary_kind *kind, CXCursor call);

/*
 * Adds `kind` if needed and fills it bottom-up: `step(ctx, fn, summary)`
 * computes fn's summary in place and returns nonzero when it changed.
 */
void dv_summaries_compute(struct dv_summaries *s, const struct dv_summary_kind *kind,
			  int (*step)(void *ctx, unsigned fn, void *summary), void *ctx,
			  unsigned max_rounds);

struct dv_callgraph *dv_summaries_callgraph(const struct dv_summaries *s);

#endif
