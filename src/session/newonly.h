/*
 * --new-only: the base revision of every changed file is analysed too,
 * from git blobs in memory (an overlay: nothing is checked out), with the
 * run's flags and trusted rules; a finding of the change whose
 * fingerprint the base revision already had is not the change's.
 *
 * Fingerprints hash rule, path, the primary line's text (whitespace
 * normalised), the function and extra material, never a line number
 * (model/findings.c), so they survive line shifts and a function moving
 * inside its file.  A renamed file's base blob is analysed under its new
 * path, so its findings keep their fingerprints across the rename.
 * Findings are matched as multisets: a change that adds a second copy of
 * a known finding still reports one.
 */
#ifndef DV_SESSION_NEWONLY_H
#define DV_SESSION_NEWONLY_H

#include "diff/diff.h"
#include "diffvet/finding.h"
#include "front/front.h"
#include "model/notify.h"
#include "model/overlay.h"
#include "rules/rules.h"

struct dv_baseline;

struct dv_baseline_input {
	const char *root;                /* repository top level (absolute) */
	const char *base_rev;            /* commit the change is against; NULL: none (all new) */
	const struct dv_changeset *cs;
	const struct dv_overlay *head;   /* what the change's files read as (buffers), may be NULL */
	const struct dv_ruleset *rules;
	struct dv_front *front;
	unsigned jobs;
};

/* Analyses the base revision; base files that could not be analysed are
 * reported in `notes` (their findings all count as new: fail-closed).
 * Returns 0 or a dv_result with err set. */
int dv_baseline_build(const struct dv_baseline_input *in, struct dv_baseline **out,
		      struct dv_notifications *notes, struct dv_error *err);
void dv_baseline_free(struct dv_baseline *b);

/* Removes from `findings` (one file's, before the scope filter) those the
 * base revision had, compacting `keep` alike; prefers keeping instances on
 * lines the change added.  Returns how many were removed. */
size_t dv_baseline_drop_known(struct dv_baseline *b, const char *path,
			      const struct dv_file_change *fc, struct dv_findings *findings,
			      unsigned char *keep);

/* Findings removed so far. */
size_t dv_baseline_dropped(const struct dv_baseline *b);

#endif
