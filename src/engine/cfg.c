/*
 * CFG derived data: predecessors, reverse postorder, dominators
 * (Cooper, Harvey, Kennedy: "A Simple, Fast Dominance Algorithm"),
 * back edges, natural loops, element lookup and a debug dump.
 */
#include "engine/cfg_internal.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dv_cfg_free(struct dv_cfg *cfg)
{
	unsigned i, j;
	if (!cfg)
		return;
	for (i = 0; i < cfg->n_blocks; i++) {
		struct dv_block *b = &cfg->blocks[i];
		for (j = 0; j < b->n_elems; j++)
			free(b->elems[j].opaque);
		free(b->elems);
		free(b->succ);
		free(b->pred);
	}
	dv_cfg_events_release(cfg->events);
	if (cfg->spans)
		for (i = 0; i < cfg->n_blocks; i++)
			free(cfg->spans[i]);
	free(cfg->spans);
	free(cfg->blocks);
	free(cfg->rpo);
	free(cfg->idom);
	free(cfg->loop_depth);
	free(cfg->loop_stmt);
	free(cfg->dom_pre);
	free(cfg->dom_post);
	free(cfg);
}

static void compute_preds(struct dv_cfg *cfg)
{
	unsigned *count = xcalloc(cfg->n_blocks ? cfg->n_blocks : 1, sizeof(unsigned));
	unsigned i, j;
	for (i = 0; i < cfg->n_blocks; i++)
		for (j = 0; j < cfg->blocks[i].n_succ; j++)
			count[cfg->blocks[i].succ[j].to]++;
	for (i = 0; i < cfg->n_blocks; i++) {
		free(cfg->blocks[i].pred);
		cfg->blocks[i].pred = count[i] ? xmalloc(count[i] * sizeof(unsigned)) : NULL;
		cfg->blocks[i].n_pred = 0;
	}
	for (i = 0; i < cfg->n_blocks; i++) {
		for (j = 0; j < cfg->blocks[i].n_succ; j++) {
			struct dv_block *t = &cfg->blocks[cfg->blocks[i].succ[j].to];
			unsigned k;
			/* one entry per distinct predecessor */
			for (k = 0; k < t->n_pred && t->pred[k] != i; k++)
				;
			if (k == t->n_pred)
				t->pred[t->n_pred++] = i;
		}
	}
	free(count);
}

static void compute_rpo(struct dv_cfg *cfg)
{
	unsigned n = cfg->n_blocks, sp = 0, npost = 0, i;
	unsigned *stack_b = xmalloc(n * sizeof(unsigned));
	unsigned *stack_i = xmalloc(n * sizeof(unsigned));
	unsigned *post = xmalloc(n * sizeof(unsigned));
	unsigned char *seen = xcalloc(n, 1);
	stack_b[sp] = cfg->entry;
	stack_i[sp++] = 0;
	seen[cfg->entry] = 1;
	while (sp) {
		unsigned b = stack_b[sp - 1];
		if (stack_i[sp - 1] < cfg->blocks[b].n_succ) {
			/* last successor first, so that the first one (the TRUE
			 * edge, the first case) comes first in the RPO */
			unsigned to = cfg->blocks[b].succ[cfg->blocks[b].n_succ - 1 - stack_i[sp - 1]++].to;
			if (!seen[to]) {
				seen[to] = 1;
				stack_b[sp] = to;
				stack_i[sp++] = 0;
			}
		} else {
			post[npost++] = b;
			sp--;
		}
	}
	free(cfg->rpo);
	cfg->rpo = xmalloc((npost ? npost : 1) * sizeof(unsigned));
	for (i = 0; i < npost; i++)
		cfg->rpo[i] = post[npost - 1 - i];
	cfg->n_rpo = npost;
	free(stack_b);
	free(stack_i);
	free(post);
	free(seen);
}

static void compute_idom(struct dv_cfg *cfg)
{
	unsigned n = cfg->n_blocks, i, j;
	unsigned *order = xmalloc(n * sizeof(unsigned)); /* rpo index */
	unsigned *idom = xmalloc(n * sizeof(unsigned));
	int changed = 1;
	for (i = 0; i < n; i++) {
		order[i] = UINT_MAX;
		idom[i] = UINT_MAX;
	}
	for (i = 0; i < cfg->n_rpo; i++)
		order[cfg->rpo[i]] = i;
	idom[cfg->entry] = cfg->entry;
	while (changed) {
		changed = 0;
		for (i = 1; i < cfg->n_rpo; i++) {
			unsigned b = cfg->rpo[i], nd = UINT_MAX;
			const struct dv_block *blk = &cfg->blocks[b];
			for (j = 0; j < blk->n_pred; j++) {
				unsigned p = blk->pred[j];
				if (idom[p] == UINT_MAX)
					continue;
				if (nd == UINT_MAX) {
					nd = p;
					continue;
				}
				{
					unsigned f1 = p, f2 = nd;
					while (f1 != f2) {
						while (order[f1] > order[f2])
							f1 = idom[f1];
						while (order[f2] > order[f1])
							f2 = idom[f2];
					}
					nd = f1;
				}
			}
			if (nd != UINT_MAX && idom[b] != nd) {
				idom[b] = nd;
				changed = 1;
			}
		}
	}
	free(cfg->idom);
	cfg->idom = idom;
	free(order);
}

void dv_tree_number(const unsigned *parent, unsigned n, unsigned root, unsigned *pre,
		    unsigned *post)
{
	unsigned i, clock = 0, sp = 0;
	unsigned *first = xmalloc(n * sizeof(unsigned)), *next = xmalloc(n * sizeof(unsigned));
	unsigned *stack = xmalloc(n * sizeof(unsigned)), *cursor = xmalloc(n * sizeof(unsigned));

	for (i = 0; i < n; i++) {
		first[i] = next[i] = UINT_MAX;
		pre[i] = post[i] = UINT_MAX;
	}
	for (i = n; i-- > 0;) {
		if (parent[i] == UINT_MAX || i == root)
			continue;
		next[i] = first[parent[i]];
		first[parent[i]] = i;
	}
	stack[sp] = root;
	cursor[sp++] = first[root];
	pre[root] = clock++;
	while (sp) {
		unsigned c = cursor[sp - 1];
		if (c != UINT_MAX) {
			cursor[sp - 1] = next[c];
			pre[c] = clock++;
			stack[sp] = c;
			cursor[sp++] = first[c];
		} else {
			post[stack[--sp]] = clock++;
		}
	}
	free(first);
	free(next);
	free(stack);
	free(cursor);
}

/* Pre/post numbers over the dominator tree: a dominates b iff b's
 * interval nests in a's. */
static void number_dom_tree(struct dv_cfg *cfg)
{
	free(cfg->dom_pre);
	free(cfg->dom_post);
	cfg->dom_pre = xmalloc(cfg->n_blocks * sizeof(unsigned));
	cfg->dom_post = xmalloc(cfg->n_blocks * sizeof(unsigned));
	dv_tree_number(cfg->idom, cfg->n_blocks, cfg->entry, cfg->dom_pre, cfg->dom_post);
}

int dv_cfg_dominates(const struct dv_cfg *cfg, unsigned a, unsigned b)
{
	if (!cfg || a >= cfg->n_blocks || b >= cfg->n_blocks || cfg->idom[a] == UINT_MAX ||
	    cfg->idom[b] == UINT_MAX || !cfg->dom_pre)
		return 0;
	return cfg->dom_pre[a] <= cfg->dom_pre[b] && cfg->dom_post[b] <= cfg->dom_post[a];
}

static int cmp_loop_size(const void *a, const void *b)
{
	const struct dv_loop *x = a, *y = b;
	if (x->n_blocks != y->n_blocks)
		return x->n_blocks < y->n_blocks ? -1 : 1;
	return x->header < y->header ? -1 : x->header > y->header;
}

unsigned dv_cfg_loops(const struct dv_cfg *cfg, struct dv_loop **out)
{
	struct dv_loop *loops = NULL;
	size_t alloc = 0;
	unsigned n_loops = 0, n = cfg->n_blocks, i, j;
	unsigned *stamp, *work;
	*out = NULL;
	if (!n)
		return 0;
	stamp = xmalloc(n * sizeof(unsigned));
	work = xmalloc(n * sizeof(unsigned));
	for (i = 0; i < n; i++)
		stamp[i] = UINT_MAX;
	for (i = 0; i < cfg->n_rpo; i++) {
		unsigned h = cfg->rpo[i], sp = 0, count = 0, k;
		struct dv_loop *l;
		/* back edges into h: sources dominated by h */
		for (j = 0; j < cfg->blocks[h].n_pred; j++) {
			unsigned p = cfg->blocks[h].pred[j];
			if (cfg->idom[p] != UINT_MAX && dv_cfg_dominates(cfg, h, p))
				work[sp++] = p;
		}
		if (!sp)
			continue;
		stamp[h] = n_loops;
		count = 1;
		for (k = 0; k < sp; k++) {
			if (stamp[work[k]] != n_loops) {
				stamp[work[k]] = n_loops;
				count++;
			}
		}
		while (sp) {
			unsigned x = work[--sp];
			for (j = 0; j < cfg->blocks[x].n_pred; j++) {
				unsigned p = cfg->blocks[x].pred[j];
				if (cfg->idom[p] == UINT_MAX || stamp[p] == n_loops)
					continue;
				stamp[p] = n_loops;
				count++;
				work[sp++] = p;
			}
		}
		DV_GROW(loops, (size_t)n_loops + 1, alloc);
		l = &loops[n_loops];
		l->header = h;
		l->n_blocks = 0;
		l->blocks = xmalloc(count * sizeof(unsigned));
		for (k = 0; k < n; k++)
			if (stamp[k] == n_loops)
				l->blocks[l->n_blocks++] = k;
		l->stmt = cfg->loop_stmt ? cfg->loop_stmt[h] : clang_getNullCursor();
		n_loops++;
	}
	free(stamp);
	free(work);
	if (n_loops > 1)
		qsort(loops, n_loops, sizeof(*loops), cmp_loop_size);
	*out = loops;
	return n_loops;
}

void dv_loops_free(struct dv_loop *loops, unsigned n)
{
	unsigned i;
	if (!loops)
		return;
	for (i = 0; i < n; i++)
		free(loops[i].blocks);
	free(loops);
}

void dv_cfg_finalize(struct dv_cfg *cfg)
{
	struct dv_loop *loops = NULL;
	unsigned n_loops, i, j;
	compute_preds(cfg);
	compute_rpo(cfg);
	compute_idom(cfg);
	number_dom_tree(cfg);
	for (i = 0; i < cfg->n_blocks; i++) {
		struct dv_block *b = &cfg->blocks[i];
		if (cfg->idom[i] == UINT_MAX)
			continue;
		for (j = 0; j < b->n_succ; j++)
			if (b->succ[j].kind == DV_EDGE_NORMAL && dv_cfg_dominates(cfg, b->succ[j].to, i))
				b->succ[j].kind = DV_EDGE_BACK;
	}
	free(cfg->loop_depth);
	cfg->loop_depth = xcalloc(cfg->n_blocks, sizeof(unsigned));
	n_loops = dv_cfg_loops(cfg, &loops);
	for (i = 0; i < n_loops; i++)
		for (j = 0; j < loops[i].n_blocks; j++)
			cfg->loop_depth[loops[i].blocks[j]]++;
	dv_loops_free(loops, n_loops);
}

/* ---- lookup ---- */

struct dv_cfg_span dv_cfg_span_of(CXCursor c)
{
	struct dv_cfg_span s = { NULL, 0, 0 };
	CXSourceRange r = clang_getCursorExtent(c);
	clang_getExpansionLocation(clang_getRangeStart(r), &s.file, NULL, NULL, &s.start);
	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &s.end);
	return s;
}

/* The cache is the only thing written through a shared CFG (cast, as in
 * dataflow.c's event cache: every CFG is allocated by dv_cfg_build). */
const struct dv_cfg_span *dv_cfg_elem_spans(const struct dv_cfg *cfg, unsigned b)
{
	struct dv_cfg *mut = (struct dv_cfg *)cfg;
	const struct dv_block *blk;
	struct dv_cfg_span *sp;
	unsigned j;
	if (!cfg || b >= cfg->n_blocks)
		return NULL;
	if (!mut->spans)
		mut->spans = xcalloc(cfg->n_blocks, sizeof(*mut->spans));
	if (mut->spans[b])
		return mut->spans[b];
	blk = &cfg->blocks[b];
	sp = xcalloc(blk->n_elems ? blk->n_elems : 1, sizeof(*sp));
	for (j = 0; j < blk->n_elems; j++)
		if (blk->elems[j].kind != DV_ELEM_EXIT && blk->elems[j].kind != DV_ELEM_SCOPE_EXIT)
			sp[j] = dv_cfg_span_of(blk->elems[j].cursor);
	mut->spans[b] = sp;
	return sp;
}

unsigned dv_cfg_block_of(const struct dv_cfg *cfg, CXCursor c)
{
	struct dv_cfg_span want;
	unsigned i, j, best = UINT_MAX, best_len = UINT_MAX;
	if (!cfg || clang_Cursor_isNull(c))
		return UINT_MAX;
	for (i = 0; i < cfg->n_blocks; i++)
		for (j = 0; j < cfg->blocks[i].n_elems; j++)
			if (clang_equalCursors(cfg->blocks[i].elems[j].cursor, c))
				return i;
	want = dv_cfg_span_of(c);
	if (!want.file)
		return UINT_MAX;
	for (i = 0; i < cfg->n_blocks; i++) {
		const struct dv_cfg_span *sp = dv_cfg_elem_spans(cfg, i);
		for (j = 0; j < cfg->blocks[i].n_elems; j++) {
			const struct dv_cfg_span *s = &sp[j];
			if (!s->file || !clang_File_isEqual(s->file, want.file))
				continue;
			if (s->start <= want.start && want.end <= s->end && s->end - s->start < best_len) {
				best = i;
				best_len = s->end - s->start;
			}
		}
	}
	return best;
}

/* ---- dump ---- */

static const char *elem_kind_name(enum dv_elem_kind k)
{
	switch (k) {
	case DV_ELEM_EXPR: return "expr";
	case DV_ELEM_DECL: return "decl";
	case DV_ELEM_MEMBER_INIT: return "member-init";
	case DV_ELEM_RETURN: return "return";
	case DV_ELEM_SCOPE_EXIT: return "scope_exit";
	case DV_ELEM_EXIT: return "exit";
	}
	return "?";
}

static const char *edge_kind_name(enum dv_edge_kind k)
{
	switch (k) {
	case DV_EDGE_NORMAL: return "normal";
	case DV_EDGE_TRUE: return "true";
	case DV_EDGE_FALSE: return "false";
	case DV_EDGE_CASE: return "case";
	case DV_EDGE_DEFAULT: return "default";
	case DV_EDGE_EXCEPTION: return "exception";
	case DV_EDGE_BACK: return "back";
	}
	return "?";
}

void dv_cfg_dump(const struct dv_cfg *cfg, void *file)
{
	FILE *f = file;
	unsigned i, j;
	if (!cfg || !f)
		return;
	fprintf(f, "cfg: %u blocks, entry B%u, exit B%u%s\n", cfg->n_blocks, cfg->entry, cfg->exit,
		cfg->incomplete ? " (incomplete)" : "");
	for (i = 0; i < cfg->n_blocks; i++) {
		const struct dv_block *b = &cfg->blocks[i];
		fprintf(f, "B%u%s%s idom=%d depth=%u:\n", i, b->noreturn ? " noreturn" : "",
			cfg->idom[i] == UINT_MAX ? " unreachable" : "",
			cfg->idom[i] == UINT_MAX ? -1 : (int)cfg->idom[i], cfg->loop_depth[i]);
		for (j = 0; j < b->n_elems; j++) {
			const struct dv_elem *e = &b->elems[j];
			CXString k = clang_getCursorKindSpelling(clang_getCursorKind(e->cursor));
			CXString sp = clang_getCursorSpelling(e->cursor);
			unsigned line = 0, col = 0;
			clang_getExpansionLocation(clang_getCursorLocation(e->cursor), NULL, &line, &col, NULL);
			fprintf(f, "  %s %s '%s' %u:%u%s\n", elem_kind_name(e->kind), clang_getCString(k),
				clang_getCString(sp), line, col, e->n_opaque ? " (opaque parts)" : "");
			clang_disposeString(k);
			clang_disposeString(sp);
		}
		if (!clang_Cursor_isNull(b->cond)) {
			unsigned line = 0, col = 0;
			clang_getExpansionLocation(clang_getCursorLocation(b->cond), NULL, &line, &col, NULL);
			fprintf(f, "  cond at %u:%u\n", line, col);
		}
		for (j = 0; j < b->n_succ; j++) {
			fprintf(f, "  -> B%u %s", b->succ[j].to, edge_kind_name(b->succ[j].kind));
			if (b->succ[j].kind == DV_EDGE_CASE)
				fprintf(f, " %lld", b->succ[j].case_value);
			fputc('\n', f);
		}
	}
}
