/*
 * Include directories and header stand-ins for a file parsed without a
 * compile database, inferred from the tree like a reviewer who knows
 * where headers live.
 *
 * From the "'X' file not found" errors of a first parse: a directory below
 * the root that holds X (the one nearest the file wins), the root's
 * include/ and src/; when no X exists but a generated-header template does
 * (X.in, X.dist: config.h.in), the template's bytes stand in for X at the
 * template's place.  The tree is walked below the root only, without
 * following links (model/confined.h reads the templates); the walk is
 * bounded.
 *
 * Autoconf feature macros: a project configured by autoconf guards its
 * system includes and fallbacks with HAVE_* macros its generated config.h
 * defines (`#if HAVE_STDINT_H`, `#if !HAVE__BOOL typedef int _Bool;`).
 * Without that file every guarded include drops out and the code does not
 * type-check.  When a parse has errors, the HAVE_* macros tested in #if
 * lines of the files below the root are given the value configure would
 * find on this system: HAVE_X_H (HAVE_SYS_TYPES_H: <sys/types.h>) is 1 when
 * the header is in a system include directory, HAVE__BOOL and
 * HAVE_STDBOOL_H are 1 (every parse is C99 or later), HAVE_CONFIG_H is 1
 * when the tree has config.h or its template; anything else (HAVE_STRLCPY)
 * stays undefined, as configure leaves it when unsure.  A template
 * stand-in's `#undef HAVE_X_H` lines get the same values.
 *
 * Unknown types (last resort, a round that found nothing else): a name
 * clang reports as "unknown type name 'T'" becomes `typedef int T;` in a
 * prelude: a value of an unknown library type taints nothing and
 * releases nothing by itself, and the statements that use it stay in the
 * AST (an access to a member of it is still an error, kept by clang as a
 * recovery expression).  A standard name among them (`bool`, `false`,
 * `uint8_t`, `struct sockaddr_in`: what a missing project header included
 * for its users) gets its standard header included instead.
 *
 * Absent headers (no file of the tree and no template provides them): an
 * empty stand-in, so that the missing #include is no fatal error (after
 * one, clang drops the statements that use what the header declared).
 */
#ifndef DV_FRONT_INFER_H
#define DV_FRONT_INFER_H

#include <clang-c/Index.h>
#include <stddef.h>

struct dv_stand_in {
	char *path; /* absolute path of the absent generated header */
	char *bytes;
	size_t len;
};

struct dv_inferred {
	char **include_dirs; /* absolute */
	size_t n_include_dirs;
	struct dv_stand_in *stand_ins;
	size_t n_stand_ins;
	char **defines; /* feature macros defined to 1 (-DNAME=1) */
	size_t n_defines;
	/* Type names still unknown when nothing else is left to infer (their
	 * header is not in the tree: a third-party library's): declared as
	 * opaque scalars by a stand-in prelude (`-include prelude`), so that a
	 * declaration or a field of such a type no longer makes clang drop
	 * the statements around it.  The prelude is one of stand_ins. */
	char **unknown_types;
	size_t n_unknown_types;
	/* Undeclared identifiers used as values (an enum constant, a global
	 * variable of the missing header): an enum constant of its own value
	 * in the prelude (a `case` label stays a constant), so
	 * that the statements using them stay in the AST (clang drops a whole
	 * statement around an undeclared identifier). */
	char **unknown_idents;
	size_t n_unknown_idents;
	/* Standard headers (front/std_names.h) the prelude includes: names
	 * such as `bool` or `uint8_t` a missing project header used to bring
	 * in get their real declarations. */
	const char **std_headers;
	size_t n_std_headers;
	char *prelude; /* path of the prelude stand-in, or NULL */
};

/* Adds to `inf` what the missing headers of `tu` call for (nothing twice);
 * returns the number of additions, 0 when there is nothing new to try. */
size_t dv_infer_from_tu(const char *root, const char *abs_path, CXTranslationUnit tu,
			struct dv_inferred *inf);
void dv_inferred_release(struct dv_inferred *inf);

#endif
