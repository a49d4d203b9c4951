/*
 * Per-function control-flow graph built from libclang's AST.
 *
 * Blocks hold elements in evaluation order.  Short-circuit operators
 * (&&, ||), the conditional operator (?:) and the comma operator are split
 * into blocks, so every branch condition is an atomic expression: a block
 * that ends in a two-way branch has `cond` set (the last element evaluated
 * it) and two successors with DV_EDGE_TRUE / DV_EDGE_FALSE.  An element
 * that contains an operator split this way lists the split operand (the
 * whole `a && b` / `c ? x : y` sub-expression) in `opaque`: its value was
 * computed by other blocks and the event walker does not enter it again.
 *
 * Paths that end (return, falling off the end) reach `exit` after a
 * DV_ELEM_EXIT element; calls to noreturn functions (exit, abort, _exit,
 * longjmp, __builtin_unreachable, functions declared noreturn) end their
 * block with no successor, so no path through them reaches `exit`.
 * C++ locals with a non-trivial destructor get DV_ELEM_SCOPE_EXIT
 * elements on every path that leaves their scope (fall-through, break,
 * continue, return, goto), innermost first.  `throw` and calls inside
 * `try` get conservative DV_EDGE_EXCEPTION edges to the handlers.
 *
 * Ownership: dv_cfg_build returns a graph freed with dv_cfg_free; cursors
 * inside are valid as long as the translation unit.
 */
#ifndef DV_CFG_H
#define DV_CFG_H

#include <clang-c/Index.h>
#include <stddef.h>

enum dv_elem_kind {
	DV_ELEM_EXPR,       /* expression evaluated here; cursor = the expression */
	DV_ELEM_DECL,       /* local variable declaration; cursor = VarDecl (init inside) */
	DV_ELEM_RETURN,     /* cursor = ReturnStmt (its value is part of this element) */
	DV_ELEM_SCOPE_EXIT, /* cursor = VarDecl whose destructor runs here */
	DV_ELEM_EXIT,       /* the path leaves the function; cursor = ReturnStmt, or the
			       function body (CompoundStmt) when falling off the end */
	DV_ELEM_MEMBER_INIT, /* C++ constructor: a member initialiser `m_(v)`, before the
				body; cursor = the initialising expression */
};

struct dv_elem {
	enum dv_elem_kind kind;
	CXCursor cursor;
	CXCursor *opaque; /* sub-expressions evaluated elsewhere (see above) */
	unsigned n_opaque;
};

enum dv_edge_kind {
	DV_EDGE_NORMAL,
	DV_EDGE_TRUE,      /* condition held */
	DV_EDGE_FALSE,     /* condition failed */
	DV_EDGE_CASE,      /* switch: to a case label; case_value valid */
	DV_EDGE_DEFAULT,   /* switch: to default, or past the switch when no default */
	DV_EDGE_EXCEPTION, /* conservative edge to a catch handler */
	DV_EDGE_BACK,      /* NORMAL edge that closes a loop (target is a loop header) */
};

struct dv_edge {
	unsigned to;
	enum dv_edge_kind kind;
	long long case_value; /* DV_EDGE_CASE only (low end for GNU case ranges) */
};

struct dv_block {
	unsigned id;
	struct dv_elem *elems;
	unsigned n_elems;
	CXCursor cond;        /* branch condition (atomic), or null cursor */
	CXCursor terminator;  /* statement that ends the block (if/while/for/switch/goto/...), or null */
	struct dv_edge *succ;
	unsigned n_succ;
	unsigned *pred;
	unsigned n_pred;
	int noreturn;         /* ends with a call that never returns */
};

struct dv_cfg {
	CXCursor func;        /* the FunctionDecl / CXXMethod / LambdaExpr ... */
	CXCursor body;        /* its CompoundStmt */
	struct dv_block *blocks;
	unsigned n_blocks;
	unsigned entry, exit;
	int incomplete;       /* something could not be modelled (computed goto, size limit) */
	/* derived, filled by dv_cfg_build */
	unsigned *rpo;        /* reachable blocks in reverse postorder */
	unsigned n_rpo;
	unsigned *idom;       /* immediate dominator; idom[entry] == entry; UINT_MAX if unreachable */
	unsigned *loop_depth; /* number of natural loops containing each block */
	CXCursor *loop_stmt;  /* per block: the for/while/do/range-for statement whose
				 loop this block heads (null cursor otherwise) */
	unsigned *dom_pre, *dom_post; /* private: dominator tree numbering (O(1) dominance) */
	struct dv_cfg_events *events; /* private: the blocks' events, walked once (dataflow.c) */
	struct dv_cfg_span **spans;   /* private: per block, its elements' spans (dv_cfg_elem_spans) */
};

/* Frees the event cache of a CFG (dataflow.c); dv_cfg_free calls it. */
struct dv_cfg_events;
void dv_cfg_events_release(struct dv_cfg_events *ev);

/* Builds the CFG of a function-like cursor with a body.  Returns NULL when
 * the cursor has no body.  Never fails on odd code: unknown statements are
 * treated as plain expressions and `incomplete` is set when control flow
 * could not be modelled. */
struct dv_cfg *dv_cfg_build(CXCursor func);
void dv_cfg_free(struct dv_cfg *cfg);

/* Nonzero when block a dominates block b (both reachable). */
int dv_cfg_dominates(const struct dv_cfg *cfg, unsigned a, unsigned b);

/* Pre/post numbers of an iterative DFS over the tree given by parent[]
 * (UINT_MAX: not in the tree) from `root`: x is an ancestor of y iff
 * pre[x] <= pre[y] && post[y] <= post[x].  Nodes off the tree get
 * UINT_MAX.  Used for dominator and post-dominator trees. */
void dv_tree_number(const unsigned *parent, unsigned n, unsigned root, unsigned *pre,
		    unsigned *post);

/* Natural loops: header and member blocks, innermost loops first. */
struct dv_loop {
	unsigned header;
	unsigned *blocks; /* sorted */
	unsigned n_blocks;
	CXCursor stmt;    /* the for/while/do statement when the loop came from one */
};
/* Computes the natural loops (back edges to dominating headers); the
 * array is owned by the caller: free with dv_loops_free. */
unsigned dv_cfg_loops(const struct dv_cfg *cfg, struct dv_loop **out);
void dv_loops_free(struct dv_loop *loops, unsigned n);

/* The block whose element list contains `c` or one of its ancestors as an
 * element (by extent containment), or UINT_MAX. */
unsigned dv_cfg_block_of(const struct dv_cfg *cfg, CXCursor c);

/* An extent as expansion-location offsets; file is NULL when it has none
 * (and for EXIT / SCOPE_EXIT elements, which no lookup matches). */
struct dv_cfg_span {
	CXFile file;
	unsigned start, end;
};
struct dv_cfg_span dv_cfg_span_of(CXCursor c);
/* The spans of block b's elements, indexed like its elems, computed once
 * per CFG on first use: lookups by containment ask for them once per
 * event, and each costs two expansion-location queries to libclang. */
const struct dv_cfg_span *dv_cfg_elem_spans(const struct dv_cfg *cfg, unsigned b);

/* Debug dump (blocks, elements with line numbers, edges) for tests. */
void dv_cfg_dump(const struct dv_cfg *cfg, void *file /* FILE* */);

#endif
