/*
 * Translation-unit call graph: definitions in the main file, direct
 * calls resolved by USR of the canonical declaration, Tarjan's SCCs
 * (iterative) in completion order, which is callees first.
 */
#include "engine/callgraph.h"
#include "front/ast.h"
#include "front/cxx.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- USR index (open addressing, FNV-1a) ---- */

struct dv_cg_index {
	char **keys;
	unsigned *vals;
	size_t cap, n;
	/* dv_callgraph_lookup's answers by declaration cursor: the checkers
	 * resolve the same callees at every call site, and a USR costs more
	 * than the rest of the lookup (open addressing on clang_hashCursor) */
	CXCursor *memo_keys;
	long *memo_vals;
	unsigned char *memo_used;
	size_t memo_cap, memo_n;
};

static void memo_put(struct dv_cg_index *ix, CXCursor c, long val);

static void memo_grow(struct dv_cg_index *ix)
{
	struct dv_cg_index old = *ix;
	size_t i;
	ix->memo_cap = old.memo_cap ? old.memo_cap * 2 : 256;
	ix->memo_keys = xcalloc(ix->memo_cap, sizeof(CXCursor));
	ix->memo_vals = xcalloc(ix->memo_cap, sizeof(long));
	ix->memo_used = xcalloc(ix->memo_cap, 1);
	ix->memo_n = 0;
	for (i = 0; i < old.memo_cap; i++)
		if (old.memo_used[i])
			memo_put(ix, old.memo_keys[i], old.memo_vals[i]);
	free(old.memo_keys);
	free(old.memo_vals);
	free(old.memo_used);
}

static void memo_put(struct dv_cg_index *ix, CXCursor c, long val)
{
	size_t i;
	if ((ix->memo_n + 1) * 2 > ix->memo_cap)
		memo_grow(ix);
	for (i = clang_hashCursor(c) & (ix->memo_cap - 1); ix->memo_used[i];
	     i = (i + 1) & (ix->memo_cap - 1))
		if (clang_equalCursors(ix->memo_keys[i], c))
			return;
	ix->memo_used[i] = 1;
	ix->memo_keys[i] = c;
	ix->memo_vals[i] = val;
	ix->memo_n++;
}

/* 1 and *val when `c` was looked up before. */
static int memo_get(const struct dv_cg_index *ix, CXCursor c, long *val)
{
	size_t i;
	if (!ix->memo_cap)
		return 0;
	for (i = clang_hashCursor(c) & (ix->memo_cap - 1); ix->memo_used[i];
	     i = (i + 1) & (ix->memo_cap - 1))
		if (clang_equalCursors(ix->memo_keys[i], c)) {
			*val = ix->memo_vals[i];
			return 1;
		}
	return 0;
}

static size_t hash_str(const char *s)
{
	size_t h = (size_t)14695981039346656037ull;
	while (*s)
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211ull;
	return h;
}

static void index_put(struct dv_cg_index *ix, char *key, unsigned val);

static void index_grow(struct dv_cg_index *ix)
{
	struct dv_cg_index old = *ix;
	size_t i;
	ix->cap = old.cap ? old.cap * 2 : 64;
	ix->keys = xcalloc(ix->cap, sizeof(char *));
	ix->vals = xcalloc(ix->cap, sizeof(unsigned));
	ix->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.keys[i])
			index_put(ix, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

/* key is borrowed (owned by the function node) */
static void index_put(struct dv_cg_index *ix, char *key, unsigned val)
{
	size_t i;
	if ((ix->n + 1) * 2 > ix->cap)
		index_grow(ix);
	for (i = hash_str(key) & (ix->cap - 1); ix->keys[i]; i = (i + 1) & (ix->cap - 1))
		if (!strcmp(ix->keys[i], key))
			return; /* first definition wins */
	ix->keys[i] = key;
	ix->vals[i] = val;
	ix->n++;
}

static long index_get(const struct dv_cg_index *ix, const char *key)
{
	size_t i;
	if (!ix || !ix->cap || !key)
		return -1;
	for (i = hash_str(key) & (ix->cap - 1); ix->keys[i]; i = (i + 1) & (ix->cap - 1))
		if (!strcmp(ix->keys[i], key))
			return (long)ix->vals[i];
	return -1;
}

/* ---- keys ---- */

static char *lambda_key(CXCursor lambda)
{
	CXFile f = NULL;
	unsigned off = 0;
	clang_getFileLocation(clang_getCursorLocation(lambda), &f, NULL, NULL, &off);
	return xasprintf("lambda:%u", off);
}

/* Key of the function a declaration names: the USR of its canonical
 * declaration (the template for specialisations). */
static char *decl_key(CXCursor d)
{
	CXCursor tmpl, canon;
	CXString s;
	char *out;
	if (clang_Cursor_isNull(d))
		return NULL;
	if (clang_getCursorKind(d) == CXCursor_LambdaExpr)
		return lambda_key(d);
	tmpl = clang_getSpecializedCursorTemplate(d);
	if (!clang_Cursor_isNull(tmpl))
		d = tmpl;
	canon = clang_getCanonicalCursor(d);
	s = clang_getCursorUSR(canon);
	out = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");
	clang_disposeString(s);
	if (!out[0]) {
		free(out);
		return NULL;
	}
	return out;
}

/* ---- building ---- */

static void collect_all_overriders(struct dv_callgraph *cg, CXTranslationUnit tu);

static enum CXChildVisitResult find_cplusplus(CXCursor c, CXCursor parent, void *data)
{
	(void)parent;
	/* functions say C in either language; classes, namespaces say C++ */
	if (clang_getCursorLanguage(c) == CXLanguage_CPlusPlus) {
		*(int *)data = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* Is the TU C++ (a top-level C++-only entity in it)? */
static int is_cplusplus(CXTranslationUnit tu)
{
	int cxx = 0;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), find_cplusplus, &cxx);
	return cxx;
}

struct build {
	struct dv_callgraph *cg;
	size_t funcs_alloc;
	size_t *callee_alloc;
	unsigned cur; /* function whose body is scanned */
};

static unsigned add_function(struct build *bd, CXCursor c, char *key, char *name)
{
	struct dv_callgraph *cg = bd->cg;
	struct dv_function *f;
	if (cg->n_funcs + 1 > bd->funcs_alloc) {
		DV_GROW(cg->funcs, (size_t)cg->n_funcs + 1, bd->funcs_alloc);
		bd->callee_alloc = xreallocarray(bd->callee_alloc, bd->funcs_alloc, sizeof(size_t));
	}
	f = &cg->funcs[cg->n_funcs];
	memset(f, 0, sizeof(*f));
	f->cursor = c;
	f->usr = key;
	f->name = name;
	/* C linkage ("c:@F@name"): known by name across TUs (front/cxx.h) */
	f->key = !strncmp(key, "c:@F@", 5) && !strcmp(key + 5, name) ? name : key;
	bd->callee_alloc[cg->n_funcs] = 0;
	index_put(cg->index, key, cg->n_funcs);
	return cg->n_funcs++;
}

static void add_callee(struct build *bd, unsigned from, unsigned to)
{
	struct dv_function *f = &bd->cg->funcs[from];
	DV_GROW(f->callees, (size_t)f->n_callees + 1, bd->callee_alloc[from]);
	f->callees[f->n_callees++] = to;
}

static enum CXChildVisitResult collect_defs(CXCursor c, CXCursor parent, void *data)
{
	struct build *bd = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (!dv_ast_in_main_file(c))
		return CXChildVisit_Continue;
	switch (k) {
	case CXCursor_Namespace:
	case CXCursor_LinkageSpec:
	case CXCursor_ClassDecl:
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
	case CXCursor_ClassTemplate:
	case CXCursor_ClassTemplatePartialSpecialization:
	case CXCursor_UnexposedDecl:
		return CXChildVisit_Recurse;
	case CXCursor_FunctionDecl:
	case CXCursor_CXXMethod:
	case CXCursor_Constructor:
	case CXCursor_Destructor:
	case CXCursor_ConversionFunction:
	case CXCursor_FunctionTemplate: {
		char *key;
		CXString s;
		if (!clang_isCursorDefinition(c) || clang_Cursor_isNull(dv_ast_function_body(c)))
			return CXChildVisit_Continue;
		key = decl_key(c);
		if (!key || index_get(bd->cg->index, key) >= 0) {
			free(key);
			return CXChildVisit_Continue;
		}
		s = clang_getCursorSpelling(c);
		add_function(bd, c, key, xstrdup(clang_getCString(s) ? clang_getCString(s) : ""));
		clang_disposeString(s);
		return CXChildVisit_Continue;
	}
	default:
		return CXChildVisit_Continue;
	}
}

static enum CXChildVisitResult collect_calls(CXCursor c, CXCursor parent, void *data)
{
	struct build *bd = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (k == CXCursor_LambdaExpr) {
		char *key = lambda_key(c);
		long idx = index_get(bd->cg->index, key);
		if (idx < 0) {
			unsigned line = 0;
			clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &line, NULL, NULL);
			idx = add_function(bd, c, key, xasprintf("lambda@%u", line));
		} else {
			free(key);
		}
		add_callee(bd, bd->cur, (unsigned)idx);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_CallExpr) {
		long idx = dv_callgraph_callee(bd->cg, c);
		if (idx >= 0) {
			add_callee(bd, bd->cur, (unsigned)idx);
		} else if (dv_cxx_is_virtual_call(c)) {
			/* the overrides it may run are summarised before it */
			struct dv_call_targets tg;
			unsigned t;
			dv_callgraph_targets(bd->cg, c, &tg);
			for (t = 0; t < tg.n; t++)
				if ((idx = dv_callgraph_lookup(bd->cg, tg.decl[t])) >= 0)
					add_callee(bd, bd->cur, (unsigned)idx);
		}
	}
	return CXChildVisit_Recurse;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

static void dedupe(unsigned *a, unsigned *n)
{
	unsigned i, m = 0;
	if (*n < 2)
		return;
	qsort(a, *n, sizeof(unsigned), cmp_unsigned);
	for (i = 0; i < *n; i++)
		if (!m || a[m - 1] != a[i])
			a[m++] = a[i];
	*n = m;
}

/* Tarjan's algorithm without recursion. */
static void compute_sccs(struct dv_callgraph *cg)
{
	unsigned n = cg->n_funcs, counter = 0, sp = 0, csp = 0, nout = 0, i;
	unsigned *idx = xmalloc((n ? n : 1) * sizeof(unsigned));
	unsigned *low = xmalloc((n ? n : 1) * sizeof(unsigned));
	unsigned char *on = xcalloc(n ? n : 1, 1);
	unsigned *stack = xmalloc((n ? n : 1) * sizeof(unsigned));
	unsigned *cs_v = xmalloc((n ? n : 1) * sizeof(unsigned));
	unsigned *cs_e = xmalloc((n ? n : 1) * sizeof(unsigned));
	cg->bottom_up = xmalloc((n ? n : 1) * sizeof(unsigned));
	cg->n_sccs = 0;
	for (i = 0; i < n; i++)
		idx[i] = UINT_MAX;
	for (i = 0; i < n; i++) {
		if (idx[i] != UINT_MAX)
			continue;
		idx[i] = low[i] = counter++;
		stack[sp++] = i;
		on[i] = 1;
		cs_v[csp] = i;
		cs_e[csp++] = 0;
		while (csp) {
			unsigned v = cs_v[csp - 1];
			struct dv_function *f = &cg->funcs[v];
			if (cs_e[csp - 1] < f->n_callees) {
				unsigned w = f->callees[cs_e[csp - 1]++];
				if (idx[w] == UINT_MAX) {
					idx[w] = low[w] = counter++;
					stack[sp++] = w;
					on[w] = 1;
					cs_v[csp] = w;
					cs_e[csp++] = 0;
				} else if (on[w] && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			if (low[v] == idx[v]) {
				unsigned w, first = nout;
				do {
					w = stack[--sp];
					on[w] = 0;
					cg->funcs[w].scc = cg->n_sccs;
					cg->bottom_up[nout++] = w;
				} while (w != v);
				if (nout - first > 1) {
					unsigned k;
					for (k = first; k < nout; k++)
						cg->funcs[cg->bottom_up[k]].recursive = 1;
				}
				cg->n_sccs++;
			}
			csp--;
			if (csp) {
				unsigned u = cs_v[csp - 1];
				if (low[v] < low[u])
					low[u] = low[v];
			}
		}
	}
	for (i = 0; i < n; i++) {
		unsigned k;
		for (k = 0; k < cg->funcs[i].n_callees; k++)
			if (cg->funcs[i].callees[k] == i)
				cg->funcs[i].recursive = 1;
	}
	free(idx);
	free(low);
	free(on);
	free(stack);
	free(cs_v);
	free(cs_e);
}

static void compute_callers(struct dv_callgraph *cg)
{
	unsigned i, k, n = cg->n_funcs;
	unsigned *count = xcalloc(n ? n : 1, sizeof(unsigned));
	for (i = 0; i < n; i++)
		for (k = 0; k < cg->funcs[i].n_callees; k++)
			count[cg->funcs[i].callees[k]]++;
	for (i = 0; i < n; i++)
		cg->funcs[i].callers = count[i] ? xmalloc(count[i] * sizeof(unsigned)) : NULL;
	for (i = 0; i < n; i++) {
		for (k = 0; k < cg->funcs[i].n_callees; k++) {
			struct dv_function *t = &cg->funcs[cg->funcs[i].callees[k]];
			t->callers[t->n_callers++] = i;
		}
	}
	free(count);
}

struct dv_callgraph *dv_callgraph_build(CXTranslationUnit tu)
{
	struct dv_callgraph *cg = xcalloc(1, sizeof(*cg));
	struct build bd;
	unsigned i;
	memset(&bd, 0, sizeof(bd));
	bd.cg = cg;
	cg->index = xcalloc(1, sizeof(*cg->index));
	if (tu)
		clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_defs, &bd);
	/* C++: the virtual methods that override another, for the calls */
	if (tu && is_cplusplus(tu))
		collect_all_overriders(cg, tu);
	/* n_funcs grows while lambdas are found */
	for (i = 0; i < cg->n_funcs; i++) {
		bd.cur = i;
		clang_visitChildren(cg->funcs[i].cursor, collect_calls, &bd);
	}
	for (i = 0; i < cg->n_funcs; i++)
		dedupe(cg->funcs[i].callees, &cg->funcs[i].n_callees);
	free(bd.callee_alloc);
	compute_sccs(cg);
	compute_callers(cg);
	return cg;
}

void dv_callgraph_free(struct dv_callgraph *cg)
{
	unsigned i;
	size_t j;
	if (!cg)
		return;
	for (i = 0; i < cg->n_funcs; i++) {
		free(cg->funcs[i].name);
		free(cg->funcs[i].usr);
		free(cg->funcs[i].callees);
		free(cg->funcs[i].callers);
		dv_cfg_free(cg->funcs[i].cfg);
	}
	free(cg->funcs);
	free(cg->bottom_up);
	free(cg->cfg_queue);
	for (j = 0; j < cg->n_overriders; j++)
		free(cg->overriders[j].base);
	free(cg->overriders);
	if (cg->index) {
		free(cg->index->keys);
		free(cg->index->vals);
		free(cg->index->memo_keys);
		free(cg->index->memo_vals);
		free(cg->index->memo_used);
		free(cg->index);
	}
	free(cg);
}

long dv_callgraph_lookup(const struct dv_callgraph *cg, CXCursor decl)
{
	char *key;
	long idx;
	if (!cg || clang_Cursor_isNull(decl))
		return -1;
	if (memo_get(cg->index, decl, &idx))
		return idx;
	key = decl_key(decl);
	idx = index_get(cg->index, key);
	free(key);
	memo_put(cg->index, decl, idx);
	return idx;
}

static int has_override(const struct dv_callgraph *cg, CXCursor m);

/* The method a virtual call runs when the object's dynamic type is
 * known, else a null cursor. */
static CXCursor devirtualised(CXCursor call)
{
	CXCursor cls, m;
	if (!dv_cxx_is_virtual_call(call))
		return clang_getNullCursor();
	cls = dv_cxx_dynamic_class(call);
	if (clang_Cursor_isNull(cls))
		return clang_getNullCursor();
	m = dv_cxx_final_overrider(cls, dv_ast_callee_decl(call));
	return m;
}

long dv_callgraph_callee(const struct dv_callgraph *cg, CXCursor call)
{
	CXCursor m;
	if (!cg || clang_getCursorKind(call) != CXCursor_CallExpr)
		return -1;
	m = devirtualised(call);
	if (!clang_Cursor_isNull(m))
		return dv_callgraph_lookup(cg, m);
	/* a virtual call that an override the TU declares may answer does
	 * not run the method it names (dv_callgraph_targets has them all) */
	if (dv_cxx_is_virtual_call(call) && has_override(cg, dv_ast_callee_decl(call)))
		return -1;
	/* dv_ast_callee_decl: also a local function pointer's one target */
	m = dv_ast_callee_decl(call);
	return dv_callgraph_lookup(cg, clang_Cursor_isNull(m) ? clang_getCursorReferenced(call) : m);
}

/* Records that `m` overrides `over` and what that one overrides. */
static void add_overridden(struct dv_callgraph *cg, size_t *alloc, CXCursor m, CXCursor over,
			   unsigned depth)
{
	CXCursor *more = NULL;
	unsigned n = 0, i;
	char *key = decl_key(over);
	if (key) {
		DV_GROW(cg->overriders, cg->n_overriders + 1, *alloc);
		cg->overriders[cg->n_overriders].base = key;
		cg->overriders[cg->n_overriders++].method = m;
	}
	if (depth > 16)
		return;
	clang_getOverriddenCursors(over, &more, &n);
	for (i = 0; i < n; i++)
		add_overridden(cg, alloc, m, more[i], depth + 1);
	if (more)
		clang_disposeOverriddenCursors(more);
}

struct override_scan {
	struct dv_callgraph *cg;
	size_t alloc;
};

static enum CXChildVisitResult collect_overriders(CXCursor c, CXCursor parent, void *data)
{
	struct override_scan *os = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	switch (k) {
	case CXCursor_Namespace:
	case CXCursor_LinkageSpec:
	case CXCursor_ClassDecl:
	case CXCursor_StructDecl:
	case CXCursor_UnexposedDecl:
		return CXChildVisit_Recurse;
	case CXCursor_CXXMethod: {
		CXCursor *over = NULL;
		unsigned n = 0, i;
		if (!clang_CXXMethod_isVirtual(c))
			return CXChildVisit_Continue;
		clang_getOverriddenCursors(c, &over, &n);
		for (i = 0; i < n; i++)
			add_overridden(os->cg, &os->alloc, c, over[i], 0);
		if (over)
			clang_disposeOverriddenCursors(over);
		return CXChildVisit_Continue;
	}
	default:
		return CXChildVisit_Continue;
	}
}

static int cmp_override(const void *a, const void *b)
{
	const struct dv_cg_override *x = a, *y = b;
	return strcmp(x->base, y->base);
}

static void collect_all_overriders(struct dv_callgraph *cg, CXTranslationUnit tu)
{
	struct override_scan os;
	os.cg = cg;
	os.alloc = 0;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_overriders, &os);
	if (cg->n_overriders)
		qsort(cg->overriders, cg->n_overriders, sizeof(*cg->overriders), cmp_override);
}

/* The overrides of method m: *n consecutive pairs, or NULL. */
static const struct dv_cg_override *overrides_of(const struct dv_callgraph *cg, CXCursor m,
						 size_t *n)
{
	size_t lo = 0, hi = cg->n_overriders, end;
	char *key;
	*n = 0;
	if (!cg->n_overriders || !(key = decl_key(m)))
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(cg->overriders[mid].base, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < cg->n_overriders && !strcmp(cg->overriders[end].base, key); end++)
		;
	free(key);
	*n = end - lo;
	return *n ? &cg->overriders[lo] : NULL;
}

static int has_override(const struct dv_callgraph *cg, CXCursor m)
{
	size_t n;
	return overrides_of(cg, m, &n) != NULL;
}

static void add_target(struct dv_call_targets *out, CXCursor d, int *overflow)
{
	unsigned i;
	char *k = dv_cxx_fact_key(d);
	if (!k)
		return;
	for (i = 0; i < out->n; i++) {
		char *o = dv_cxx_fact_key(out->decl[i]);
		int same = o && !strcmp(o, k);
		free(o);
		if (same) {
			free(k);
			return; /* a declaration and its out-of-class definition */
		}
	}
	free(k);
	if (out->n == DV_CALL_TARGETS_MAX)
		*overflow = 1;
	else
		out->decl[out->n++] = d;
}

void dv_callgraph_targets(const struct dv_callgraph *cg, CXCursor call, struct dv_call_targets *out)
{
	CXCursor d = dv_ast_callee_decl(call), m;
	const struct dv_cg_override *ov;
	int overflow = 0;
	size_t i, n_ov;
	memset(out, 0, sizeof(*out));
	if (clang_Cursor_isNull(d))
		return;
	if (!dv_cxx_is_virtual_call(call)) {
		out->decl[out->n++] = d;
		out->exact = 1;
		return;
	}
	m = devirtualised(call);
	if (!clang_Cursor_isNull(m)) {
		out->decl[out->n++] = m;
		out->exact = 1;
		return;
	}
	if (!cg)
		return;
	if (!clang_CXXMethod_isPureVirtual(d))
		add_target(out, d, &overflow);
	ov = overrides_of(cg, d, &n_ov);
	for (i = 0; i < n_ov && !overflow; i++)
		add_target(out, ov[i].method, &overflow);
	if (overflow)
		out->n = 0;
}

int dv_callgraph_exported(const struct dv_callgraph *cg, unsigned fn)
{
	CXCursor f;
	enum CXCursorKind k;
	if (!cg || fn >= cg->n_funcs)
		return 0;
	f = cg->funcs[fn].cursor;
	k = clang_getCursorKind(f);
	return (k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod) &&
	       clang_getCursorLinkage(f) == CXLinkage_External;
}

/* What a CFG holds on the heap, roughly (allocator overhead included). */
static size_t cfg_size(const struct dv_cfg *cfg)
{
	size_t n = sizeof(*cfg) + 16, i, j;
	if (!cfg)
		return 0;
	n += (size_t)cfg->n_blocks * (sizeof(struct dv_block) + 6 * sizeof(unsigned) +
				      sizeof(CXCursor) + 64);
	for (i = 0; i < cfg->n_blocks; i++) {
		const struct dv_block *b = &cfg->blocks[i];
		n += b->n_elems * sizeof(struct dv_elem) + b->n_succ * sizeof(struct dv_edge) +
		     b->n_pred * sizeof(unsigned);
		for (j = 0; j < b->n_elems; j++)
			n += b->elems[j].n_opaque * sizeof(CXCursor);
	}
	return n;
}

const struct dv_cfg *dv_callgraph_cfg(struct dv_callgraph *cg, unsigned fn)
{
	struct dv_function *f;
	if (!cg || fn >= cg->n_funcs)
		return NULL;
	f = &cg->funcs[fn];
	if (f->cfg)
		return f->cfg;
	f->cfg = dv_cfg_build(f->cursor);
	if (!f->cfg)
		return NULL;
	f->cfg_bytes = cfg_size(f->cfg);
	if (cg->cfg_pinned_bytes + f->cfg_bytes <= DV_CG_CFG_BUDGET / 2) {
		cg->cfg_pinned_bytes += f->cfg_bytes;
		cg->cfg_bytes += f->cfg_bytes;
		return f->cfg;
	}
	/* evict the oldest until the new one fits (it always stays) */
	while (cg->n_cfg_queue && cg->cfg_bytes + f->cfg_bytes > DV_CG_CFG_BUDGET) {
		struct dv_function *old = &cg->funcs[cg->cfg_queue[cg->cfg_head]];
		dv_cfg_free(old->cfg);
		old->cfg = NULL;
		cg->cfg_bytes -= old->cfg_bytes;
		cg->cfg_head = (cg->cfg_head + 1) % cg->n_funcs;
		cg->n_cfg_queue--;
	}
	if (!cg->cfg_queue)
		cg->cfg_queue = xmalloc(cg->n_funcs * sizeof(unsigned));
	cg->cfg_queue[(cg->cfg_head + cg->n_cfg_queue) % cg->n_funcs] = fn;
	cg->n_cfg_queue++;
	cg->cfg_bytes += f->cfg_bytes;
	return f->cfg;
}

void dv_callgraph_bottom_up(struct dv_callgraph *cg, int (*step)(void *ctx, unsigned fn), void *ctx,
			    unsigned max_rounds)
{
	unsigned i = 0;
	if (!cg || !step)
		return;
	if (!max_rounds)
		max_rounds = 1;
	while (i < cg->n_funcs) {
		unsigned scc = cg->funcs[cg->bottom_up[i]].scc, end = i, round, k;
		while (end < cg->n_funcs && cg->funcs[cg->bottom_up[end]].scc == scc)
			end++;
		if (!cg->funcs[cg->bottom_up[i]].recursive) {
			for (k = i; k < end; k++)
				step(ctx, cg->bottom_up[k]);
		} else {
			for (round = 0; round < max_rounds; round++) {
				int changed = 0;
				for (k = i; k < end; k++)
					changed |= step(ctx, cg->bottom_up[k]) != 0;
				if (!changed)
					break;
			}
		}
		i = end;
	}
}
