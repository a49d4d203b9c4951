/*
 * Path-independent answers about one function's branch edges, kept
 * while logging_paths.c analyses that function.
 *
 * The error-path worklist visits an edge once per sweep and once more in
 * the replay; each visit used to normalise the edge's condition twice,
 * ask whether the condition comes from a logging macro, match the tested
 * callee's name against every name list and render the comparand's text
 * (`rc != SQLITE_OK`).  The condition, the spec and the callee summaries
 * (fixed while one function is analysed) are all these depend on, except
 * which call a tested local holds on a path: the failure test is kept for
 * the last call seen on that edge.
 *
 * Ownership: lg_memo_init allocates, lg_memo_release frees (a zeroed
 * struct is released safely); cursors point into the TU.
 */
#ifndef DV_LOGGING_MEMO_H
#define DV_LOGGING_MEMO_H

#include "checkers/logging.h"
#include "engine/cfg.h"
#include "engine/dataflow.h"

/* A failure test of a call result on the edge from -> to. */
struct lg_test {
	unsigned from, to;
	CXCursor cond, call;
	long callee;  /* TU function index or -1 */
	int capable;  /* the callee does not trace its own failure */
	int errno_ok; /* the callee leaves errno set on failure */
	struct dv_cond_atom atom; /* what held on the failing edge */
};

struct lg_edge_memo {
	signed char norm;   /* dv_cond_normalize's result (0 or 1); 2 = not computed */
	signed char fail;   /* the failure test of ft_call; -1 = not computed */
	struct dv_cond_atom atom;
	CXCursor ft_call;
	struct lg_test ft;  /* the failure test's fields when fail */
};

struct lg_memo {
	const struct lg_tu *t;
	const struct dv_cfg *cfg;
	unsigned *edge_base;       /* per block: its first edge's index in edges */
	struct lg_edge_memo *edges;
	signed char *macro_cond;   /* per block: its condition is a logging macro's; -1 unknown */
};

void lg_memo_init(struct lg_memo *m, const struct lg_tu *t, const struct dv_cfg *cfg);
void lg_memo_release(struct lg_memo *m);
/* The memo of edge e, a successor edge of block b. */
struct lg_edge_memo *lg_memo_edge(struct lg_memo *m, unsigned b, const struct dv_edge *e);
/* dv_cond_normalize of the edge's branch: its result, *a filled when 0. */
int lg_memo_atom(struct lg_memo *m, unsigned b, const struct dv_edge *e, struct dv_cond_atom *a);
/* lg_in_logging_macro of block b's condition. */
int lg_memo_cond_logs(struct lg_memo *m, unsigned b);

#endif
