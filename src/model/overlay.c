/* File contents overriding the disk (editor buffers, git blobs). */
#include "model/overlay.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void dv_overlay_init(struct dv_overlay *o)
{
	memset(o, 0, sizeof(*o));
}

void dv_overlay_release(struct dv_overlay *o)
{
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->count; i++) {
		free(o->files[i].path);
		free(o->files[i].bytes);
	}
	free(o->files);
	dv_overlay_init(o);
}

const struct dv_overlay_file *dv_overlay_find(const struct dv_overlay *o, const char *abs_path)
{
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < o->count; i++)
		if (strcmp(o->files[i].path, abs_path) == 0)
			return &o->files[i];
	return NULL;
}

void dv_overlay_set(struct dv_overlay *o, const char *abs_path, const char *bytes, size_t len)
{
	struct dv_overlay_file *f = (struct dv_overlay_file *)dv_overlay_find(o, abs_path);

	if (!bytes) {
		if (f) {
			free(f->path);
			free(f->bytes);
			*f = o->files[--o->count];
		}
		return;
	}
	if (!f) {
		DV_GROW(o->files, o->count + 1, o->alloc);
		f = &o->files[o->count++];
		f->path = xstrdup(abs_path);
	} else {
		free(f->bytes);
	}
	f->bytes = xmalloc(len + 1);
	memcpy(f->bytes, bytes, len);
	f->bytes[len] = '\0';
	f->len = len;
}
