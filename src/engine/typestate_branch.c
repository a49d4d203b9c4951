/*
 * Branch refinement: a test of an acquire's result, of a stored status or
 * of a handle itself settles the object's state on each edge; plain
 * conditions become facts that prune infeasible disjuncts.
 */
#include "engine/typestate_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/xalloc.h"

static int value_is_success(enum ts_succ s, long long v)
{
	switch (s) {
	case SUCC_ZERO:
		return v == 0;
	case SUCC_NONNULL:
		return v != 0;
	case SUCC_NONNEG:
		return v >= 0;
	default:
		return 1;
	}
}

static int atom_allows(const struct dv_cond_atom *a, enum ts_succ s, int want_success)
{
	long long samples[8] = {-2, -1, 0, 1, 2, 0, 0, 0};
	unsigned i;
	samples[5] = a->value - 1;
	samples[6] = a->value;
	samples[7] = a->value + 1;
	for (i = 0; i < 8; i++)
		if (value_is_success(s, samples[i]) == want_success && dv_cond_holds(a, samples[i]))
			return 1;
	return 0;
}

/* Returns 0 when the disjunct is infeasible on this edge. */
static int refine(struct ts_obj *o, enum ts_succ succ, const struct dv_cond_atom *a,
		  int use_known)
{
	int can_s, can_f;
	if (succ == SUCC_ALWAYS)
		return 1;
	if (succ == SUCC_STATUS) {
		if (o->flags & F_REFINE) {
			o->mask = M_UNKNOWN;
			o->flags &= ~(unsigned)(F_TRY | F_REFINE);
		}
		return 1;
	}
	can_s = atom_allows(a, succ, 1);
	can_f = atom_allows(a, succ, 0);
	if (can_s && !can_f) {
		if (o->known == -1 && use_known)
			return 0;
		if (use_known)
			o->known = 1;
		if (o->flags & F_REFINE)
			o->mask = M_HELD;
		o->flags &= ~(unsigned)F_TRY;
	} else if (can_f && !can_s) {
		if (o->known == 1 && use_known)
			return 0;
		if (use_known)
			o->known = -1;
		/* a failed acquire leaves the lock as it was: still held when we
		 * held it (trylock on our own lock), else not held */
		if (o->flags & F_REFINE)
			o->mask = o->prev == M_HELD ? M_HELD : M_UNHELD;
		o->flags &= ~(unsigned)F_TRY;
	} else {
		o->flags &= ~(unsigned)F_TRY;
	}
	return 1;
}

static int has_call(CXCursor c, unsigned depth)
{
	CXCursor *kids = NULL;
	unsigned n, i;
	int r = 0;
	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		return 1;
	if (depth > 16)
		return 1;
	n = dv_ast_children(c, &kids);
	for (i = 0; i < n && !r; i++)
		r = has_call(kids[i], depth + 1);
	free(kids);
	return r;
}

static int fact_conflicts(const struct ts_fact *a, const struct ts_fact *b)
{
	struct dv_cond_atom x = {clang_getNullCursor(), a->cmp, a->value};
	struct dv_cond_atom y = {clang_getNullCursor(), b->cmp, b->value};
	long long s[6];
	unsigned i;
	/* probe values next to both constants, saturating at the limits */
	s[0] = a->value == LLONG_MIN ? a->value : a->value - 1;
	s[1] = a->value;
	s[2] = a->value == LLONG_MAX ? a->value : a->value + 1;
	s[3] = b->value == LLONG_MIN ? b->value : b->value - 1;
	s[4] = b->value;
	s[5] = b->value == LLONG_MAX ? b->value : b->value + 1;
	for (i = 0; i < 6; i++)
		if (dv_cond_holds(&x, s[i]) && dv_cond_holds(&y, s[i]))
			return 0;
	return 1;
}

/* The edge cannot be taken: the tested value is a constant (a literal,
 * or a variable never written in the TU) that the edge contradicts; the
 * default edge of a switch is dead when a case matches the constant. */
static int edge_contradicts_constant(struct ts_fn *fn, const struct dv_branch *br,
				     const struct dv_cond_atom *atom, int have_atom)
{
	long long v;
	if (clang_Cursor_isNull(br->cond))
		return 0;
	if (have_atom)
		return ts_const_value(fn, atom->operand, &v) == 0 && !dv_cond_holds(atom, v);
	if (ts_const_value(fn, br->cond, &v) != 0)
		return 0;
	if (br->kind == DV_EDGE_TRUE || br->kind == DV_EDGE_FALSE)
		return (v != 0) != (br->kind == DV_EDGE_TRUE);
	if (br->kind == DV_EDGE_DEFAULT && br->cfg && br->from < br->cfg->n_blocks) {
		const struct dv_block *b = &br->cfg->blocks[br->from];
		unsigned i;
		for (i = 0; i < b->n_succ; i++)
			if (b->succ[i].kind == DV_EDGE_CASE && b->succ[i].case_value == v)
				return 1;
	}
	return 0;
}

/* `likely(x)` / `unlikely(x)`: __builtin_expect(e, c) is e for the
 * paths, a hint for the compiler only. */
static CXCursor strip_expect(CXCursor c)
{
	unsigned guard;
	for (guard = 0; guard < 8; guard++) {
		CXCursor e = dv_ast_strip(c);
		char *callee;
		int expect;
		if (clang_getCursorKind(e) != CXCursor_CallExpr || dv_ast_call_nargs(e) < 1)
			break;
		callee = dv_ast_callee_name(e);
		expect = callee && !strncmp(callee, "__builtin_expect", 16);
		free(callee);
		if (!expect)
			break;
		c = dv_ast_call_arg(e, 0);
	}
	return c;
}

/* `if (fd > STDERR_FILENO) close(fd)`: on an edge where the descriptor
 * can only be 0, 1 or 2 (or a failure), it is one of the process's
 * standard descriptors, not one this function opened. */
static int only_std_fd(const struct dv_cond_atom *a)
{
	long long hi[4] = {3, 4, a->value, a->value + 1};
	long long v;
	unsigned i;
	int some = 0;
	for (i = 0; i < 4; i++)
		if (hi[i] >= 3 && dv_cond_holds(a, hi[i]))
			return 0;
	for (v = 0; v <= 2; v++)
		some |= dv_cond_holds(a, v);
	return some;
}

/* `if (f != stdin) fclose(f)`: the key of the handle compared with a
 * standard stream, and whether it is that stream on this edge. */
static const char *std_stream_test(struct ts_fn *fn, const struct dv_branch *br, int *is_std)
{
	CXCursor c = dv_ast_strip(br->cond), x, y, std = clang_getNullCursor(), h;
	enum CXBinaryOperatorKind k;
	unsigned side;
	if (clang_Cursor_isNull(c) || clang_getCursorKind(c) != CXCursor_BinaryOperator ||
	    (br->kind != DV_EDGE_TRUE && br->kind != DV_EDGE_FALSE))
		return NULL;
	k = clang_getCursorBinaryOperatorKind(c);
	if (k != CXBinaryOperator_EQ && k != CXBinaryOperator_NE)
		return NULL;
	x = dv_ast_strip_casts(dv_ast_child(c, 0));
	y = dv_ast_strip_casts(dv_ast_child(c, 1));
	for (side = 0; side < 2 && clang_Cursor_isNull(std); side++) {
		CXCursor e = side ? y : x, ref;
		CXString sp;
		const char *n;
		int match;
		if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
			continue;
		ref = clang_getCursorReferenced(e);
		if (clang_getCursorKind(ref) != CXCursor_VarDecl ||
		    !clang_Location_isInSystemHeader(clang_getCursorLocation(ref)))
			continue;
		sp = clang_getCursorSpelling(ref);
		n = clang_getCString(sp);
		match = n && (!strcmp(n, "stdin") || !strcmp(n, "stdout") || !strcmp(n, "stderr"));
		clang_disposeString(sp);
		if (match)
			std = e;
	}
	if (clang_Cursor_isNull(std))
		return NULL;
	h = clang_equalCursors(std, x) ? y : x;
	*is_std = (k == CXBinaryOperator_EQ) == (br->kind == DV_EDGE_TRUE);
	return ts_key_of(fn, h);
}

void ts_branch(void *ctx, void *state, const struct dv_branch *br_in)
{
	struct ts_fn *fn = ctx;
	struct ts_state *st = state;
	struct dv_cond_atom atom;
	struct ts_fact fact;
	struct dv_branch brc = *br_in;
	const struct dv_branch *br = &brc;
	int have_atom, have_fact = 0;
	CXCursor op = clang_getNullCursor();
	const char *direct = NULL, *lhs_key = NULL, *var_key = NULL, *status_arg = NULL;
	enum ts_succ direct_succ = SUCC_ALWAYS;
	unsigned i;

	if (!clang_Cursor_isNull(brc.cond))
		brc.cond = strip_expect(brc.cond);
	have_atom = dv_cond_normalize(br, &atom) == 0;

	if (edge_contradicts_constant(fn, br, &atom, have_atom)) {
		while (st->n)
			ts_state_remove(st, st->n - 1);
		return;
	}
	{
		int is_std = 0;
		const char *hk = std_stream_test(fn, br, &is_std);
		for (i = 0; hk && is_std && i < st->n; i++) {
			struct ts_obj *o = ts_find_obj(&st->d[i], hk);
			if (o && (o->mask & M_HELD) && (o->flags & F_ACQ_HERE)) {
				o->mask = M_UNHELD; /* the standard stream, not ours */
				o->flags &= ~(unsigned)F_TRY;
				ts_twin_follows(&st->d[i], o);
			}
		}
	}
	if (have_atom) {
		const struct ts_api *a;
		int on_guard;
		char *callee;
		op = dv_ast_strip_casts(atom.operand);
		if (clang_getCursorKind(op) == CXCursor_CallExpr) {
			callee = dv_ast_callee_name(op);
			a = ts_find_api(fn, callee, op, &on_guard);
			free(callee);
			if (a && !on_guard && a->arg >= 0 &&
			    (a->op == OP_ACQUIRE || a->op == OP_TRY ||
			     (a->op == OP_QUERY && ts_query_kind(fn->t->spec, a, op) > 0))) {
				const char *name;
				direct = ts_api_object(fn, a, op, &name, NULL);
				direct_succ = a->success;
			} else if (!a) {
				/* PQresultStatus(res): a status result judged by a call */
				int n = dv_ast_call_nargs(op), j;
				for (j = 0; j < n && !status_arg; j++) {
					CXCursor arg = dv_ast_call_arg(op, (unsigned)j);
					status_arg = ts_key_of(fn, arg);
				}
			}
		} else if (clang_getCursorKind(op) == CXCursor_BinaryOperator &&
			   clang_getCursorBinaryOperatorKind(op) == CXBinaryOperator_Assign) {
			lhs_key = ts_key_of(fn, dv_ast_child(op, 0));
		} else {
			var_key = ts_key_of(fn, op);
		}
		if (br->kind == DV_EDGE_TRUE || br->kind == DV_EDGE_FALSE) {
			if (!has_call(op, 0)) {
				fact.text = ts_text_of(fn, op);
				fact.cmp = atom.cmp;
				fact.value = atom.value;
				have_fact = fact.text[0] != 0;
			}
		}
	} else if ((br->kind == DV_EDGE_TRUE || br->kind == DV_EDGE_FALSE) &&
		   !clang_Cursor_isNull(br->cond) && !has_call(br->cond, 0)) {
		fact.text = ts_text_of(fn, br->cond);
		fact.cmp = br->kind == DV_EDGE_TRUE ? DV_CMP_NE : DV_CMP_EQ;
		fact.value = 0;
		have_fact = fact.text[0] != 0;
	}

	for (i = 0; i < st->n;) {
		struct ts_disj *d = &st->d[i];
		int feasible = 1;
		unsigned j;
		if (have_fact) {
			for (j = 0; j < d->n_facts && feasible; j++)
				if (d->facts[j].text == fact.text && fact_conflicts(&d->facts[j], &fact))
					feasible = 0;
			if (feasible && d->n_facts < TS_MAX_FACTS) {
				for (j = 0; j < d->n_facts; j++)
					if (ts_fact_equal(&d->facts[j], &fact))
						break;
				if (j == d->n_facts) {
					d->facts = xreallocarray(d->facts, d->n_facts + 1, sizeof(*d->facts));
					d->facts[d->n_facts++] = fact;
				}
			}
		}
		if (feasible && have_atom) {
			struct ts_obj *o = NULL;
			enum ts_succ s = SUCC_ALWAYS;
			int use_known = 1;
			const struct ts_bind *b;
			if (status_arg && (b = ts_find_bind(d, status_arg)) && b->succ == SUCC_STATUS) {
				o = ts_find_obj(d, b->obj);
				s = SUCC_STATUS;
			} else if (direct) {
				o = ts_find_obj(d, direct);
				s = direct_succ;
			} else if (lhs_key || var_key) {
				const char *k = lhs_key ? lhs_key : var_key;
				if ((b = ts_find_bind(d, k))) {
					o = ts_find_obj(d, b->obj);
					s = b->succ;
				} else if ((o = ts_find_obj(d, k))) {
					/* the handle variable itself is tested: null or
					 * negative means no resource, whatever the acquiring
					 * call returned */
					s = o->succ == SUCC_NONNEG ? SUCC_NONNEG : SUCC_NONNULL;
					use_known = o->succ == s;
					if (s == SUCC_NONNEG && (o->flags & F_ACQ_HERE) &&
					    (o->mask & M_HELD) && only_std_fd(&atom)) {
						o->mask = M_UNHELD; /* a standard descriptor */
						o->flags &= ~(unsigned)F_TRY;
						ts_twin_follows(d, o);
						o = NULL;
					}
				}
			}
			if (o && !refine(o, s, &atom, use_known))
				feasible = 0;
			else if (o)
				ts_twin_follows(d, o);
		}
		if (!feasible)
			ts_state_remove(st, i);
		else
			i++;
	}
}
