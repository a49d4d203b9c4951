/*
 * Reading the change to vet (a patch, or git's working tree / branch).
 * See change_input.c.
 */
#ifndef DV_CHANGE_INPUT_H
#define DV_CHANGE_INPUT_H

#include "diff/diff.h"
#include "diffvet/session.h"

struct dv_change_input {
	struct dv_changeset *changeset;
	char *root;        /* absolute: where the changeset's paths are relative to */
	char *base_commit; /* git: the commit the change is against (NULL: none, or a patch) */
};

/* `root`: the caller's fixed root (patch paths relative to it), or NULL to
 * find it (the current directory, or the top of its git repository). */
int dv_change_input_read(const struct dv_change_source *src, const char *root,
			 struct dv_change_input *in, struct dv_error *err);
void dv_change_input_release(struct dv_change_input *in);

/* An input diffvet must read but cannot (chmod 000, another user's file)
 * is an error, never a gap: DV_ERR_IO saying what to do.  Returns 0 when
 * `path` (below `root`, `flags` as for dv_confined_read) reads, or when it
 * is not a readable kind at all (a link, a path leaving the root, missing):
 * those are the run's to report. */
int dv_change_input_readable(const char *root, const char *path, unsigned flags,
			     struct dv_error *err);

#endif
