/*
 * Error-path state of the logging checker (private to logging_*.c):
 * local variable values and pending failure tokens, with the expression
 * helpers that compute them.  States own their arrays: lg_state_copy
 * returns a state freed with lg_state_free.
 */
#ifndef DV_LOGGING_STATE_H
#define DV_LOGGING_STATE_H

#include <clang-c/Index.h>
#include "engine/cfg.h"

/* pending failure tests per state: beyond it, new ones are not followed
 * (fewer findings, never more) */
#define MAX_TOKENS 48u

enum val_kind { V_CONST = 1, V_CALL, V_ERRNO };

struct val {
	enum val_kind kind;
	long long c;
	int named; /* an enum constant: a specific code */
	CXCursor call;
};

struct var {
	unsigned key; /* declaration offset + 1 */
	struct val v;
};

struct vmap {
	struct var *v; /* sorted by key; absent = unknown */
	unsigned n;
};

struct token {
	unsigned test;
	int logged, committed;
	struct vmap vars;
};

struct state {
	struct vmap vars;
	struct token *tok;
	unsigned n_tok;
};

int lg_val_equal(const struct val *a, const struct val *b);
void lg_vmap_release(struct vmap *m);
void lg_vmap_copy(struct vmap *dst, const struct vmap *src);
struct val *lg_vmap_get(const struct vmap *m, unsigned key);
void lg_vmap_set(struct vmap *m, unsigned key, const struct val *v);
int lg_vmap_join(struct vmap *dst, const struct vmap *src);
struct state *lg_state_copy(const struct state *s);
void lg_state_free(struct state *s);
void lg_token_remove(struct state *s, unsigned i);
struct token *lg_token_find(struct state *s, unsigned test);
int lg_token_join(struct token *d, const struct token *s);
int lg_state_join(struct state *d, const struct state *s);
unsigned lg_local_key(CXCursor e);
int lg_is_errno_expr(CXCursor e);
int lg_eval(const struct vmap *vars, CXCursor e, struct val *out);
int lg_records_error(CXCursor lhs);
int lg_error_param_arg(CXCursor a);

/* Conditions (engine/dataflow.h atoms). */
struct dv_block;
struct dv_cond_atom;
struct lg_names;
int lg_named_compare(const struct dv_block *blk, enum dv_edge_kind kind, const struct lg_names *names,
		     int *eq_holds);
int lg_cmp_is_negative(const struct dv_cond_atom *a);
int lg_atoms_compatible(const struct dv_cond_atom *x, const struct dv_cond_atom *y);

/* logging_fail.c: the events of a function's blocks, its return
 * convention; switch arms and errno tests as failure tests. */
struct dv_event;
struct evlist {
	struct dv_event *ev;
	unsigned n;
	size_t alloc;
};
/* dv_cfg_walk_events callback: appends a copy of the event to
 * lists[event.block] (callee and args copied, freed by the caller). */
void lg_record_event(void *lists, const struct dv_event *ev);
enum lg_rtype { RT_INT, RT_PTR, RT_BOOL, RT_VOID };
enum lg_rtype lg_return_type(CXCursor func);

struct lg_spec;
struct dv_edge;
/* pseudo variable: the last call on the path, the one errno describes */
#define LG_KEY_LAST_CALL 0xFFFFFFFEu
struct lg_convention {
	int neg_fails;    /* a negative result is a failure */
	int zero_success; /* any nonzero result is a failure */
};
/* The failing branch is the branch's own code: a target that other code
 * falls into is not an error path of its own. */
int lg_own_branch(const struct dv_cfg *cfg, unsigned to);
/* A CASE or DEFAULT edge of a switch statement. */
int lg_is_switch_edge(const struct dv_block *blk, const struct dv_edge *e);
/* Nonzero when the switch arm is a failure of the switched value (fills
 * the atom that holds on it; *operand = the switched expression). */
int lg_switch_edge_fails(const struct lg_spec *spec, const struct dv_block *blk,
			 const struct dv_edge *e, const struct lg_convention *conv,
			 struct dv_cond_atom *atom);
/* Nonzero when an errno test holds only for a nonzero errno. */
int lg_errno_atom_fails(const struct dv_cond_atom *a);
/* Nonzero when the call becomes the one a later errno test describes. */
int lg_call_sets_last(const struct lg_spec *spec, CXCursor call, const char *callee);

#endif
