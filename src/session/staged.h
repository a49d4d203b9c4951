/*
 * `diffvet diff --staged`: the change is the index against HEAD, and its
 * files read as their staged blobs, never the working tree (a staged
 * `system(argv[1])` with a clean working copy must not pass).
 */
#ifndef DV_SESSION_STAGED_H
#define DV_SESSION_STAGED_H

#include "diff/diff.h"
#include "diffvet/diffvet.h"
#include "model/overlay.h"

/* Puts the staged content of every file the changeset keeps into `ov`
 * (keys: absolute paths below `root`).  A link, a submodule or a file
 * with merge conflicts is left to the working tree's reading rules
 * (a link is scanned as its text; conflicts are listed by git diff as
 * unmerged and carry no stage-0 blob).  Returns 0 or a dv_result. */
int dv_staged_overlay(const char *root, const struct dv_changeset *cs, struct dv_overlay *ov,
		      struct dv_error *err);

#endif
