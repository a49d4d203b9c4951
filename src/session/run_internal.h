/*
 * The run's work items, shared by run.c and run_coverage.c.  Private to
 * src/session/.
 */
#ifndef DV_RUN_INTERNAL_H
#define DV_RUN_INTERNAL_H

#include <clang-c/Index.h>
#include <pthread.h>
#include "session/run.h"

struct dv_rcache;
struct dv_rcache_item;

struct line_span {
	unsigned first, last;
};

struct work_item {
	char *display;   /* relative to root when below it */
	char *abs;
	const struct dv_file_change *change; /* diff mode */
	int is_c;
	struct dv_args args;
	/* results */
	struct dv_findings findings;
	struct dv_notifications notes;
	struct dv_coverage coverage;
	struct line_span *touched_funcs; /* DV_SCOPE_FUNCTIONS */
	size_t n_touched, touched_alloc;
	struct line_span *funcs; /* every function defined in the file */
	size_t n_funcs;
	int parsed;
	const char *skip; /* why the item is not analysed at all, or NULL */
	struct dv_exports exports; /* collect_exports */
	int reused;                /* opt->reuse said its results are known */
	struct dv_rcache_item *rcache; /* result cache: its key and what it read */
};

struct run_state {
	const struct dv_run_options *opt;
	struct work_item *items;
	size_t n_items, items_alloc;
	void **checker_state;
	int *checker_active;  /* 0: every rule of the family is disabled */
	size_t n_checkers;
	pthread_mutex_t lock; /* guards next and done */
	size_t next, done;
	char *root_abs;
	int progress_tty; /* redraw one progress line instead of printing lines */
	size_t exports_alloc;
	struct dv_rcache *rcache; /* opt->cache_dir (session/result_cache.h), or NULL */
	/* the order the workers take the items in (run_order.c; NULL: input
	 * order); results are merged in input order whatever it is */
	size_t *order;
};


/* Largest C/C++ files first (run_order.c): the last TU taken decides how
 * long the other workers wait at the end, so it should be a small one. */
void dv_run_order_items(struct run_state *st);

void dv_run_record_inactive_blocks(CXTranslationUnit tu, struct work_item *it);
void dv_run_count_functions(const struct work_item *it, struct dv_coverage *cov);
void dv_run_account_coverage(struct work_item *it, struct dv_coverage *cov);

#endif
