/*
 * Private to the CFG builder (cfg_build.c, cfg_expr.c, cfg_stmt.c): the
 * builder state and the helpers the three files share.
 */
#ifndef DV_CFG_BUILDER_H
#define DV_CFG_BUILDER_H

#include "engine/cfg_internal.h"

#define MAX_DEPTH 1500u

struct jump_target {
	unsigned block;
	unsigned raii_depth;
};

struct raii_entry {
	CXCursor var;
	unsigned serial;
};

struct label_info {
	CXSourceLocation loc;
	unsigned block;
	int defined;
	unsigned *snap; /* RAII serials live at the label */
	unsigned n_snap;
};

struct pending_goto {
	unsigned block;
	unsigned label;
	unsigned *snap;
	unsigned n_snap;
};

struct dtor_cache_entry {
	CXCursor decl;
	int has;
};

struct switch_ctx {
	unsigned block;
	int has_default;
};

struct builder {
	struct dv_cfg *cfg;
	size_t blocks_alloc;
	size_t *elems_alloc, *succ_alloc;
	unsigned cur;
	unsigned sink; /* overflow block */
	unsigned depth;
	CXCursor term; /* statement whose condition is being built */

	struct raii_entry *raii;
	unsigned n_raii;
	size_t raii_alloc;
	CXCursor *raii_log; /* serial -> VarDecl */
	unsigned n_raii_log;
	size_t raii_log_alloc;

	struct jump_target *brk, *cont;
	unsigned n_brk, n_cont;
	size_t brk_alloc, cont_alloc;

	struct switch_ctx *sw;
	unsigned n_sw;
	size_t sw_alloc;

	struct dtor_cache_entry *dtor_cache;
	unsigned n_dtor_cache;
	size_t dtor_cache_alloc;

	struct label_info *labels;
	unsigned n_labels;
	size_t labels_alloc;

	struct pending_goto *gotos;
	unsigned n_gotos;
	size_t gotos_alloc;
};

struct scan {
	CXCursor *splits; /* outermost split operators */
	unsigned n_splits;
	size_t alloc;
	int noreturn;     /* a noreturn call outside the split operators */
	unsigned nodes;
};

/* blocks, elements, edges (cfg_build.c) */
unsigned dv_cfgb_new_block(struct builder *b);
unsigned dv_cfgb_ensure_cur(struct builder *b);
void dv_cfgb_add_elem(struct builder *b, enum dv_elem_kind kind, CXCursor c, const CXCursor *opaque,
		      unsigned n_opaque);
void dv_cfgb_add_edge(struct builder *b, unsigned from, unsigned to, enum dv_edge_kind kind,
		      long long value);
/* Ends the current block with an unconditional edge to `to`. */
void dv_cfgb_jump(struct builder *b, unsigned to);
/* Starts block `to`, falling through from the current block. */
void dv_cfgb_enter(struct builder *b, unsigned to);
void dv_cfgb_mark_noreturn(struct builder *b);

/* RAII scopes (cfg_build.c) */
int dv_cfgb_var_needs_scope_exit(struct builder *b, CXCursor var);
void dv_cfgb_push_raii(struct builder *b, CXCursor var);
void dv_cfgb_emit_scope_exits(struct builder *b, unsigned depth);
void dv_cfgb_pop_scope(struct builder *b, unsigned depth);
unsigned *dv_cfgb_raii_snapshot(struct builder *b, unsigned *n);

/* expressions (cfg_expr.c) */
int dv_cfgb_is_split(CXCursor s);
void dv_cfgb_scan_expr(CXCursor e, struct scan *sc);
void dv_cfgb_build_split(struct builder *b, CXCursor s);
void dv_cfgb_emit_value(struct builder *b, CXCursor e);
void dv_cfgb_build_cond(struct builder *b, CXCursor e, unsigned t, unsigned f);

/* statements (cfg_stmt.c) */
void dv_cfgb_build_stmt(struct builder *b, CXCursor s);
void dv_cfgb_resolve_gotos(struct builder *b);

#endif
