/*
 * The checker interface.
 *
 * Each checker family lives in one file src/checkers/<family>.c and
 * exports exactly one `const struct dv_checker dv_checker_<family>`,
 * listed once in src/checkers/checkers.def.  Checkers never print and
 * know nothing of diffs or output formats: they report findings to the
 * sink they are given.  A checker's state (from init) is read-only while
 * translation units are checked, so several threads can share it; all
 * mutable per-TU data lives on the checker's own stack/heap inside
 * check_tu.
 */
#ifndef DV_CHECKER_H
#define DV_CHECKER_H

#include "engine/sink.h"

/* One file's text, handed to check_text (any changed or named file). */
struct dv_text_ctx {
	const char *path;
	const char *text;          /* NUL-terminated */
	size_t len;
	/* In diff mode, lines of interest (added lines); NULL = whole file. */
	int (*line_in_scope)(const void *scope, unsigned line);
	const void *scope;
	int is_c_family;           /* also parsed with libclang */
	struct dv_sink *sink;
	const struct dv_ruleset *rules;
};

struct dv_checker {
	const char *family;        /* "injection", "secrets", ... */
	/* Reads API knowledge from the ruleset into a typed state (*out).
	 * Errors name the rules file/field.  May be NULL. */
	int (*init)(const struct dv_ruleset *rules, void **out, struct dv_error *err);
	void (*free)(void *state);
	void (*check_tu)(const void *state, struct dv_tu_ctx *tu);     /* may be NULL */
	void (*check_text)(const void *state, struct dv_text_ctx *txt); /* may be NULL */
};

/* The registry, in checkers.def order, NULL-terminated. */
extern const struct dv_checker *const dv_checkers[];

#endif
