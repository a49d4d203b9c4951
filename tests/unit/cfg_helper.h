/*
 * CFG test helpers: build the CFG of a function from a snippet and query
 * blocks by element text (whitespace ignored).
 */
#ifndef DV_TEST_CFG_HELPER_H
#define DV_TEST_CFG_HELPER_H

#include "parse_helper.h"
#include "engine/cfg.h"
#include "front/ast.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

struct fx {
	struct dv_test_tu t;
	struct dv_cfg *cfg;
};

static inline struct dv_cfg *fx_open(struct fx *fx, const char *src, int cxx, const char *func)
{
	CXCursor fn;
	fx->cfg = NULL;
	if (dv_test_parse(&fx->t, src, cxx) != 0)
		return NULL;
	fn = dv_test_func(&fx->t, func);
	if (clang_Cursor_isNull(fn))
		return NULL;
	fx->cfg = dv_cfg_build(fn);
	if (getenv("DV_TEST_DUMP") && fx->cfg)
		dv_cfg_dump(fx->cfg, stderr);
	return fx->cfg;
}

static inline void fx_close(struct fx *fx)
{
	dv_cfg_free(fx->cfg);
	dv_test_release(&fx->t);
}

static inline int text_eq_squashed(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++;
		b++;
	}
}

static inline int cursor_text_is(CXCursor c, const char *text)
{
	char *t = dv_ast_text(c);
	int eq = text_eq_squashed(t, text);
	free(t);
	return eq;
}

/* Block holding an element of this kind whose text is `text`, skipping
 * `skip` earlier matches; UINT_MAX if none. */
static inline unsigned blk_kind_n(const struct dv_cfg *cfg, enum dv_elem_kind kind, const char *text,
				  unsigned skip)
{
	unsigned i, j;
	for (i = 0; i < cfg->n_blocks; i++)
		for (j = 0; j < cfg->blocks[i].n_elems; j++)
			if (cfg->blocks[i].elems[j].kind == kind &&
			    cursor_text_is(cfg->blocks[i].elems[j].cursor, text)) {
				if (!skip--)
					return i;
			}
	return UINT_MAX;
}

static inline unsigned blk(const struct dv_cfg *cfg, const char *text)
{
	return blk_kind_n(cfg, DV_ELEM_EXPR, text, 0);
}

/* Number of edges from -> to of that kind. */
static inline unsigned n_edges(const struct dv_cfg *cfg, unsigned from, unsigned to,
			       enum dv_edge_kind kind)
{
	unsigned j, n = 0;
	if (from >= cfg->n_blocks)
		return 0;
	for (j = 0; j < cfg->blocks[from].n_succ; j++)
		if (cfg->blocks[from].succ[j].to == to && cfg->blocks[from].succ[j].kind == kind)
			n++;
	return n;
}

/* Target of the first edge of `kind` from `from`, UINT_MAX if none. */
static inline unsigned succ_of(const struct dv_cfg *cfg, unsigned from, enum dv_edge_kind kind)
{
	unsigned j;
	if (from >= cfg->n_blocks)
		return UINT_MAX;
	for (j = 0; j < cfg->blocks[from].n_succ; j++)
		if (cfg->blocks[from].succ[j].kind == kind)
			return cfg->blocks[from].succ[j].to;
	return UINT_MAX;
}

/* Follows single NORMAL/BACK edges through empty blocks. */
static inline unsigned skip_empty(const struct dv_cfg *cfg, unsigned b)
{
	unsigned guard = 0;
	while (b < cfg->n_blocks && cfg->blocks[b].n_elems == 0 && cfg->blocks[b].n_succ == 1 &&
	       b != cfg->exit && guard++ < cfg->n_blocks)
		b = cfg->blocks[b].succ[0].to;
	return b;
}

static inline int is_reachable(const struct dv_cfg *cfg, unsigned b)
{
	return b < cfg->n_blocks && cfg->idom[b] != UINT_MAX;
}

/* Whether a path leads from `from` to `to` (any edges). */
static inline int path_exists(const struct dv_cfg *cfg, unsigned from, unsigned to)
{
	unsigned *stack, sp = 0, j;
	unsigned char *seen;
	int found = 0;
	if (from >= cfg->n_blocks || to >= cfg->n_blocks)
		return 0;
	stack = malloc(cfg->n_blocks * sizeof(unsigned) + 1);
	seen = calloc(cfg->n_blocks, 1);
	stack[sp++] = from;
	seen[from] = 1;
	while (sp && !found) {
		unsigned b = stack[--sp];
		if (b == to) {
			found = 1;
			break;
		}
		for (j = 0; j < cfg->blocks[b].n_succ; j++) {
			unsigned t = cfg->blocks[b].succ[j].to;
			if (!seen[t]) {
				seen[t] = 1;
				stack[sp++] = t;
			}
		}
	}
	free(stack);
	free(seen);
	return found;
}

/* Index of the element of `kind` with text in block b, or -1. */
static inline int elem_index(const struct dv_cfg *cfg, unsigned b, enum dv_elem_kind kind,
			     const char *text)
{
	unsigned j;
	if (b >= cfg->n_blocks)
		return -1;
	for (j = 0; j < cfg->blocks[b].n_elems; j++)
		if (cfg->blocks[b].elems[j].kind == kind &&
		    (!text || cursor_text_is(cfg->blocks[b].elems[j].cursor, text)))
			return (int)j;
	return -1;
}

static inline unsigned count_elems(const struct dv_cfg *cfg, enum dv_elem_kind kind, int reachable_only)
{
	unsigned i, j, n = 0;
	for (i = 0; i < cfg->n_blocks; i++) {
		if (reachable_only && !is_reachable(cfg, i))
			continue;
		for (j = 0; j < cfg->blocks[i].n_elems; j++)
			if (cfg->blocks[i].elems[j].kind == kind)
				n++;
	}
	return n;
}

static inline unsigned count_edges(const struct dv_cfg *cfg, enum dv_edge_kind kind)
{
	unsigned i, j, n = 0;
	for (i = 0; i < cfg->n_blocks; i++) {
		if (!is_reachable(cfg, i))
			continue;
		for (j = 0; j < cfg->blocks[i].n_succ; j++)
			if (cfg->blocks[i].succ[j].kind == kind)
				n++;
	}
	return n;
}

#endif
