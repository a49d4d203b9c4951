/*
 * The coverage part of the run: changed lines inside inactive preprocessor
 * blocks, and the accounting of gaps, changed lines and functions per file.
 */
#include "session/run_internal.h"

#include <stdlib.h>
#include <string.h>

/* Changed lines inside inactive preprocessor blocks (#if 0, #ifdef of a
 * macro this configuration does not define) were never parsed: they are
 * gaps, with the way to select them. */
void dv_run_record_inactive_blocks(CXTranslationUnit tu, struct work_item *it)
{
	CXFile main_file = clang_getFile(tu, it->abs);
	CXSourceRangeList *skipped;
	unsigned i;

	if (!main_file)
		return;
	skipped = clang_getSkippedRanges(tu, main_file);
	if (!skipped)
		return;
	for (i = 0; i < skipped->count; i++) {
		unsigned first, last;

		clang_getSpellingLocation(clang_getRangeStart(skipped->ranges[i]), NULL, &first, NULL,
					  NULL);
		clang_getSpellingLocation(clang_getRangeEnd(skipped->ranges[i]), NULL, &last, NULL,
					  NULL);
		if (dv_file_change_touches(it->change, first, last))
			dv_coverage_add(&it->coverage, DV_COV_NOT_ANALYSED, it->display, first, last,
					NULL, NULL,
					"inactive preprocessor block in this configuration; select it "
					"with -D or a compile database to analyse it");
	}
	clang_disposeSourceRangeList(skipped);
}

/* A family runs when one of its rules can report: a finding of a rule
 * that is disabled (or has level none) is dropped by the sink anyway, so
 * its checker's work could not matter. */
/* Counts the item's functions (the changed ones in diff mode) by how
 * much of them was analysed. */
void dv_run_count_functions(const struct work_item *it, struct dv_coverage *cov)
{
	size_t f, g;

	for (f = 0; f < it->n_funcs; f++) {
		unsigned a = it->funcs[f].first, b = it->funcs[f].last;
		enum dv_cov_state worst = DV_COV_ANALYSED;

		if (it->change && !dv_file_change_touches(it->change, a, b))
			continue;
		for (g = 0; g < it->coverage.n_gaps; g++) {
			const struct dv_coverage_gap *gap = &it->coverage.gaps[g];
			int covers = gap->first_line == 0 ||
				     (gap->first_line <= a && gap->last_line >= b);
			int overlaps = gap->first_line == 0 ||
				       (gap->first_line <= b && gap->last_line >= a);

			if (gap->state == DV_COV_NOT_ANALYSED && covers)
				worst = DV_COV_NOT_ANALYSED;
			else if (overlaps && worst == DV_COV_ANALYSED)
				worst = DV_COV_PARTIAL;
		}
		cov->functions_total++;
		if (worst == DV_COV_NOT_ANALYSED)
			cov->functions_not_analysed++;
		else if (worst == DV_COV_PARTIAL)
			cov->functions_partial++;
		else
			cov->functions_analysed++;
	}
}

/* Counts the item's changed lines inside its gaps, then moves the gaps
 * to the run's record.  A file with a whole-file gap is not analysed, one
 * with function or line gaps is partly analysed. */
void dv_run_account_coverage(struct work_item *it, struct dv_coverage *cov)
{
	int whole = 0;
	size_t g, r;

	cov->files_total++;
	for (g = 0; g < it->coverage.n_gaps; g++) {
		struct dv_coverage_gap *gap = &it->coverage.gaps[g];

		if (gap->first_line == 0)
			whole = 1;
		if (!it->change)
			continue;
		for (r = 0; r < it->change->n_added; r++) {
			unsigned a = it->change->added[r].start, b = it->change->added[r].end;
			if (gap->first_line) {
				if (a < gap->first_line)
					a = gap->first_line;
				if (b > gap->last_line)
					b = gap->last_line;
			}
			if (a <= b)
				gap->changed_lines += b - a + 1;
		}
		/* a changed file not analysed at all (a binary has no added
		 * lines) and a deleted-only change inside a gap still need a look */
		if (gap->changed_lines == 0 && gap->first_line == 0)
			gap->changed_lines = 1;
		if (gap->changed_lines == 0 && it->change->n_deleted_anchors &&
		    (gap->first_line == 0 ||
		     dv_file_change_touches(it->change, gap->first_line, gap->last_line)))
			gap->changed_lines = 1;
	}
	if (it->change) {
		unsigned total = 0, lost = 0;
		for (r = 0; r < it->change->n_added; r++) {
			unsigned line;
			total += it->change->added[r].end - it->change->added[r].start + 1;
			for (line = it->change->added[r].start; line <= it->change->added[r].end;
			     line++)
				if (dv_coverage_line_in_gap(&it->coverage, it->display, line))
					lost++;
		}
		cov->changed_lines_total += total;
		cov->changed_lines_not_analysed += lost;
	}
	dv_run_count_functions(it, cov);
	if (whole)
		cov->files_not_analysed++;
	else if (it->coverage.n_gaps)
		cov->files_partial++;
	else
		cov->files_analysed++;
	dv_coverage_move(cov, &it->coverage);
}

