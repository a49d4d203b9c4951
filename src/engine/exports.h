/*
 * Function facts worth knowing in other translation units: what a
 * checker's bottom-up summaries learnt about a TU's functions with
 * external linkage ("conn_open returns a new resources handle", "plog
 * passes parameter 1 to a format sink").  The project index stores them
 * per file (src/index/) and hands them back to later runs, where the
 * checkers read them for callees that neither the rules nor the TU
 * itself know (lowest priority: extra knowledge only, never a reason to
 * drop a finding the run would make on its own).
 *
 * One set per TU when exporting (dv_tu_ctx.exports, written by the
 * checkers, single-threaded), one read-only set per run when importing
 * (dv_tu_ctx.imports, shared by the worker threads once sorted).
 *
 * Ownership: a set owns its strings; dv_exports_release frees them.
 */
#ifndef DV_ENGINE_EXPORTS_H
#define DV_ENGINE_EXPORTS_H

#include <stddef.h>

/* Only facts that add knowledge: a fact that would let a caller drop an
 * object (a release, an escape) could hide a finding of the run itself. */
enum dv_export_kind {
	DV_EXPORT_RETURNS_HANDLE, /* typestate family: every return is a new object or a failure */
	DV_EXPORT_SINK,           /* parameter `param` reaches a sink of rule `rule` */
	DV_EXPORT_NKINDS
};

extern const char *const dv_export_kind_names[DV_EXPORT_NKINDS];

struct dv_export {
	char *function;
	char *family;
	enum dv_export_kind kind;
	int param;  /* SINK: parameter index; else -1 */
	char *rule; /* SINK: rule id; else NULL */
};

struct dv_exports {
	struct dv_export *items;
	size_t n, alloc;
	int sorted;
};

void dv_exports_add(struct dv_exports *x, const char *function, const char *family,
		    enum dv_export_kind kind, int param, const char *rule);
/* Sorts by (function, family) and drops duplicates; needed before find. */
void dv_exports_sort(struct dv_exports *x);
/* The entries of `function` for `family` (*n of them, consecutive), or
 * NULL.  x may be NULL. */
const struct dv_export *dv_exports_find(const struct dv_exports *x, const char *function,
					const char *family, size_t *n);
/* Kind named `name` or -1. */
int dv_export_kind_of(const char *name);
void dv_exports_release(struct dv_exports *x);

#endif
