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

#include <clang-c/Index.h>
#include "diffvet/finding.h"
#include "rules/rules.h"
#include "engine/callgraph.h"
#include "model/coverage.h"

/* Where a checker's findings go.  Not thread-safe: one per worker. */
struct dv_sink {
	const struct dv_ruleset *rules;
	struct dv_findings findings;
	const char *srcroot; /* paths in findings are made relative to it */
	struct dv_coverage coverage; /* what the checkers could not analyse */
};

/*
 * Starts a finding of `rule_id` at `cursor` (expansion location, so macro
 * uses land on the line a reviewer sees).  Returns NULL when the rule is
 * disabled (the checker simply skips reporting), else a finding owned by
 * the sink with level, message, primary location and enclosing function
 * set; add related locations/flow steps with dv_finding_add_related_cursor
 * and dv_finding_add_flow_cursor.
 */
struct dv_finding *dv_sink_report(struct dv_sink *sink, const char *rule_id, CXCursor cursor,
				  const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
/* The same at an explicit file position (text scanners). */
struct dv_finding *dv_sink_report_at(struct dv_sink *sink, const char *rule_id, const char *path,
				     unsigned line, unsigned col, unsigned end_col,
				     const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 7, 8)))
#endif
	;
void dv_finding_add_related_cursor(struct dv_sink *sink, struct dv_finding *f, CXCursor cursor,
				   const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
void dv_finding_add_flow_cursor(struct dv_sink *sink, struct dv_finding *f, CXCursor cursor,
				const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/*
 * Fail closed: records that `checker` could not analyse `function` (a
 * FunctionDecl-like cursor; its whole extent becomes a coverage gap), with
 * the reason, e.g. "control flow too deep (cap 1500)".  Call it wherever a
 * checker skips a function or gives up on its solution: a gap is reported
 * in every output format and the gate never passes changed lines in it.
 */
void dv_sink_not_analysed(struct dv_sink *sink, CXCursor function, const char *checker,
			  const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* One parsed translation unit, handed to check_tu. */
struct dv_tu_ctx {
	CXTranslationUnit tu;
	const char *path;          /* the main file, as named to the run */
	struct dv_sink *sink;
	const struct dv_ruleset *rules;
	int is_cplusplus;
	/* Call graph of the main file's functions, shared by all checkers of
	 * this TU (CFGs cached inside). */
	struct dv_callgraph *cg;
};

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
