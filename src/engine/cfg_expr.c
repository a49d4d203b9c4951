/*
 * CFG builder: expressions.  Short-circuit operators, ?: and the comma
 * operator are split into blocks so that every branch condition is atomic.
 */
#include "engine/cfg_builder.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- expressions ---- */

int dv_cfgb_is_split(CXCursor s)
{
	enum CXCursorKind k = clang_getCursorKind(s);
	/* a GNU statement expression `({ ...; v; })` is statements run in
	 * place (glibc's assert() is one: `if (e) ; else __assert_fail()`),
	 * so its branches, returns and noreturn calls are the CFG's */
	if (k == CXCursor_ConditionalOperator || k == CXCursor_StmtExpr)
		return 1;
	if (k == CXCursor_BinaryOperator) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(s);
		return op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr ||
		       op == CXBinaryOperator_Comma;
	}
	return 0;
}

static int is_unevaluated(enum CXCursorKind k)
{
	return k == CXCursor_LambdaExpr || k == CXCursor_UnaryExpr ||
	       k == CXCursor_CXXTypeidExpr || 
	       k == CXCursor_BlockExpr;
}

static enum CXChildVisitResult scan_visit(CXCursor c, CXCursor parent, void *data)
{
	struct scan *sc = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (++sc->nodes > 200000)
		return CXChildVisit_Break;
	if (is_unevaluated(k))
		return CXChildVisit_Continue;
	if (dv_cfgb_is_split(c)) {
		DV_GROW(sc->splits, (size_t)sc->n_splits + 1, sc->alloc);
		sc->splits[sc->n_splits++] = c;
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_CallExpr && dv_ast_callee_is_noreturn(c))
		sc->noreturn = 1;
	return CXChildVisit_Recurse;
}

/* Finds the outermost split operators of e and noreturn calls outside them. */
void dv_cfgb_scan_expr(CXCursor e, struct scan *sc)
{
	CXCursor s = dv_ast_strip(e);
	enum CXCursorKind k = clang_getCursorKind(s);
	memset(sc, 0, sizeof(*sc));
	if (dv_cfgb_is_split(s)) {
		DV_GROW(sc->splits, (size_t)1, sc->alloc);
		sc->splits[sc->n_splits++] = s;
		return;
	}
	if (is_unevaluated(k))
		return;
	if (k == CXCursor_CallExpr && dv_ast_callee_is_noreturn(s))
		sc->noreturn = 1;
	clang_visitChildren(e, scan_visit, sc);
}

/* Computes a split operator's value through blocks. */
void dv_cfgb_build_split(struct builder *b, CXCursor s)
{
	CXCursor *kids = NULL;
	unsigned n = dv_ast_children(s, &kids);
	CXCursor saved = b->term;
	if (b->depth++ > MAX_DEPTH) {
		b->cfg->incomplete = 1;
		goto cleanup;
	}
	b->term = s;
	if (clang_getCursorKind(s) == CXCursor_StmtExpr) {
		/* the body's statements, its last expression included (the
		 * value: the enclosing element keeps the StmtExpr opaque and
		 * the checkers read that last expression in the state after
		 * it) */
		if (n == 1 && clang_getCursorKind(kids[0]) == CXCursor_CompoundStmt)
			dv_cfgb_build_stmt(b, kids[0]);
		else
			dv_cfgb_add_elem(b, DV_ELEM_EXPR, s, NULL, 0);
	} else if (clang_getCursorKind(s) == CXCursor_ConditionalOperator) {
		unsigned bx, by, join;
		if (n != 3) {
			dv_cfgb_add_elem(b, DV_ELEM_EXPR, s, NULL, 0);
			goto cleanup;
		}
		bx = dv_cfgb_new_block(b);
		by = dv_cfgb_new_block(b);
		join = dv_cfgb_new_block(b);
		dv_cfgb_build_cond(b, kids[0], bx, by);
		b->cur = bx;
		dv_cfgb_emit_value(b, kids[1]);
		dv_cfgb_jump(b, join);
		b->cur = by;
		dv_cfgb_emit_value(b, kids[2]);
		dv_cfgb_jump(b, join);
		b->cur = join;
	} else if (clang_getCursorBinaryOperatorKind(s) == CXBinaryOperator_Comma) {
		unsigned i;
		for (i = 0; i < n; i++)
			dv_cfgb_emit_value(b, kids[i]);
	} else {
		unsigned join = dv_cfgb_new_block(b);
		dv_cfgb_build_cond(b, s, join, join);
		b->cur = join;
	}
cleanup:
	b->term = saved;
	b->depth--;
	free(kids);
}

/* An expression evaluated for its value or effects: split operators
 * first, then one element with those operators opaque. */
void dv_cfgb_emit_value(struct builder *b, CXCursor e)
{
	struct scan sc;
	unsigned i;
	CXCursor s = dv_ast_strip(e);
	if (dv_cfgb_is_split(s)) {
		dv_cfgb_build_split(b, s);
		return;
	}
	dv_cfgb_scan_expr(e, &sc);
	for (i = 0; i < sc.n_splits; i++)
		dv_cfgb_build_split(b, sc.splits[i]);
	dv_cfgb_add_elem(b, DV_ELEM_EXPR, e, sc.splits, sc.n_splits);
	if (sc.noreturn)
		dv_cfgb_mark_noreturn(b);
	free(sc.splits);
}

static int split_op(CXCursor s, enum CXBinaryOperatorKind want)
{
	return clang_getCursorKind(s) == CXCursor_BinaryOperator &&
	       clang_getCursorBinaryOperatorKind(s) == want;
}

/* Branches on e: TRUE edges to t, FALSE edges to f, each from a block
 * whose last element is an atomic condition. */
void dv_cfgb_build_cond(struct builder *b, CXCursor e, unsigned t, unsigned f)
{
	CXCursor s = dv_ast_strip(e);
	CXCursor *kids = NULL;
	unsigned n = 0;
	struct scan sc;
	long long v;
	unsigned i;
	if (b->depth++ > MAX_DEPTH) {
		b->cfg->incomplete = 1;
		b->depth--;
		return;
	}
	if (dv_cfgb_is_split(s) || (clang_getCursorKind(s) == CXCursor_UnaryOperator &&
			    clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_LNot))
		n = dv_ast_children(s, &kids);
	if (split_op(s, CXBinaryOperator_LAnd) && n == 2) {
		unsigned mid = dv_cfgb_new_block(b);
		dv_cfgb_build_cond(b, kids[0], mid, f);
		b->cur = mid;
		dv_cfgb_build_cond(b, kids[1], t, f);
		goto cleanup;
	}
	if (split_op(s, CXBinaryOperator_LOr) && n == 2) {
		unsigned mid = dv_cfgb_new_block(b);
		dv_cfgb_build_cond(b, kids[0], t, mid);
		b->cur = mid;
		dv_cfgb_build_cond(b, kids[1], t, f);
		goto cleanup;
	}
	if (split_op(s, CXBinaryOperator_Comma) && n == 2) {
		dv_cfgb_emit_value(b, kids[0]);
		dv_cfgb_build_cond(b, kids[1], t, f);
		goto cleanup;
	}
	if (clang_getCursorKind(s) == CXCursor_ConditionalOperator && n == 3) {
		unsigned bx = dv_cfgb_new_block(b), by = dv_cfgb_new_block(b);
		dv_cfgb_build_cond(b, kids[0], bx, by);
		b->cur = bx;
		dv_cfgb_build_cond(b, kids[1], t, f);
		b->cur = by;
		dv_cfgb_build_cond(b, kids[2], t, f);
		goto cleanup;
	}
	if (n == 1 && clang_getCursorKind(s) == CXCursor_UnaryOperator &&
	    dv_cfgb_is_split(dv_ast_strip(kids[0]))) {
		dv_cfgb_build_cond(b, kids[0], f, t);
		goto cleanup;
	}
	/* atomic condition */
	dv_cfgb_scan_expr(e, &sc);
	for (i = 0; i < sc.n_splits; i++)
		dv_cfgb_build_split(b, sc.splits[i]);
	dv_cfgb_add_elem(b, DV_ELEM_EXPR, e, sc.splits, sc.n_splits);
	if (sc.noreturn) {
		dv_cfgb_mark_noreturn(b);
	} else if (!sc.n_splits && dv_ast_int_value(s, &v) == 0) {
		b->cfg->blocks[b->cur].terminator = b->term;
		dv_cfgb_jump(b, v ? t : f);
	} else {
		struct dv_block *blk = &b->cfg->blocks[b->cur];
		blk->cond = e;
		blk->terminator = b->term;
		dv_cfgb_add_edge(b, b->cur, t, DV_EDGE_TRUE, 0);
		dv_cfgb_add_edge(b, b->cur, f, DV_EDGE_FALSE, 0);
		b->cur = DV_CFG_NONE;
	}
	free(sc.splits);
cleanup:
	b->depth--;
	free(kids);
}

