/*
 * Small AST and variable helpers of the nplus1 checker: variables by USR,
 * sets of them, walking a loop's CFG elements, assignments and writes.
 */
#include "checkers/nplus1_internal.h"
#include "front/ast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- variables ---- */

char *np_decl_usr(CXCursor d)
{
	CXString s;
	char *out = NULL;
	enum CXCursorKind k = clang_getCursorKind(d);
	if (k != CXCursor_VarDecl && k != CXCursor_ParmDecl)
		return NULL;
	s = clang_getCursorUSR(d);
	if (clang_getCString(s) && clang_getCString(s)[0])
		out = xstrdup(clang_getCString(s));
	clang_disposeString(s);
	return out;
}

char *np_base_var(CXCursor e)
{
	unsigned guard;
	for (guard = 0; guard < 64; guard++) {
		e = dv_ast_strip_casts(e);
		switch (clang_getCursorKind(e)) {
		case CXCursor_DeclRefExpr:
			return np_decl_usr(clang_getCursorReferenced(e));
		case CXCursor_ArraySubscriptExpr:
		case CXCursor_MemberRefExpr:
		case CXCursor_UnaryOperator:
			e = dv_ast_child(e, 0);
			if (clang_Cursor_isNull(e))
				return NULL;
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

struct mention {
	const char *usr;
	int found;
};

static enum CXChildVisitResult visit_mention(CXCursor c, CXCursor parent, void *data)
{
	struct mention *m = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		char *u = np_decl_usr(clang_getCursorReferenced(c));
		if (u && !strcmp(u, m->usr))
			m->found = 1;
		free(u);
		if (m->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

int np_mentions(CXCursor e, const char *usr)
{
	struct mention m = { usr, 0 };
	if (!usr)
		return 0;
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr) {
		visit_mention(e, e, &m);
		return m.found;
	}
	clang_visitChildren(e, visit_mention, &m);
	return m.found;
}

/* The same AST node reached along another path: libclang's cursor
 * equality also compares the parent a visit came from. */
int np_same_cursor(CXCursor a, CXCursor b)
{
	return clang_getCursorKind(a) == clang_getCursorKind(b) &&
	       clang_equalRanges(clang_getCursorExtent(a), clang_getCursorExtent(b));
}

/* ---- sets of variables (small: a loop's worth) ---- */

int np_set_has(const struct np_varset *s, const char *usr)
{
	size_t i;
	for (i = 0; usr && i < s->n; i++)
		if (!strcmp(s->v[i], usr))
			return 1;
	return 0;
}

/* Takes ownership of usr; returns 1 when it was new. */
int np_set_add(struct np_varset *s, char *usr)
{
	if (!usr)
		return 0;
	if (np_set_has(s, usr)) {
		free(usr);
		return 0;
	}
	DV_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n++] = usr;
	return 1;
}

void np_set_release(struct np_varset *s)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->alloc = 0;
}

struct any_in_set {
	const struct np_varset *set;
	int found;
};

static enum CXChildVisitResult visit_any_in_set(CXCursor c, CXCursor parent, void *data)
{
	struct any_in_set *a = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		char *u = np_decl_usr(clang_getCursorReferenced(c));
		a->found = np_set_has(a->set, u);
		free(u);
		if (a->found)
			return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

int np_mentions_any(CXCursor e, const struct np_varset *set)
{
	struct any_in_set a = { set, 0 };
	if (!set->n)
		return 0;
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr)
		visit_any_in_set(e, e, &a);
	else
		clang_visitChildren(e, visit_any_in_set, &a);
	return a.found;
}

/* ---- walking a loop's elements ---- */

struct walk {
	struct np_fnctx *f;
	np_node_fn fn;
	void *data;
};

static enum CXChildVisitResult visit_walk(CXCursor c, CXCursor parent, void *data)
{
	struct walk *w = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	w->fn(w->f, c, w->data);
	return CXChildVisit_Recurse;
}

/* Calls fn on every cursor evaluated by the loop's elements (or by the
 * whole function body when loop == DV_LOOP_NONE). */
void np_walk_loop(struct np_fnctx *f, unsigned loop, np_node_fn fn, void *data)
{
	struct walk w = { f, fn, data };
	unsigned i, j;
	if (loop == DV_LOOP_NONE) {
		clang_visitChildren(f->body, visit_walk, &w);
		return;
	}
	for (i = 0; i < f->ln->loops[loop].n_blocks; i++) {
		const struct dv_block *b = &f->cfg->blocks[f->ln->loops[loop].blocks[i]];
		for (j = 0; j < b->n_elems; j++) {
			const struct dv_elem *e = &b->elems[j];
			if (e->kind == DV_ELEM_EXIT || e->kind == DV_ELEM_SCOPE_EXIT)
				continue;
			fn(f, e->cursor, data);
			clang_visitChildren(e->cursor, visit_walk, &w);
		}
	}
}

int np_is_assignment(CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	return k == CXCursor_CompoundAssignOperator ||
	       (k == CXCursor_BinaryOperator &&
		clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign);
}

int np_is_incdec(CXCursor c)
{
	enum CXUnaryOperatorKind k;
	if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
		return 0;
	k = clang_getCursorUnaryOperatorKind(c);
	return k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PostDec ||
	       k == CXUnaryOperator_PreInc || k == CXUnaryOperator_PreDec;
}

int np_is_address_of(CXCursor e)
{
	e = dv_ast_strip(e);
	return clang_getCursorKind(e) == CXCursor_UnaryOperator &&
	       clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_AddrOf;
}

/* The initialiser of a VarDecl (its last child, when an expression). */
CXCursor np_var_init(CXCursor d)
{
	CXCursor *kids = NULL, init = clang_getNullCursor();
	unsigned n = dv_ast_children(d, &kids);
	if (n && clang_isExpression(clang_getCursorKind(kids[n - 1])))
		init = kids[n - 1];
	free(kids);
	return init;
}

/* ---- buffers, writes, literals ---- */

/* A writable character buffer (char[], char *, unsigned char *). */
int np_is_text_buffer(CXType t)
{
	CXType e;
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
		e = clang_getCanonicalType(clang_getArrayElementType(t));
	else if (t.kind == CXType_Pointer)
		e = clang_getCanonicalType(clang_getPointeeType(t));
	else
		return 0;
	return !clang_isConstQualifiedType(e) &&
	       (e.kind == CXType_Char_S || e.kind == CXType_Char_U || e.kind == CXType_SChar ||
		e.kind == CXType_UChar);
}

void np_collect_modified(struct np_fnctx *f, CXCursor c, void *data)
{
	struct np_modified *m = data;
	(void)f;
	if (np_is_assignment(c)) {
		np_set_add(&m->set, np_base_var(dv_ast_child(c, 0)));
	} else if (np_is_incdec(c)) {
		np_set_add(&m->set, np_base_var(dv_ast_child(c, 0)));
	} else if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		/* declared in the loop: a new value every iteration, unless a
		 * constant */
		CXCursor init = np_var_init(c);
		long long v;
		if (!clang_Cursor_isNull(init) && !dv_ast_is_constant_string(init) &&
		    dv_ast_int_value(init, &v) != 0)
			np_set_add(&m->set, np_decl_usr(c));
	} else if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		int n = dv_ast_call_nargs(c), i;
		for (i = 0; i < n; i++) {
			CXCursor a = dv_ast_call_arg(c, (unsigned)i);
			CXType t = clang_getCanonicalType(clang_getCursorType(a));
			if (np_is_address_of(a)) {
				np_set_add(&m->set, np_base_var(a));
			} else if (i == 0 && (t.kind == CXType_ConstantArray ||
					      t.kind == CXType_IncompleteArray || np_is_text_buffer(t))) {
				/* snprintf(buf, ...), strcpy(p, ...): a text buffer rewritten */
				np_set_add(&m->set, np_base_var(a));
			}
		}
	}
}

struct find_cursor {
	CXCursor want;
	int found;
};

static enum CXChildVisitResult visit_find_cursor(CXCursor c, CXCursor parent, void *data)
{
	struct find_cursor *fc = data;
	(void)parent;
	if (np_same_cursor(c, fc->want)) {
		fc->found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

int np_contains_cursor(CXCursor e, CXCursor want)
{
	struct find_cursor fc = { want, 0 };
	if (np_same_cursor(e, want))
		return 1;
	clang_visitChildren(e, visit_find_cursor, &fc);
	return fc.found;
}

struct literal_scan {
	int found;
};

static enum CXChildVisitResult visit_literal(CXCursor c, CXCursor parent, void *data)
{
	struct literal_scan *ls = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_StringLiteral) {
		ls->found = 1;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Text is built from a literal: "..." + x, mprintf("%d", x), a format. */
int np_has_literal(CXCursor e)
{
	struct literal_scan ls = { 0 };
	if (clang_Cursor_isNull(e))
		return 0;
	if (clang_getCursorKind(e) == CXCursor_StringLiteral)
		return 1;
	clang_visitChildren(e, visit_literal, &ls);
	return ls.found;
}


/* ---- text copied into a buffer ---- */

/* The same variable or field path (x, p->f, s.a.b), whatever node spells it. */
static int same_lvalue(CXCursor a, CXCursor b)
{
	enum CXCursorKind k;
	a = dv_ast_strip_casts(a);
	b = dv_ast_strip_casts(b);
	k = clang_getCursorKind(a);
	if (k != clang_getCursorKind(b))
		return 0;
	if (k == CXCursor_DeclRefExpr)
		return clang_equalCursors(clang_getCursorReferenced(a), clang_getCursorReferenced(b));
	if (k == CXCursor_MemberRefExpr)
		return clang_equalCursors(clang_getCursorReferenced(a), clang_getCursorReferenced(b)) &&
		       same_lvalue(dv_ast_child(a, 0), dv_ast_child(b, 0));
	return 0;
}

/* The callee's first parameter points to const: it reads the buffer. */
static int reads_only(CXCursor call)
{
	CXCursor d = dv_ast_callee_decl(call);
	CXType t;
	if (clang_Cursor_isNull(d) || clang_Cursor_getNumArguments(d) < 1)
		return 0;
	t = clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(d, 0)));
	return t.kind == CXType_Pointer && clang_isConstQualifiedType(clang_getPointeeType(t));
}

struct copy_scan {
	const struct np_api *api;
	CXCursor dst;
	CXCursor src;     /* source of the one copy into dst */
	unsigned copies;  /* copies into dst */
	unsigned others;  /* other calls given dst as their first argument */
	unsigned before;  /* offset of the use: the copy must come first */
	int late;
};

static enum CXChildVisitResult visit_copy(CXCursor c, CXCursor parent, void *data)
{
	struct copy_scan *cs = data;
	char *name;
	size_t i;
	int copy = 0, keep = 0;
	unsigned off = 0;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_LambdaExpr)
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) != CXCursor_CallExpr || dv_ast_call_nargs(c) < 1 ||
	    !same_lvalue(dv_ast_call_arg(c, 0), cs->dst))
		return CXChildVisit_Recurse;
	name = dv_ast_callee_name(c);
	for (i = 0; name && i < cs->api->n_copies; i++)
		copy |= !strcmp(name, cs->api->copies[i]);
	for (i = 0; name && !copy && i < cs->api->n_keepers; i++)
		keep |= !strcmp(name, cs->api->keepers[i]);
	free(name);
	if (!copy && (keep || reads_only(c)))
		return CXChildVisit_Recurse;
	if (!copy || dv_ast_call_nargs(c) < 2) {
		cs->others++;
		return CXChildVisit_Recurse;
	}
	cs->copies++;
	cs->src = dv_ast_call_arg(c, 1);
	clang_getFileLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
	cs->late |= off >= cs->before;
	return CXChildVisit_Recurse;
}

CXCursor np_copied_text(const struct np_api *api, CXCursor body, CXCursor text, CXCursor use)
{
	struct copy_scan cs;
	memset(&cs, 0, sizeof(cs));
	cs.api = api;
	cs.dst = text;
	if (clang_Cursor_isNull(text) || clang_Cursor_isNull(body) || !api->n_copies)
		return clang_getNullCursor();
	clang_getFileLocation(clang_getCursorLocation(use), NULL, NULL, NULL, &cs.before);
	clang_visitChildren(body, visit_copy, &cs);
	if (cs.copies != 1 || cs.others || cs.late)
		return clang_getNullCursor();
	return cs.src;
}
