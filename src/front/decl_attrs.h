/*
 * Attributes a declaration carries, read through libclang.  libclang 19
 * exposes format, format_arg, malloc, ownership_* and the thread-safety
 * attributes only as CXCursor_UnexposedAttr children of the declaration
 * (inherited ones included: a definition sees the attributes of the
 * prototype in a header), so the attribute is read from its tokens.
 *
 * Names are normalised: `__format__` reads "format".  Arguments are the
 * token texts between the top-level commas ("printf", "2", "*m").  When
 * the attribute is written through a macro (`PRINTFLIKE(2, 3)`), the
 * tokens are those of the macro's definition, so an argument may be a
 * macro parameter's name: users must check every argument against the
 * declaration (an index in range, a parameter's name) and fall back to
 * what the signature says.
 *
 * Ownership: everything is copied into the caller's struct; nothing is
 * kept.  Thread-safe (no state).
 */
#ifndef DV_FRONT_DECL_ATTRS_H
#define DV_FRONT_DECL_ATTRS_H

#include <clang-c/Index.h>

#define DV_ATTR_MAX_ARGS 6
#define DV_ATTR_TEXT 64

struct dv_decl_attr {
	char name[DV_ATTR_TEXT];
	unsigned n_args;
	char args[DV_ATTR_MAX_ARGS][DV_ATTR_TEXT];
};

/* Fills out[0..max) with the attributes of decl (a FunctionDecl, maybe
 * NULL); returns how many were found (at most max). */
unsigned dv_decl_attrs(CXCursor decl, struct dv_decl_attr *out, unsigned max);

/* The first attribute of decl named `name`, copied to *out; 0 if none. */
int dv_decl_attr_find(CXCursor decl, const char *name, struct dv_decl_attr *out);

/* Index of the parameter of decl spelt `text` ("m", "*m", "&m"), or -1. */
int dv_decl_param_named(CXCursor decl, const char *text);

/* An attribute argument that is a decimal number in [lo, hi], or -1. */
int dv_attr_arg_number(const struct dv_decl_attr *a, unsigned i, int lo, int hi);

#endif
