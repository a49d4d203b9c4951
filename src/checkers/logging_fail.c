/*
 * Failure tests the logging checker reads beyond `if (call() < 0)`:
 * the arms of a switch over a call's result, and errno tests after a
 * call (model in logging.h, helpers declared in logging_state.h).
 *
 * A switch arm is a failure when its label is an error constant, or a
 * value the callee's convention calls a failure (negative, nonzero for a
 * zero-success function); the default arm is a failure when the switch
 * names a success (`case SQLITE_ROW:`, `case 0:` for a zero-success
 * function): then every other value is one.  An errno test is a failure
 * when it holds only for a nonzero errno (`errno == ENOENT`, `errno`,
 * `errno > 0`); it describes the last call before it.
 */
#include "checkers/logging.h"
#include "checkers/logging_state.h"
#include "engine/dataflow.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

int lg_own_branch(const struct dv_cfg *cfg, unsigned to)
{
	const struct dv_block *t = &cfg->blocks[to];
	unsigned i, j;
	for (i = 0; i < t->n_pred; i++) {
		const struct dv_block *p = &cfg->blocks[t->pred[i]];
		for (j = 0; j < p->n_succ; j++) {
			enum dv_edge_kind k = p->succ[j].kind;
			if (p->succ[j].to == to && k != DV_EDGE_TRUE && k != DV_EDGE_FALSE &&
			    k != DV_EDGE_CASE && k != DV_EDGE_DEFAULT)
				return 0;
		}
	}
	return 1;
}

int lg_is_switch_edge(const struct dv_block *blk, const struct dv_edge *e)
{
	return (e->kind == DV_EDGE_CASE || e->kind == DV_EDGE_DEFAULT) &&
	       !clang_Cursor_isNull(blk->terminator) &&
	       clang_getCursorKind(blk->terminator) == CXCursor_SwitchStmt &&
	       !clang_Cursor_isNull(blk->cond);
}

#define MAX_LABELS 64u

struct labels {
	long long value[MAX_LABELS];
	char *name[MAX_LABELS];
	unsigned n;
	int overflow;
};

static enum CXChildVisitResult visit_label(CXCursor c, CXCursor parent, void *data)
{
	struct labels *l = data;
	CXCursor v;
	long long x;
	(void)parent;
	/* a nested switch has its own labels; a lambda its own body */
	if (clang_getCursorKind(c) == CXCursor_SwitchStmt || clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) != CXCursor_CaseStmt)
		return CXChildVisit_Recurse;
	v = dv_ast_child(c, 0);
	if (clang_Cursor_isNull(v) || dv_ast_int_value(dv_ast_strip_casts(v), &x)) {
		l->overflow = 1;
		return CXChildVisit_Break;
	}
	if (l->n == MAX_LABELS) {
		l->overflow = 1;
		return CXChildVisit_Break;
	}
	l->value[l->n] = x;
	l->name[l->n++] = lg_spelled_name(dv_ast_strip_casts(v));
	return CXChildVisit_Recurse;
}

int lg_switch_edge_fails(const struct lg_spec *spec, const struct dv_block *blk,
			 const struct dv_edge *e, const struct lg_convention *conv,
			 struct dv_cond_atom *atom)
{
	struct labels l;
	CXCursor body = dv_ast_child(blk->terminator, 1), last = body, k;
	unsigned i;
	int fail = 0, found = 0;
	/* the body is the switch's last child (a declaration may precede
	 * the condition) */
	for (i = 1; !clang_Cursor_isNull(k = dv_ast_child(blk->terminator, i)); i++)
		last = k;
	body = last;
	memset(&l, 0, sizeof(l));
	if (clang_Cursor_isNull(body))
		return 0;
	clang_visitChildren(body, visit_label, &l);
	atom->operand = dv_ast_strip(blk->cond);
	if (l.overflow)
		goto done;
	if (e->kind == DV_EDGE_CASE) {
		atom->cmp = DV_CMP_EQ;
		atom->value = e->case_value;
		for (i = 0; i < l.n && !found; i++) {
			if (l.value[i] != e->case_value || !l.name[i])
				continue;
			found = 1;
			if (lg_names_match(&spec->error_constants, l.name[i]))
				fail = 1;
			else if (lg_names_match(&spec->success_constants, l.name[i]))
				fail = 0;
			else
				fail = (e->case_value < 0 && conv->neg_fails) ||
				       (e->case_value != 0 && conv->zero_success);
		}
		goto done;
	}
	/* default: every value the cases do not name */
	for (i = 0; i < l.n && !fail; i++) {
		if (!l.name[i])
			continue;
		if (lg_names_match(&spec->success_constants, l.name[i]) ||
		    (l.value[i] == 0 && conv->zero_success)) {
			fail = 1;
			atom->cmp = DV_CMP_NE;
			atom->value = l.value[i];
		}
	}
done:
	for (i = 0; i < l.n; i++)
		free(l.name[i]);
	return fail;
}

int lg_errno_atom_fails(const struct dv_cond_atom *a)
{
	switch (a->cmp) {
	case DV_CMP_EQ:
		return a->value != 0;
	case DV_CMP_NE:
		return a->value == 0;
	case DV_CMP_GT:
		return a->value >= 0;
	case DV_CMP_GE:
		return a->value >= 1;
	default:
		return 0;
	}
}

/* The call that `errno` is read from (`__errno_location()` inside the
 * errno macro) is not a call errno describes. */
int lg_call_sets_last(const struct lg_spec *spec, CXCursor call, const char *callee)
{
	char *sp;
	int r;
	if (!callee || lg_names_match(&spec->non_failing, callee))
		return 0;
	sp = lg_spelled_name(call);
	r = !sp || strcmp(sp, "errno") != 0;
	free(sp);
	return r;
}

/* ---- events and return conventions (logging_paths.c) ---- */

void lg_record_event(void *data, const struct dv_event *ev)
{
	struct evlist *lists = data, *l = &lists[ev->block];
	struct dv_event *c;
	DV_GROW(l->ev, (size_t)l->n + 1, l->alloc);
	c = &l->ev[l->n++];
	*c = *ev;
	c->callee = ev->callee ? xstrdup(ev->callee) : NULL;
	c->args = NULL;
	if (ev->n_args) {
		c->args = xmalloc(ev->n_args * sizeof(CXCursor));
		memcpy(c->args, ev->args, ev->n_args * sizeof(CXCursor));
	}
}

enum lg_rtype lg_return_type(CXCursor func)
{
	CXType t = clang_getCanonicalType(clang_getResultType(clang_getCursorType(func)));
	switch (t.kind) {
	case CXType_Pointer:
	case CXType_NullPtr:
		return RT_PTR;
	case CXType_Bool:
		return RT_BOOL;
	case CXType_Void:
	case CXType_Invalid:
		return RT_VOID;
	case CXType_Float:
	case CXType_Double:
	case CXType_LongDouble:
	case CXType_Record:
		return RT_VOID; /* not an error convention diffvet models */
	default:
		return RT_INT;
	}
}
