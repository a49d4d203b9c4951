/*
 * The coverage record of a run: what diffvet analysed, what it analysed
 * only in part and what it could not analyse at all, and why.
 *
 * diffvet is a gate and fails closed: a region that was not analysed is
 * never reported as clean.  Gaps are recorded where they arise (the front
 * end for unparsed files and inactive #if blocks, the engine and the
 * checkers for functions whose CFG hit a cap or whose solution did not
 * converge, the session for unreadable inputs); the session then counts
 * the changed lines inside gaps, the gate turns them into reasons and
 * every reporter prints them.
 */
#ifndef DV_MODEL_COVERAGE_H
#define DV_MODEL_COVERAGE_H

#include <stddef.h>

enum dv_cov_state {
	DV_COV_ANALYSED = 0,
	DV_COV_PARTIAL,      /* some checks ran, others did not (e.g. one checker gave up) */
	DV_COV_NOT_ANALYSED, /* nothing ran on this region */
};

/* One region that was not (fully) analysed.  first_line/last_line are
 * 1-based and inclusive; 0/0 means the whole file. */
struct dv_coverage_gap {
	char *path;          /* as reported (relative to the run's root) */
	unsigned first_line, last_line;
	char *function;      /* may be NULL */
	char *checker;       /* family that gave up, NULL when nothing ran */
	char *reason;        /* "CFG too deep (more than 1500 nested expressions)" */
	enum dv_cov_state state;
	unsigned changed_lines; /* diff mode: added lines inside the gap (set by the session) */
};

struct dv_coverage {
	struct dv_coverage_gap *gaps;
	size_t n_gaps, gaps_alloc;
	/* totals, filled by the session */
	unsigned files_total, files_analysed, files_partial, files_not_analysed;
	unsigned changed_lines_total;        /* diff mode: added lines of analysed inputs */
	unsigned changed_lines_not_analysed; /* ... inside a gap, or in a file not analysed */
	/* Functions of the parsed files (diff mode: those the change touches):
	 * with no gap, with a gap of some lines or of some checker, or inside a
	 * gap where nothing ran. */
	unsigned functions_total, functions_analysed, functions_partial, functions_not_analysed;
};

void dv_coverage_init(struct dv_coverage *cov);
void dv_coverage_release(struct dv_coverage *cov);

/* Records a gap; strings are copied (function and checker may be NULL). */
struct dv_coverage_gap *dv_coverage_add(struct dv_coverage *cov, enum dv_cov_state state,
					const char *path, unsigned first_line, unsigned last_line,
					const char *function, const char *checker,
					const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 8, 9)))
#endif
	;

/* Moves every gap of src to the end of dst; src becomes empty. */
void dv_coverage_move(struct dv_coverage *dst, struct dv_coverage *src);

/* Nonzero when the run covered everything it was asked to analyse. */
int dv_coverage_complete(const struct dv_coverage *cov);

/* Nonzero when `line` of `path` lies in a gap (0/0 gaps cover the file). */
int dv_coverage_line_in_gap(const struct dv_coverage *cov, const char *path, unsigned line);

const char *dv_cov_state_name(enum dv_cov_state s); /* "analysed", "partial", "not-analysed" */

#endif
