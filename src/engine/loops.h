/*
 * Loop membership and nesting per CFG block and per statement.
 *
 * Built on the natural loops of a CFG (dv_cfg_loops: one loop per header,
 * all back edges into that header merged), so for/while/do/range-for and
 * loops made of a backward goto are all seen the same way.  Natural loops
 * are either nested or disjoint, which gives a forest: every loop has at
 * most one immediately enclosing loop.
 *
 * Each loop carries the statement a reviewer recognises as "the loop":
 * the for/while/do/range-for statement when the loop came from one, else
 * the label a backward goto jumps to (DV_LOOP_GOTO), else the first
 * element of the header block (DV_LOOP_OTHER).
 *
 * Ownership: dv_loopnest_build returns a structure freed with
 * dv_loopnest_free; it borrows the CFG, which must outlive it.
 */
#ifndef DV_LOOPS_H
#define DV_LOOPS_H

#include <clang-c/Index.h>
#include "engine/cfg.h"

#define DV_LOOP_NONE 0xFFFFFFFFu

enum dv_loop_kind {
	DV_LOOP_FOR,
	DV_LOOP_WHILE,
	DV_LOOP_DO,
	DV_LOOP_RANGE_FOR, /* C++ for (x : range) */
	DV_LOOP_GOTO,      /* a label jumped to from below */
	DV_LOOP_OTHER,
};

struct dv_loopinfo {
	unsigned header;          /* header block */
	const unsigned *blocks;   /* member blocks, sorted */
	unsigned n_blocks;
	unsigned parent;          /* index of the enclosing loop, or DV_LOOP_NONE */
	unsigned depth;           /* 1 for an outermost loop */
	enum dv_loop_kind kind;
	CXCursor stmt;            /* the loop statement / label (see above); may be null */
};

struct dv_loopnest {
	const struct dv_cfg *cfg;
	struct dv_loopinfo *loops; /* innermost (smallest) first */
	unsigned n_loops;
	unsigned *innermost;       /* per block: innermost loop index, or DV_LOOP_NONE */
	struct dv_loop *raw;       /* private */
};

struct dv_loopnest *dv_loopnest_build(const struct dv_cfg *cfg);
void dv_loopnest_free(struct dv_loopnest *ln);

/* Nonzero when `block` is a member of loop `loop`. */
int dv_loopnest_contains(const struct dv_loopnest *ln, unsigned loop, unsigned block);

/*
 * The loops containing `block`, innermost first, written to out[0..max)
 * (out may be NULL to count only).  Returns how many contain it.
 */
unsigned dv_loopnest_of_block(const struct dv_loopnest *ln, unsigned block, unsigned *out,
			      unsigned max);

/*
 * The same for a statement or expression cursor inside the function: the
 * loops containing the CFG element that evaluates it (dv_cfg_block_of).
 * A for statement's init is outside its loop; its condition and increment
 * are inside.  Returns 0 for cursors the CFG does not evaluate.
 */
unsigned dv_loopnest_of_cursor(const struct dv_loopnest *ln, CXCursor c, unsigned *out,
			       unsigned max);

/* Innermost loop holding `c`, or DV_LOOP_NONE. */
unsigned dv_loopnest_innermost_of(const struct dv_loopnest *ln, CXCursor c);

/* Nonzero when some edge leaves loop `loop` from block `from` to `to`
 * (to outside the loop).  Convenience for exit analyses. */
int dv_loopnest_is_exit_edge(const struct dv_loopnest *ln, unsigned loop, unsigned from,
			     unsigned to);

const char *dv_loop_kind_name(enum dv_loop_kind k);

#endif
