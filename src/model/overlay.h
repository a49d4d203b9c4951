/*
 * File contents that replace what is on disk: an editor's unsaved buffers,
 * or blobs of a git revision.  Keys are absolute paths.  Read-only while a
 * run uses it (shared by the worker threads).
 */
#ifndef DV_MODEL_OVERLAY_H
#define DV_MODEL_OVERLAY_H

#include <stddef.h>

struct dv_overlay_file {
	char *path;  /* absolute */
	char *bytes; /* NUL-terminated copy */
	size_t len;
};

struct dv_overlay {
	struct dv_overlay_file *files;
	size_t count, alloc;
};

void dv_overlay_init(struct dv_overlay *o);
void dv_overlay_release(struct dv_overlay *o);
/* Sets (copies) or, with bytes == NULL, removes the contents of abs_path. */
void dv_overlay_set(struct dv_overlay *o, const char *abs_path, const char *bytes, size_t len);
/* The override of abs_path, or NULL. */
const struct dv_overlay_file *dv_overlay_find(const struct dv_overlay *o, const char *abs_path);

#endif
