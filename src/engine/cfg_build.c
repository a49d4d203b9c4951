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
#include "front/decl_attrs.h"
#include "engine/cfg_builder.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- blocks, elements, edges ---- */

unsigned dv_cfgb_new_block(struct builder *b)
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

unsigned dv_cfgb_ensure_cur(struct builder *b)
{
	if (b->cur == DV_CFG_NONE)
		b->cur = dv_cfgb_new_block(b);
	return b->cur;
}

void dv_cfgb_add_elem(struct builder *b, enum dv_elem_kind kind, CXCursor c, const CXCursor *opaque,
		     unsigned n_opaque)
{
	unsigned id = dv_cfgb_ensure_cur(b);
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

void dv_cfgb_add_edge(struct builder *b, unsigned from, unsigned to, enum dv_edge_kind kind,
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
void dv_cfgb_jump(struct builder *b, unsigned to)
{
	dv_cfgb_add_edge(b, b->cur, to, DV_EDGE_NORMAL, 0);
	b->cur = DV_CFG_NONE;
}

/* Starts block `to`, falling through from the current block. */
void dv_cfgb_enter(struct builder *b, unsigned to)
{
	dv_cfgb_jump(b, to);
	b->cur = to;
}

void dv_cfgb_mark_noreturn(struct builder *b)
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

/* `__attribute__((cleanup(fn)))` on a variable: fn runs at its scope exit. */
static int has_cleanup_attr(CXCursor var)
{
	struct dv_decl_attr a;
	return dv_decl_attr_find(var, "cleanup", &a);
}

/* libclang reports most declarations as C even in C++ files, so every
 * record-typed local is checked; the answer is cached per record type. */
int dv_cfgb_var_needs_scope_exit(struct builder *b, CXCursor var)
{
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(var);
	CXType t;
	CXCursor decl;
	unsigned i;
	int has;
	if (sc == CX_SC_Static || sc == CX_SC_Extern)
		return 0;
	if (has_cleanup_attr(var))
		return 1;
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

void dv_cfgb_push_raii(struct builder *b, CXCursor var)
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
void dv_cfgb_emit_scope_exits(struct builder *b, unsigned depth)
{
	unsigned i;
	if (b->cur == DV_CFG_NONE)
		return;
	for (i = b->n_raii; i-- > depth;)
		dv_cfgb_add_elem(b, DV_ELEM_SCOPE_EXIT, b->raii[i].var, NULL, 0);
}

void dv_cfgb_pop_scope(struct builder *b, unsigned depth)
{
	if (b->n_raii <= depth)
		return;
	dv_cfgb_emit_scope_exits(b, depth);
	b->n_raii = depth;
}

unsigned *dv_cfgb_raii_snapshot(struct builder *b, unsigned *n)
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

/* The builder grows arrays by doubling (8 blocks, 8 elements, 8 edges at
 * least); a CFG lives on in the call graph's cache, so give back the slack:
 * on a TU of small functions it was two thirds of every CFG. */
static void trim_cfg(struct dv_cfg *cfg)
{
	unsigned i;
	if (!cfg->n_blocks)
		return;
	cfg->blocks = xreallocarray(cfg->blocks, cfg->n_blocks, sizeof(*cfg->blocks));
	cfg->loop_stmt = xreallocarray(cfg->loop_stmt, cfg->n_blocks, sizeof(*cfg->loop_stmt));
	for (i = 0; i < cfg->n_blocks; i++) {
		struct dv_block *blk = &cfg->blocks[i];
		if (blk->n_elems)
			blk->elems = xreallocarray(blk->elems, blk->n_elems, sizeof(*blk->elems));
		if (blk->n_succ)
			blk->succ = xreallocarray(blk->succ, blk->n_succ, sizeof(*blk->succ));
	}
}

/* A constructor's member initialisers run before its body, in the
 * order written (the compiler's order is the members', which only matters
 * for initialisers that read each other).  libclang lists each as a
 * MemberRef followed by its expression among the constructor's children. */
struct member_init_scan {
	struct builder *b;
	int after_member;
};

static enum CXChildVisitResult visit_member_init(CXCursor c, CXCursor parent, CXClientData data)
{
	struct member_init_scan *s = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_MemberRef) {
		s->after_member = 1;
	} else if (s->after_member && clang_isExpression(k)) {
		struct scan sc;
		unsigned i;
		s->after_member = 0;
		dv_cfgb_scan_expr(c, &sc);
		for (i = 0; i < sc.n_splits; i++)
			dv_cfgb_build_split(s->b, sc.splits[i]);
		dv_cfgb_add_elem(s->b, DV_ELEM_MEMBER_INIT, c, sc.splits, sc.n_splits);
		free(sc.splits);
	} else {
		s->after_member = 0;
	}
	return CXChildVisit_Continue;
}

static void build_member_inits(struct builder *b, CXCursor func)
{
	struct member_init_scan s = {b, 0};
	clang_visitChildren(func, visit_member_init, &s);
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
	cfg->entry = dv_cfgb_new_block(&b);
	cfg->exit = dv_cfgb_new_block(&b);
	b.cur = cfg->entry;
	if (clang_getCursorKind(func) == CXCursor_Constructor)
		build_member_inits(&b, func);
	dv_cfgb_build_stmt(&b, body);
	if (b.cur != DV_CFG_NONE) {
		dv_cfgb_add_elem(&b, DV_ELEM_EXIT, body, NULL, 0);
		dv_cfgb_jump(&b, cfg->exit);
	}
	dv_cfgb_resolve_gotos(&b);
	builder_release(&b);
	trim_cfg(cfg);
	dv_cfg_finalize(cfg);
	return cfg;
}

