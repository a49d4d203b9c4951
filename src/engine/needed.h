/*
 * Which functions of a translation unit a diff-mode run must analyse.
 *
 * A diff-mode run keeps a finding when one of its locations (primary,
 * related, flow step) is on a changed line, or, with --scope functions,
 * when its primary is in a function the change touches.  A function's
 * findings lie in the function itself, in its callees (steps that
 * summaries carry) and, for caller-side evidence, in its callers.  So the
 * findings that can be kept come from
 *   R = the functions the change touches and their transitive callers
 *       (a changed callee changes a caller's summary-carried finding),
 * and judging them exactly needs what their analyses read:
 *   S = R and the transitive callees of R (the summaries R uses).
 * R is closed under callers, so caller-side facts a function of R reads
 * (the calls its callers make, the arguments they pass) come from S too.
 * Everything outside S is skipped: its findings cannot be kept and no
 * function of S depends on its analysis.
 *
 * Not skipped (the set is "every function"): a change on a line outside
 * every function definition of the main file (a global, a macro, a type,
 * a comment between functions: it may matter anywhere), a TU without a
 * change (check mode), and runs that export facts for the project index
 * (they describe every function).  A checker whose analysis relates
 * functions in other ways (values stored in globals, the order of locks
 * taken anywhere in the TU) widens its own set with dv_needed_widen, or
 * ignores the skip.
 *
 * The set lives in the TU context (struct dv_tu_ctx.needed): one service
 * for all checkers, consulted with dv_tu_fn_needed in their function loops.
 */
#ifndef DV_ENGINE_NEEDED_H
#define DV_ENGINE_NEEDED_H

#include "diff/diff.h"
#include "engine/callgraph.h"
#include "engine/sink.h"

/* A set over cg's functions: one byte per function, nonzero = analyse.
 * n_needed counts them.  Freed with dv_needed_free. */
struct dv_needed {
	unsigned char *fn;
	unsigned n_funcs, n_needed;
};

/* The set S above for `change` (the main file's change), or NULL when
 * every function is needed (see above; also on a NULL change or graph). */
struct dv_needed *dv_needed_build(const struct dv_callgraph *cg, const struct dv_file_change *change);
void dv_needed_free(struct dv_needed *n);

/* Nonzero when function fn of tu->cg must be analysed (always when the
 * TU has no set). */
int dv_tu_fn_needed(const struct dv_tu_ctx *tu, unsigned fn);

/* A checker's own wider set: tu's set plus `extra` (one byte per
 * function, nonzero = also needed) with their transitive callers when
 * `with_callers`, then closed under callees.  Returns NULL when tu has no
 * set (everything is needed); the caller frees the result with
 * dv_needed_free and consults it with dv_needed_has. */
struct dv_needed *dv_needed_widen(const struct dv_tu_ctx *tu, const unsigned char *extra,
				  int with_callers);
int dv_needed_has(const struct dv_needed *n, unsigned fn);

#endif
