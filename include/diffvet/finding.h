/*
 * Findings: what a checker reports and every output format prints.
 *
 * A finding owns all its strings.  A struct dv_findings list owns its
 * findings; dv_findings_free releases everything.  Paths are stored as
 * given to the run (relative to the working directory when possible).
 */
#ifndef DIFFVET_FINDING_H
#define DIFFVET_FINDING_H

#include <stddef.h>
#include "diffvet/diffvet.h"

struct dv_location {
	char *path;         /* owned; never NULL in a stored location */
	unsigned line, col; /* 1-based */
	unsigned end_line, end_col; /* 1-based, end column exclusive; 0 = unknown */
	char *message;      /* owned, may be NULL (notes, flow step text) */
};

struct dv_finding {
	char *rule_id;     /* "family/name" */
	enum dv_level level;
	char *message;
	struct dv_location primary;
	struct dv_location *related; /* notes: "tainted value comes from getenv here" */
	size_t n_related;
	struct dv_location *flow; /* code flow, source first, sink last; may be empty */
	size_t n_flow;
	char *function;    /* enclosing function name, may be NULL */
	char *fingerprint_extra; /* extra fingerprint material (e.g. a secret's hash), may be NULL */
	char *fingerprint; /* hex; computed by dv_findings_finalize */
	int suppressed;    /* set by the suppression pass */
	char *suppression_reason; /* owned, when suppressed */
	int suppressed_in_change; /* suppressed by a comment the change itself added:
				     shown as suppressed, still counted by the gate */
};

struct dv_findings {
	struct dv_finding *items;
	size_t count, alloc;
};

void dv_findings_init(struct dv_findings *list);
void dv_findings_release(struct dv_findings *list); /* frees items, keeps list struct */

/* Appends an empty finding (all zero) and returns it; the list owns it. */
struct dv_finding *dv_findings_push(struct dv_findings *list);

/* Moves every finding of src to the end of dst; src becomes empty. */
void dv_findings_move(struct dv_findings *dst, struct dv_findings *src);

/* Setters copy their strings. */
void dv_location_set(struct dv_location *loc, const char *path, unsigned line, unsigned col,
		     unsigned end_line, unsigned end_col, const char *message);
struct dv_location *dv_finding_add_related(struct dv_finding *f);
struct dv_location *dv_finding_add_flow(struct dv_finding *f);
void dv_finding_release(struct dv_finding *f);

/* Sorts by path, line, column, rule; drops exact duplicates (same rule and
 * primary location); computes fingerprints.  `read_line` gives the source
 * text of a line (for the fingerprint), may return NULL. */
typedef const char *(*dv_line_reader)(void *ctx, const char *path, unsigned line);
void dv_findings_finalize(struct dv_findings *list, dv_line_reader read_line, void *ctx);

/* Fingerprint of one finding: hash of rule id, path, whitespace-normalized
 * source line text, function name and fingerprint_extra; never of the
 * line number, so it survives line shifts.  Returns a malloc'd hex string. */
char *dv_finding_fingerprint(const struct dv_finding *f, const char *line_text);

#endif
