/*
 * What the permission checker counts as the program's own: files,
 * descriptors and processes a function created (open, mkstemp, fork,
 * posix_spawn...), what a TU function returns when it only returns what it
 * created, and struct fields the TU only ever stores such things in.
 * Removing or killing those is housekeeping, not a privileged operation.
 */
#include "checkers/permission_facts.h"
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

/* The USR of the struct field `e` reads (obj->pid), or NULL. */
static char *field_usr(CXCursor e)
{
	CXCursor d;
	CXString s;
	char *usr;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr)
		return NULL;
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) != CXCursor_FieldDecl)
		return NULL;
	s = clang_getCursorUSR(d);
	usr = clang_getCString(s) && *clang_getCString(s) ? xstrdup(clang_getCString(s)) : NULL;
	clang_disposeString(s);
	return usr;
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
	e = dv_ast_strip_casts(e);
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
		made = perm_find_arg(ctx->api->creators, ctx->api->n_creators, name) ||
		       (name && !strcmp(name, "fileno"));
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
