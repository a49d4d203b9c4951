/*
 * Include directories and header stand-ins for a file parsed without a
 * compile database, inferred from the tree like a reviewer who knows
 * where headers live.
 *
 * From the "'X' file not found" errors of a first parse: a directory below
 * the root that holds X (the one nearest the file wins), the root's
 * include/ and src/; when no X exists but a generated-header template does
 * (X.in, X.dist: config.h.in), the template's bytes stand in for X at the
 * template's place.  The tree is walked below the root only, without
 * following links (model/confined.h reads the templates); the walk is
 * bounded.
 */
#ifndef DV_FRONT_INFER_H
#define DV_FRONT_INFER_H

#include <clang-c/Index.h>
#include <stddef.h>

struct dv_stand_in {
	char *path; /* absolute path of the absent generated header */
	char *bytes;
	size_t len;
};

struct dv_inferred {
	char **include_dirs; /* absolute */
	size_t n_include_dirs;
	struct dv_stand_in *stand_ins;
	size_t n_stand_ins;
};

/* Adds to `inf` what the missing headers of `tu` call for (nothing twice);
 * returns the number of additions, 0 when there is nothing new to try. */
size_t dv_infer_from_tu(const char *root, const char *abs_path, CXTranslationUnit tu,
			struct dv_inferred *inf);
void dv_inferred_release(struct dv_inferred *inf);

#endif
