/*
 * Callers-first scheduling, call-site enumeration and the "all callers
 * known" test (internal linkage, address never taken in the main file).
 */
#include "engine/callers.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>

void dv_callgraph_top_down(struct dv_callgraph *cg, int (*step)(void *ctx, unsigned fn), void *ctx,
			   unsigned max_rounds)
{
	unsigned end;
	if (!cg || !step)
		return;
	if (!max_rounds)
		max_rounds = 1;
	end = cg->n_funcs;
	while (end > 0) {
		unsigned scc = cg->funcs[cg->bottom_up[end - 1]].scc, start = end, round, k;
		while (start > 0 && cg->funcs[cg->bottom_up[start - 1]].scc == scc)
			start--;
		if (!cg->funcs[cg->bottom_up[start]].recursive) {
			for (k = end; k-- > start;)
				step(ctx, cg->bottom_up[k]);
		} else {
			for (round = 0; round < max_rounds; round++) {
				int changed = 0;
				for (k = end; k-- > start;)
					changed |= step(ctx, cg->bottom_up[k]) != 0;
				if (!changed)
					break;
			}
		}
		end = start;
	}
}

struct sites {
	struct dv_callgraph *cg;
	long callee;
	void (*visit)(void *ctx, CXCursor call);
	void *ctx;
	unsigned n;
};

static enum CXChildVisitResult visit_sites(CXCursor c, CXCursor parent, void *data)
{
	struct sites *s = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_CallExpr && dv_callgraph_callee(s->cg, c) == s->callee) {
		s->n++;
		if (s->visit)
			s->visit(s->ctx, c);
	}
	return CXChildVisit_Recurse;
}

unsigned dv_call_sites(struct dv_callgraph *cg, unsigned caller, unsigned callee,
		       void (*visit)(void *ctx, CXCursor call), void *ctx)
{
	struct sites s;
	if (!cg || caller >= cg->n_funcs || callee >= cg->n_funcs)
		return 0;
	s.cg = cg;
	s.callee = (long)callee;
	s.visit = visit;
	s.ctx = ctx;
	s.n = 0;
	clang_visitChildren(cg->funcs[caller].cursor, visit_sites, &s);
	return s.n;
}

/* ---- address taken ---- */

struct fnref {
	unsigned offset;
	unsigned fn;
	char *name; /* external scan: the function, declared but not defined here */
};

struct refscan {
	struct dv_callgraph *cg;
	unsigned *callee_offsets;
	size_t n_callee, callee_alloc;
	struct fnref *refs;
	size_t n_refs, refs_alloc;
	int external; /* collect references to functions not in the graph */
};

static unsigned offset_of(CXCursor c)
{
	unsigned off = 0;
	clang_getFileLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
	return off;
}

static enum CXChildVisitResult visit_refs(CXCursor c, CXCursor parent, void *data)
{
	struct refscan *r = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (!dv_ast_in_main_file(c))
		return CXChildVisit_Continue;
	if (k == CXCursor_CallExpr) {
		CXCursor callee = dv_ast_strip(dv_ast_child(c, 0));
		if (clang_getCursorKind(callee) == CXCursor_DeclRefExpr) {
			DV_GROW(r->callee_offsets, r->n_callee + 1, r->callee_alloc);
			r->callee_offsets[r->n_callee++] = offset_of(callee);
		}
	} else if (k == CXCursor_DeclRefExpr) {
		CXCursor d = clang_getCursorReferenced(c);
		long fn = dv_callgraph_lookup(r->cg, d);
		if (r->external ? fn < 0 && clang_getCursorKind(d) == CXCursor_FunctionDecl : fn >= 0) {
			DV_GROW(r->refs, r->n_refs + 1, r->refs_alloc);
			r->refs[r->n_refs].offset = offset_of(c);
			r->refs[r->n_refs].name = NULL;
			if (r->external) {
				CXString sp = clang_getCursorSpelling(d);
				r->refs[r->n_refs].name = xstrdup(clang_getCString(sp) ? clang_getCString(sp) : "");
				clang_disposeString(sp);
			}
			r->refs[r->n_refs++].fn = fn < 0 ? 0 : (unsigned)fn;
		}
	}
	return CXChildVisit_Recurse;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

struct dv_callers_info *dv_callers_info_new(struct dv_callgraph *cg, CXTranslationUnit tu)
{
	struct dv_callers_info *ci;
	struct refscan r = { 0 };
	unsigned i;
	size_t j;
	if (!cg)
		return NULL;
	ci = xcalloc(1, sizeof(*ci));
	ci->cg = cg;
	ci->address_taken = xcalloc(cg->n_funcs ? cg->n_funcs : 1, 1);
	ci->internal = xcalloc(cg->n_funcs ? cg->n_funcs : 1, 1);
	for (i = 0; i < cg->n_funcs; i++) {
		enum CXLinkageKind l = clang_getCursorLinkage(cg->funcs[i].cursor);
		ci->internal[i] = clang_getCursorKind(cg->funcs[i].cursor) != CXCursor_LambdaExpr &&
				  (l == CXLinkage_Internal || l == CXLinkage_UniqueExternal);
	}
	r.cg = cg;
	if (tu)
		clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_refs, &r);
	if (r.n_callee > 1)
		qsort(r.callee_offsets, r.n_callee, sizeof(unsigned), cmp_unsigned);
	for (j = 0; j < r.n_refs; j++)
		if (!r.n_callee || !bsearch(&r.refs[j].offset, r.callee_offsets, r.n_callee,
					    sizeof(unsigned), cmp_unsigned))
			ci->address_taken[r.refs[j].fn] = 1;
	free(r.callee_offsets);
	free(r.refs);
	return ci;
}

void dv_callers_external_address_taken(struct dv_callgraph *cg, CXTranslationUnit tu,
				       void (*visit)(void *ctx, const char *name), void *ctx)
{
	struct refscan r = { 0 };
	size_t j;
	if (!cg || !tu)
		return;
	r.cg = cg;
	r.external = 1;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_refs, &r);
	if (r.n_callee > 1)
		qsort(r.callee_offsets, r.n_callee, sizeof(unsigned), cmp_unsigned);
	for (j = 0; j < r.n_refs; j++) {
		if ((!r.n_callee || !bsearch(&r.refs[j].offset, r.callee_offsets, r.n_callee,
					     sizeof(unsigned), cmp_unsigned)) &&
		    r.refs[j].name[0])
			visit(ctx, r.refs[j].name);
		free(r.refs[j].name);
	}
	free(r.callee_offsets);
	free(r.refs);
}

void dv_callers_info_free(struct dv_callers_info *ci)
{
	if (!ci)
		return;
	free(ci->address_taken);
	free(ci->internal);
	free(ci);
}

int dv_callers_all_known(const struct dv_callers_info *ci, unsigned fn)
{
	if (!ci || fn >= ci->cg->n_funcs)
		return 0;
	return ci->internal[fn] && !ci->address_taken[fn];
}

struct every {
	int (*check)(void *ctx, unsigned caller, CXCursor call);
	void *ctx;
	unsigned caller;
	int all;
};

static void check_site(void *data, CXCursor call)
{
	struct every *e = data;
	if (e->all && !e->check(e->ctx, e->caller, call))
		e->all = 0;
}

int dv_every_caller(struct dv_callgraph *cg, const struct dv_callers_info *ci, unsigned fn,
		    int (*check)(void *ctx, unsigned caller, CXCursor call), void *ctx)
{
	struct every e;
	unsigned i, sites = 0;
	if (!cg || !check || !dv_callers_all_known(ci, fn))
		return 0;
	e.check = check;
	e.ctx = ctx;
	e.all = 1;
	for (i = 0; i < cg->funcs[fn].n_callers && e.all; i++) {
		e.caller = cg->funcs[fn].callers[i];
		sites += dv_call_sites(cg, e.caller, fn, check_site, &e);
	}
	return e.all && sites > 0;
}
