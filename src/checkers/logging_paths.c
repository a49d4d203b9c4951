/*
 * Error paths of one function (model in logging.h).
 *
 * This is a forward worklist over the engine's CFG rather than a
 * dv_lattice: error paths are told apart by the kind of edge that leaves
 * the failing branch (a goto commits to failing, a fall-through rejoins
 * the normal path), and the engine's solver only shows branch edges to a
 * lattice.  Events come from the engine's walker (dv_cfg_walk_events),
 * branch conditions from dv_cond_normalize, dominance from the CFG.
 *
 * State: the values of local variables (constant, result of a call,
 * errno, unknown) on all paths, plus one token per pending failure test
 * with that path's own variable values.
 */
#include "checkers/logging.h"
#include "checkers/logging_state.h"
#include "engine/cursor_memo.h"
#include "engine/dataflow.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SWEEPS 64u

struct test {
	unsigned from, to;
	CXCursor cond, call;
	long callee;  /* TU function index or -1 */
	int capable;  /* the callee does not trace its own failure */
	int errno_ok; /* the callee leaves errno set on failure */
	struct dv_cond_atom atom; /* what held on the failing edge */
};


struct fnctx {
	struct lg_tu *t;
	unsigned idx;
	const struct dv_cfg *cfg;
	CXCursor func;
	enum lg_rtype rt;
	int is_main;
	int collect, reporting;
	struct evlist *events;
	struct test *tests;
	unsigned n_tests;
	size_t tests_alloc;
	struct lg_summary sum;
	unsigned *reported; /* offsets of sites already made candidates */
	size_t n_reported, reported_alloc;
	struct dv_cursor_memo memo; /* verdicts by cursor (memo_verdict) */
};

enum { MEMO_LOGS = 1, MEMO_LOGS_OR_RECORDS, MEMO_ERR_ARG };

/* What a call or an argument says, asked on every visit of its event:
 * it depends on the cursor alone and on callees' summaries, which do not
 * change while this function is analysed (its own is stored at the end). */
static int memo_verdict(struct fnctx *f, CXCursor c, const char *callee, unsigned tag)
{
	const void *v;
	int r;
	if (dv_cursor_memo_get(&f->memo, c, tag, &v))
		return v != NULL;
	if (tag == MEMO_LOGS)
		r = lg_call_logs(f->t, c, callee);
	else if (tag == MEMO_LOGS_OR_RECORDS)
		r = lg_call_logs(f->t, c, callee) || lg_call_records(f->t, c, callee);
	else
		r = lg_error_param_arg(c) || lg_is_errno_expr(c);
	dv_cursor_memo_put(&f->memo, c, tag, r ? f : NULL);
	return r;
}

static int is_error_constant(const struct fnctx *f, CXCursor e)
{
	CXCursor s = dv_ast_strip_casts(e), ref;
	CXString sp;
	int r;
	if (clang_getCursorKind(s) != CXCursor_DeclRefExpr)
		return 0;
	ref = clang_getCursorReferenced(s);
	if (clang_getCursorKind(ref) != CXCursor_EnumConstantDecl)
		return 0;
	sp = clang_getCursorSpelling(ref);
	r = lg_names_match(&f->t->spec->error_constants, clang_getCString(sp));
	clang_disposeString(sp);
	return r;
}

static int const_is_error(const struct fnctx *f, long long c)
{
	switch (f->rt) {
	case RT_PTR:
	case RT_BOOL:
		return c == 0;
	case RT_INT:
		return f->is_main ? c != 0 : c < 0;
	default:
		return 0;
	}
}

/* -1, NULL, false, a failure status of main: says nothing about the cause. */
static int const_is_bare(const struct fnctx *f, long long c)
{
	if (f->rt == RT_INT && !f->is_main)
		return c == -1;
	return const_is_error(f, c);
}

/* ---- candidates and sites ---- */

static int first_report(struct fnctx *f, CXCursor site)
{
	unsigned off = 0;
	size_t i;
	clang_getExpansionLocation(clang_getCursorLocation(site), NULL, NULL, NULL, &off);
	for (i = 0; i < f->n_reported; i++)
		if (f->reported[i] == off)
			return 0;
	DV_GROW(f->reported, f->n_reported + 1, f->reported_alloc);
	f->reported[f->n_reported++] = off;
	return 1;
}

static void add_cand(struct fnctx *f, enum lg_cand_kind kind, CXCursor site, const struct test *te)
{
	struct lg_tu *t = f->t;
	struct lg_cand *c;
	if (!f->collect || !first_report(f, site))
		return;
	DV_GROW(t->cands, t->n_cands + 1, t->cands_alloc);
	c = &t->cands[t->n_cands++];
	c->kind = kind;
	c->site = site;
	c->call = te->call;
	c->test = te->cond;
	c->fn = f->idx;
}

static struct lg_site *site_of(struct fnctx *f, CXCursor call, long callee)
{
	struct lg_tu *t = f->t;
	size_t i;
	if (!f->collect || callee < 0)
		return NULL;
	for (i = 0; i < t->n_sites; i++)
		if (clang_equalCursors(t->sites[i].call, call))
			return &t->sites[i];
	DV_GROW(t->sites, t->n_sites + 1, t->sites_alloc);
	memset(&t->sites[t->n_sites], 0, sizeof(t->sites[0]));
	t->sites[t->n_sites].call = call;
	t->sites[t->n_sites].callee = (unsigned)callee;
	return &t->sites[t->n_sites++];
}

/* ---- transfer ---- */

static void set_var(struct state *st, unsigned key, const struct val *v, int is_err_const)
{
	unsigned i;
	lg_vmap_set(&st->vars, key, v);
	for (i = 0; i < st->n_tok; i++) {
		lg_vmap_set(&st->tok[i].vars, key, v);
		if (is_err_const)
			st->tok[i].committed = 1;
	}
}

static void trace_all(struct state *st)
{
	unsigned i;
	for (i = 0; i < st->n_tok; i++)
		st->tok[i].logged = 1;
}

static void on_return(struct fnctx *f, struct state *st, const struct dv_event *ev)
{
	unsigned i;
	if (!ev->reporting || clang_Cursor_isNull(ev->rhs))
		return;
	for (i = 0; i < st->n_tok; i++) {
		struct token *tk = &st->tok[i];
		const struct test *te = &f->tests[tk->test];
		struct val v;
		int err = 0, bare = 0, ok_errno;
		struct lg_site *site;
		if (is_error_constant(f, ev->rhs)) {
			err = bare = 1;
		} else if (!lg_eval(&tk->vars, ev->rhs, &v)) {
			continue;
		} else if (v.kind == V_CALL || v.kind == V_ERRNO) {
			/* the callee's own code, or errno: propagation */
			if (f->rt == RT_INT)
				f->sum.fails_neg = 1;
			else if (f->rt == RT_PTR)
				f->sum.fails_null = 1;
			if (!tk->logged)
				f->sum.fails_silently = 1;
			if (v.kind == V_ERRNO || (!tk->logged && te->errno_ok))
				f->sum.errno_failure = 1;
			if ((site = site_of(f, te->call, te->callee)))
				site->handled = 1;
			continue;
		} else if (!const_is_error(f, v.c)) {
			continue;
		} else {
			err = 1;
			bare = (!v.named && const_is_bare(f, v.c)) || !f->t->spec->specific_codes_detailed;
		}
		if (!err)
			continue;
		if (f->rt == RT_INT)
			f->sum.fails_neg = 1;
		else if (f->rt == RT_PTR)
			f->sum.fails_null = 1;
		else if (f->rt == RT_BOOL)
			f->sum.fails_false = 1;
		if (tk->logged)
			continue;
		f->sum.fails_silently = 1;
		if (!bare)
			continue; /* a specific code (-EIO, ERR_IO) tells the caller what failed */
		/* -1, NULL or false right after a function that sets errno: the
		 * caller can still tell what failed (the POSIX convention) */
		ok_errno = te->errno_ok && !f->is_main;
		if (ok_errno) {
			f->sum.errno_failure = 1;
			continue;
		}
		if ((site = site_of(f, te->call, te->callee)))
			site->unhandled = 1;
		add_cand(f, LG_SILENT_RETURN, ev->cursor, te);
	}
}

static void on_call(struct fnctx *f, struct state *st, const struct dv_event *ev)
{
	const struct lg_spec *spec = f->t->spec;
	unsigned i;
	if (memo_verdict(f, ev->cursor, ev->callee, MEMO_LOGS_OR_RECORDS)) {
		trace_all(st);
		return;
	}
	for (i = 0; i < ev->n_args; i++) {
		CXCursor a = ev->args[i];
		unsigned k, ak = lg_local_key(a);
		/* an error out-parameter, or errno handed on (to the parent's
		 * status pipe, into a message) */
		if (memo_verdict(f, a, NULL, MEMO_ERR_ARG)) {
			trace_all(st);
			return;
		}
		for (k = 0; ak && k < st->n_tok; k++) {
			const struct val *v = lg_vmap_get(&st->tok[k].vars, ak);
			st->tok[k].logged |= v && v->kind == V_ERRNO;
		}
		if (clang_getCursorKind(a) == CXCursor_UnaryOperator &&
		    clang_getCursorUnaryOperatorKind(a) == CXUnaryOperator_AddrOf) {
			unsigned key = lg_local_key(dv_ast_strip(dv_ast_child(a, 0)));
			if (key)
				set_var(st, key, NULL, 0);
		}
	}
	if (ev->reporting && ev->callee && lg_names_match(&spec->exits, ev->callee)) {
		long long status = 1;
		if (ev->n_args >= 1 && dv_ast_int_value(dv_ast_strip_casts(ev->args[0]), &status))
			return; /* unknown status */
		if (status == 0)
			return;
		for (i = 0; i < st->n_tok; i++)
			if (!st->tok[i].logged)
				add_cand(f, LG_SILENT_EXIT, ev->cursor, &f->tests[st->tok[i].test]);
	}
}

static void transfer(struct fnctx *f, struct state *st, const struct dv_event *ev)
{
	struct val v;
	unsigned key;
	int ok;
	switch (ev->kind) {
	case DV_EV_CALL:
		on_call(f, st, ev);
		if (lg_call_sets_last(f->t->spec, ev->cursor, ev->callee)) {
			memset(&v, 0, sizeof(v));
			v.kind = V_CALL;
			v.call = ev->cursor;
			set_var(st, LG_KEY_LAST_CALL, &v, 0);
		}
		break;
	case DV_EV_ASSIGN:
		if (!clang_Cursor_isNull(ev->rhs) && ev->op == CXBinaryOperator_Assign &&
		    lg_records_error(ev->lhs)) {
			trace_all(st);
			break;
		}
		key = lg_local_key(ev->lhs);
		if (!key)
			break;
		if (clang_Cursor_isNull(ev->rhs) || ev->op != CXBinaryOperator_Assign) {
			set_var(st, key, NULL, 0);
			break;
		}
		ok = lg_eval(&st->vars, ev->rhs, &v);
		set_var(st, key, ok ? &v : NULL,
			(ok && ((v.kind == V_CONST && v.c < 0) || v.kind == V_ERRNO)) ||
				is_error_constant(f, ev->rhs));
		break;
	case DV_EV_DECL:
		key = lg_local_key(ev->cursor);
		if (!key)
			break;
		ok = !clang_Cursor_isNull(ev->rhs) && lg_eval(&st->vars, ev->rhs, &v);
		set_var(st, key, ok ? &v : NULL, 0);
		break;
	case DV_EV_RETURN:
		on_return(f, st, ev);
		break;
	default:
		break;
	}
}

/* ---- failure tests ---- */

static int in_system_header(CXCursor decl)
{
	return !clang_Cursor_isNull(decl) &&
	       clang_Location_isInSystemHeader(clang_getCursorLocation(decl));
}

/* Nonzero when the edge is the failing direction of a call's result test;
 * fills the test (except from/to). */
static int failure_test(struct fnctx *f, const struct state *st, unsigned b, const struct dv_edge *e,
			struct test *out)
{
	const struct dv_block *blk = &f->cfg->blocks[b];
	const struct lg_spec *spec = f->t->spec;
	struct dv_branch br;
	struct dv_cond_atom a;
	CXCursor op, call, decl;
	enum CXTypeKind tk;
	char *name;
	long fi;
	int fail = 0, sys, eq, alloc;
	int sw = lg_is_switch_edge(blk, e), on_errno = 0;
	memset(&br, 0, sizeof(br));
	memset(&a, 0, sizeof(a));
	br.cond = blk->cond;
	br.kind = e->kind;
	br.cfg = f->cfg;
	br.from = b;
	br.to = e->to;
	if (sw)
		a.operand = dv_ast_strip(blk->cond);
	else if (dv_cond_normalize(&br, &a))
		return 0;
	op = dv_ast_strip(a.operand);
	if (clang_getCursorKind(op) == CXCursor_CallExpr && !lg_is_errno_expr(op)) {
		call = op;
	} else if (lg_is_errno_expr(op)) {
		/* errno describes the last call on the path */
		const struct val *v = lg_vmap_get(&st->vars, LG_KEY_LAST_CALL);
		if (sw || !v || v->kind != V_CALL || !lg_errno_atom_fails(&a))
			return 0;
		call = v->call;
		on_errno = 1;
	} else {
		unsigned key = lg_local_key(op);
		const struct val *v = key ? lg_vmap_get(&st->vars, key) : NULL;
		if (!v || v->kind != V_CALL)
			return 0;
		call = v->call;
	}
	name = dv_ast_callee_name(call);
	if (!name)
		return 0;
	decl = dv_ast_callee_decl(call);
	fi = dv_callgraph_callee(f->t->tu->cg, call);
	sys = fi < 0 && in_system_header(decl);
	alloc = lg_names_match(&spec->alloc, name);
	tk = clang_getCanonicalType(clang_getCursorType(call)).kind;
	if (lg_names_match(&spec->non_failing, name) || (alloc && !spec->allocation_failures) ||
	    memo_verdict(f, call, name, MEMO_LOGS)) {
		free(name);
		return 0;
	}
	if (on_errno) {
		fail = fi >= 0 ? f->t->sums[fi].errno_failure
			       : sys && !lg_names_match(&spec->no_errno, name);
	} else if (sw) {
		struct lg_convention conv;
		conv.neg_fails = fi >= 0 ? f->t->sums[fi].fails_neg : tk != CXType_Pointer;
		conv.zero_success = fi >= 0 ? f->t->sums[fi].fails_neg && !f->t->sums[fi].returns_positive
					    : lg_names_match(&spec->zero_success, name);
		fail = lg_switch_edge_fails(spec, blk, e, &conv, &a);
	} else if (lg_named_compare(blk, e->kind, &spec->success_constants, &eq))
		fail = !eq;
	else if (lg_named_compare(blk, e->kind, &spec->error_constants, &eq))
		fail = eq;
	else if (tk == CXType_Pointer)
		fail = a.cmp == DV_CMP_EQ && a.value == 0 &&
		       (alloc || (fi >= 0 ? f->t->sums[fi].fails_null
					  : lg_names_match(&spec->null_on_failure, name)));
	else if (tk == CXType_Bool)
		fail = a.cmp == DV_CMP_EQ && a.value == 0 && fi >= 0 && f->t->sums[fi].fails_false;
	else if (lg_cmp_is_negative(&a))
		fail = fi >= 0 ? f->t->sums[fi].fails_neg : 1;
	else if (a.cmp == DV_CMP_NE && a.value == 0)
		fail = fi >= 0 ? f->t->sums[fi].fails_neg && !f->t->sums[fi].returns_positive
			       : lg_names_match(&spec->zero_success, name);
	if (fail) {
		out->cond = blk->cond;
		out->atom = a;
		out->call = call;
		out->callee = fi;
		if (fi >= 0) {
			out->capable = f->t->sums[fi].fails_silently && !f->t->sums[fi].logs_always;
			out->errno_ok = f->t->sums[fi].errno_failure;
		} else {
			/* library functions known by name never log, wherever they
			 * are declared (a vendored sqlite3.h is not a system header) */
			int known = lg_names_match(&spec->zero_success, name) ||
				    lg_names_match(&spec->null_on_failure, name) ||
				    lg_names_match(&spec->no_errno, name) ||
				    lg_names_match(&spec->must_check, name);
			out->capable = sys || known || !spec->unknown_callees_log;
			/* out of memory is reported when asked for, ENOMEM or not */
			out->errno_ok = (sys || known) && !alloc && !lg_names_match(&spec->no_errno, name);
		}
	}
	free(name);
	return fail;
}

static unsigned test_id(struct fnctx *f, unsigned from, unsigned to, const struct test *proto)
{
	unsigned i;
	for (i = 0; i < f->n_tests; i++)
		if (f->tests[i].from == from && f->tests[i].to == to)
			return i;
	DV_GROW(f->tests, (size_t)f->n_tests + 1, f->tests_alloc);
	f->tests[f->n_tests] = *proto;
	f->tests[f->n_tests].from = from;
	f->tests[f->n_tests].to = to;
	return f->n_tests++;
}

/* A test of a value the token's path already knows (`if (err)` after
 * `err = errno`, the failed call's result tested again) drops the token
 * on the edge its path cannot take. */
static void refine_tokens(struct fnctx *f, struct state *st, unsigned b, const struct dv_edge *e)
{
	struct dv_branch br;
	struct dv_cond_atom a;
	CXCursor op;
	unsigned key, i;
	memset(&br, 0, sizeof(br));
	br.cond = f->cfg->blocks[b].cond;
	br.kind = e->kind;
	br.cfg = f->cfg;
	br.from = b;
	br.to = e->to;
	if (dv_cond_normalize(&br, &a))
		return;
	op = dv_ast_strip(a.operand);
	key = lg_local_key(op);
	for (i = 0; i < st->n_tok;) {
		const struct test *te = &f->tests[st->tok[i].test];
		const struct val *v = key ? lg_vmap_get(&st->tok[i].vars, key) : NULL;
		int infeasible = 0;
		if (v && v->kind == V_CONST)
			infeasible = !dv_cond_holds(&a, v->c);
		else if (v && v->kind == V_ERRNO)
			infeasible = a.cmp == DV_CMP_EQ && a.value == 0;
		else if (v && v->kind == V_CALL && clang_equalCursors(v->call, te->call))
			infeasible = !lg_atoms_compatible(&te->atom, &a);
		if (infeasible) {
			lg_token_remove(st, i);
			continue;
		}
		i++;
	}
}

static void on_edge(struct fnctx *f, struct state *st, unsigned b, const struct dv_edge *e)
{
	const struct dv_cfg *cfg = f->cfg;
	const struct dv_block *blk = &cfg->blocks[b];
	unsigned i;
	struct test proto;
	for (i = 0; i < st->n_tok;) {
		unsigned s = f->tests[st->tok[i].test].to;
		if (dv_cfg_dominates(cfg, s, b) && !dv_cfg_dominates(cfg, s, e->to)) {
			int is_goto = !clang_Cursor_isNull(blk->terminator) &&
				      clang_getCursorKind(blk->terminator) == CXCursor_GotoStmt;
			if (is_goto)
				st->tok[i].committed = 1;
			else if (!st->tok[i].committed) {
				lg_token_remove(st, i);
				continue;
			}
		}
		i++;
	}
	if (((e->kind != DV_EDGE_TRUE && e->kind != DV_EDGE_FALSE) || clang_Cursor_isNull(blk->cond)) &&
	    !lg_is_switch_edge(blk, e))
		return;
	if (lg_in_logging_macro(f->t, blk->cond)) {
		/* the level test of a logging macro: both ways are the log */
		trace_all(st);
		return;
	}
	refine_tokens(f, st, b, e);
	memset(&proto, 0, sizeof(proto));
	if (!lg_own_branch(cfg, e->to) || !failure_test(f, st, b, e, &proto))
		return;
	{
		unsigned id = test_id(f, b, e->to, &proto);
		struct token nt, *old;
		struct lg_site *site = f->reporting ? site_of(f, proto.call, proto.callee) : NULL;
		if (site)
			site->handled = 1;
		memset(&nt, 0, sizeof(nt));
		nt.test = id;
		nt.logged = !f->tests[id].capable;
		lg_vmap_copy(&nt.vars, &st->vars);
		old = lg_token_find(st, id);
		if (old) {
			lg_token_join(old, &nt);
			lg_vmap_release(&nt.vars);
		} else if (st->n_tok < MAX_TOKENS) {
			st->tok = xreallocarray(st->tok, st->n_tok + 1, sizeof(*st->tok));
			st->tok[st->n_tok++] = nt;
		} else {
			lg_vmap_release(&nt.vars);
		}
	}
}

/* ---- swallowed errors ---- */

/* The statement of the if whose branch starts at block `to`, or null. */
static CXCursor branch_stmt(const struct dv_cfg *cfg, const struct test *te)
{
	CXCursor term = cfg->blocks[te->from].terminator, kids[3];
	unsigned i, n = 0;
	const struct dv_block *blk = &cfg->blocks[te->from];
	enum dv_edge_kind kind = DV_EDGE_NORMAL;
	if (clang_Cursor_isNull(term) || clang_getCursorKind(term) != CXCursor_IfStmt)
		return clang_getNullCursor();
	for (i = 0; i < blk->n_succ; i++)
		if (blk->succ[i].to == te->to)
			kind = blk->succ[i].kind;
	for (i = 0; i < 4 && n < 3; i++) {
		CXCursor k = dv_ast_child(term, i);
		if (clang_Cursor_isNull(k))
			break;
		if (clang_getCursorKind(k) != CXCursor_DeclStmt)
			kids[n++] = k;
	}
	if (kind == DV_EDGE_TRUE && n >= 2)
		return kids[1];
	if (kind == DV_EDGE_FALSE && n >= 3)
		return kids[2];
	return clang_getNullCursor();
}

/* A failing branch that does nothing and falls through: `if (rc) {}`.
 * A comment inside says the failure is ignored on purpose. */
static void collect_swallowed(struct fnctx *f)
{
	const struct dv_cfg *cfg = f->cfg;
	unsigned i;
	for (i = 0; i < f->n_tests; i++) {
		const struct test *te = &f->tests[i];
		const struct dv_block *s = &cfg->blocks[te->to];
		struct lg_site *site;
		CXCursor stmt;
		if (!te->capable || s->n_elems || !clang_Cursor_isNull(s->terminator) || s->n_succ != 1 || s->succ[0].kind != DV_EDGE_NORMAL ||
		    dv_cfg_dominates(cfg, te->to, s->succ[0].to))
			continue;
		stmt = branch_stmt(cfg, te);
		if (clang_Cursor_isNull(stmt) || lg_extent_has_comment(f->t->tu->tu, stmt) ||
		    lg_extent_has_tokens(f->t->tu->tu, stmt))
			continue;
		if ((site = site_of(f, te->call, te->callee)))
			site->unhandled = 1;
		add_cand(f, LG_SWALLOWED, te->cond, te);
	}
}

/* ---- driver ---- */

/* Positive constant returns tell a count/boolean convention from a
 * zero-success one; the logger summary is a must-analysis over blocks. */
static void scan_returns_and_logs(struct fnctx *f)
{
	const struct dv_cfg *cfg = f->cfg;
	unsigned n = cfg->n_blocks, i, j, sweep;
	unsigned char *haslog = xcalloc(n ? n : 1, 1), *in = xcalloc(n ? n : 1, 1);
	int any_log = 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < f->events[i].n; j++) {
			const struct dv_event *ev = &f->events[i].ev[j];
			long long c;
			if (ev->kind == DV_EV_CALL && memo_verdict(f, ev->cursor, ev->callee, MEMO_LOGS))
				haslog[i] = any_log = 1;
			if (ev->kind == DV_EV_RETURN && !clang_Cursor_isNull(ev->rhs) &&
			    !dv_ast_int_value(dv_ast_strip_casts(ev->rhs), &c) && c > 0)
				f->sum.returns_positive = 1;
		}
		if (!clang_Cursor_isNull(cfg->blocks[i].cond) &&
		    lg_in_logging_macro(f->t, cfg->blocks[i].cond))
			haslog[i] = 1;
		in[i] = i != cfg->entry;
	}
	for (sweep = 0; sweep < MAX_SWEEPS; sweep++) {
		int changed = 0;
		for (i = 0; i < cfg->n_rpo; i++) {
			unsigned b = cfg->rpo[i], v = 1;
			if (b == cfg->entry)
				continue;
			for (j = 0; j < cfg->blocks[b].n_pred; j++) {
				unsigned p = cfg->blocks[b].pred[j];
				if (cfg->idom[p] == 0xFFFFFFFFu)
					continue;
				v &= in[p] | haslog[p];
			}
			if (v != in[b]) {
				in[b] = (unsigned char)v;
				changed = 1;
			}
		}
		if (!changed)
			break;
	}
	f->sum.logs_always = cfg->idom[cfg->exit] != 0xFFFFFFFFu ? in[cfg->exit] || haslog[cfg->exit]
								   : any_log;
	free(haslog);
	free(in);
}

static void process_block(struct fnctx *f, struct state *st, unsigned b)
{
	unsigned j;
	for (j = 0; j < f->events[b].n; j++) {
		struct dv_event ev = f->events[b].ev[j];
		ev.reporting = f->reporting;
		transfer(f, st, &ev);
	}
}

static int solve(struct fnctx *f, struct state **in)
{
	const struct dv_cfg *cfg = f->cfg;
	unsigned char *dirty = xcalloc(cfg->n_blocks, 1);
	unsigned sweep, i, j;
	int done = 0;
	in[cfg->entry] = xcalloc(1, sizeof(struct state));
	dirty[cfg->entry] = 1;
	for (sweep = 0; sweep < MAX_SWEEPS && !done; sweep++) {
		done = 1;
		for (i = 0; i < cfg->n_rpo; i++) {
			unsigned b = cfg->rpo[i];
			struct state *st;
			if (!dirty[b])
				continue;
			dirty[b] = 0;
			st = lg_state_copy(in[b]);
			process_block(f, st, b);
			for (j = 0; j < cfg->blocks[b].n_succ; j++) {
				const struct dv_edge *e = &cfg->blocks[b].succ[j];
				struct state *s2 = lg_state_copy(st);
				int changed = 1;
				on_edge(f, s2, b, e);
				if (!in[e->to]) {
					in[e->to] = s2;
					s2 = NULL;
				} else {
					changed = lg_state_join(in[e->to], s2);
				}
				lg_state_free(s2);
				if (changed) {
					dirty[e->to] = 1;
					done = 0;
				}
			}
			lg_state_free(st);
		}
	}
	free(dirty);
	return done;
}

static int summary_equal(const struct lg_summary *a, const struct lg_summary *b)
{
	return !memcmp(a, b, sizeof(*a));
}

int lg_analyze_function(struct lg_tu *t, unsigned idx, int collect)
{
	struct fnctx f;
	const struct dv_cfg *cfg = dv_callgraph_cfg(t->tu->cg, idx);
	struct state **in = NULL;
	unsigned i;
	int changed;
	CXString name;
	memset(&f, 0, sizeof(f));
	f.t = t;
	f.idx = idx;
	f.cfg = cfg;
	f.func = t->tu->cg->funcs[idx].cursor;
	f.collect = collect;
	if (!cfg || cfg->incomplete || !cfg->n_blocks) {
		if (collect && cfg)
			dv_sink_not_analysed(t->tu->sink, f.func, "logging",
					     "its control flow could not be modelled (computed goto or a size cap)");
		memset(&f.sum, 0, sizeof(f.sum));
		goto done;
	}
	f.rt = lg_return_type(f.func);
	name = clang_getCursorSpelling(f.func);
	f.is_main = !strcmp(clang_getCString(name) ? clang_getCString(name) : "", "main");
	clang_disposeString(name);
	f.events = xcalloc(cfg->n_blocks, sizeof(*f.events));
	dv_cfg_walk_events(cfg, lg_record_event, f.events);
	scan_returns_and_logs(&f);
	in = xcalloc(cfg->n_blocks, sizeof(*in));
	if (!solve(&f, in)) {
		if (collect)
			dv_sink_not_analysed(t->tu->sink, f.func, "logging",
					     "the error-path analysis did not converge within its budget");
	} else {
		/* replay from the fixpoint: summaries and candidates */
		f.reporting = 1;
		for (i = 0; i < cfg->n_rpo; i++) {
			unsigned b = cfg->rpo[i], j;
			struct state *st;
			if (!in[b])
				continue;
			st = lg_state_copy(in[b]);
			process_block(&f, st, b);
			for (j = 0; j < cfg->blocks[b].n_succ; j++) {
				struct state *s2 = lg_state_copy(st);
				on_edge(&f, s2, b, &cfg->blocks[b].succ[j]);
				lg_state_free(s2);
			}
			lg_state_free(st);
		}
	}
	for (i = 0; i < cfg->n_blocks; i++) {
		unsigned j;
		lg_state_free(in[i]);
		for (j = 0; j < f.events[i].n; j++) {
			free((char *)f.events[i].ev[j].callee);
			free(f.events[i].ev[j].args);
		}
		free(f.events[i].ev);
	}
	free(in);
	free(f.events);
	if (collect)
		collect_swallowed(&f);
done:
	changed = !summary_equal(&f.sum, &t->sums[idx]);
	t->sums[idx] = f.sum;
	free(f.tests);
	free(f.reported);
	dv_cursor_memo_release(&f.memo);
	return changed;
}
