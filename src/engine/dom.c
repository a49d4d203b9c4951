/*
 * Post-dominators (Cooper, Harvey, Kennedy on the reversed graph with a
 * virtual end node), element-level dominance queries and the check-guard
 * must-analysis described in dom.h.
 */
#include "engine/dom.h"
#include "engine/dataflow.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct dv_dom {
	const struct dv_cfg *cfg;
	unsigned n;        /* blocks; node n is the virtual end */
	unsigned *ipdom;   /* n + 1 entries; ipdom[n] == n; UINT_MAX: no end reachable */
	unsigned *pre, *post;
};

static int reachable(const struct dv_cfg *cfg, unsigned b)
{
	return b < cfg->n_blocks && cfg->idom[b] != UINT_MAX;
}

/* Paths end at the exit.  Paths into a noreturn call die instead: they
 * never reach an end, so they constrain no post-dominance. */
static int is_end(const struct dv_cfg *cfg, unsigned b)
{
	return reachable(cfg, b) && b == cfg->exit;
}

/* Reverse-graph predecessors of node x are its forward successors (and
 * the virtual end for end blocks); reverse successors are forward preds. */
static unsigned rev_succ_count(const struct dv_dom *d, unsigned x)
{
	if (x == d->n)
		return d->n;
	return d->cfg->blocks[x].n_pred;
}

static unsigned rev_succ(const struct dv_dom *d, unsigned x, unsigned i)
{
	if (x == d->n)
		return is_end(d->cfg, i) ? i : UINT_MAX;
	return reachable(d->cfg, d->cfg->blocks[x].pred[i]) ? d->cfg->blocks[x].pred[i] : UINT_MAX;
}

/* Reverse postorder of the reversed graph from the virtual end. */
static unsigned rev_rpo(const struct dv_dom *d, unsigned *rpo)
{
	unsigned m = d->n + 1, sp = 0, npost = 0, i;
	unsigned *stack_b = xmalloc(m * sizeof(unsigned)), *stack_i = xmalloc(m * sizeof(unsigned));
	unsigned *post = xmalloc(m * sizeof(unsigned));
	unsigned char *seen = xcalloc(m, 1);
	stack_b[sp] = d->n;
	stack_i[sp++] = 0;
	seen[d->n] = 1;
	while (sp) {
		unsigned x = stack_b[sp - 1];
		if (stack_i[sp - 1] < rev_succ_count(d, x)) {
			unsigned to = rev_succ(d, x, stack_i[sp - 1]++);
			if (to != UINT_MAX && !seen[to]) {
				seen[to] = 1;
				stack_b[sp] = to;
				stack_i[sp++] = 0;
			}
		} else {
			post[npost++] = x;
			sp--;
		}
	}
	for (i = 0; i < npost; i++)
		rpo[i] = post[npost - 1 - i];
	free(stack_b);
	free(stack_i);
	free(post);
	free(seen);
	return npost;
}

static void compute_ipdom(struct dv_dom *d)
{
	unsigned m = d->n + 1, i, j, n_rpo;
	unsigned *rpo = xmalloc(m * sizeof(unsigned)), *order = xmalloc(m * sizeof(unsigned));
	int changed = 1;
	n_rpo = rev_rpo(d, rpo);
	for (i = 0; i < m; i++) {
		order[i] = UINT_MAX;
		d->ipdom[i] = UINT_MAX;
	}
	for (i = 0; i < n_rpo; i++)
		order[rpo[i]] = i;
	d->ipdom[d->n] = d->n;
	while (changed) {
		changed = 0;
		for (i = 1; i < n_rpo; i++) {
			unsigned b = rpo[i], nd = UINT_MAX;
			const struct dv_block *blk = &d->cfg->blocks[b];
			/* reverse predecessors: forward successors, plus the end */
			for (j = 0; j <= blk->n_succ; j++) {
				unsigned p;
				if (j == blk->n_succ) {
					if (!is_end(d->cfg, b))
						continue;
					p = d->n;
				} else {
					p = blk->succ[j].to;
				}
				if (d->ipdom[p] == UINT_MAX)
					continue;
				if (nd == UINT_MAX) {
					nd = p;
					continue;
				}
				{
					unsigned f1 = p, f2 = nd;
					while (f1 != f2) {
						while (order[f1] > order[f2])
							f1 = d->ipdom[f1];
						while (order[f2] > order[f1])
							f2 = d->ipdom[f2];
					}
					nd = f1;
				}
			}
			if (nd != UINT_MAX && d->ipdom[b] != nd) {
				d->ipdom[b] = nd;
				changed = 1;
			}
		}
	}
	free(rpo);
	free(order);
}

/* Pre/post numbering of the post-dominator tree rooted at the virtual
 * end: b post-dominates a iff a's interval nests in b's. */
struct dv_dom *dv_dom_build(const struct dv_cfg *cfg)
{
	struct dv_dom *d;
	if (!cfg || !cfg->idom)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->cfg = cfg;
	d->n = cfg->n_blocks;
	d->ipdom = xmalloc((d->n + 1) * sizeof(unsigned));
	d->pre = xmalloc((d->n + 1) * sizeof(unsigned));
	d->post = xmalloc((d->n + 1) * sizeof(unsigned));
	compute_ipdom(d);
	dv_tree_number(d->ipdom, d->n + 1, d->n, d->pre, d->post);
	return d;
}

void dv_dom_free(struct dv_dom *dom)
{
	if (!dom)
		return;
	free(dom->ipdom);
	free(dom->pre);
	free(dom->post);
	free(dom);
}

int dv_dom_block_postdominates(const struct dv_dom *d, unsigned b, unsigned a)
{
	if (!d || a >= d->n || b >= d->n || d->ipdom[a] == UINT_MAX || d->ipdom[b] == UINT_MAX)
		return 0;
	return d->pre[b] <= d->pre[a] && d->post[a] <= d->post[b];
}

unsigned dv_dom_ipdom(const struct dv_dom *d, unsigned a)
{
	if (!d || a >= d->n || d->ipdom[a] == UINT_MAX || d->ipdom[a] == d->n)
		return UINT_MAX;
	return d->ipdom[a];
}

int dv_dom_dominates(const struct dv_dom *d, struct dv_pos a, struct dv_pos b)
{
	if (!d)
		return 0;
	if (a.block == b.block)
		return reachable(d->cfg, a.block) && a.elem <= b.elem;
	return dv_cfg_dominates(d->cfg, a.block, b.block);
}

int dv_dom_postdominates(const struct dv_dom *d, struct dv_pos b, struct dv_pos a)
{
	if (!d)
		return 0;
	if (a.block == b.block)
		return reachable(d->cfg, a.block) && d->ipdom[a.block] != UINT_MAX && b.elem >= a.elem;
	return dv_dom_block_postdominates(d, b.block, a.block);
}

/* ---- locating elements ---- */

int dv_dom_locate(const struct dv_dom *d, CXCursor c, struct dv_pos *out)
{
	unsigned b, j, best = UINT_MAX, best_len = UINT_MAX;
	struct dv_cfg_span want;
	const struct dv_cfg_span *sp;
	const struct dv_block *blk;
	if (!d || clang_Cursor_isNull(c))
		return -1;
	b = dv_cfg_block_of(d->cfg, c);
	if (!reachable(d->cfg, b))
		return -1;
	blk = &d->cfg->blocks[b];
	for (j = 0; j < blk->n_elems; j++) {
		if (clang_equalCursors(blk->elems[j].cursor, c)) {
			out->block = b;
			out->elem = j;
			return 0;
		}
	}
	want = dv_cfg_span_of(c);
	sp = dv_cfg_elem_spans(d->cfg, b);
	for (j = 0; j < blk->n_elems; j++) {
		const struct dv_cfg_span *s = &sp[j];
		if (!s->file || !want.file || !clang_File_isEqual(s->file, want.file))
			continue;
		if (s->start <= want.start && want.end <= s->end && s->end - s->start < best_len) {
			best = j;
			best_len = s->end - s->start;
		}
	}
	if (best == UINT_MAX)
		return -1;
	out->block = b;
	out->elem = best;
	return 0;
}

/* ---- where the check's value went ---- */

/* The same expression node, however it was reached: clang_equalCursors
 * also compares the parent declaration a cursor was visited from, which
 * differs between a walk from the body and one from a statement. */
static int same_expr(CXCursor a, CXCursor b)
{
	return clang_getCursorKind(a) == clang_getCursorKind(b) &&
	       clang_equalRanges(clang_getCursorExtent(a), clang_getCursorExtent(b));
}

/* Variables the check's value was stored in, and flags: a variable
 * assigned `check == K` or `check != K` (amroot = getuid() == 0) is
 * nonzero exactly when the check's value satisfies that comparison. */
struct holders {
	CXCursor check;
	CXCursor vars[8];
	int is_flag[8];
	struct dv_cond_atom flag[8]; /* operand unused */
	unsigned n;
};

static void add_holder(struct holders *h, CXCursor decl, const struct dv_cond_atom *flag)
{
	if (h->n < sizeof(h->vars) / sizeof(h->vars[0]) && !clang_Cursor_isNull(decl)) {
		h->is_flag[h->n] = flag != NULL;
		if (flag)
			h->flag[h->n] = *flag;
		h->vars[h->n++] = clang_getCanonicalCursor(decl);
	}
}

/* Nonzero when e is `check == K` or `check != K` (either order); the
 * comparison goes to *out. */
static int flag_of(const struct holders *h, CXCursor e, struct dv_cond_atom *out)
{
	enum CXBinaryOperatorKind op;
	CXCursor a, b;
	long long v;
	e = dv_ast_strip(e);
	if (clang_getCursorKind(e) != CXCursor_BinaryOperator)
		return 0;
	op = clang_getCursorBinaryOperatorKind(e);
	if (op != CXBinaryOperator_EQ && op != CXBinaryOperator_NE)
		return 0;
	a = dv_ast_strip(dv_ast_child(e, 0));
	b = dv_ast_strip(dv_ast_child(e, 1));
	if (same_expr(b, h->check)) {
		CXCursor t = a;
		a = b;
		b = t;
	}
	if (!same_expr(a, h->check) || dv_ast_int_value(b, &v) != 0)
		return 0;
	out->operand = clang_getNullCursor();
	out->cmp = op == CXBinaryOperator_EQ ? DV_CMP_EQ : DV_CMP_NE;
	out->value = v;
	return 1;
}

static void note_store(struct holders *h, CXCursor var, CXCursor value)
{
	struct dv_cond_atom flag;
	if (same_expr(value, h->check))
		add_holder(h, var, NULL);
	else if (flag_of(h, value, &flag))
		add_holder(h, var, &flag);
}

static enum CXChildVisitResult find_holder(CXCursor c, CXCursor parent, CXClientData data)
{
	struct holders *h = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_VarDecl) {
		CXCursor init;
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(c, &kids);
		/* the initialiser is the last child (type references come first) */
		init = n ? dv_ast_strip(kids[n - 1]) : clang_getNullCursor();
		free(kids);
		if (!clang_Cursor_isNull(init))
			note_store(h, c, init);
	} else if (k == CXCursor_BinaryOperator &&
		   clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
		CXCursor lhs = dv_ast_strip(dv_ast_child(c, 0)), rhs = dv_ast_strip(dv_ast_child(c, 1));
		if (clang_getCursorKind(lhs) == CXCursor_DeclRefExpr)
			note_store(h, clang_getCursorReferenced(lhs), rhs);
	}
	return CXChildVisit_Recurse;
}

static void collect_holders(const struct dv_dom *d, CXCursor check, struct holders *h)
{
	struct dv_pos p;
	h->check = dv_ast_strip(check);
	h->n = 0;
	if (dv_dom_locate(d, h->check, &p) != 0)
		return;
	{
		CXCursor el = d->cfg->blocks[p.block].elems[p.elem].cursor;
		find_holder(el, clang_getNullCursor(), h);
		clang_visitChildren(el, find_holder, h);
	}
}

/* -1: the operand is not the check's value; H_DIRECT: it is the value
 * (or a variable holding it); otherwise the index of the flag it reads. */
#define H_DIRECT 8u
static int operand_holder(const struct holders *h, CXCursor operand, unsigned *which)
{
	CXCursor o = dv_ast_strip(operand);
	unsigned i;
	*which = H_DIRECT;
	if (same_expr(o, h->check))
		return 1;
	if (clang_getCursorKind(o) != CXCursor_DeclRefExpr)
		return 0;
	o = clang_getCanonicalCursor(clang_getCursorReferenced(o));
	for (i = 0; i < h->n; i++)
		if (clang_equalCursors(o, h->vars[i])) {
			*which = h->is_flag[i] ? i : H_DIRECT;
			return 1;
		}
	return 0;
}

static int operand_is_check(const struct holders *h, CXCursor operand)
{
	unsigned which;
	return operand_holder(h, operand, &which);
}

/* ---- which edge outcomes pass ---- */

/* A set of integers: [lo, hi], or everything but `lo` when `except`. */
struct iset {
	long long lo, hi;
	int except;
};

static int atom_set(const struct dv_cond_atom *a, struct iset *s)
{
	long long v = a->value;
	s->except = 0;
	s->lo = LLONG_MIN;
	s->hi = LLONG_MAX;
	switch (a->cmp) {
	case DV_CMP_EQ: s->lo = s->hi = v; return 0;
	case DV_CMP_NE: s->except = 1; s->lo = v; return 0;
	case DV_CMP_LT: if (v == LLONG_MIN) return -1; s->hi = v - 1; return 0;
	case DV_CMP_LE: s->hi = v; return 0;
	case DV_CMP_GT: if (v == LLONG_MAX) return -1; s->lo = v + 1; return 0;
	case DV_CMP_GE: s->lo = v; return 0;
	}
	return -1;
}

static int subset(const struct iset *a, const struct iset *b)
{
	if (!a->except && !b->except)
		return a->lo >= b->lo && a->hi <= b->hi;
	if (!a->except && b->except)
		return !(a->lo <= b->lo && b->lo <= a->hi);
	if (a->except && b->except)
		return a->lo == b->lo;
	return b->lo == LLONG_MIN && b->hi == LLONG_MAX;
}

static void pass_fail_sets(enum dv_check_pass pass, struct iset *ok, struct iset *bad)
{
	switch (pass) {
	case DV_PASS_NONZERO:
		*ok = (struct iset){ 0, 0, 1 };
		*bad = (struct iset){ 0, 0, 0 };
		return;
	case DV_PASS_ZERO:
		*ok = (struct iset){ 0, 0, 0 };
		*bad = (struct iset){ 0, 0, 1 };
		return;
	case DV_PASS_NONNEG:
		*ok = (struct iset){ 0, LLONG_MAX, 0 };
		*bad = (struct iset){ LLONG_MIN, -1, 0 };
		return;
	}
}

/* 1: the edge implies the check passed, 0: failed, -1: says nothing
 * about it. */
static int edge_outcome(const struct dv_dom *d, const struct holders *h, enum dv_check_pass pass,
			unsigned from, const struct dv_edge *e)
{
	const struct dv_block *blk = &d->cfg->blocks[from];
	struct dv_branch br;
	struct dv_cond_atom atom;
	struct iset s, ok, bad;
	unsigned which;
	if (clang_Cursor_isNull(blk->cond))
		return -1;
	if (e->kind != DV_EDGE_TRUE && e->kind != DV_EDGE_FALSE && e->kind != DV_EDGE_CASE)
		return -1;
	memset(&br, 0, sizeof(br));
	br.cond = blk->cond;
	br.kind = e->kind;
	br.case_value = e->case_value;
	br.cfg = d->cfg;
	br.from = from;
	br.to = e->to;
	if (dv_cond_normalize(&br, &atom) != 0 || !operand_holder(h, atom.operand, &which) ||
	    atom_set(&atom, &s) != 0)
		return -1;
	if (which != H_DIRECT) {
		/* a flag: what the edge says of the flag says whether the
		 * check's value satisfied the flag's comparison */
		struct iset zero = { 0, 0, 0 }, nonzero = { 0, 0, 1 };
		struct dv_cond_atom f = h->flag[which];
		if (subset(&s, &zero))
			f.cmp = f.cmp == DV_CMP_EQ ? DV_CMP_NE : DV_CMP_EQ;
		else if (!subset(&s, &nonzero))
			return -1;
		if (atom_set(&f, &s) != 0)
			return -1;
	}
	pass_fail_sets(pass, &ok, &bad);
	if (subset(&s, &ok))
		return 1;
	if (subset(&s, &bad))
		return 0;
	return -1;
}

int dv_dom_guarded(const struct dv_dom *d, CXCursor check, enum dv_check_pass pass,
		   struct dv_pos x)
{
	const struct dv_cfg *cfg;
	struct holders h;
	unsigned char *in;
	unsigned i, j, k, guard;
	int changed = 1, result;
	if (!d || clang_Cursor_isNull(check) || !reachable(d->cfg, x.block))
		return 0;
	cfg = d->cfg;
	collect_holders(d, check, &h);
	in = xmalloc(cfg->n_blocks);
	memset(in, 1, cfg->n_blocks); /* optimistic start of a must-analysis */
	in[cfg->entry] = 0;
	for (guard = 0; changed && guard <= cfg->n_blocks + 2; guard++) {
		changed = 0;
		for (i = 1; i < cfg->n_rpo; i++) {
			unsigned b = cfg->rpo[i];
			unsigned char v = 1;
			if (b == cfg->entry)
				continue;
			for (j = 0; j < cfg->blocks[b].n_pred && v; j++) {
				unsigned p = cfg->blocks[b].pred[j];
				if (!reachable(cfg, p))
					continue;
				for (k = 0; k < cfg->blocks[p].n_succ; k++) {
					const struct dv_edge *e = &cfg->blocks[p].succ[k];
					int o;
					if (e->to != b)
						continue;
					o = edge_outcome(d, &h, pass, p, e);
					if (!(o == 1 || (o == -1 && in[p])))
						v = 0;
				}
			}
			if (in[b] != v) {
				in[b] = v;
				changed = 1;
			}
		}
	}
	result = in[x.block];
	free(in);
	return result;
}

int dv_dom_result_tested(const struct dv_dom *d, CXCursor check)
{
	struct holders h;
	unsigned i;
	if (!d || clang_Cursor_isNull(check))
		return 0;
	collect_holders(d, check, &h);
	for (i = 0; i < d->cfg->n_blocks; i++) {
		const struct dv_block *blk = &d->cfg->blocks[i];
		struct dv_branch br;
		struct dv_cond_atom atom;
		if (!reachable(d->cfg, i) || clang_Cursor_isNull(blk->cond) || !blk->n_succ)
			continue;
		memset(&br, 0, sizeof(br));
		br.cond = blk->cond;
		br.kind = blk->succ[0].kind;
		br.case_value = blk->succ[0].case_value;
		br.cfg = d->cfg;
		br.from = i;
		br.to = blk->succ[0].to;
		if (dv_cond_normalize(&br, &atom) == 0 && operand_is_check(&h, atom.operand))
			return 1;
	}
	return 0;
}
