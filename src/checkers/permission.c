/*
 * The permission checker: which privileged operations run on a request
 * path (from an entry point, through the TU's call graph) that no
 * authorization check guards, which checks guard nothing, which
 * operations destroy data for good, and how privileges are dropped.
 *
 * Per function it collects the calls (position, callee) and what the
 * function itself created (files, descriptors, temp names: unlinking
 * those is housekeeping).  "Guarded" means a configured check's result
 * guards the position (dv_dom_guarded), or a check that does not return
 * on failure dominates it: configured ones, void-returning checks, and
 * the TU's own functions whose every return passed a check (a bottom-up
 * summary).  Requests are followed top-down from the entry points along
 * call sites that are not guarded: a check done in the caller before the
 * call covers the callee on that path.
 */
#include "checkers/permission.h"
#include "checkers/permission_facts.h"
#include "engine/dataflow.h"
#include "front/ast.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int block_reachable(const struct fn_facts *f, unsigned b)
{
	return b < f->n_blocks && f->dom_pre[b] != UINT_MAX;
}

/* dv_dom_dominates on the numbering kept from the CFG. */
int perm_dominates(const struct fn_facts *f, struct dv_pos a, struct dv_pos b)
{
	if (a.block == b.block)
		return block_reachable(f, a.block) && a.elem <= b.elem;
	return block_reachable(f, a.block) && block_reachable(f, b.block) &&
	       f->dom_pre[a.block] <= f->dom_pre[b.block] &&
	       f->dom_post[b.block] <= f->dom_post[a.block];
}

static CXCursor strip(CXCursor c)
{
	return dv_ast_strip(c);
}

static int same_expr(CXCursor a, CXCursor b)
{
	return clang_getCursorKind(a) == clang_getCursorKind(b) &&
	       clang_equalRanges(clang_getCursorExtent(a), clang_getCursorExtent(b));
}

/* A temp-name template: "...XXXXXX" or under /tmp, /var/tmp, /run. */
static int is_temp_template(const char *s)
{
	return s && (strstr(s, "XXXXXX") || !strncmp(s, "/tmp/", 5) || !strncmp(s, "/var/tmp/", 9));
}

/* The format argument of a printf-into-buffer call, or -1. */
int perm_format_arg(const char *name)
{
	if (!name)
		return -1;
	if (!strcmp(name, "snprintf"))
		return 2;
	if (!strcmp(name, "sprintf") || !strcmp(name, "asprintf"))
		return 1;
	return -1;
}

struct collect {
	struct perm_ctx *ctx;
	const struct dv_dom *dom;
	struct perm_wrap_scan ws;
};

static void collect_event(void *vc, const struct dv_event *ev)
{
	struct collect *col = vc;
	struct perm_ctx *ctx = col->ctx;
	struct fn_facts *f = &ctx->fx[ctx->cur];
	const struct perm_func_arg *cr;
	if (ev->kind == DV_EV_RETURN || ev->kind == DV_EV_DECL || ev->kind == DV_EV_ASSIGN)
		perm_wrap_note_event(ctx, &col->ws, ev);
	if (ev->kind == DV_EV_RETURN) {
		long long v;
		perm_note_return(ctx, f, ev->rhs);
		if (clang_Cursor_isNull(ev->rhs) || dv_ast_int_value(ev->rhs, &v) == 0)
			return;
		if (perm_was_made(ctx, f, ev->rhs))
			f->ret_made = 1;
		else
			f->ret_other = 1;
		return;
	}
	if (ev->kind == DV_EV_DECL || ev->kind == DV_EV_ASSIGN) {
		perm_note_assignment(ctx, f, ev);
		return;
	}
	if (ev->kind != DV_EV_CALL)
		return;
	{
		struct call_site cs;
		int fa;
		cs.call = ev->cursor;
		cs.callee = ev->callee ? xstrdup(ev->callee) : NULL;
		cs.target = dv_callgraph_callee(ctx->cg, ev->cursor);
		if (dv_dom_locate(col->dom, ev->cursor, &cs.pos) != 0) {
			free(cs.callee);
			return;
		}
		DV_GROW(f->calls, (size_t)f->n_calls + 1, f->calls_alloc);
		f->calls[f->n_calls++] = cs;
		cr = perm_find_arg(ctx->api->creators, ctx->api->n_creators, ev->callee);
		if (cr && (unsigned)cr->arg < ev->n_args)
			perm_add_made(f, ev->args[cr->arg]);
		fa = perm_format_arg(ev->callee);
		if (fa >= 0 && (unsigned)fa < ev->n_args && ev->n_args > 0) {
			char *fmt = dv_ast_string_value(ev->args[fa]);
			if (is_temp_template(fmt))
				perm_add_made(f, ev->args[0]);
			free(fmt);
		}
		if (ev->callee && !strcmp(ev->callee, "fts_read"))
			f->walks = 1;
	}
}

static void facts_free(struct fn_facts *f)
{
	unsigned i;
	for (i = 0; i < f->n_calls; i++)
		free(f->calls[i].callee);
	for (i = 0; i < f->n_made; i++)
		free(f->made[i]);
	for (i = 0; i < f->n_vguards; i++)
		free(f->vguards[i].bits);
	free(f->calls);
	free(f->made);
	free(f->vguards);
	free(f->dom_pre);
	free(f->dom_post);
}

static int returns_void(CXCursor call)
{
	return clang_getCursorType(call).kind == CXType_Void;
}

static int is_function_type(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	return t.kind == CXType_FunctionProto || t.kind == CXType_FunctionNoProto;
}

/* A call that hands over a function (bt_gatt_server_set_authorize(server,
 * cb, data)) registers a callback to decide later: it checks nothing now,
 * whatever its name says. */
static int registers_callback(CXCursor call)
{
	int i, n = dv_ast_call_nargs(call);
	for (i = 0; i < n; i++)
		if (is_function_type(clang_getCursorType(dv_ast_call_arg(call, (unsigned)i))))
			return 1;
	return 0;
}

/* A call of the named function itself, not through a pointer or a struct
 * field that happens to share a library function's name
 * (os->driver->remove(path) is the driver's method, not remove(3)). */
static int is_direct_call(CXCursor call)
{
	CXCursor d = clang_getCursorReferenced(call);
	return clang_getCursorKind(d) == CXCursor_FunctionDecl;
}

/* A call that does not return when the check fails. */
static int is_noreturn_check(const struct perm_ctx *ctx, const struct call_site *cs)
{
	if (perm_name_matches(ctx->api->noreturn_checks, ctx->api->n_noreturn_checks, cs->callee))
		return 1;
	if (perm_find_check(ctx->api, cs->callee) && returns_void(cs->call) &&
	    !registers_callback(cs->call))
		return 1;
	if (cs->target < 0)
		return perm_imported_dies(ctx, cs);
	return (unsigned)cs->target != ctx->cur && ctx->fx[cs->target].checks_or_dies;
}

/* A configured check whose result says whether it passed. */
static int is_configured_value_check(const struct perm_ctx *ctx, const struct call_site *cs,
				     const struct perm_check **out)
{
	const struct perm_check *c = perm_find_check(ctx->api, cs->callee);
	if (!c && cs->target < 0)
		c = perm_imported_check(ctx, cs);
	if (!c || returns_void(cs->call) || registers_callback(cs->call) ||
	    perm_name_matches(ctx->api->noreturn_checks, ctx->api->n_noreturn_checks, cs->callee))
		return 0;
	*out = c;
	return 1;
}

int perm_is_value_check(const struct perm_ctx *ctx, const struct call_site *cs,
			const struct perm_check **out)
{
	if (is_configured_value_check(ctx, cs, out))
		return 1;
	if (cs->target >= 0 && (unsigned)cs->target != ctx->cur && ctx->fx[cs->target].wrapper) {
		*out = &ctx->fx[cs->target].wcheck;
		return 1;
	}
	return 0;
}

int perm_guarded_by(const struct dv_dom *dom, const struct call_site *cs,
		      const struct perm_check *c, struct dv_pos x)
{
	if (!c->any)
		return dv_dom_guarded(dom, cs->call, c->pass, x);
	return dv_dom_guarded(dom, cs->call, DV_PASS_NONZERO, x) ||
	       dv_dom_guarded(dom, cs->call, DV_PASS_ZERO, x) ||
	       dv_dom_guarded(dom, cs->call, DV_PASS_NONNEG, x);
}

/* Position `at` of f: call site at, or the exit when at == n_calls. */
static struct dv_pos position(const struct fn_facts *f, unsigned at)
{
	struct dv_pos x;
	if (at < f->n_calls)
		return f->calls[at].pos;
	x.block = f->exit;
	x.elem = 0;
	return x;
}

/* While the CFG is at hand: which positions each value check of the
 * function guards (whether a call is a value check depends only on the
 * API knowledge, never on other functions' summaries). */
static void compute_value_guards(struct perm_ctx *ctx, struct fn_facts *f, const struct dv_dom *dom)
{
	unsigned i, at;
	for (i = 0; i < f->n_calls; i++) {
		const struct perm_check *c;
		struct value_guard *vg;
		if (!perm_is_value_check(ctx, &f->calls[i], &c))
			continue;
		f->vguards = xrealloc(f->vguards, (f->n_vguards + 1) * sizeof(*f->vguards));
		vg = &f->vguards[f->n_vguards++];
		vg->call = i;
		vg->bits = xcalloc(f->n_calls / 8 + 1, 1);
		for (at = 0; at <= f->n_calls; at++)
			if (perm_guarded_by(dom, &f->calls[i], c, position(f, at)))
				vg->bits[at / 8] |= (unsigned char)(1u << (at % 8));
	}
}

static const struct value_guard *value_guard_of(const struct fn_facts *f, unsigned call)
{
	unsigned i;
	for (i = 0; i < f->n_vguards; i++)
		if (f->vguards[i].call == call)
			return &f->vguards[i];
	return NULL;
}

/* Nonzero when position `at` (see position()) of function fn runs only
 * after an authorization check passed. */
int perm_is_guarded(struct perm_ctx *ctx, unsigned fn, unsigned at)
{
	const struct fn_facts *f = &ctx->fx[fn];
	struct dv_pos x = position(f, at);
	unsigned i, saved = ctx->cur;
	int hit = 0;
	ctx->cur = fn;
	for (i = 0; i < f->n_calls && !hit; i++) {
		const struct call_site *cs = &f->calls[i];
		const struct perm_check *c;
		if (is_noreturn_check(ctx, cs)) {
			hit = perm_dominates(f, cs->pos, x) &&
			      (cs->pos.block != x.block || cs->pos.elem < x.elem ||
			       x.block == f->exit);
		} else if (perm_is_value_check(ctx, cs, &c)) {
			const struct value_guard *vg = value_guard_of(f, i);
			hit = vg && (vg->bits[at / 8] & (1u << (at % 8)));
		}
	}
	ctx->cur = saved;
	return hit;
}

static int summary_step(void *vctx, unsigned fn)
{
	struct perm_ctx *ctx = vctx;
	struct fn_facts *f = &ctx->fx[fn];
	int was = f->checks_or_dies;
	if (!f->ok)
		return 0;
	f->checks_or_dies = perm_is_guarded(ctx, fn, f->n_calls);
	return was != f->checks_or_dies;
}

/* ---- requests ---- */

static int is_own_op(const struct perm_ctx *ctx, const char *name)
{
	return perm_name_matches(ctx->api->own_ops, ctx->api->n_own_ops, name);
}

static void propagate_requests(struct perm_ctx *ctx)
{
	unsigned n = ctx->cg->n_funcs, i, sp = 0;
	unsigned *stack = xmalloc((n ? n : 1) * sizeof(unsigned));
	const struct perm_check *c;
	perm_mark_entry_points(ctx);
	for (i = 0; i < n; i++) {
		if (ctx->fx[i].is_entry && perm_checked_by_callers_elsewhere(ctx, i))
			ctx->fx[i].is_entry = 0;
		if (ctx->fx[i].is_entry && ctx->fx[i].ok) {
			ctx->fx[i].reached = 1;
			stack[sp++] = i;
		}
	}
	while (sp) {
		unsigned fn = stack[--sp];
		struct fn_facts *f = &ctx->fx[fn];
		for (i = 0; i < f->n_calls; i++) {
			const struct call_site *cs = &f->calls[i];
			struct fn_facts *g;
			/* a check wrapper is entered: what it does after its own check is
			 * guarded there, what it does before is not */
			if (cs->target < 0)
				continue;
			g = &ctx->fx[cs->target];
			if (g->reached || !g->ok || is_own_op(ctx, cs->callee) ||
			    is_configured_value_check(ctx, cs, &c) || is_noreturn_check(ctx, cs) ||
			    perm_is_guarded(ctx, fn, i))
				continue;
			g->reached = 1;
			g->via_fn = fn;
			g->via_call = i;
			stack[sp++] = (unsigned)cs->target;
		}
	}
	free(stack);
}

/* Adds the request path (entry point, call sites) as flow steps. */
void perm_add_request_path(struct perm_ctx *ctx, struct dv_finding *fd, unsigned fn)
{
	unsigned chain[64], n = 0, i, at = fn;
	if (!fd || !ctx->fx[fn].reached)
		return;
	while (!ctx->fx[at].is_entry && n < 64) {
		chain[n++] = at;
		at = ctx->fx[at].via_fn;
	}
	dv_finding_add_related_cursor(ctx->tu->sink, fd, ctx->cg->funcs[at].cursor,
				      "requests arrive at entry point '%s'", ctx->cg->funcs[at].name);
	dv_finding_add_flow_cursor(ctx->tu->sink, fd, ctx->cg->funcs[at].cursor, "entry point '%s'",
				   ctx->cg->funcs[at].name);
	for (i = n; i-- > 0;) {
		const struct fn_facts *g = &ctx->fx[chain[i]];
		const struct call_site *cs = &ctx->fx[g->via_fn].calls[g->via_call];
		dv_finding_add_flow_cursor(ctx->tu->sink, fd, cs->call, "calls '%s' with no check",
					   ctx->cg->funcs[chain[i]].name);
	}
}

/* ---- privileged operations ---- */

static int is_self_pid(CXCursor e)
{
	char *name;
	int self;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return 0;
	name = dv_ast_callee_name(e);
	self = name && !strcmp(name, "getpid");
	free(name);
	return self;
}

/* pw->pw_uid: the id of a user's account, "record.field" in account_ids.
 * A process that switches to the user it looked up gives up root. */
static int is_account_id(const struct perm_api *api, CXCursor e)
{
	CXCursor d, rec;
	CXString f, r;
	char *both;
	int hit;
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr)
		return 0;
	d = clang_getCursorReferenced(e);
	rec = clang_getCursorSemanticParent(d);
	if (clang_getCursorKind(d) != CXCursor_FieldDecl || clang_getCursorKind(rec) != CXCursor_StructDecl)
		return 0;
	f = clang_getCursorSpelling(d);
	r = clang_getCursorSpelling(rec);
	both = xasprintf("%s.%s", clang_getCString(r) ? clang_getCString(r) : "",
			 clang_getCString(f) ? clang_getCString(f) : "");
	hit = perm_name_matches(api->account_ids, api->n_account_ids, both);
	free(both);
	clang_disposeString(f);
	clang_disposeString(r);
	return hit;
}

/* getuid() / getgid(): the real ids, which the process may always go
 * back to; an account's own ids (pw->pw_uid). */
static int is_own_id(const struct perm_api *api, CXCursor e)
{
	char *name;
	int own;
	e = dv_ast_strip_casts(e);
	if (is_account_id(api, e))
		return 1;
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return 0;
	name = dv_ast_callee_name(e);
	own = name && (!strcmp(name, "getuid") || !strcmp(name, "getgid"));
	free(name);
	return own;
}

/* The privileged kind of a call ("unlink", "SQL DELETE"), or NULL. */
static const char *privileged_kind(struct perm_ctx *ctx, const struct fn_facts *f,
				   const struct call_site *cs, char *buf, size_t len)
{
	const struct perm_op *op = perm_find_op(ctx->api, cs->callee);
	const struct perm_func_arg *sql = perm_find_arg(ctx->api->sql, ctx->api->n_sql, cs->callee);
	int nargs = dv_ast_call_nargs(cs->call);
	if ((op || sql) && !is_direct_call(cs->call))
		return NULL;
	if (op) {
		CXCursor a = op->kind != PERM_ARG_NONE && op->arg < nargs
				     ? dv_ast_call_arg(cs->call, (unsigned)op->arg)
				     : clang_getNullCursor();
		long long v;
		if (op->kind != PERM_ARG_NONE && clang_Cursor_isNull(a))
			return NULL;
		switch (op->kind) {
		case PERM_ARG_PATH:
			if (dv_ast_is_constant_string(a) || perm_was_made(ctx, f, a))
				return NULL;
			break;
		case PERM_ARG_FD:
			if (perm_was_made(ctx, f, a))
				return NULL;
			break;
		case PERM_ARG_PID:
			/* kill(pid, 0) only probes whether the process exists; killing the
			 * child we spawned is housekeeping */
			if (dv_ast_int_value(a, &v) == 0 || is_self_pid(a) || perm_was_made(ctx, f, a) ||
			    (nargs > 1 && dv_ast_int_value(dv_ast_call_arg(cs->call, 1), &v) == 0 && v == 0))
				return NULL;
			break;
		case PERM_ARG_NONE:
			/* setuid(getuid()), setgid(getgid()): giving up privileges,
			 * back to the user who ran the program */
			if (nargs > 0 && is_own_id(ctx->api, dv_ast_call_arg(cs->call, 0)))
				return NULL;
			break;
		}
		snprintf(buf, len, "%s", cs->callee);
		return buf;
	}
	if (sql && sql->arg < nargs) {
		char *text = dv_ast_string_value(dv_ast_call_arg(cs->call, (unsigned)sql->arg));
		const char *kind = perm_sql_privileged(text);
		free(text);
		if (!kind)
			return NULL;
		snprintf(buf, len, "SQL %s", kind);
		return buf;
	}
	if (cs->target != (long)ctx->cur && is_own_op(ctx, cs->callee)) {
		snprintf(buf, len, "%s", cs->callee);
		return buf;
	}
	return NULL;
}

static void report_missing_checks(struct perm_ctx *ctx, unsigned fn)
{
	const struct fn_facts *f = &ctx->fx[fn];
	unsigned i;
	char buf[128];
	for (i = 0; i < f->n_calls; i++) {
		const struct call_site *cs = &f->calls[i];
		const char *kind = privileged_kind(ctx, f, cs, buf, sizeof(buf));
		struct dv_finding *fd;
		if (!kind || perm_is_guarded(ctx, fn, i))
			continue;
		fd = dv_sink_report(ctx->tu->sink, "permission/missing-check", cs->call,
				    "privileged operation '%s' runs on a request path with no "
				    "authorization check guarding it",
				    kind);
		perm_add_request_path(ctx, fd, fn);
		if (fd)
			dv_finding_add_flow_cursor(ctx->tu->sink, fd, cs->call, "privileged '%s'", kind);
	}
}

/* ---- ignored results ---- */

/* Nonzero when the call's value is thrown away: the call is a whole
 * expression statement (in a block, after a label or case), possibly
 * cast to void.  Conditions, initialisers and operands use the value. */
struct stmt_find {
	CXCursor call;
	int found;
};

static int is_stmt_list(enum CXCursorKind k)
{
	return k == CXCursor_CompoundStmt || k == CXCursor_LabelStmt || k == CXCursor_CaseStmt ||
	       k == CXCursor_DefaultStmt;
}

static enum CXChildVisitResult find_stmt(CXCursor c, CXCursor parent, CXClientData data)
{
	struct stmt_find *sf = data;
	CXCursor e;
	if (sf->found)
		return CXChildVisit_Break;
	if (!clang_isExpression(clang_getCursorKind(c)) || !is_stmt_list(clang_getCursorKind(parent)))
		return CXChildVisit_Recurse;
	e = strip(c);
	if (clang_getCursorKind(e) == CXCursor_CStyleCastExpr &&
	    clang_getCursorType(e).kind == CXType_Void) {
		/* (void)f(): the operand is the last child (a type ref may come first) */
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(e, &kids);
		e = n ? strip(kids[n - 1]) : clang_getNullCursor();
		free(kids);
	}
	if (same_expr(e, sf->call)) {
		sf->found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

int perm_value_discarded(const struct fn_facts *f, const struct call_site *cs)
{
	struct stmt_find sf;
	sf.call = strip(cs->call);
	sf.found = 0;
	clang_visitChildren(f->body, find_stmt, &sf);
	return sf.found;
}

static void report_ignored(struct perm_ctx *ctx, unsigned fn)
{
	const struct fn_facts *f = &ctx->fx[fn];
	unsigned i;
	ctx->cur = fn;
	for (i = 0; i < f->n_calls; i++) {
		const struct call_site *cs = &f->calls[i];
		const struct perm_check *c;
		/* wrappers are left out: one that also acts (does the operation
		 * and returns 0, or -EPERM) is called for its effect */
		if (is_configured_value_check(ctx, cs, &c) && perm_value_discarded(f, cs))
			dv_sink_report(ctx->tu->sink, "permission/check-ignored", cs->call,
				       "the result of authorization check '%s' is ignored: it "
				       "guards nothing",
				       cs->callee);
	}
}

/* The facts of function i, from its CFG and dominators (both freed, or
 * left to the call graph's cache, before the next function). */
static void collect_function(struct perm_ctx *ctx, unsigned i)
{
	struct fn_facts *f = &ctx->fx[i];
	const struct dv_cfg *cfg = dv_callgraph_cfg(ctx->cg, i);
	struct collect col;
	struct dv_dom *dom;
	unsigned b;
	if (!cfg || cfg->incomplete) {
		if (cfg)
			dv_sink_not_analysed(ctx->tu->sink, ctx->cg->funcs[i].cursor, PERM_FAMILY,
					     "its control flow could not be modelled "
					     "(computed goto or a size cap)");
		return;
	}
	dom = dv_dom_build(cfg);
	if (!dom)
		return;
	f->ok = 1;
	f->body = cfg->body;
	f->exit = cfg->exit;
	f->n_blocks = cfg->n_blocks;
	f->dom_pre = xmalloc((cfg->n_blocks ? cfg->n_blocks : 1) * sizeof(unsigned));
	f->dom_post = xmalloc((cfg->n_blocks ? cfg->n_blocks : 1) * sizeof(unsigned));
	for (b = 0; b < cfg->n_blocks; b++) {
		int live = cfg->idom[b] != UINT_MAX && cfg->dom_pre;
		f->dom_pre[b] = live ? cfg->dom_pre[b] : UINT_MAX;
		f->dom_post[b] = live ? cfg->dom_post[b] : 0;
	}
	ctx->cur = i;
	memset(&col, 0, sizeof(col));
	col.ctx = ctx;
	col.dom = dom;
	dv_cfg_walk_events(cfg, collect_event, &col);
	/* kept for the whole TU: give back DV_GROW's slack (8 slots at least) */
	if (f->n_calls && f->n_calls < f->calls_alloc) {
		f->calls = xreallocarray(f->calls, f->n_calls, sizeof(*f->calls));
		f->calls_alloc = f->n_calls;
	}
	compute_value_guards(ctx, f, dom);
	perm_wrap_decide(ctx, f, &col.ws, dom);
	perm_wrap_scan_release(&col.ws);
	dv_dom_free(dom);
}

void perm_check_tu(const struct perm_api *api, struct dv_tu_ctx *tu)
{
	struct perm_ctx ctx;
	unsigned i, n;
	if (!tu->cg)
		return;
	memset(&ctx, 0, sizeof(ctx));
	ctx.api = api;
	ctx.tu = tu;
	ctx.cg = tu->cg;
	n = tu->cg->n_funcs;
	ctx.fx = xcalloc(n ? n : 1, sizeof(*ctx.fx));
	/* callees first: whether a call is a check wrapper is known when the
	 * caller's value guards are computed */
	perm_imported_new(&ctx);
	for (i = 0; i < n; i++)
		collect_function(&ctx, tu->cg->bottom_up[i]);
	perm_resolve_made(&ctx);
	dv_callgraph_bottom_up(tu->cg, summary_step, &ctx, 4);
	propagate_requests(&ctx);
	for (i = 0; i < n; i++) {
		if (!ctx.fx[i].ok)
			continue;
		ctx.cur = i;
		if (ctx.fx[i].reached)
			report_missing_checks(&ctx, i);
		report_ignored(&ctx, i);
		perm_report_destructive(&ctx, i);
		perm_report_privilege_drops(&ctx, i);
	}
	perm_export_facts(&ctx);
	for (i = 0; i < n; i++)
		facts_free(&ctx.fx[i]);
	free(ctx.fx);
	perm_free_owned(&ctx);
	perm_imported_free(&ctx);
}

/* ---- registration ---- */

static int permission_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	struct perm_api *api = xcalloc(1, sizeof(*api));
	int rc = perm_api_load(api, rules, err);
	if (rc) {
		free(api);
		*out = NULL;
		return rc;
	}
	*out = api;
	return 0;
}

static void permission_free(void *state)
{
	if (!state)
		return;
	perm_api_release(state);
	free(state);
}

static void permission_check_tu(const void *state, struct dv_tu_ctx *tu)
{
	if (state)
		perm_check_tu(state, tu);
}

const struct dv_checker dv_checker_permission = {
	.family = PERM_FAMILY,
	.init = permission_init,
	.free = permission_free,
	.check_tu = permission_check_tu,
	.check_text = NULL,
};
