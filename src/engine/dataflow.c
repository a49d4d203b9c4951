/*
 * Event walker and forward worklist solver.
 *
 * The events of each reachable block are computed once per CFG (one
 * walk of the AST, kept in the CFG) and replayed on every visit, by every
 * solve and every dv_cfg_walk_events of every family: libclang's child
 * visits are the expensive part, block revisits in loops are not.  The
 * events depend on the CFG alone (`reporting` is set per delivery).
 */
#include "engine/dataflow.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_VISITS 64u

/* ---- event walker ---- */

struct walker {
	const struct dv_elem *elem;
	void (*fn)(void *ctx, const struct dv_event *ev);
	void *ctx;
	const struct dv_cfg *cfg;
	unsigned block;
	int reporting;
	unsigned depth;
};

static void walk_node(struct walker *w, CXCursor c);

static int is_opaque(const struct walker *w, CXCursor c)
{
	unsigned i;
	for (i = 0; i < w->elem->n_opaque; i++)
		if (clang_equalCursors(w->elem->opaque[i], c))
			return 1;
	return 0;
}

static void init_event(const struct walker *w, struct dv_event *ev, enum dv_event_kind kind,
		       CXCursor c)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->cursor = c;
	ev->lhs = clang_getNullCursor();
	ev->rhs = clang_getNullCursor();
	ev->cfg = w->cfg;
	ev->block = w->block;
	ev->reporting = w->reporting;
}

static enum CXChildVisitResult walk_visit(CXCursor c, CXCursor parent, void *data)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	(void)parent;
	if (clang_isExpression(k) || clang_isStatement(k) || k == CXCursor_VarDecl)
		walk_node(data, c);
	return CXChildVisit_Continue;
}

static void emit_call(struct walker *w, CXCursor c)
{
	struct dv_event ev;
	CXCursor stack_args[16], *args = stack_args;
	int n = dv_ast_call_nargs(c), i;
	char *name = dv_ast_callee_name(c);
	if (n > 16)
		args = xmalloc((size_t)n * sizeof(CXCursor));
	for (i = 0; i < n; i++)
		args[i] = dv_ast_call_arg(c, (unsigned)i);
	init_event(w, &ev, DV_EV_CALL, c);
	ev.callee = name;
	ev.args = n ? args : NULL;
	ev.n_args = (unsigned)n;
	w->fn(w->ctx, &ev);
	if (args != stack_args)
		free(args);
	free(name);
}

/* `delete p` / `delete[] p`: a call of the deallocation function with the
 * operand as its argument (the C API has no call cursor for it). */
static void emit_delete(struct walker *w, CXCursor c)
{
	struct dv_event ev;
	CXCursor arg = dv_ast_strip(dv_ast_child(c, 0));
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXToken *toks = NULL;
	unsigned n = 0;
	int array = 0;
	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	if (n > 1) {
		CXString t = clang_getTokenSpelling(tu, toks[1]);
		array = !strcmp(clang_getCString(t), "[");
		clang_disposeString(t);
	}
	clang_disposeTokens(tu, toks, n);
	if (clang_Cursor_isNull(arg))
		return;
	init_event(w, &ev, DV_EV_CALL, c);
	ev.callee = array ? "operator delete[]" : "operator delete";
	ev.args = &arg;
	ev.n_args = 1;
	w->fn(w->ctx, &ev);
}

static void walk_node(struct walker *w, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	struct dv_event ev;
	if (w->depth > 2000 || is_opaque(w, c))
		return;
	if (k == CXCursor_LambdaExpr || k == CXCursor_UnaryExpr || k == CXCursor_CXXTypeidExpr ||
	     k == CXCursor_BlockExpr)
		return;
	w->depth++;
	clang_visitChildren(c, walk_visit, w);
	w->depth--;
	switch (k) {
	case CXCursor_CallExpr:
		emit_call(w, c);
		break;
	case CXCursor_CXXDeleteExpr:
		emit_delete(w, c);
		break;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator: {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
		if (op < CXBinaryOperator_Assign || op > CXBinaryOperator_OrAssign)
			break;
		init_event(w, &ev, DV_EV_ASSIGN, c);
		ev.lhs = dv_ast_strip(dv_ast_child(c, 0));
		ev.rhs = dv_ast_strip(dv_ast_child(c, 1));
		ev.op = (int)op;
		w->fn(w->ctx, &ev);
		break;
	}
	case CXCursor_UnaryOperator: {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
		if (op != CXUnaryOperator_PostInc && op != CXUnaryOperator_PostDec &&
		    op != CXUnaryOperator_PreInc && op != CXUnaryOperator_PreDec)
			break;
		init_event(w, &ev, DV_EV_ASSIGN, c);
		ev.lhs = dv_ast_strip(dv_ast_child(c, 0));
		ev.op = (int)op;
		w->fn(w->ctx, &ev);
		break;
	}
	case CXCursor_VarDecl: {
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);
		init_event(w, &ev, DV_EV_DECL, c);
		if (!clang_Cursor_isNull(init) && !clang_isInvalid(clang_getCursorKind(init)))
			ev.rhs = dv_ast_strip(init);
		w->fn(w->ctx, &ev);
		break;
	}
	default:
		break;
	}
}

static void walk_elem(struct walker *w, const struct dv_elem *el)
{
	struct dv_event ev;
	CXCursor v;
	w->elem = el;
	switch (el->kind) {
	case DV_ELEM_EXPR:
	case DV_ELEM_DECL:
		walk_node(w, el->cursor);
		break;
	case DV_ELEM_RETURN:
		clang_visitChildren(el->cursor, walk_visit, w);
		init_event(w, &ev, DV_EV_RETURN, el->cursor);
		v = dv_ast_child(el->cursor, 0);
		if (!clang_Cursor_isNull(v) && clang_isExpression(clang_getCursorKind(v)))
			ev.rhs = dv_ast_strip(v);
		w->fn(w->ctx, &ev);
		break;
	case DV_ELEM_MEMBER_INIT:
		walk_node(w, el->cursor);
		init_event(w, &ev, DV_EV_MEMBER_INIT, el->cursor);
		ev.rhs = dv_ast_strip(el->cursor);
		w->fn(w->ctx, &ev);
		break;
	case DV_ELEM_SCOPE_EXIT:
		init_event(w, &ev, DV_EV_SCOPE_EXIT, el->cursor);
		w->fn(w->ctx, &ev);
		break;
	case DV_ELEM_EXIT:
		init_event(w, &ev, DV_EV_EXIT, el->cursor);
		w->fn(w->ctx, &ev);
		break;
	}
}

static void walk_block(const struct dv_cfg *cfg, unsigned b, int reporting,
		       void (*fn)(void *ctx, const struct dv_event *ev), void *ctx)
{
	struct walker w;
	unsigned i;
	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.ctx = ctx;
	w.cfg = cfg;
	w.block = b;
	w.reporting = reporting;
	for (i = 0; i < cfg->blocks[b].n_elems; i++)
		walk_elem(&w, &cfg->blocks[b].elems[i]);
}

/* ---- recorded events ---- */

struct event_list {
	struct dv_event *ev;
	unsigned n;
	size_t alloc;
};

struct dv_cfg_events {
	struct event_list *blocks; /* per block; only reachable ones are walked */
	unsigned n_blocks;
};

static void record_event(void *data, const struct dv_event *ev)
{
	struct event_list *l = data;
	struct dv_event *copy;
	DV_GROW(l->ev, (size_t)l->n + 1, l->alloc);
	copy = &l->ev[l->n++];
	*copy = *ev;
	copy->callee = ev->callee ? xstrdup(ev->callee) : NULL;
	copy->args = NULL;
	if (ev->n_args) {
		copy->args = xmalloc(ev->n_args * sizeof(CXCursor));
		memcpy(copy->args, ev->args, ev->n_args * sizeof(CXCursor));
	}
}

static void event_list_release(struct event_list *l)
{
	unsigned i;
	for (i = 0; i < l->n; i++) {
		free((char *)l->ev[i].callee);
		free(l->ev[i].args);
	}
	free(l->ev);
}

void dv_cfg_events_release(struct dv_cfg_events *ev)
{
	unsigned i;
	if (!ev)
		return;
	for (i = 0; i < ev->n_blocks; i++)
		event_list_release(&ev->blocks[i]);
	free(ev->blocks);
	free(ev);
}

/* The CFG's events, walked on first use.  The CFG is shared read-only by
 * the checkers of one TU on one thread; the cache is the only thing
 * written through it (cast: every CFG is allocated by dv_cfg_build). */
static const struct event_list *cfg_events(const struct dv_cfg *cfg)
{
	struct dv_cfg *mut = (struct dv_cfg *)cfg;
	unsigned i;
	if (!mut->events) {
		struct dv_cfg_events *ev = xcalloc(1, sizeof(*ev));
		ev->n_blocks = cfg->n_blocks;
		ev->blocks = xcalloc(cfg->n_blocks ? cfg->n_blocks : 1, sizeof(*ev->blocks));
		for (i = 0; i < cfg->n_rpo; i++) {
			struct event_list *l = &ev->blocks[cfg->rpo[i]];
			walk_block(cfg, cfg->rpo[i], 0, record_event, l);
			/* the cache lives as long as the CFG: no growth slack (a
			 * block holds a few events, the first growth makes 8) */
			if (l->n && l->n < l->alloc) {
				l->ev = xreallocarray(l->ev, l->n, sizeof(*l->ev));
				l->alloc = l->n;
			}
		}
		mut->events = ev;
	}
	return mut->events->blocks;
}

void dv_cfg_walk_events(const struct dv_cfg *cfg,
			void (*fn)(void *ctx, const struct dv_event *ev), void *ctx)
{
	const struct event_list *lists;
	unsigned i, j;
	if (!cfg || !fn)
		return;
	lists = cfg_events(cfg);
	for (i = 0; i < cfg->n_rpo; i++) {
		const struct event_list *el = &lists[cfg->rpo[i]];
		for (j = 0; j < el->n; j++) {
			struct dv_event ev = el->ev[j];
			ev.reporting = 1;
			fn(ctx, &ev);
		}
	}
}

/* The public solution plus what replay needs. */
struct solution_priv {
	struct dv_solution pub; /* first: the public pointer is this struct */
	const struct event_list *events; /* per block: the CFG's */
};

/* ---- worklist (min-heap of RPO indices) ---- */

struct heap {
	unsigned *a;
	unsigned n;
};

static void heap_push(struct heap *h, unsigned v)
{
	unsigned i = h->n++;
	h->a[i] = v;
	while (i && h->a[(i - 1) / 2] > h->a[i]) {
		unsigned p = (i - 1) / 2, t = h->a[p];
		h->a[p] = h->a[i];
		h->a[i] = t;
		i = p;
	}
}

static unsigned heap_pop(struct heap *h)
{
	unsigned top = h->a[0], i = 0;
	h->a[0] = h->a[--h->n];
	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, m = i, t;
		if (l < h->n && h->a[l] < h->a[m])
			m = l;
		if (r < h->n && h->a[r] < h->a[m])
			m = r;
		if (m == i)
			break;
		t = h->a[m];
		h->a[m] = h->a[i];
		h->a[i] = t;
		i = m;
	}
	return top;
}

static int is_branch_edge(enum dv_edge_kind k)
{
	return k == DV_EDGE_TRUE || k == DV_EDGE_FALSE || k == DV_EDGE_CASE || k == DV_EDGE_DEFAULT;
}

struct dv_solution *dv_dataflow_solve(const struct dv_cfg *cfg, const struct dv_lattice *lat,
				      void *ctx, unsigned max_visits)
{
	struct solution_priv *sp = xcalloc(1, sizeof(*sp));
	struct dv_solution *sol = &sp->pub;
	unsigned n = cfg->n_blocks, i, *order = NULL, *visits = NULL;
	unsigned char *inq = NULL;
	struct heap h = { NULL, 0 };
	sol->cfg = cfg;
	sol->in = xcalloc(n ? n : 1, sizeof(void *));
	if (!cfg->n_rpo)
		return sol;
	sp->events = cfg_events(cfg);
	if (!max_visits)
		max_visits = DEFAULT_MAX_VISITS;
	order = xmalloc(n * sizeof(unsigned));
	visits = xcalloc(n, sizeof(unsigned));
	inq = xcalloc(n, 1);
	h.a = xmalloc(n * sizeof(unsigned));
	for (i = 0; i < n; i++)
		order[i] = UINT_MAX;
	for (i = 0; i < cfg->n_rpo; i++)
		order[cfg->rpo[i]] = i;
	sol->in[cfg->entry] = lat->entry(ctx);
	heap_push(&h, order[cfg->entry]);
	inq[cfg->entry] = 1;
	while (h.n) {
		unsigned b = cfg->rpo[heap_pop(&h)], j;
		const struct dv_block *blk = &cfg->blocks[b];
		const struct event_list *el = &sp->events[b];
		void *st;
		inq[b] = 0;
		if (++visits[b] > max_visits) {
			sol->incomplete = 1;
			break;
		}
		st = lat->copy(ctx, sol->in[b]);
		for (j = 0; j < el->n; j++)
			lat->transfer(ctx, st, &el->ev[j]);
		for (j = 0; j < blk->n_succ; j++) {
			const struct dv_edge *e = &blk->succ[j];
			void *src = st, *refined = NULL;
			int changed;
			if (order[e->to] == UINT_MAX)
				continue;
			if (is_branch_edge(e->kind) && lat->branch) {
				struct dv_branch br;
				br.cond = blk->cond;
				br.kind = e->kind;
				br.case_value = e->case_value;
				br.cfg = cfg;
				br.from = b;
				br.to = e->to;
				refined = lat->copy(ctx, st);
				lat->branch(ctx, refined, &br);
				src = refined;
			}
			if (!sol->in[e->to]) {
				sol->in[e->to] = refined ? refined : lat->copy(ctx, src);
				refined = NULL;
				changed = 1;
			} else {
				changed = lat->join(ctx, sol->in[e->to], src);
			}
			if (refined)
				lat->free(ctx, refined);
			if (changed && !inq[e->to]) {
				inq[e->to] = 1;
				heap_push(&h, order[e->to]);
			}
		}
		lat->free(ctx, st);
	}
	free(order);
	free(visits);
	free(inq);
	free(h.a);
	return sol;
}

void dv_dataflow_replay(const struct dv_solution *sol, const struct dv_lattice *lat, void *ctx)
{
	const struct solution_priv *sp = (const struct solution_priv *)sol;
	const struct dv_cfg *cfg;
	unsigned i, j;
	if (!sol)
		return;
	cfg = sol->cfg;
	for (i = 0; i < cfg->n_rpo; i++) {
		unsigned b = cfg->rpo[i];
		const struct event_list *el = &sp->events[b];
		void *st;
		if (!sol->in[b])
			continue;
		st = lat->copy(ctx, sol->in[b]);
		for (j = 0; j < el->n; j++) {
			struct dv_event ev = el->ev[j];
			ev.reporting = 1;
			lat->transfer(ctx, st, &ev);
		}
		lat->free(ctx, st);
	}
}

void dv_solution_free(struct dv_solution *sol, const struct dv_lattice *lat, void *ctx)
{
	struct solution_priv *sp = (struct solution_priv *)sol;
	unsigned i;
	if (!sol)
		return;
	for (i = 0; i < sol->cfg->n_blocks; i++) {
		if (sol->in[i])
			lat->free(ctx, sol->in[i]);
	}
	free(sol->in);
	free(sp);
}
