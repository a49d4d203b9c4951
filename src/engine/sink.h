/*
 * The findings sink and the translation-unit context, shared by the
 * engine's analysis services (typestate, ...) and the checkers above them.
 *
 * A sink collects what one worker's analyses report: findings (with the
 * rule's level resolved from the ruleset, cursors turned into expansion
 * locations so macro uses land on the line a reviewer sees, and the
 * enclosing function recorded for fingerprints) and coverage gaps
 * (functions an analysis could not look at).  Not thread-safe: one per
 * worker.  Findings and gaps are owned by the sink (sink->findings,
 * sink->coverage) and released by whoever initialised it.
 */
#ifndef DV_ENGINE_SINK_H
#define DV_ENGINE_SINK_H

#include <clang-c/Index.h>
#include "diffvet/finding.h"
#include "rules/rules.h"
#include "engine/callgraph.h"
#include "engine/exports.h"
#include "model/coverage.h"

struct dv_needed;

/* Where findings and coverage gaps go.  Not thread-safe: one per worker. */
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
/* A related location at line of path (relative to the run's root), for
 * places known only by name: a sink in a file of the project index. */
void dv_finding_add_related_at(struct dv_sink *sink, struct dv_finding *f, const char *path,
			       unsigned line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
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

/* The same for lines first..last of `function` only (a statement that
 * could not be analysed), as a partial gap. */
void dv_sink_not_analysed_lines(struct dv_sink *sink, CXCursor function, unsigned first,
				unsigned last, const char *checker, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/* One parsed translation unit, handed to a checker's check_tu and to the
 * engine's per-TU services. */
struct dv_tu_ctx {
	CXTranslationUnit tu;
	const char *path;          /* the main file, as named to the run */
	struct dv_sink *sink;
	const struct dv_ruleset *rules;
	int is_cplusplus;
	/* Call graph of the main file's functions, shared by all checkers of
	 * this TU (CFGs cached inside). */
	struct dv_callgraph *cg;
	/* Project index (engine/exports.h): facts the checkers learn about
	 * this TU's functions for other TUs (NULL: not collected), and facts
	 * learnt about other files' functions (NULL: none). */
	struct dv_exports *exports;
	const struct dv_exports *imports;
	/* Diff mode: the functions whose analysis can matter to the change
	 * (engine/needed.h; consult dv_tu_fn_needed).  NULL: all of them. */
	const struct dv_needed *needed;
};

#endif
