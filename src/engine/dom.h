/*
 * Statement-level dominance, post-dominance and "guarded by a check" over
 * a dv_cfg.
 *
 * A position is an element of a block (struct dv_pos).  A dominates B
 * when every path from the entry to B goes through A (same block: A's
 * element comes first or is B); B post-dominates A when every path from A
 * to the function's exit goes through B.  Paths that die in a noreturn
 * call (exit, abort, a configured noreturn function) never return, so
 * they do not count: in `if (!ok) abort(); op();` op post-dominates the
 * test.  Blocks from which the exit cannot be reached (infinite loops,
 * the abort block itself) post-dominate nothing and are post-dominated
 * by nothing.  Unreachable blocks take part in no relation.
 *
 * Guards: dv_dom_guarded answers "does X run only on paths where the
 * result of the check call C passed?".  The check's value is tested by a
 * branch whose atomic condition is C itself or a variable C's value was
 * stored in (`int ok = check(u);`, `rc = check(u)`, `(rc = check(u)) < 0`),
 * normalised with dv_cond_normalize; a TRUE/FALSE/CASE edge whose values
 * all pass (per the check's convention) sets "passed", one whose values
 * all fail clears it, others keep it.  X is guarded when "passed" holds on
 * every path from the entry to X (a must-analysis joined with AND).  So
 * `if (!is_admin(u)) return -EPERM; op();`, `if (is_admin(u)) op();`,
 * `if (check(u) < 0) goto out; op();` and `if (!is_admin(u) || x) return;`
 * all guard op; a check on one branch only does not guard what follows
 * the join.  Reassigning the result variable between the check and the
 * test is not modelled.
 *
 * Ownership: dv_dom_build returns a structure freed with dv_dom_free; it
 * refers to the cfg, which must outlive it.
 */
#ifndef DV_DOM_H
#define DV_DOM_H

#include "engine/cfg.h"

struct dv_dom;

struct dv_pos {
	unsigned block;
	unsigned elem;
};

/* How a check's return value says "passed". */
enum dv_check_pass {
	DV_PASS_NONZERO, /* nonzero / true passes (is_admin, has_permission) */
	DV_PASS_ZERO,    /* 0 passes, any other value fails (errno-style codes) */
	DV_PASS_NONNEG,  /* >= 0 passes, negative fails (-EPERM style) */
};

struct dv_dom *dv_dom_build(const struct dv_cfg *cfg);
void dv_dom_free(struct dv_dom *dom);

/* The element that evaluates `c` (the smallest element whose extent
 * contains it, in the block dv_cfg_block_of finds).  Returns 0 and fills
 * *out, or -1 when c is in no element of a reachable block. */
int dv_dom_locate(const struct dv_dom *dom, CXCursor c, struct dv_pos *out);

/* Block-level post-dominance: nonzero when every path from a to an end
 * passes b (b == a counts). */
int dv_dom_block_postdominates(const struct dv_dom *dom, unsigned b, unsigned a);
/* Immediate post-dominator of block a, or UINT_MAX (ends, blocks with no
 * way to an end, unreachable blocks). */
unsigned dv_dom_ipdom(const struct dv_dom *dom, unsigned a);

/* Element level (see the contract above). */
int dv_dom_dominates(const struct dv_dom *dom, struct dv_pos a, struct dv_pos b);
int dv_dom_postdominates(const struct dv_dom *dom, struct dv_pos b, struct dv_pos a);

/* Nonzero when position x runs only where the check call `check` (a
 * CallExpr of this function) passed.  The function's exit is a position
 * too: { cfg->exit, 0 } asks whether every normal return passed the
 * check (a "checks authorization or fails" summary). */
int dv_dom_guarded(const struct dv_dom *dom, CXCursor check, enum dv_check_pass pass,
		   struct dv_pos x);

/* Nonzero when some branch condition tests the value of `check` (itself
 * or through the variable it was stored in), whatever the edges imply. */
int dv_dom_result_tested(const struct dv_dom *dom, CXCursor check);

#endif
