/*
 * FORWARDS facts of the typestate families (engine/exports.h): a
 * function whose pointer parameter's only use is being passed, as it is,
 * to a function of another file, on every way that returns.  Its effect
 * on the object is then the callee's, which the index resolves
 * (dv_exports_resolve) through any number of files: a chain whose last
 * link releases or only reads its argument gives every link that fact;
 * a chain with an unknown link gives nothing (the call stays unknown,
 * the object escapes).
 */
#include "engine/typestate_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/callgraph.h"
#include "engine/exports.h"
#include "front/ast.h"
#include "front/cxx.h"
#include "util/xalloc.h"

struct fw_scan {
	CXCursor parm;
	unsigned refs;
	unsigned jumps; /* return / goto statements before the call */
	int found;      /* the one reference is a call argument */
	CXCursor call;
	unsigned arg;
};

static enum CXChildVisitResult count_refs(CXCursor c, CXCursor parent, CXClientData data)
{
	struct fw_scan *s = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_ReturnStmt || k == CXCursor_GotoStmt || k == CXCursor_IndirectGotoStmt)
		s->jumps += !s->found;
	if (k == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(c), s->parm))
		s->refs++;
	return CXChildVisit_Recurse;
}

/* The body's top-level statement stmt is a call with the parameter as
 * one of its arguments (casts aside). */
static int call_passing(CXCursor stmt, CXCursor parm, CXCursor *call, unsigned *arg)
{
	CXCursor c = dv_ast_strip_casts(stmt);
	int n, i;
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return 0;
	n = dv_ast_call_nargs(c);
	for (i = 0; i < n; i++) {
		CXCursor a = dv_ast_strip_casts(dv_ast_call_arg(c, (unsigned)i));
		if (clang_getCursorKind(a) == CXCursor_DeclRefExpr &&
		    clang_equalCursors(clang_getCursorReferenced(a), parm)) {
			*call = c;
			*arg = (unsigned)i;
			return 1;
		}
	}
	return 0;
}

/* Only effects the forwarding call itself gives the parameter (it
 * escapes to the unknown callee). */
static int only_escapes(const struct ts_summary *s, int p)
{
	char root[16], deref[20];
	unsigned k;
	snprintf(root, sizeof(root), "P{%d}", p);
	snprintf(deref, sizeof(deref), "(*P{%d})", p);
	for (k = 0; k < s->n_eff; k++) {
		if (!strstr(s->eff[k].key, root))
			continue;
		if (s->eff[k].kind != EFF_UNK ||
		    (strcmp(s->eff[k].key, root) != 0 && strcmp(s->eff[k].key, deref) != 0))
			return 0;
	}
	return 1;
}

void ts_export_forwards(const struct ts_tu *t, unsigned i, const struct ts_summary *s)
{
	CXCursor f = t->tu->cg->funcs[i].cursor, body = dv_ast_function_body(f);
	CXType rt = clang_getCanonicalType(clang_getCursorResultType(f));
	CXCursor *kids = NULL;
	unsigned n_kids, j;
	int n = clang_Cursor_getNumArguments(f), p;
	if (!t->spec->fam->unknown_call_escapes || clang_Cursor_isNull(body) ||
	    rt.kind == CXType_Pointer || rt.kind == CXType_Record || clang_Cursor_isVariadic(f) ||
	    n <= 0 || n > 32)
		return;
	n_kids = dv_ast_children(body, &kids);
	for (p = 0; p < n; p++) {
		CXCursor parm = clang_Cursor_getArgument(f, (unsigned)p);
		CXType pt = clang_getCanonicalType(clang_getCursorType(parm));
		struct fw_scan sc;
		char *callee = NULL;
		if ((pt.kind != CXType_Pointer && pt.kind != CXType_Int) || !only_escapes(s, p))
			continue;
		memset(&sc, 0, sizeof(sc));
		sc.parm = parm;
		for (j = 0; j < n_kids; j++) {
			if (!sc.found && call_passing(kids[j], parm, &sc.call, &sc.arg)) {
				clang_visitChildren(kids[j], count_refs, &sc);
				sc.found = 1;
				continue;
			}
			clang_visitChildren(kids[j], count_refs, &sc);
			if (clang_getCursorKind(kids[j]) == CXCursor_ReturnStmt ||
			    clang_getCursorKind(kids[j]) == CXCursor_GotoStmt)
				sc.jumps += !sc.found;
		}
		/* the one use, reached on every way that returns, a callee of
		 * another file (this TU's own callees have summaries) */
		if (!sc.found || sc.refs != 1 || sc.jumps ||
		    clang_getCursorKind(dv_ast_callee_decl(sc.call)) != CXCursor_FunctionDecl ||
		    dv_callgraph_callee(t->tu->cg, sc.call) >= 0 ||
		    clang_Location_isInSystemHeader(clang_getCursorLocation(dv_ast_callee_decl(sc.call))))
			continue;
		callee = dv_cxx_fact_key(dv_ast_callee_decl(sc.call));
		if (callee) {
			struct dv_export e = dv_export_fact(t->tu->cg->funcs[i].key,
							    t->spec->fam->family, DV_EXPORT_FORWARDS);
			e.param = p;
			e.param2 = (int)sc.arg;
			e.what = callee;
			dv_exports_add_fact(t->tu->exports, &e);
		}
		free(callee);
	}
	free(kids);
}
