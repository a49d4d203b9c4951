/* The coverage record: gaps are data, owned by the record. */
#include "model/coverage.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void dv_coverage_init(struct dv_coverage *cov)
{
	memset(cov, 0, sizeof(*cov));
}

static void gap_release(struct dv_coverage_gap *g)
{
	free(g->path);
	free(g->function);
	free(g->checker);
	free(g->reason);
}

void dv_coverage_release(struct dv_coverage *cov)
{
	size_t i;

	if (!cov)
		return;
	for (i = 0; i < cov->n_gaps; i++)
		gap_release(&cov->gaps[i]);
	free(cov->gaps);
	dv_coverage_init(cov);
}

struct dv_coverage_gap *dv_coverage_add(struct dv_coverage *cov, enum dv_cov_state state,
					const char *path, unsigned first_line, unsigned last_line,
					const char *function, const char *checker,
					const char *fmt, ...)
{
	struct dv_coverage_gap *g;
	va_list ap;

	DV_GROW(cov->gaps, cov->n_gaps + 1, cov->gaps_alloc);
	g = &cov->gaps[cov->n_gaps++];
	memset(g, 0, sizeof(*g));
	g->state = state;
	g->path = xstrdup(path ? path : "<unknown>");
	g->first_line = first_line;
	g->last_line = last_line < first_line ? first_line : last_line;
	g->function = function ? xstrdup(function) : NULL;
	g->checker = checker ? xstrdup(checker) : NULL;
	va_start(ap, fmt);
	g->reason = xvasprintf(fmt, ap);
	va_end(ap);
	return g;
}

void dv_coverage_move(struct dv_coverage *dst, struct dv_coverage *src)
{
	size_t i;

	for (i = 0; i < src->n_gaps; i++) {
		DV_GROW(dst->gaps, dst->n_gaps + 1, dst->gaps_alloc);
		dst->gaps[dst->n_gaps++] = src->gaps[i];
	}
	free(src->gaps);
	src->gaps = NULL;
	src->n_gaps = src->gaps_alloc = 0;
}

int dv_coverage_complete(const struct dv_coverage *cov)
{
	return cov->n_gaps == 0 && cov->files_partial == 0 && cov->files_not_analysed == 0;
}

int dv_coverage_line_in_gap(const struct dv_coverage *cov, const char *path, unsigned line)
{
	size_t i;

	for (i = 0; i < cov->n_gaps; i++) {
		const struct dv_coverage_gap *g = &cov->gaps[i];
		if (strcmp(g->path, path) != 0)
			continue;
		if (g->first_line == 0 || (line >= g->first_line && line <= g->last_line))
			return 1;
	}
	return 0;
}

const char *dv_cov_state_name(enum dv_cov_state s)
{
	switch (s) {
	case DV_COV_ANALYSED:
		return "analysed";
	case DV_COV_PARTIAL:
		return "partial";
	case DV_COV_NOT_ANALYSED:
		return "not-analysed";
	}
	return "unknown";
}
