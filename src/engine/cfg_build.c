/*
 * AST to CFG blocks.
 *
 * The builder keeps a "current" block that receives elements; after a
 * jump (return, break, goto, noreturn call) there is none (DV_CFG_NONE)
 * and the next element opens a fresh, unreachable block.
 *
 * Choices worth knowing:
 *  - `!(a && b)` and other `!`-wrapped short-circuits in conditions are
 *    split with their TRUE/FALSE targets swapped, so the atoms a and b
 *    keep their own meaning on the edges.
 *  - Conditions with a constant integer value (`while (1)`, `for (;;)`,
 *    `do { } while (0)`) get one NORMAL edge to the target taken, so the
 *    do/while(0) macro idiom is not a loop.
 *  - C++17 `if (init; cond)` with an expression-statement init is read as
 *    cond/then/else (a DeclStmt init is recognised); switch init
 *    statements are not shown by libclang at all.
 *  - Exception edges: every non-empty block built inside a try body gets
 *    a DV_EDGE_EXCEPTION edge to every handler of that try.  A throw
 *    outside any try ends its block with no successor.
 */
#include "engine/cfg_internal.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

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

static void build_stmt(struct builder *b, CXCursor s);
static void emit_value(struct builder *b, CXCursor e);
static void build_cond(struct builder *b, CXCursor e, unsigned t, unsigned f);

/* ---- blocks, elements, edges ---- */

static unsigned new_block(struct builder *b)
{
	struct dv_cfg *cfg = b->cfg;
	struct dv_block *blk;
	if (cfg->n_blocks >= DV_CFG_MAX_BLOCKS) {
		cfg->incomplete = 1;
		if (b->sink != DV_CFG_NONE)
			return b->sink;
	}
	if (cfg->n_blocks + 1 > b->blocks_alloc) {
		DV_GROW(cfg->blocks, (size_t)cfg->n_blocks + 1, b->blocks_alloc);
		b->elems_alloc = xreallocarray(b->elems_alloc, b->blocks_alloc, sizeof(size_t));
		b->succ_alloc = xreallocarray(b->succ_alloc, b->blocks_alloc, sizeof(size_t));
		cfg->loop_stmt = xreallocarray(cfg->loop_stmt, b->blocks_alloc, sizeof(CXCursor));
	}
	cfg->loop_stmt[cfg->n_blocks] = clang_getNullCursor();
	blk = &cfg->blocks[cfg->n_blocks];
	memset(blk, 0, sizeof(*blk));
	blk->id = cfg->n_blocks;
	blk->cond = clang_getNullCursor();
	blk->terminator = clang_getNullCursor();
	b->elems_alloc[cfg->n_blocks] = 0;
	b->succ_alloc[cfg->n_blocks] = 0;
	if (cfg->n_blocks >= DV_CFG_MAX_BLOCKS)
		b->sink = cfg->n_blocks;
	return cfg->n_blocks++;
}

static unsigned ensure_cur(struct builder *b)
{
	if (b->cur == DV_CFG_NONE)
		b->cur = new_block(b);
	return b->cur;
}

static void add_elem(struct builder *b, enum dv_elem_kind kind, CXCursor c, const CXCursor *opaque,
		     unsigned n_opaque)
{
	unsigned id = ensure_cur(b);
	struct dv_block *blk = &b->cfg->blocks[id];
	struct dv_elem *el;
	DV_GROW(blk->elems, (size_t)blk->n_elems + 1, b->elems_alloc[id]);
	el = &blk->elems[blk->n_elems++];
	el->kind = kind;
	el->cursor = c;
	el->opaque = NULL;
	el->n_opaque = n_opaque;
	if (n_opaque) {
		el->opaque = xmalloc(n_opaque * sizeof(CXCursor));
		memcpy(el->opaque, opaque, n_opaque * sizeof(CXCursor));
	}
}

static void add_edge(struct builder *b, unsigned from, unsigned to, enum dv_edge_kind kind,
		     long long value)
{
	struct dv_block *blk;
	struct dv_edge *e;
	if (from == DV_CFG_NONE || to == DV_CFG_NONE)
		return;
	blk = &b->cfg->blocks[from];
	DV_GROW(blk->succ, (size_t)blk->n_succ + 1, b->succ_alloc[from]);
	e = &blk->succ[blk->n_succ++];
	e->to = to;
	e->kind = kind;
	e->case_value = value;
}

/* Ends the current block with an unconditional edge to `to`. */
static void jump(struct builder *b, unsigned to)
{
	add_edge(b, b->cur, to, DV_EDGE_NORMAL, 0);
	b->cur = DV_CFG_NONE;
}

/* Starts block `to`, falling through from the current block. */
static void enter(struct builder *b, unsigned to)
{
	jump(b, to);
	b->cur = to;
}

static void mark_noreturn(struct builder *b)
{
	if (b->cur != DV_CFG_NONE)
		b->cfg->blocks[b->cur].noreturn = 1;
	b->cur = DV_CFG_NONE;
}

/* ---- RAII scopes ---- */

struct dtor_scan {
	int found;
	unsigned depth;
};

static int type_has_dtor(CXType t, unsigned depth);

static enum CXChildVisitResult scan_class_member(CXCursor c, CXCursor parent, void *data)
{
	struct dtor_scan *d = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_Destructor) {
		if (!clang_CXXMethod_isDefaulted(c) && !clang_CXXMethod_isDeleted(c))
			d->found = 1;
	} else if (k == CXCursor_CXXBaseSpecifier || k == CXCursor_FieldDecl) {
		if (d->depth < 3 && type_has_dtor(clang_getCursorType(c), d->depth + 1))
			d->found = 1;
	}
	return d->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

static int type_has_dtor(CXType t, unsigned depth)
{
	struct dtor_scan d = { 0, depth };
	CXCursor decl, tmpl;
	t = clang_getCanonicalType(t);
	while (t.kind == CXType_ConstantArray)
		t = clang_getCanonicalType(clang_getArrayElementType(t));
	if (t.kind != CXType_Record)
		return 0;
	decl = clang_getTypeDeclaration(t);
	if (clang_Cursor_isNull(decl))
		return 0;
	clang_visitChildren(decl, scan_class_member, &d);
	if (!d.found) {
		tmpl = clang_getSpecializedCursorTemplate(decl);
		if (!clang_Cursor_isNull(tmpl) && !clang_equalCursors(tmpl, decl))
			clang_visitChildren(tmpl, scan_class_member, &d);
	}
	return d.found;
}

/* libclang reports most declarations as C even in C++ files, so every
 * record-typed local is checked; the answer is cached per record type. */
static int var_needs_scope_exit(struct builder *b, CXCursor var)
{
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(var);
	CXType t;
	CXCursor decl;
	unsigned i;
	int has;
	if (sc == CX_SC_Static || sc == CX_SC_Extern)
		return 0;
	t = clang_getCanonicalType(clang_getCursorType(var));
	while (t.kind == CXType_ConstantArray)
		t = clang_getCanonicalType(clang_getArrayElementType(t));
	if (t.kind != CXType_Record)
		return 0;
	decl = clang_getTypeDeclaration(t);
	for (i = 0; i < b->n_dtor_cache; i++)
		if (clang_equalCursors(b->dtor_cache[i].decl, decl))
			return b->dtor_cache[i].has;
	has = type_has_dtor(t, 0);
	DV_GROW(b->dtor_cache, (size_t)b->n_dtor_cache + 1, b->dtor_cache_alloc);
	b->dtor_cache[b->n_dtor_cache].decl = decl;
	b->dtor_cache[b->n_dtor_cache].has = has;
	b->n_dtor_cache++;
	return has;
}

static void push_raii(struct builder *b, CXCursor var)
{
	DV_GROW(b->raii, (size_t)b->n_raii + 1, b->raii_alloc);
	DV_GROW(b->raii_log, (size_t)b->n_raii_log + 1, b->raii_log_alloc);
	b->raii_log[b->n_raii_log] = var;
	b->raii[b->n_raii].var = var;
	b->raii[b->n_raii].serial = b->n_raii_log++;
	b->n_raii++;
}

/* SCOPE_EXIT elements for the live RAII variables above `depth`,
 * innermost first. */
static void emit_scope_exits(struct builder *b, unsigned depth)
{
	unsigned i;
	if (b->cur == DV_CFG_NONE)
		return;
	for (i = b->n_raii; i-- > depth;)
		add_elem(b, DV_ELEM_SCOPE_EXIT, b->raii[i].var, NULL, 0);
}

static void pop_scope(struct builder *b, unsigned depth)
{
	if (b->n_raii <= depth)
		return;
	emit_scope_exits(b, depth);
	b->n_raii = depth;
}

static unsigned *raii_snapshot(struct builder *b, unsigned *n)
{
	unsigned *snap = NULL, i;
	*n = b->n_raii;
	if (!b->n_raii)
		return NULL;
	snap = xmalloc(b->n_raii * sizeof(unsigned));
	for (i = 0; i < b->n_raii; i++)
		snap[i] = b->raii[i].serial;
	return snap;
}

/* ---- expressions ---- */

static int is_split(CXCursor s)
{
	enum CXCursorKind k = clang_getCursorKind(s);
	if (k == CXCursor_ConditionalOperator)
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
	return k == CXCursor_LambdaExpr || k == CXCursor_UnaryExpr || k == CXCursor_StmtExpr ||
	       k == CXCursor_CXXTypeidExpr || 
	       k == CXCursor_BlockExpr;
}

struct scan {
	CXCursor *splits;
	unsigned n_splits;
	size_t alloc;
	int noreturn;
	unsigned nodes;
};

static enum CXChildVisitResult scan_visit(CXCursor c, CXCursor parent, void *data)
{
	struct scan *sc = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (++sc->nodes > 200000)
		return CXChildVisit_Break;
	if (is_unevaluated(k))
		return CXChildVisit_Continue;
	if (is_split(c)) {
		DV_GROW(sc->splits, (size_t)sc->n_splits + 1, sc->alloc);
		sc->splits[sc->n_splits++] = c;
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_CallExpr && dv_ast_callee_is_noreturn(c))
		sc->noreturn = 1;
	return CXChildVisit_Recurse;
}

/* Finds the outermost split operators of e and noreturn calls outside them. */
static void scan_expr(CXCursor e, struct scan *sc)
{
	CXCursor s = dv_ast_strip(e);
	enum CXCursorKind k = clang_getCursorKind(s);
	memset(sc, 0, sizeof(*sc));
	if (is_split(s)) {
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
static void build_split(struct builder *b, CXCursor s)
{
	CXCursor *kids = NULL;
	unsigned n = dv_ast_children(s, &kids);
	CXCursor saved = b->term;
	if (b->depth++ > MAX_DEPTH) {
		b->cfg->incomplete = 1;
		goto cleanup;
	}
	b->term = s;
	if (clang_getCursorKind(s) == CXCursor_ConditionalOperator) {
		unsigned bx, by, join;
		if (n != 3) {
			add_elem(b, DV_ELEM_EXPR, s, NULL, 0);
			goto cleanup;
		}
		bx = new_block(b);
		by = new_block(b);
		join = new_block(b);
		build_cond(b, kids[0], bx, by);
		b->cur = bx;
		emit_value(b, kids[1]);
		jump(b, join);
		b->cur = by;
		emit_value(b, kids[2]);
		jump(b, join);
		b->cur = join;
	} else if (clang_getCursorBinaryOperatorKind(s) == CXBinaryOperator_Comma) {
		unsigned i;
		for (i = 0; i < n; i++)
			emit_value(b, kids[i]);
	} else {
		unsigned join = new_block(b);
		build_cond(b, s, join, join);
		b->cur = join;
	}
cleanup:
	b->term = saved;
	b->depth--;
	free(kids);
}

/* An expression evaluated for its value or effects: split operators
 * first, then one element with those operators opaque. */
static void emit_value(struct builder *b, CXCursor e)
{
	struct scan sc;
	unsigned i;
	CXCursor s = dv_ast_strip(e);
	if (is_split(s)) {
		build_split(b, s);
		return;
	}
	scan_expr(e, &sc);
	for (i = 0; i < sc.n_splits; i++)
		build_split(b, sc.splits[i]);
	add_elem(b, DV_ELEM_EXPR, e, sc.splits, sc.n_splits);
	if (sc.noreturn)
		mark_noreturn(b);
	free(sc.splits);
}

static int split_op(CXCursor s, enum CXBinaryOperatorKind want)
{
	return clang_getCursorKind(s) == CXCursor_BinaryOperator &&
	       clang_getCursorBinaryOperatorKind(s) == want;
}

/* Branches on e: TRUE edges to t, FALSE edges to f, each from a block
 * whose last element is an atomic condition. */
static void build_cond(struct builder *b, CXCursor e, unsigned t, unsigned f)
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
	if (is_split(s) || (clang_getCursorKind(s) == CXCursor_UnaryOperator &&
			    clang_getCursorUnaryOperatorKind(s) == CXUnaryOperator_LNot))
		n = dv_ast_children(s, &kids);
	if (split_op(s, CXBinaryOperator_LAnd) && n == 2) {
		unsigned mid = new_block(b);
		build_cond(b, kids[0], mid, f);
		b->cur = mid;
		build_cond(b, kids[1], t, f);
		goto cleanup;
	}
	if (split_op(s, CXBinaryOperator_LOr) && n == 2) {
		unsigned mid = new_block(b);
		build_cond(b, kids[0], t, mid);
		b->cur = mid;
		build_cond(b, kids[1], t, f);
		goto cleanup;
	}
	if (split_op(s, CXBinaryOperator_Comma) && n == 2) {
		emit_value(b, kids[0]);
		build_cond(b, kids[1], t, f);
		goto cleanup;
	}
	if (clang_getCursorKind(s) == CXCursor_ConditionalOperator && n == 3) {
		unsigned bx = new_block(b), by = new_block(b);
		build_cond(b, kids[0], bx, by);
		b->cur = bx;
		build_cond(b, kids[1], t, f);
		b->cur = by;
		build_cond(b, kids[2], t, f);
		goto cleanup;
	}
	if (n == 1 && clang_getCursorKind(s) == CXCursor_UnaryOperator &&
	    is_split(dv_ast_strip(kids[0]))) {
		build_cond(b, kids[0], f, t);
		goto cleanup;
	}
	/* atomic condition */
	scan_expr(e, &sc);
	for (i = 0; i < sc.n_splits; i++)
		build_split(b, sc.splits[i]);
	add_elem(b, DV_ELEM_EXPR, e, sc.splits, sc.n_splits);
	if (sc.noreturn) {
		mark_noreturn(b);
	} else if (!sc.n_splits && dv_ast_int_value(s, &v) == 0) {
		b->cfg->blocks[b->cur].terminator = b->term;
		jump(b, v ? t : f);
	} else {
		struct dv_block *blk = &b->cfg->blocks[b->cur];
		blk->cond = e;
		blk->terminator = b->term;
		add_edge(b, b->cur, t, DV_EDGE_TRUE, 0);
		add_edge(b, b->cur, f, DV_EDGE_FALSE, 0);
		b->cur = DV_CFG_NONE;
	}
	free(sc.splits);
cleanup:
	b->depth--;
	free(kids);
}

/* ---- statements ---- */

static void build_decl(struct builder *b, CXCursor var)
{
	CXCursor init = clang_Cursor_getVarDeclInitializer(var);
	struct scan sc;
	unsigned i;
	memset(&sc, 0, sizeof(sc));
	if (!clang_Cursor_isNull(init) && !clang_isInvalid(clang_getCursorKind(init)))
		scan_expr(init, &sc);
	for (i = 0; i < sc.n_splits; i++)
		build_split(b, sc.splits[i]);
	add_elem(b, DV_ELEM_DECL, var, sc.splits, sc.n_splits);
	free(sc.splits);
	if (sc.noreturn) {
		mark_noreturn(b);
		return;
	}
	if (var_needs_scope_exit(b, var))
		push_raii(b, var);
}

/* Runs a header part (init statement, condition variable). */
static void build_header_part(struct builder *b, CXCursor c)
{
	if (clang_getCursorKind(c) == CXCursor_VarDecl)
		build_decl(b, c);
	else
		build_stmt(b, c);
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
	then_b = new_block(b);
	after = new_block(b);
	else_b = i + 2 < n ? new_block(b) : after;
	b->term = s;
	build_cond(b, kids[i], then_b, else_b);
	b->term = saved;
	b->cur = then_b;
	build_stmt(b, kids[i + 1]);
	jump(b, after);
	if (i + 2 < n) {
		b->cur = else_b;
		build_stmt(b, kids[i + 2]);
		jump(b, after);
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
	h = new_block(b);
	body = new_block(b);
	after = new_block(b);
	b->cfg->loop_stmt[h] = s;
	enter(b, h);
	while (i + 2 < n)
		build_header_part(b, kids[i++]);
	b->term = s;
	build_cond(b, kids[n - 2], body, after);
	b->term = saved;
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, depth);
	push_jump(&b->cont, &b->n_cont, &b->cont_alloc, h, depth);
	b->cur = body;
	build_stmt(b, kids[n - 1]);
	emit_scope_exits(b, depth);
	jump(b, h);
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
	body = new_block(b);
	c = new_block(b);
	after = new_block(b);
	b->cfg->loop_stmt[body] = s;
	enter(b, body);
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, depth);
	push_jump(&b->cont, &b->n_cont, &b->cont_alloc, c, depth);
	build_stmt(b, kids[0]);
	jump(b, c);
	b->n_brk--;
	b->n_cont--;
	b->cur = c;
	b->term = s;
	build_cond(b, kids[1], body, after);
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
	h = new_block(b);
	body = new_block(b);
	after = new_block(b);
	inc = clang_Cursor_isNull(part[2]) ? h : new_block(b);
	b->cfg->loop_stmt[h] = s;
	enter(b, h);
	if (!clang_Cursor_isNull(part[1])) {
		b->term = s;
		build_cond(b, part[1], body, after);
		b->term = saved;
	} else {
		b->cfg->blocks[h].terminator = s;
		jump(b, body);
	}
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, b->n_raii);
	push_jump(&b->cont, &b->n_cont, &b->cont_alloc, inc, b->n_raii);
	b->cur = body;
	build_stmt(b, kids[n - 1]);
	jump(b, inc);
	b->n_brk--;
	b->n_cont--;
	if (inc != h) {
		b->cur = inc;
		emit_value(b, part[2]);
		jump(b, h);
	}
	b->cur = after;
	pop_scope(b, depth);
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
		build_stmt(b, kids[i++]);
	var = kids[i++];
	emit_value(b, kids[i]);
	depth = b->n_raii;
	h = new_block(b);
	body = new_block(b);
	after = new_block(b);
	b->cfg->loop_stmt[h] = s;
	enter(b, h);
	b->cfg->blocks[h].terminator = s;
	add_edge(b, h, body, DV_EDGE_NORMAL, 0);
	add_edge(b, h, after, DV_EDGE_NORMAL, 0);
	b->cur = body;
	if (clang_getCursorKind(var) == CXCursor_VarDecl)
		add_elem(b, DV_ELEM_DECL, var, NULL, 0);
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, depth);
	push_jump(&b->cont, &b->n_cont, &b->cont_alloc, h, depth);
	build_stmt(b, kids[n - 1]);
	jump(b, h);
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
	scan_expr(cond, &sc);
	for (i = 0; i < sc.n_splits; i++)
		build_split(b, sc.splits[i]);
	add_elem(b, DV_ELEM_EXPR, cond, sc.splits, sc.n_splits);
	free(sc.splits);
	sw_block = b->cur;
	b->cfg->blocks[sw_block].cond = cond;
	b->cfg->blocks[sw_block].terminator = s;
	b->cur = DV_CFG_NONE;
	after = new_block(b);
	DV_GROW(b->sw, (size_t)b->n_sw + 1, b->sw_alloc);
	b->sw[b->n_sw].block = sw_block;
	b->sw[b->n_sw].has_default = 0;
	b->n_sw++;
	push_jump(&b->brk, &b->n_brk, &b->brk_alloc, after, depth);
	build_stmt(b, kids[n - 1]);
	jump(b, after);
	b->n_brk--;
	b->n_sw--;
	if (!b->sw[b->n_sw].has_default)
		add_edge(b, sw_block, after, DV_EDGE_DEFAULT, 0);
	b->cur = after;
	b->n_raii = b->n_raii > depth ? depth : b->n_raii;
}

static void build_case(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned l = new_block(b);
	enter(b, l);
	if (!b->n_sw) {
		b->cfg->incomplete = 1;
	} else if (clang_getCursorKind(s) == CXCursor_DefaultStmt) {
		add_edge(b, b->sw[b->n_sw - 1].block, l, DV_EDGE_DEFAULT, 0);
		b->sw[b->n_sw - 1].has_default = 1;
	} else {
		long long v = 0;
		if (n == 0 || dv_ast_int_value(kids[0], &v) != 0)
			b->cfg->incomplete = 1;
		add_edge(b, b->sw[b->n_sw - 1].block, l, DV_EDGE_CASE, v);
	}
	if (clang_getCursorKind(s) == CXCursor_DefaultStmt ? n >= 1 : n >= 2)
		build_stmt(b, kids[n - 1]);
}

static void build_break_continue(struct builder *b, CXCursor s, struct jump_target *stack,
				 unsigned n)
{
	if (!n) {
		b->cfg->incomplete = 1;
		b->cur = DV_CFG_NONE;
		return;
	}
	ensure_cur(b);
	emit_scope_exits(b, stack[n - 1].raii_depth);
	b->cfg->blocks[b->cur].terminator = s;
	jump(b, stack[n - 1].block);
}

static void build_return(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	struct scan sc;
	unsigned i;
	memset(&sc, 0, sizeof(sc));
	if (n >= 1 && clang_isExpression(clang_getCursorKind(kids[0])))
		scan_expr(kids[0], &sc);
	for (i = 0; i < sc.n_splits; i++)
		build_split(b, sc.splits[i]);
	add_elem(b, DV_ELEM_RETURN, s, sc.splits, sc.n_splits);
	free(sc.splits);
	if (sc.noreturn) {
		mark_noreturn(b);
		return;
	}
	emit_scope_exits(b, 0);
	add_elem(b, DV_ELEM_EXIT, s, NULL, 0);
	b->cfg->blocks[b->cur].terminator = s;
	jump(b, b->cfg->exit);
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
	b->labels[b->n_labels].block = new_block(b);
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
	ensure_cur(b);
	b->cfg->blocks[b->cur].terminator = s;
	DV_GROW(b->gotos, (size_t)b->n_gotos + 1, b->gotos_alloc);
	g = &b->gotos[b->n_gotos++];
	g->block = b->cur;
	g->label = li;
	g->snap = raii_snapshot(b, &g->n_snap);
	jump(b, b->labels[li].block);
}

static void build_label(struct builder *b, CXCursor s, CXCursor *kids, unsigned n)
{
	unsigned li = label_index(b, s);
	struct label_info *l = &b->labels[li];
	if (!l->defined) {
		l->defined = 1;
		l->snap = raii_snapshot(b, &l->n_snap);
	}
	enter(b, l->block);
	if (n >= 1)
		build_stmt(b, kids[n - 1]);
}

/* SCOPE_EXITs on gotos that leave RAII scopes (known only once the
 * label's scope is). */
static void resolve_gotos(struct builder *b)
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
			add_elem(b, DV_ELEM_SCOPE_EXIT, b->raii_log[g->snap[k]], NULL, 0);
	}
	b->cur = DV_CFG_NONE;
}

static void build_try(struct builder *b, CXCursor *kids, unsigned n)
{
	unsigned *handlers, after, first, last, i, blk;
	if (n < 1)
		return;
	handlers = xcalloc(n, sizeof(unsigned));
	for (i = 1; i < n; i++)
		handlers[i] = new_block(b);
	after = new_block(b);
	first = new_block(b);
	enter(b, first);
	build_stmt(b, kids[0]);
	jump(b, after);
	last = b->cfg->n_blocks;
	for (blk = first; blk < last; blk++) {
		if (!b->cfg->blocks[blk].n_elems || blk == b->sink)
			continue;
		for (i = 1; i < n; i++)
			add_edge(b, blk, handlers[i], DV_EDGE_EXCEPTION, 0);
	}
	for (i = 1; i < n; i++) {
		CXCursor *hk = NULL;
		unsigned hn = dv_ast_children(kids[i], &hk), j, depth = b->n_raii;
		b->cur = handlers[i];
		for (j = 0; j < hn; j++) {
			if (clang_getCursorKind(hk[j]) == CXCursor_VarDecl)
				add_elem(b, DV_ELEM_DECL, hk[j], NULL, 0);
			else
				build_stmt(b, hk[j]);
		}
		b->n_raii = depth;
		jump(b, after);
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
		scan_expr(s, &sc);
		for (i = 0; i < sc.n_splits; i++)
			build_split(b, sc.splits[i]);
		add_elem(b, DV_ELEM_EXPR, s, sc.splits, sc.n_splits);
		free(sc.splits);
		b->cfg->blocks[b->cur].terminator = s;
		b->cur = DV_CFG_NONE;
		return;
	}
	emit_value(b, s);
}

static void build_stmt(struct builder *b, CXCursor s)
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
			build_stmt(b, kids[i]);
		pop_scope(b, depth);
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
		add_elem(b, DV_ELEM_EXPR, s, NULL, 0);
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
			add_elem(b, DV_ELEM_EXPR, s, NULL, 0); /* asm, unknown statements */
		/* declarations (typedefs, local structs): nothing runs */
		break;
	}
	b->depth--;
	free(kids);
}

static void builder_release(struct builder *b)
{
	unsigned i;
	for (i = 0; i < b->n_labels; i++)
		free(b->labels[i].snap);
	for (i = 0; i < b->n_gotos; i++)
		free(b->gotos[i].snap);
	free(b->labels);
	free(b->gotos);
	free(b->elems_alloc);
	free(b->succ_alloc);
	free(b->raii);
	free(b->raii_log);
	free(b->brk);
	free(b->cont);
	free(b->sw);
	free(b->dtor_cache);
}

struct dv_cfg *dv_cfg_build(CXCursor func)
{
	struct builder b;
	struct dv_cfg *cfg;
	CXCursor body = dv_ast_function_body(func);
	if (clang_Cursor_isNull(body))
		return NULL;
	cfg = xcalloc(1, sizeof(*cfg));
	cfg->func = func;
	cfg->body = body;
	memset(&b, 0, sizeof(b));
	b.cfg = cfg;
	b.cur = DV_CFG_NONE;
	b.sink = DV_CFG_NONE;
	b.term = clang_getNullCursor();
	cfg->entry = new_block(&b);
	cfg->exit = new_block(&b);
	b.cur = cfg->entry;
	build_stmt(&b, body);
	if (b.cur != DV_CFG_NONE) {
		add_elem(&b, DV_ELEM_EXIT, body, NULL, 0);
		jump(&b, cfg->exit);
	}
	resolve_gotos(&b);
	builder_release(&b);
	dv_cfg_finalize(cfg);
	return cfg;
}
