/*
 * One analysis run: files (check mode) or a changeset (diff mode) in,
 * filtered, suppressed, sorted findings and notifications out.
 *
 * Translation units are parsed and checked by `jobs` worker threads, each
 * with its own CXIndex and sink; results are merged in input order, so the
 * output does not depend on scheduling.
 */
#ifndef DV_RUN_H
#define DV_RUN_H

#include "diff/diff.h"
#include "engine/exports.h"
#include "diffvet/finding.h"
#include "diffvet/session.h"
#include "front/front.h"
#include "model/coverage.h"
#include "model/notify.h"
#include "rules/rules.h"
#include "session/units.h"


struct dv_run_options {
	const char *const *files;   /* check mode: files to analyse (as named by the user) */
	size_t n_files;
	const struct dv_changeset *changeset; /* diff mode when non-NULL */
	const char *root;           /* where changeset paths are relative to; findings are
				       reported relative to it */
	enum dv_scope scope;
	const struct dv_ruleset *rules;
	struct dv_front *front;
	unsigned jobs;              /* 0 = number of online CPUs */
	int progress;               /* print progress to stderr */
	int timing;                 /* one line of per-TU timings on stderr (-v) */
	const struct dv_overlay *overlay; /* contents replacing the disk, may be NULL */
	/* Diff mode, may be NULL: called once per file with all its findings
	 * before the scope filter.  It may remove findings (--new-only: known
	 * at the base revision), compacting `keep` alike, and set keep[i] to
	 * report finding i whatever the scope (a removed guard).  `keep` has
	 * findings->count entries, all 0.  Runs on the calling thread. */
	void (*file_filter)(void *ctx, const char *path, const struct dv_file_change *fc,
			    struct dv_findings *findings, unsigned char *keep);
	void *filter_ctx;
	/* --shard K/N: analyse only the files whose path (relative to the
	 * root) hashes to shard K-1 of N (FNV-1a, stable across machines and
	 * runs); n_shards 0 or 1 = all */
	unsigned shard, n_shards;
	/* project index (engine/exports.h): facts about other files' functions
	 * (sorted, may be NULL), and whether to collect each file's own */
	const struct dv_exports *imports;
	int collect_exports;
	/* Called once per C/C++ file before the analysis (single-threaded):
	 * nonzero = its results are already known (the project index has
	 * them), the file is not analysed and not reported.  May be NULL. */
	int (*reuse)(void *ctx, const char *abs, const char *display, const struct dv_args *args);
	void *reuse_ctx;
	/* check mode: the result cache's directory (session/result_cache.h),
	 * NULL = none; not used in diff or editor mode, nor with an overlay */
	const char *cache_dir;
	struct dv_units *units;     /* editor mode: units kept between runs (then jobs
				       must be 1: the cache is single-threaded), may be NULL */
};

/* The facts one analysed C/C++ file exports (collect_exports). */
struct dv_run_exports {
	char *abs;      /* the file's absolute path */
	int parsed;
	struct dv_exports x;
};

struct dv_run_result {
	struct dv_findings findings;
	struct dv_notifications notes;
	struct dv_coverage coverage; /* what was not (fully) analysed, and why */
	unsigned files_analyzed;
	unsigned files_parsed;
	unsigned files_reused;          /* skipped through opt->reuse */
	struct dv_run_exports *exports; /* collect_exports: one per C/C++ file, input order */
	size_t n_exports;
};

/* Returns 0, or a negative dv_result for errors of diffvet itself
 * (problems in analysed files are notifications). */
int dv_run(const struct dv_run_options *opt, struct dv_run_result *res, struct dv_error *err);
void dv_run_result_release(struct dv_run_result *res);

#endif
