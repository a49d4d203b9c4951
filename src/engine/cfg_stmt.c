/*
 * CFG builder: statements.
 */
#include "engine/cfg_builder.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- statements ---- */

static void build_decl(struct builder *b, CXCursor var)
{
	CXCursor init = clang_Cursor_getVarDeclInitializer(var);
	struct scan sc;
	unsigned i;
	memset(&sc, 0, sizeof(sc));
	if (!clang_Cursor_isNull(init) && !clang_isInvalid(clang_getCursorKind(init)))
		dv_cfgb_scan_expr(init, &sc);
	for (i = 0; i < sc.n_splits; i++)
		dv_cfgb_build_split(b, sc.splits[i]);
	dv_cfgb_add_elem(b, DV_ELEM_DECL, var, sc.splits, sc.n_splits);
	free(sc.splits);
	if (sc.noreturn) {
		dv_cfgb_mark_noreturn(b);
		return;
	}
	if (dv_cfgb_var_needs_scope_exit(b, var))
		dv_cfgb_push_raii(b, var);
}

/* Runs a header part (init statement, condition variable). */
static void build_header_part(struct builder *b, CXCursor c)
{
	if (clang_getCursorKind(c) == CXCursor_VarDecl)
		build_decl(b, c);
	else
		dv_cfgb_build_stmt(b, c);
}

static int is_decl_kind(enum CXCursorKind k)
{
	return k == CXCursor_DeclStmt || k == CXCursor_VarDecl;
}

static void build_if(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned i = 0, then_b, else_b, after, depth = b->n_raii;
	CXCursor saved = b->term;
	if (n < 2) {
		b->cfg->incomplete = 1;
		return;
	}
	while (i < 2 && n - i >= 3 && is_decl_kind(clang_getCursorKind(kids[i])))
		build_header_part(b, kids[i++]);
	then_b = dv_cfgb_new_block(b);
	after = dv_cfgb_new_block(b);
	else_b = i + 2 < n ? dv_cfgb_new_block(b) : after;
	b->term = s;
	dv_cfgb_build_cond(b, kids[i], then_b, else_b);
	b->term = saved;
	b->cur = then_b;
	dv_cfgb_build_stmt(b, kids[i + 1]);
	dv_cfgb_jump(b, after);
	if (i + 2 < n) {
		b->cur = else_b;
		dv_cfgb_build_stmt(b, kids[i + 2]);
		dv_cfgb_jump(b, after);
	}
	b->cur = after;
	b->n_raii = b->n_raii > depth ? depth : b->n_raii; /* condition variables: no dtor model */
}

static void push_jump(struct jump_target **arr, unsigned *n, size_t *alloc, unsigned block,
		      unsigned depth)
{
	DV_GROW(*arr, (size_t)*n + 1, *alloc);
	(*arr)[*n].block = block;
	(*arr)[*n].raii_depth = depth;
	(*n)++;
}

static void build_while(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned h, body, after, i = 0, depth = b->n_raii;
	CXCursor saved = b->term;
	if (n < 2) {
		b->cfg->incomplete = 1;
		return;
	}
	h = dv_cfgb_new_block(b);
	body = dv_cfgb_new_block(b);
	after = dv_cfgb_new_block(b);
	b->cfg->loop_stmt[h] = s;
	dv_cfgb_enter(b, h);
	while (i + 2 < n)
		build_header_part(b, kids[i++]);
	b->term = s;
	dv_cfgb_build_cond(b, kids[n - 2], body, after);
	b->term = saved;
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, depth);
	push_jump(&b->cont, &b->n_cont, &b->cont_alloc, h, depth);
	b->cur = body;
	dv_cfgb_build_stmt(b, kids[n - 1]);
	dv_cfgb_emit_scope_exits(b, depth);
	dv_cfgb_jump(b, h);
	b->n_brk--;
	b->n_cont--;
	b->n_raii = depth;
	b->cur = after;
}

static void build_do(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned body, c, after, depth = b->n_raii;
	CXCursor saved = b->term;
	if (n != 2) {
		b->cfg->incomplete = 1;
		return;
	}
	body = dv_cfgb_new_block(b);
	c = dv_cfgb_new_block(b);
	after = dv_cfgb_new_block(b);
	b->cfg->loop_stmt[body] = s;
	dv_cfgb_enter(b, body);
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, depth);
	push_jump(&b->cont, &b->n_cont, &b->cont_alloc, c, depth);
	dv_cfgb_build_stmt(b, kids[0]);
	dv_cfgb_jump(b, c);
	b->n_brk--;
	b->n_cont--;
	b->cur = c;
	b->term = s;
	dv_cfgb_build_cond(b, kids[1], body, after);
	b->term = saved;
	b->cur = after;
}

/* Offsets of the two `;` of a for header at parenthesis depth 1, found by
 * tokenizing from the statement start to the body.  Returns 0 when both
 * were found. */
static int for_semicolons(CXCursor s, CXCursor body, unsigned semi[2])
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(s);
	CXSourceRange r = clang_getRange(clang_getRangeStart(clang_getCursorExtent(s)),
					 clang_getRangeStart(clang_getCursorExtent(body)));
	CXToken *toks = NULL;
	unsigned n = 0, i, found = 0;
	int depth = 0;
	clang_tokenize(tu, r, &toks, &n);
	for (i = 0; i < n && found < 2; i++) {
		CXString sp;
		const char *t;
		if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
			continue;
		sp = clang_getTokenSpelling(tu, toks[i]);
		t = clang_getCString(sp);
		if (t && (!strcmp(t, "(") || !strcmp(t, "[") || !strcmp(t, "{"))) {
			depth++;
		} else if (t && (!strcmp(t, ")") || !strcmp(t, "]") || !strcmp(t, "}"))) {
			depth--;
		} else if (t && depth == 1 && !strcmp(t, ";")) {
			clang_getFileLocation(clang_getTokenLocation(tu, toks[i]), NULL, NULL, NULL,
					      &semi[found]);
			found++;
		}
		clang_disposeString(sp);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return found == 2 ? 0 : -1;
}

static unsigned start_offset(CXCursor c)
{
	unsigned off = 0;
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), NULL, NULL, NULL, &off);
	return off;
}

/* Sorts the header children of a for statement into init / cond / inc. */
static void classify_for(CXCursor s, CXCursor *kids, unsigned n, CXCursor part[3])
{
	unsigned semi[2], i;
	part[0] = part[1] = part[2] = clang_getNullCursor();
	if (n == 4) {
		for (i = 0; i < 3; i++)
			part[i] = kids[i];
		return;
	}
	if (n <= 1)
		return;
	if (for_semicolons(s, kids[n - 1], semi) == 0 && semi[0] < semi[1]) {
		unsigned last = 0, ok = 1;
		for (i = 0; i + 1 < n; i++) {
			unsigned off = start_offset(kids[i]);
			unsigned slot = off < semi[0] ? 0 : off < semi[1] ? 1 : 2;
			if (i && off <= last)
				ok = 0; /* macro: positions collapsed */
			last = off;
			part[slot] = kids[i];
		}
		if (ok)
			return;
		part[0] = part[1] = part[2] = clang_getNullCursor();
	}
	/* fallback: a declaration is the init, then cond, then inc */
	i = 0;
	if (is_decl_kind(clang_getCursorKind(kids[0])))
		part[0] = kids[i++];
	if (i + 1 < n)
		part[1] = kids[i++];
	if (i + 1 < n)
		part[2] = kids[i++];
}

static void build_for(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	CXCursor part[3], saved = b->term;
	unsigned h, body, after, inc, depth = b->n_raii;
	if (n < 1) {
		b->cfg->incomplete = 1;
		return;
	}
	classify_for(s, kids, n, part);
	if (!clang_Cursor_isNull(part[0]))
		build_header_part(b, part[0]);
	h = dv_cfgb_new_block(b);
	body = dv_cfgb_new_block(b);
	after = dv_cfgb_new_block(b);
	inc = clang_Cursor_isNull(part[2]) ? h : dv_cfgb_new_block(b);
	b->cfg->loop_stmt[h] = s;
	dv_cfgb_enter(b, h);
	if (!clang_Cursor_isNull(part[1])) {
		b->term = s;
		dv_cfgb_build_cond(b, part[1], body, after);
		b->term = saved;
	} else {
		b->cfg->blocks[h].terminator = s;
		dv_cfgb_jump(b, body);
	}
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, b->n_raii);
	push_jump(&b->cont, &b->n_cont, &b->cont_alloc, inc, b->n_raii);
	b->cur = body;
	dv_cfgb_build_stmt(b, kids[n - 1]);
	dv_cfgb_jump(b, inc);
	b->n_brk--;
	b->n_cont--;
	if (inc != h) {
		b->cur = inc;
		dv_cfgb_emit_value(b, part[2]);
		dv_cfgb_jump(b, h);
	}
	b->cur = after;
	dv_cfgb_pop_scope(b, depth);
}

static void build_range_for(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned h, body, after, i = 0, depth;
	CXCursor var = clang_getNullCursor();
	if (n < 3) {
		b->cfg->incomplete = 1;
		return;
	}
	/* [init stmt] loop variable, range expression, body */
	if (n >= 4)
		dv_cfgb_build_stmt(b, kids[i++]);
	var = kids[i++];
	dv_cfgb_emit_value(b, kids[i]);
	depth = b->n_raii;
	h = dv_cfgb_new_block(b);
	body = dv_cfgb_new_block(b);
	after = dv_cfgb_new_block(b);
	b->cfg->loop_stmt[h] = s;
	dv_cfgb_enter(b, h);
	b->cfg->blocks[h].terminator = s;
	dv_cfgb_add_edge(b, h, body, DV_EDGE_NORMAL, 0);
	dv_cfgb_add_edge(b, h, after, DV_EDGE_NORMAL, 0);
	b->cur = body;
	if (clang_getCursorKind(var) == CXCursor_VarDecl)
		dv_cfgb_add_elem(b, DV_ELEM_DECL, var, NULL, 0);
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, depth);
	push_jump(&b->cont, &b->n_cont, &b->cont_alloc, h, depth);
	dv_cfgb_build_stmt(b, kids[n - 1]);
	dv_cfgb_jump(b, h);
	b->n_brk--;
	b->n_cont--;
	b->cur = after;
}

static void build_switch(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned after, i, sw_block, depth = b->n_raii;
	struct scan sc;
	CXCursor cond;
	if (n < 2) {
		b->cfg->incomplete = 1;
		return;
	}
	for (i = 0; i + 2 < n; i++)
		build_header_part(b, kids[i]);
	cond = kids[n - 2];
	dv_cfgb_scan_expr(cond, &sc);
	for (i = 0; i < sc.n_splits; i++)
		dv_cfgb_build_split(b, sc.splits[i]);
	dv_cfgb_add_elem(b, DV_ELEM_EXPR, cond, sc.splits, sc.n_splits);
	free(sc.splits);
	sw_block = b->cur;
	b->cfg->blocks[sw_block].cond = cond;
	b->cfg->blocks[sw_block].terminator = s;
	b->cur = DV_CFG_NONE;
	after = dv_cfgb_new_block(b);
	DV_GROW(b->sw, (size_t)b->n_sw + 1, b->sw_alloc);
	b->sw[b->n_sw].block = sw_block;
	b->sw[b->n_sw].has_default = 0;
	b->n_sw++;
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, depth);
	dv_cfgb_build_stmt(b, kids[n - 1]);
	dv_cfgb_jump(b, after);
	b->n_brk--;
	b->n_sw--;
	if (!b->sw[b->n_sw].has_default)
		dv_cfgb_add_edge(b, sw_block, after, DV_EDGE_DEFAULT, 0);
	b->cur = after;
	b->n_raii = b->n_raii > depth ? depth : b->n_raii;
}

static void build_case(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned l = dv_cfgb_new_block(b);
	dv_cfgb_enter(b, l);
	if (!b->n_sw) {
		b->cfg->incomplete = 1;
	} else if (clang_getCursorKind(s) == CXCursor_DefaultStmt) {
		dv_cfgb_add_edge(b, b->sw[b->n_sw - 1].block, l, DV_EDGE_DEFAULT, 0);
		b->sw[b->n_sw - 1].has_default = 1;
	} else {
		long long v = 0;
		if (n == 0 || dv_ast_int_value(kids[0], &v) != 0)
			b->cfg->incomplete = 1;
		dv_cfgb_add_edge(b, b->sw[b->n_sw - 1].block, l, DV_EDGE_CASE, v);
	}
	if (clang_getCursorKind(s) == CXCursor_DefaultStmt ? n >= 1 : n >= 2)
		dv_cfgb_build_stmt(b, kids[n - 1]);
}

static void build_break_continue(struct builder *b, CXCursor s, struct jump_target *stack,
				 unsigned n)
{
	if (!n) {
		b->cfg->incomplete = 1;
		b->cur = DV_CFG_NONE;
		return;
	}
	dv_cfgb_ensure_cur(b);
	dv_cfgb_emit_scope_exits(b, stack[n - 1].raii_depth);
	b->cfg->blocks[b->cur].terminator = s;
	dv_cfgb_jump(b, stack[n - 1].block);
}

static void build_return(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	struct scan sc;
	unsigned i;
	memset(&sc, 0, sizeof(sc));
	if (n >= 1 && clang_isExpression(clang_getCursorKind(kids[0])))
		dv_cfgb_scan_expr(kids[0], &sc);
	for (i = 0; i < sc.n_splits; i++)
		dv_cfgb_build_split(b, sc.splits[i]);
	dv_cfgb_add_elem(b, DV_ELEM_RETURN, s, sc.splits, sc.n_splits);
	free(sc.splits);
	if (sc.noreturn) {
		dv_cfgb_mark_noreturn(b);
		return;
	}
	dv_cfgb_emit_scope_exits(b, 0);
	dv_cfgb_add_elem(b, DV_ELEM_EXIT, s, NULL, 0);
	b->cfg->blocks[b->cur].terminator = s;
	dv_cfgb_jump(b, b->cfg->exit);
}

static unsigned label_index(struct builder *b, CXCursor label)
{
	CXSourceLocation loc = clang_getCursorLocation(label);
	unsigned i;
	for (i = 0; i < b->n_labels; i++)
		if (clang_equalLocations(b->labels[i].loc, loc))
			return i;
	DV_GROW(b->labels, (size_t)b->n_labels + 1, b->labels_alloc);
	memset(&b->labels[b->n_labels], 0, sizeof(b->labels[0]));
	b->labels[b->n_labels].loc = loc;
	b->labels[b->n_labels].block = dv_cfgb_new_block(b);
	return b->n_labels++;
}

static void build_goto(struct builder *b, CXCursor s)
{
	CXCursor label = clang_getCursorReferenced(s);
	unsigned li;
	struct pending_goto *g;
	if (clang_Cursor_isNull(label) || clang_getCursorKind(label) != CXCursor_LabelStmt) {
		b->cfg->incomplete = 1;
		b->cur = DV_CFG_NONE;
		return;
	}
	li = label_index(b, label);
	dv_cfgb_ensure_cur(b);
	b->cfg->blocks[b->cur].terminator = s;
	DV_GROW(b->gotos, (size_t)b->n_gotos + 1, b->gotos_alloc);
	g = &b->gotos[b->n_gotos++];
	g->block = b->cur;
	g->label = li;
	g->snap = dv_cfgb_raii_snapshot(b, &g->n_snap);
	dv_cfgb_jump(b, b->labels[li].block);
}

static void build_label(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned li = label_index(b, s);
	struct label_info *l = &b->labels[li];
	if (!l->defined) {
		l->defined = 1;
		l->snap = dv_cfgb_raii_snapshot(b, &l->n_snap);
	}
	dv_cfgb_enter(b, l->block);
	if (n >= 1)
		dv_cfgb_build_stmt(b, kids[n - 1]);
}

static void build_try(struct builder *b, CXCursor *kids, unsigned n)
{
	unsigned *handlers, after, first, last, i, blk;
	if (n < 1)
		return;
	handlers = xcalloc(n, sizeof(unsigned));
	for (i = 1; i < n; i++)
		handlers[i] = dv_cfgb_new_block(b);
	after = dv_cfgb_new_block(b);
	first = dv_cfgb_new_block(b);
	dv_cfgb_enter(b, first);
	dv_cfgb_build_stmt(b, kids[0]);
	dv_cfgb_jump(b, after);
	last = b->cfg->n_blocks;
	for (blk = first; blk < last; blk++) {
		if (!b->cfg->blocks[blk].n_elems || blk == b->sink)
			continue;
		for (i = 1; i < n; i++)
			dv_cfgb_add_edge(b, blk, handlers[i], DV_EDGE_EXCEPTION, 0);
	}
	for (i = 1; i < n; i++) {
		CXCursor *hk = NULL;
		unsigned hn = dv_ast_children(kids[i], &hk), j, depth = b->n_raii;
		b->cur = handlers[i];
		for (j = 0; j < hn; j++) {
			if (clang_getCursorKind(hk[j]) == CXCursor_VarDecl)
				dv_cfgb_add_elem(b, DV_ELEM_DECL, hk[j], NULL, 0);
			else
				dv_cfgb_build_stmt(b, hk[j]);
		}
		b->n_raii = depth;
		dv_cfgb_jump(b, after);
		free(hk);
	}
	b->cur = after;
	free(handlers);
}

static void build_expr_stmt(struct builder *b, CXCursor s)
{
	CXCursor st = dv_ast_strip(s);
	if (clang_getCursorKind(st) == CXCursor_CXXThrowExpr) {
		struct scan sc;
		unsigned i;
		dv_cfgb_scan_expr(s, &sc);
		for (i = 0; i < sc.n_splits; i++)
			dv_cfgb_build_split(b, sc.splits[i]);
		dv_cfgb_add_elem(b, DV_ELEM_EXPR, s, sc.splits, sc.n_splits);
		free(sc.splits);
		b->cfg->blocks[b->cur].terminator = s;
		b->cur = DV_CFG_NONE;
		return;
	}
	dv_cfgb_emit_value(b, s);
}

void dv_cfgb_build_stmt(struct builder *b, CXCursor s)
{
	enum CXCursorKind k = clang_getCursorKind(s);
	CXCursor *kids = NULL;
	unsigned n = 0, i, depth;
	if (b->cfg->incomplete && b->sink != DV_CFG_NONE)
		return;
	if (b->depth++ > MAX_DEPTH) {
		b->cfg->incomplete = 1;
		b->depth--;
		return;
	}
	switch (k) {
	case CXCursor_CompoundStmt:
		depth = b->n_raii;
		n = dv_ast_children(s, &kids);
		for (i = 0; i < n; i++)
			dv_cfgb_build_stmt(b, kids[i]);
		dv_cfgb_pop_scope(b, depth);
		break;
	case CXCursor_DeclStmt:
		n = dv_ast_children(s, &kids);
		for (i = 0; i < n; i++)
			if (clang_getCursorKind(kids[i]) == CXCursor_VarDecl)
				build_decl(b, kids[i]);
		break;
	case CXCursor_IfStmt:
		n = dv_ast_children(s, &kids);
		build_if(b, s, kids, n);
		break;
	case CXCursor_WhileStmt:
		n = dv_ast_children(s, &kids);
		build_while(b, s, kids, n);
		break;
	case CXCursor_DoStmt:
		n = dv_ast_children(s, &kids);
		build_do(b, s, kids, n);
		break;
	case CXCursor_ForStmt:
		n = dv_ast_children(s, &kids);
		build_for(b, s, kids, n);
		break;
	case CXCursor_CXXForRangeStmt:
		n = dv_ast_children(s, &kids);
		build_range_for(b, s, kids, n);
		break;
	case CXCursor_SwitchStmt:
		n = dv_ast_children(s, &kids);
		build_switch(b, s, kids, n);
		break;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		n = dv_ast_children(s, &kids);
		build_case(b, s, kids, n);
		break;
	case CXCursor_BreakStmt:
		build_break_continue(b, s, b->brk, b->n_brk);
		break;
	case CXCursor_ContinueStmt:
		build_break_continue(b, s, b->cont, b->n_cont);
		break;
	case CXCursor_ReturnStmt:
		n = dv_ast_children(s, &kids);
		build_return(b, s, kids, n);
		break;
	case CXCursor_GotoStmt:
		build_goto(b, s);
		break;
	case CXCursor_IndirectGotoStmt:
		dv_cfgb_add_elem(b, DV_ELEM_EXPR, s, NULL, 0);
		b->cfg->blocks[b->cur].terminator = s;
		b->cfg->incomplete = 1;
		b->cur = DV_CFG_NONE;
		break;
	case CXCursor_LabelStmt:
		n = dv_ast_children(s, &kids);
		build_label(b, s, kids, n);
		break;
	case CXCursor_CXXTryStmt:
		n = dv_ast_children(s, &kids);
		build_try(b, kids, n);
		break;
	case CXCursor_NullStmt:
		break;
	default:
		if (clang_isExpression(k))
			build_expr_stmt(b, s);
		else if (clang_isStatement(k))
			dv_cfgb_add_elem(b, DV_ELEM_EXPR, s, NULL, 0); /* asm, unknown statements */
		/* declarations (typedefs, local structs): nothing runs */
		break;
	}
	b->depth--;
	free(kids);
}

/* SCOPE_EXITs on gotos that leave RAII scopes (known only once the
 * label's scope is). */
void dv_cfgb_resolve_gotos(struct builder *b)
{
	unsigned i;
	for (i = 0; i < b->n_gotos; i++) {
		struct pending_goto *g = &b->gotos[i];
		struct label_info *l = &b->labels[g->label];
		unsigned common = 0, k;
		while (common < g->n_snap && common < l->n_snap && g->snap[common] == l->snap[common])
			common++;
		b->cur = g->block;
		for (k = g->n_snap; k-- > common;)
			dv_cfgb_add_elem(b, DV_ELEM_SCOPE_EXIT, b->raii_log[g->snap[k]], NULL, 0);
	}
	b->cur = DV_CFG_NONE;
}

