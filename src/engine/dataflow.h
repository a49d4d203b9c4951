/*
 * Forward worklist dataflow over a dv_cfg, generic over a checker's
 * lattice, delivered as events.
 *
 * The engine walks each element in evaluation order (operands before the
 * operator, arguments before the call, initialiser before the declared
 * variable; lambdas and `opaque` sub-expressions are not entered) and
 * calls `transfer` with one event per call, assignment, declaration,
 * return, scope exit and function exit.  On each TRUE/FALSE/CASE edge it
 * calls `branch` on a copy of the state so that the checker can refine it
 * on the tested condition.
 *
 * States are opaque to the engine.  NULL stands for bottom (unreached).
 * `join` must be monotone and the lattice of finite height; the solver
 * still stops after `max_visits` visits of any block (result marked
 * incomplete, checkers should then stay silent).
 *
 * GNU statement expressions are one element: their inner calls,
 * assignments and declarations are delivered as events, but their inner
 * control flow is not modelled.  max_visits 0 means the default (64).
 * `branch` is called during solving only, not during replay.
 *
 * After dv_dataflow_solve, dv_dataflow_replay walks every reachable block
 * once more from its fixpoint in-state with event.reporting = 1: that is
 * when checkers report findings (never during solving, where states are
 * not final).
 */
#ifndef DV_DATAFLOW_H
#define DV_DATAFLOW_H

#include "engine/cfg.h"

enum dv_event_kind {
	DV_EV_CALL,       /* cursor = CallExpr (also C++ constructor calls: CallExpr / CXXConstructExpr
			     shape as libclang shows them; a CXXDeleteExpr as a call of
			     "operator delete" or "operator delete[]" with its operand as the
			     one argument); callee, args valid */
	DV_EV_ASSIGN,     /* cursor = the operator; lhs, rhs (null cursor for ++/--); op */
	DV_EV_DECL,       /* cursor = VarDecl; rhs = initialiser expression or null */
	DV_EV_RETURN,     /* cursor = ReturnStmt; rhs = returned expression or null */
	DV_EV_SCOPE_EXIT, /* cursor = VarDecl leaving scope (destructor) */
	DV_EV_EXIT,       /* cursor = ReturnStmt or function body; path leaves the function */
	DV_EV_MEMBER_INIT, /* C++ constructor: rhs = a member initialiser's value, stored in a
			      member of the object under construction */
};

struct dv_event {
	enum dv_event_kind kind;
	CXCursor cursor;
	const char *callee;   /* DV_EV_CALL: callee name (see dv_ast_callee_name), may be NULL */
	CXCursor *args;       /* DV_EV_CALL: arguments, dv_ast_strip'ed (implicit casts, parens) */
	unsigned n_args;
	CXCursor lhs, rhs;    /* dv_ast_strip'ed */
	int op;               /* DV_EV_ASSIGN: enum CXBinaryOperatorKind, or (when rhs is null)
				 enum CXUnaryOperatorKind PostInc/PostDec/PreInc/PreDec: the two
				 enums overlap numerically, tell them apart by rhs */
	const struct dv_cfg *cfg;
	unsigned block;       /* block id where the event happens */
	int reporting;        /* 1 during dv_dataflow_replay */
};

struct dv_branch {
	CXCursor cond;        /* the atomic condition, implicit casts not stripped */
	enum dv_edge_kind kind; /* TRUE, FALSE, CASE, DEFAULT */
	long long case_value;
	const struct dv_cfg *cfg;
	unsigned from, to;
};

struct dv_lattice {
	void *(*entry)(void *ctx);                 /* state at function entry */
	void *(*copy)(void *ctx, const void *s);
	void (*free)(void *ctx, void *s);
	int (*join)(void *ctx, void *dst, const void *src); /* dst |= src; nonzero if dst changed */
	void (*transfer)(void *ctx, void *state, const struct dv_event *ev);
	void (*branch)(void *ctx, void *state, const struct dv_branch *br); /* may be NULL */
};

struct dv_solution {
	const struct dv_cfg *cfg;
	void **in;            /* in-state per block, NULL = unreachable */
	int incomplete;       /* hit max_visits */
};

/* Solves; returns a solution owned by the caller (dv_solution_free with the
 * same lattice and ctx frees the states). */
struct dv_solution *dv_dataflow_solve(const struct dv_cfg *cfg, const struct dv_lattice *lat,
				      void *ctx, unsigned max_visits);
void dv_dataflow_replay(const struct dv_solution *sol, const struct dv_lattice *lat, void *ctx);
void dv_solution_free(struct dv_solution *sol, const struct dv_lattice *lat, void *ctx);

/* Walks one element's events without a solver (for simple syntactic
 * passes): calls fn for every event of every element of every reachable
 * block, in block RPO order, with reporting = 1. */
void dv_cfg_walk_events(const struct dv_cfg *cfg,
			void (*fn)(void *ctx, const struct dv_event *ev), void *ctx);

/*
 * Branch conditions, normalised for the edge taken: `!x` → x == 0,
 * `x` → x != 0, `0 == x` → x == 0, `x != NULL` → x != 0, `f() < 0` →
 * f() < 0, and the relation negated on the false edge.  operand is the
 * compared expression (implicit casts stripped).  Returns 0 when the
 * condition has that shape, -1 otherwise (e.g. compares two variables).
 */
enum dv_cmp { DV_CMP_EQ, DV_CMP_NE, DV_CMP_LT, DV_CMP_LE, DV_CMP_GT, DV_CMP_GE };
struct dv_cond_atom {
	CXCursor operand;
	enum dv_cmp cmp;
	long long value;
};
int dv_cond_normalize(const struct dv_branch *br, struct dv_cond_atom *out);
/* Nonzero when a value v satisfies the atom (v cmp value). */
int dv_cond_holds(const struct dv_cond_atom *a, long long v);

#endif
