/*
 * File-scope and static variables across functions.  A variable with
 * static storage declared in the project (not in a system header) has
 * one TU-wide value: the join of every value a function of the TU stores
 * into it (or into what aliases it), on top of its initial value.  A
 * function reading it sees that value until it writes the variable
 * itself; a call to a TU function forgets what the caller wrote (the
 * callee may have stored something else).
 *
 * The initial value is constant for a variable only this TU can write
 * (internal or no linkage, address never taken) whose initialiser is
 * made of literals; anything else stays "unknown" underneath, as an
 * unknown global was before (other TUs or pointers may store anything).
 *
 * A variable with external linkage whose address is not taken is shared
 * with the project's other files: what they store into it is known only
 * through the project index (DV_EXPORT_STORES facts, exported here for
 * this file's stores).  Without such facts, an `extern` declaration of a
 * variable another file defines is no evidence of non-constant data on
 * its own (as a parameter whose callers are unknown): it starts clean.
 * One defined here that nothing here writes stays "unknown".
 *
 * Writes are collected during the replay of complete solutions; the
 * driver runs summary rounds without reporting until the values are
 * stable (injection_taint.c), then the reporting round.
 */
#include "checkers/injection_taint.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int decl_in_system_header(CXCursor decl)
{
	return clang_Location_isInSystemHeader(clang_getCursorLocation(decl)) != 0;
}

static int literal_init(CXCursor init, unsigned depth)
{
	CXCursor *kids = NULL;
	unsigned n, i;
	int ok = 1;
	enum CXCursorKind k;
	if (clang_Cursor_isNull(init))
		return 1; /* zero-initialised */
	if (depth > 8)
		return 0;
	init = dv_ast_strip_casts(init);
	k = clang_getCursorKind(init);
	if (k == CXCursor_StringLiteral || k == CXCursor_IntegerLiteral ||
	    k == CXCursor_CharacterLiteral || k == CXCursor_GNUNullExpr ||
	    k == CXCursor_CXXNullPtrLiteralExpr || k == CXCursor_FloatingLiteral)
		return 1;
	if (k != CXCursor_InitListExpr)
		return 0;
	n = dv_ast_children(init, &kids);
	for (i = 0; i < n && ok; i++)
		ok = literal_init(kids[i], depth + 1);
	free(kids);
	return ok;
}

/* ---- the TU scan ---------------------------------------------------------- */

struct gscan {
	CXCursor *taken; /* canonical declarations whose address is taken */
	size_t n_taken, taken_alloc;
	unsigned refs;   /* references to project globals from function bodies */
};

static int is_project_global(CXCursor d)
{
	return clang_getCursorKind(d) == CXCursor_VarDecl &&
	       (clang_Cursor_hasVarDeclGlobalStorage(d) ||
		clang_Cursor_hasVarDeclExternalStorage(d)) &&
	       !decl_in_system_header(d);
}

static enum CXChildVisitResult gscan_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct gscan *g = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (clang_getCursorKind(parent) == CXCursor_TranslationUnit &&
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_AddrOf) {
		CXCursor op = dv_ast_strip(dv_ast_child(c, 0));
		if (clang_getCursorKind(op) == CXCursor_DeclRefExpr) {
			CXCursor d = clang_getCursorReferenced(op);
			if (is_project_global(d)) {
				DV_GROW(g->taken, g->n_taken + 1, g->taken_alloc);
				g->taken[g->n_taken++] = clang_getCanonicalCursor(d);
			}
		}
	} else if (k == CXCursor_DeclRefExpr &&
		   is_project_global(clang_getCursorReferenced(c))) {
		g->refs++;
	}
	return CXChildVisit_Recurse;
}

/* Scans the TU once: which globals have their address taken, and
 * whether any function refers to a project global at all (the extra
 * rounds are needed only then).  Returns that answer. */
int inj_globals_prepare(struct inj_ctx *ctx)
{
	struct gscan g;
	memset(&g, 0, sizeof(g));
	clang_visitChildren(clang_getTranslationUnitCursor(ctx->tu->tu), gscan_visit, &g);
	ctx->addr_taken = g.taken;
	ctx->n_addr_taken = g.n_taken;
	return g.refs > 0;
}

static int address_taken(const struct inj_ctx *ctx, CXCursor canon)
{
	size_t i;
	for (i = 0; i < ctx->n_addr_taken; i++)
		if (clang_equalCursors(ctx->addr_taken[i], canon))
			return 1;
	return 0;
}

/* What other files store into the shared global (the project index):
 * their taint and non-constant values join its initial value. */
static void imported_stores(const struct inj_ctx *ctx, struct inj_global *gl)
{
	const struct dv_export *e;
	CXString sp;
	size_t n = 0, i;
	if (!ctx->tu->imports)
		return;
	sp = clang_getCursorSpelling(gl->decl);
	e = dv_exports_find(ctx->tu->imports, clang_getCString(sp), "injection", &n);
	clang_disposeString(sp);
	for (i = 0; i < n; i++) {
		if (e[i].kind != DV_EXPORT_STORES)
			continue;
		if (e[i].op & INJ_ALL_RULES) {
			gl->v.t.rules |= (dv_taint_rules)(e[i].op & INJ_ALL_RULES);
			gl->v.origin_kind = ORIGIN_SHARED;
			gl->v.origin = gl->decl;
		}
		if (e[i].param2 > 0)
			gl->v.t.unknown = 1;
	}
}

/* The slot of a new key for `decl` (a variable, parent -1), or -1 when
 * the variable is not tracked. */
long inj_global_slot(struct inj_ctx *ctx, CXCursor decl)
{
	struct inj_global *gl;
	CXCursor def;
	enum CXLinkageKind link;
	int closed, elsewhere;
	if (!is_project_global(decl))
		return -1;
	decl = clang_getCanonicalCursor(decl);
	def = clang_getCursorDefinition(decl);
	link = clang_getCursorLinkage(decl);
	/* A table of literals defined here (`const char *msgs[] = {...}`)
	 * is closed whatever its linkage: storing into another file's
	 * message table is not how C programs are written, and its
	 * elements are what the program says. */
	closed = (link == CXLinkage_Internal || link == CXLinkage_NoLinkage ||
		  (!clang_Cursor_isNull(def) &&
		   clang_getCanonicalType(clang_getCursorType(def)).kind == CXType_ConstantArray &&
		   !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(def)))) &&
		 !address_taken(ctx, decl);
	DV_GROW(ctx->globals, ctx->n_globals + 1, ctx->globals_alloc);
	gl = &ctx->globals[ctx->n_globals];
	inj_tval_clean(&gl->v);
	/* a tentative definition has no definition cursor: with internal
	 * linkage it is the definition, zero-initialised unless it says so */
	elsewhere = clang_Cursor_isNull(def) && clang_Cursor_hasVarDeclExternalStorage(decl);
	if (clang_Cursor_isNull(def))
		def = decl;
	gl->decl = decl;
	/* only declared here (`extern char *g;`): another file's variable */
	gl->shared = link == CXLinkage_External && !address_taken(ctx, decl);
	if ((!closed && !(gl->shared && elsewhere)) ||
	    !literal_init(clang_Cursor_getVarDeclInitializer(def), 0))
		inj_tval_unknown(&gl->v);
	if (gl->shared)
		imported_stores(ctx, gl);
	return (long)ctx->n_globals++;
}

void inj_global_note(struct inj_ctx *ctx, unsigned key, const struct inj_tval *v)
{
	long slot;
	struct inj_tval w;
	key = inj_key_root(ctx, key);
	slot = ctx->keys[key].gslot;
	if (slot < 0 || (!ctx->collect && !ctx->report))
		return;
	w = *v;
	if (dv_taint_has_params(&w.t)) {
		/* what a caller passed: not known here */
		dv_taint_clear_params(&w.t);
		w.t.unknown = 1;
	}
	if (inj_tval_join(&ctx->globals[slot].v, &w))
		ctx->globals_changed = 1;
	if (ctx->report && ctx->tu->exports && ctx->globals[slot].shared &&
	    ((w.t.rules & INJ_ALL_RULES) || w.t.unknown))
		inj_record_store(ctx, ctx->globals[slot].decl, &w);
}

void inj_globals_forget(struct inj_ctx *ctx, struct inj_state *s)
{
	size_t i, o = 0;
	for (i = 0; i < s->n; i++)
		if (ctx->keys[inj_key_root(ctx, s->e[i].key)].gslot < 0)
			s->e[o++] = s->e[i];
	s->n = o;
}

void inj_globals_widen(struct inj_ctx *ctx)
{
	size_t i;
	for (i = 0; i < ctx->n_globals; i++)
		ctx->globals[i].v.t.unknown = 1;
}

void inj_globals_release(struct inj_ctx *ctx)
{
	free(ctx->globals);
	free(ctx->addr_taken);
	ctx->globals = NULL;
	ctx->addr_taken = NULL;
	ctx->n_globals = ctx->n_addr_taken = 0;
}
