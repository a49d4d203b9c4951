/*
 * Internal header of the permission checker (permission.c,
 * permission_destructive.c): what it keeps of each function of a TU and
 * the helpers the reports share.  Not used outside src/checkers/permission*.c.
 */
#ifndef DV_PERMISSION_FACTS_H
#define DV_PERMISSION_FACTS_H

#include "checkers/permission.h"
#include "engine/callgraph.h"
#include "engine/dataflow.h"

struct call_site {
	CXCursor call;
	char *callee;
	struct dv_pos pos;
	long target; /* TU function called, or -1 */
};

/* A value check's call site and the positions its result guards: bit i
 * for call site i, bit n_calls for the exit. */
struct value_guard {
	unsigned call;
	unsigned char *bits;
};

/* What a function's returns say about it being a check wrapper
 * (`return check_perm(u, OP);`), for the project index. */
struct perm_returns {
	int check;          /* some return returns a value check's result */
	int pass, any;      /* that check's convention */
	int mixed;          /* checks of different conventions are returned */
	int other;          /* some return of a value that is neither */
	int zero, pos, neg; /* constant returns */
};

/*
 * What the checker keeps of a function once its CFG is gone: the call
 * graph bounds its CFG cache (a TU may hold a million functions), so the
 * dominance numbering of the blocks and the guards of value checks are
 * computed while the CFG is at hand and kept instead.
 */
struct fn_facts {
	CXCursor body;          /* the function's CompoundStmt */
	unsigned exit;          /* the CFG's exit block */
	unsigned n_blocks;
	unsigned *dom_pre, *dom_post; /* dominator tree numbering; pre UINT_MAX: unreachable */
	struct value_guard *vguards;
	unsigned n_vguards;
	int ok;                 /* cfg and dom were usable */
	struct call_site *calls;
	unsigned n_calls;
	size_t calls_alloc;
	char **made;            /* lvalue keys of what this function created */
	unsigned n_made;
	size_t made_alloc;
	int checks_or_dies;     /* every normal return passed a check */
	int reached, is_entry;
	unsigned via_fn;        /* caller on the unguarded request path */
	unsigned via_call;      /* index of the call site in via_fn */
	int walks;              /* calls fts_read */
	int ret_made, ret_other; /* returns what it created / something else */
	int wrapper;            /* its result is a check's verdict (permission_wrappers.c) */
	struct perm_check wcheck; /* then: its convention */
	struct perm_returns rets;
};

/* An assignment of a TU function's result, decided once every function's
 * returns are known: key is a local's lvalue key (made in fn) or, when
 * field is set, a struct field's USR. */
struct perm_pending {
	char *key;
	int field;
	unsigned fn;
	long target;
};

struct perm_ctx {
	const struct perm_api *api;
	struct dv_tu_ctx *tu;
	struct dv_callgraph *cg;
	struct fn_facts *fx;
	unsigned cur;
	/* struct fields (USRs) assigned what the TU created, and those also
	 * assigned anything else; made_fields holds the difference once all
	 * functions are collected */
	char **made_fields, **other_fields;
	unsigned n_made_fields, n_other_fields;
	size_t made_fields_alloc, other_fields_alloc;
	struct perm_pending *pending;
	unsigned n_pending;
	size_t pending_alloc;
	struct perm_imported *imported; /* permission_index.c */
};

/* Nonzero when position `at` of function fn (call site at, or the exit
 * when at == n_calls) runs only after an authorization check passed. */
int perm_is_guarded(struct perm_ctx *ctx, unsigned fn, unsigned at);

/* ---- the project index (permission_index.c) ---- */

/* Who calls the TU's functions (made on first use, freed with the index
 * state), or NULL. */
struct dv_callers_info;
const struct dv_callers_info *perm_callers(struct perm_ctx *ctx);

/* Notes what a return statement of the current function returns. */
void perm_note_return(struct perm_ctx *ctx, struct fn_facts *f, CXCursor rhs);
/* A check wrapper defined in another file (the index says its result is
 * an authorization check's), or NULL. */
const struct perm_check *perm_imported_check(const struct perm_ctx *ctx,
					     const struct call_site *cs);
/* Nonzero when the index says the callee, defined in another file, does
 * not return when its check fails. */
int perm_imported_dies(const struct perm_ctx *ctx, const struct call_site *cs);
/* Nonzero when fn has callers in other files, all of them check before
 * calling, and this file neither calls it unguarded nor takes its address:
 * requests reach it only through those checks.  For entry points (only
 * their callers are exported). */
int perm_checked_by_callers_elsewhere(struct perm_ctx *ctx, unsigned fn);
/* Adds this TU's facts to tu->exports (when collected). */
void perm_export_facts(struct perm_ctx *ctx);
/* The cache of what the index says of other files' functions. */
void perm_imported_new(struct perm_ctx *ctx);
void perm_imported_free(struct perm_ctx *ctx);

/* dv_dom_dominates on the numbering kept from the function's CFG. */
int perm_dominates(const struct fn_facts *f, struct dv_pos a, struct dv_pos b);
/* The format argument of a printf-into-buffer call, or -1. */
int perm_format_arg(const char *name);
/* Adds the request path (entry point, call sites) as flow steps. */
void perm_add_request_path(struct perm_ctx *ctx, struct dv_finding *fd, unsigned fn);
/* Nonzero when the call's value is thrown away. */
int perm_value_discarded(const struct fn_facts *f, const struct call_site *cs);

/* Nonzero when the call is a value check: a configured one, or a TU
 * function whose result is a check's verdict; *out gets its convention. */
int perm_is_value_check(const struct perm_ctx *ctx, const struct call_site *cs,
			const struct perm_check **out);
/* Nonzero when call site `at` of fn (the exit when at == n_calls) runs
 * only after an authorization check passed. */
int perm_is_guarded(struct perm_ctx *ctx, unsigned fn, unsigned at);
/* Nonzero when the value check cs (convention c) guards position x. */
int perm_guarded_by(const struct dv_dom *dom, const struct call_site *cs,
		    const struct perm_check *c, struct dv_pos x);

/* permission_entries.c: sets fx[].is_entry (name patterns, dispatch
 * tables, switch dispatchers). */
void perm_mark_entry_points(struct perm_ctx *ctx);

/* permission_wrappers.c: check wrappers, collected per function. */
struct perm_wrap_ret {
	CXCursor stmt, value;
};
struct perm_wrap_scan {
	struct perm_wrap_ret *rets;
	unsigned n_rets;
	size_t rets_alloc;
	char **keys; /* variables a check's result was stored in */
	unsigned n_keys;
	size_t keys_alloc;
};
/* A RETURN, DECL or ASSIGN event of the function being collected. */
void perm_wrap_note_event(struct perm_ctx *ctx, struct perm_wrap_scan *ws,
			  const struct dv_event *ev);
/* After the events and the value guards: sets f->wrapper / f->wcheck. */
void perm_wrap_decide(struct perm_ctx *ctx, struct fn_facts *f, struct perm_wrap_scan *ws,
		      const struct dv_dom *dom);
void perm_wrap_scan_release(struct perm_wrap_scan *ws);

/* permission_owned.c: what the program created itself. */
/* The lvalue key (dv_ast_lvalue_key) of a local's VarDecl. */
char *perm_local_decl_key(CXCursor var);
/* Records that the lvalue or variable `e` holds something f created. */
void perm_add_made(struct fn_facts *f, CXCursor e);
/* Nonzero when `e` holds something f created, or reads a field of the
 * TU's own (valid once perm_resolve_made ran, or for f's own creations). */
int perm_was_made(const struct perm_ctx *ctx, const struct fn_facts *f, CXCursor e);
/* A DECL or ASSIGN event of the function being collected (ctx->cur). */
void perm_note_assignment(struct perm_ctx *ctx, struct fn_facts *f, const struct dv_event *ev);
/* After every function is collected: results of own functions, fields. */
void perm_resolve_made(struct perm_ctx *ctx);
void perm_free_owned(struct perm_ctx *ctx);

void perm_report_destructive(struct perm_ctx *ctx, unsigned fn);
void perm_report_privilege_drops(struct perm_ctx *ctx, unsigned fn);

#endif
