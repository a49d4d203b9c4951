/*
 * libclang AST helpers shared by the engine and the checkers.
 *
 * Every returned char * is malloc'd and owned by the caller (CXStrings are
 * copied and disposed at once, never kept).  Cursors are values valid as
 * long as their translation unit.
 */
#ifndef DV_AST_H
#define DV_AST_H

#include <clang-c/Index.h>
#include <stddef.h>

/* Looks through implicit casts (UnexposedExpr with one expression child)
 * and ParenExpr only; explicit casts are kept (use dv_ast_strip_casts). */
CXCursor dv_ast_strip(CXCursor e);
/* dv_ast_strip plus explicit casts: C-style, static_cast, dynamic_cast,
 * reinterpret_cast, const_cast, functional casts. */
CXCursor dv_ast_strip_casts(CXCursor e);

/* Direct children in source order.  *out is malloc'd (caller frees);
 * returns the count. */
unsigned dv_ast_children(CXCursor c, CXCursor **out);
/* The n-th child or a null cursor. */
CXCursor dv_ast_child(CXCursor c, unsigned n);

/* For a CallExpr: the called function's name ("printf", "lock" for
 * m.lock(); constructors give the unqualified class name: "lock_guard"
 * for std::lock_guard<std::mutex> g(m)), the target's for a local
 * function pointer with one known target (dv_ast_callee_decl), the
 * pointer's name for calls through another named function pointer
 * (fp(), ops->run()), or NULL for calls
 * through function pointers with no name.  Caller frees. */
char *dv_ast_callee_name(CXCursor call);
/* For a CallExpr: the callee's declaration cursor (null cursor if none).
 * A call through a local function pointer initialised with a function and
 * never assigned nor address-taken in its function is a call of that
 * function (`void (*fp)(T *) = sink; fp(x);`). */
CXCursor dv_ast_callee_decl(CXCursor call);
/* That function for a call through such a pointer, else a null cursor
 * (front/fnptr.c). */
CXCursor dv_ast_fnptr_target(CXCursor call);
/* Number of arguments and the i-th argument (dv_ast_strip'ed: implicit
 * casts and parentheses looked through). */
int dv_ast_call_nargs(CXCursor call);
CXCursor dv_ast_call_arg(CXCursor call, unsigned i);
/* For a C++ member call (obj.f(), p->f()): the object expression, else a
 * null cursor. */
CXCursor dv_ast_call_object(CXCursor call);

/* Nonzero when e (after stripping) is a string literal, or a reference to
 * a const char array / const pointer variable initialised by a literal, or
 * a macro expanding to a literal: a compile-time constant string. */
int dv_ast_is_constant_string(CXCursor e);
/* The decoded value of a string literal expression (adjacent literals
 * concatenated, escapes decoded, prefix removed; wide characters as
 * UTF-8), also through a reference to a constant string variable (see
 * above), or NULL.  Caller frees. */
char *dv_ast_string_value(CXCursor e);
/* Integer constant value of an expression; returns 0 on success. */
int dv_ast_int_value(CXCursor e, long long *out);

/* Source text of a cursor's extent (tokens joined by single spaces). */
char *dv_ast_text(CXCursor c);
/* Canonical key of an lvalue-ish expression so that the same object
 * compares equal across statements: "x", "s.f", "p->f" → "*p.f",
 * "&m" → "&m", "a[i]" → "a[]".  Variables are keyed by their declaration
 * (name plus declaration offset) so shadowed names do not collide:
 * locals and parameters are "name@offset" (offset of the declaration in
 * its file), file-scope variables and fields plain "name" so that they
 * match across functions and translation units.  Implicit `this->f` is
 * "*this.f".  NULL for expressions that are not lvalue paths (calls,
 * literals). */
char *dv_ast_lvalue_key(CXCursor e);

/* Expansion location (file path, line, column) of the cursor's start. */
void dv_ast_location(CXCursor c, char **path, unsigned *line, unsigned *col);
/* Enclosing function's name for any cursor inside one, or NULL. */
char *dv_ast_enclosing_function(CXCursor c);
/* Nonzero when the cursor's expansion location is in the TU's main file. */
int dv_ast_in_main_file(CXCursor c);
/* Cursor kind helpers */
int dv_ast_is_function_like(CXCursor c); /* FunctionDecl, CXXMethod, ctor, dtor, lambda... with a body */
/* The body (CompoundStmt, or CXXTryStmt for a function-try-block) of a
 * function-like cursor, or a null cursor when it has none. */
CXCursor dv_ast_function_body(CXCursor c);
/* Nonzero when a CallExpr calls a function that never returns: exit,
 * abort, _exit, longjmp, __builtin_unreachable, err, ... or a function
 * declared _Noreturn / __attribute__((noreturn)) / [[noreturn]] (on any
 * of its declarations libclang lets us reach: the referenced one, the
 * first one and the definition). */
int dv_ast_callee_is_noreturn(CXCursor call);

/* Offsets of the compile errors libclang reports in the main file (error
 * recovery may have dropped statements around them). */
struct dv_ast_errors {
	unsigned *offsets;
	size_t n;
};
void dv_ast_errors_collect(CXTranslationUnit tu, struct dv_ast_errors *out);
/* Nonzero when an error lies inside the extent of `func`. */
int dv_ast_errors_in(const struct dv_ast_errors *e, CXCursor func);
void dv_ast_errors_release(struct dv_ast_errors *e);

#endif
