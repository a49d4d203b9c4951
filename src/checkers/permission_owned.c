/*
 * What the permission checker counts as the program's own: files,
 * descriptors and processes a function created (open, mkstemp, fork,
 * posix_spawn...), what a TU function returns when it only returns what it
 * created, and struct fields the TU only ever stores such things in.
 * Removing or killing those is housekeeping, not a privileged operation.
 */
#include "checkers/permission_facts.h"
#include "engine/callers.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void push_made(struct fn_facts *f, char *key)
{
	if (!key)
		return;
	DV_GROW(f->made, (size_t)f->n_made + 1, f->made_alloc);
	f->made[f->n_made++] = key;
}

/* The key dv_ast_lvalue_key gives a reference to this local variable. */
char *perm_local_decl_key(CXCursor var)
{
	CXString s = clang_getCursorSpelling(var);
	unsigned off = 0;
	char *key;
	clang_getFileLocation(clang_getCursorLocation(var), NULL, NULL, NULL, &off);
	key = xasprintf("%s@%u", clang_getCString(s) ? clang_getCString(s) : "", off);
	clang_disposeString(s);
	return key;
}

void perm_add_made(struct fn_facts *f, CXCursor e)
{
	if (clang_getCursorKind(e) == CXCursor_VarDecl) {
		push_made(f, perm_local_decl_key(e));
		return;
	}
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_AddrOf)
		e = dv_ast_strip(dv_ast_child(e, 0));
	push_made(f, dv_ast_lvalue_key(e));
}

static char *usr_of(CXCursor d, const char *suffix)
{
	CXString s = clang_getCursorUSR(d);
	char *usr = clang_getCString(s) && *clang_getCString(s)
			    ? xasprintf("%s%s", clang_getCString(s), suffix)
			    : NULL;
	clang_disposeString(s);
	return usr;
}

/* A variable of the file (global or static): its stores are all in the TU. */
static int file_var(CXCursor d)
{
	return clang_getCursorKind(d) == CXCursor_VarDecl &&
	       clang_getCursorKind(clang_getCursorSemanticParent(d)) == CXCursor_TranslationUnit &&
	       clang_Cursor_getStorageClass(d) == CX_SC_Static;
}

/* The USR of the struct field `e` reads (obj->pid), of a static variable
 * of the file (child_pid), or of its elements ("[]": pids[fd] = pid, not
 * the array itself); NULL for anything else. */
static char *field_usr(CXCursor e)
{
	CXCursor d;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr) {
		CXCursor base = dv_ast_strip_casts(dv_ast_child(e, 0));
		if (clang_getCursorKind(base) != CXCursor_DeclRefExpr)
			return NULL;
		d = clang_getCursorReferenced(base);
		return file_var(d) ? usr_of(d, "[]") : NULL;
	}
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr) {
		d = clang_getCursorReferenced(e);
		return file_var(d) ? usr_of(d, "") : NULL;
	}
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr)
		return NULL;
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) != CXCursor_FieldDecl)
		return NULL;
	return usr_of(d, "");
}

static int in_list(char *const *list, unsigned n, const char *key)
{
	unsigned i;
	for (i = 0; key && i < n; i++)
		if (!strcmp(list[i], key))
			return 1;
	return 0;
}

/* What f created itself, or a struct field the TU stores only what it
 * created in (pcsuite->lock_file = the lock file it opened; obj->pid =
 * the child it spawned): unlinking or killing those is housekeeping. */
int perm_was_made(const struct perm_ctx *ctx, const struct fn_facts *f, CXCursor e)
{
	char *key;
	int hit;
	unsigned guard;
	e = dv_ast_strip_casts(e);
	/* kill(-pid, sig): the process group of the child */
	if (clang_getCursorKind(e) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_Minus)
		e = dv_ast_strip_casts(dv_ast_child(e, 0));
	/* fileno(fdopen(fd)), dup(fd): the same file as their argument; a
	 * creation right there (fdopen(mkstemp(t), "w")) is ours too */
	for (guard = 0; guard < 8 && clang_getCursorKind(e) == CXCursor_CallExpr; guard++) {
		char *name = dv_ast_callee_name(e);
		int view = name && perm_name_matches(ctx->api->views, ctx->api->n_views, name);
		int made = name && perm_find_arg(ctx->api->creators, ctx->api->n_creators, name);
		free(name);
		if (made)
			return 1;
		if (!view || dv_ast_call_nargs(e) < 1)
			return 0;
		e = dv_ast_strip_casts(dv_ast_call_arg(e, 0));
	}
	key = dv_ast_lvalue_key(e);
	hit = in_list(f->made, f->n_made, key);
	free(key);
	if (!hit && ctx->n_made_fields) {
		key = field_usr(e);
		hit = in_list(ctx->made_fields, ctx->n_made_fields, key);
		free(key);
	}
	return hit;
}

static void push_key(char ***list, unsigned *n, size_t *alloc, char *key)
{
	if (!key)
		return;
	DV_GROW(*list, (size_t)*n + 1, *alloc);
	(*list)[(*n)++] = key;
}

static void add_pending(struct perm_ctx *ctx, char *key, int field, long target)
{
	struct perm_pending *p;
	if (!key)
		return;
	DV_GROW(ctx->pending, (size_t)ctx->n_pending + 1, ctx->pending_alloc);
	p = &ctx->pending[ctx->n_pending++];
	p->key = key;
	p->field = field;
	p->fn = ctx->cur;
	p->target = target;
}

/* fd = open(...), fp = fopen(...), pid = fork(): what the lhs holds is
 * ours; obj->field = <ours> makes the field hold ours (unless some other
 * assignment stores something else in it); x = own_fn() is decided once
 * own_fn's returns are known. */
void perm_note_assignment(struct perm_ctx *ctx, struct fn_facts *f, const struct dv_event *ev)
{
	CXCursor rhs = dv_ast_strip_casts(ev->rhs);
	CXCursor lhs = ev->kind == DV_EV_DECL ? ev->cursor : ev->lhs;
	char *name = NULL, *field = ev->kind == DV_EV_ASSIGN ? field_usr(ev->lhs) : NULL;
	long long v;
	int made = 0;
	long target = -1;
	if (clang_Cursor_isNull(rhs) || dv_ast_int_value(rhs, &v) == 0 ||
	    clang_getCursorKind(rhs) == CXCursor_GNUNullExpr) {
		free(field);
		return;
	}
	if (clang_getCursorKind(rhs) == CXCursor_CallExpr) {
		name = dv_ast_callee_name(rhs);
		made = perm_was_made(ctx, f, rhs);
		if (!made)
			target = dv_callgraph_callee(ctx->cg, rhs);
		if (made)
			perm_add_made(f, lhs);
		else if (target >= 0 && !field)
			add_pending(ctx, ev->kind == DV_EV_DECL ? perm_local_decl_key(lhs)
								: dv_ast_lvalue_key(dv_ast_strip_casts(lhs)),
				    0, target);
	} else {
		made = perm_was_made(ctx, f, rhs);
	}
	free(name);
	if (!field)
		return;
	if (target >= 0)
		add_pending(ctx, field, 1, target);
	else if (made)
		push_key(&ctx->made_fields, &ctx->n_made_fields, &ctx->made_fields_alloc, field);
	else
		push_key(&ctx->other_fields, &ctx->n_other_fields, &ctx->other_fields_alloc, field);
}

struct param_pass {
	struct perm_ctx *ctx;
	unsigned idx;
};

static int passes_made(void *data, unsigned caller, CXCursor call)
{
	struct param_pass *pp = data;
	return dv_ast_call_nargs(call) > (int)pp->idx &&
	       perm_was_made(pp->ctx, &pp->ctx->fx[caller], dv_ast_call_arg(call, pp->idx));
}

/* A function that acts on a process or file: is it one, among those
 * its parameters name, that the program made? */
static int acts_on_argument(const struct perm_ctx *ctx, const struct fn_facts *f)
{
	unsigned i;
	for (i = 0; i < f->n_calls; i++) {
		const struct perm_op *op = perm_find_op(ctx->api, f->calls[i].callee);
		if (op && op->kind != PERM_ARG_NONE)
			return 1;
	}
	return 0;
}

/* kill_child(pid) called only with the child the caller forked: the
 * parameter is ours.  Callers first, so that a parameter passed on is
 * decided before the function it is passed to. */
static void resolve_params(struct perm_ctx *ctx)
{
	const struct dv_callers_info *ci = NULL;
	unsigned k, n = ctx->cg->n_funcs;
	for (k = n; k-- > 0;) {
		unsigned fn = ctx->cg->bottom_up[k];
		CXCursor cur = ctx->cg->funcs[fn].cursor;
		int np = clang_Cursor_getNumArguments(cur), p;
		if (np <= 0 || !ctx->fx[fn].ok || !acts_on_argument(ctx, &ctx->fx[fn]))
			continue;
		if (!ci && !(ci = perm_callers(ctx)))
			return;
		for (p = 0; p < np; p++) {
			struct param_pass pp = { ctx, (unsigned)p };
			if (dv_every_caller(ctx->cg, ci, fn, passes_made, &pp))
				push_made(&ctx->fx[fn], perm_local_decl_key(clang_Cursor_getArgument(cur, (unsigned)p)));
		}
	}
}

/* Once every function is collected: a TU function that returns what it
 * created (capability_exec returning the pid it spawned) makes what its
 * result is stored in ours; a field is ours when nothing else is ever
 * stored in it. */
void perm_resolve_made(struct perm_ctx *ctx)
{
	unsigned i, n = 0;
	for (i = 0; i < ctx->n_pending; i++) {
		struct perm_pending *p = &ctx->pending[i];
		const struct fn_facts *t = &ctx->fx[p->target];
		int made = t->ret_made && !t->ret_other;
		if (p->field && made)
			push_key(&ctx->made_fields, &ctx->n_made_fields, &ctx->made_fields_alloc, p->key);
		else if (p->field)
			push_key(&ctx->other_fields, &ctx->n_other_fields, &ctx->other_fields_alloc, p->key);
		else if (made)
			push_made(&ctx->fx[p->fn], p->key);
		else
			free(p->key);
	}
	free(ctx->pending);
	ctx->pending = NULL;
	ctx->n_pending = 0;
	for (i = 0; i < ctx->n_made_fields; i++) {
		if (in_list(ctx->other_fields, ctx->n_other_fields, ctx->made_fields[i]))
			free(ctx->made_fields[i]);
		else
			ctx->made_fields[n++] = ctx->made_fields[i];
	}
	ctx->n_made_fields = n;
	resolve_params(ctx);
}

void perm_free_owned(struct perm_ctx *ctx)
{
	unsigned i;
	for (i = 0; i < ctx->n_made_fields; i++)
		free(ctx->made_fields[i]);
	for (i = 0; i < ctx->n_other_fields; i++)
		free(ctx->other_fields[i]);
	free(ctx->made_fields);
	free(ctx->other_fields);
}
