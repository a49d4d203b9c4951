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

#endif
