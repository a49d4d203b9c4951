/*
 * Source text cache: files read once, split into lines, for fingerprints,
 * suppression comments and carets.  Paths are looked up as given, then
 * below `root`.  Not thread-safe; owned by one run.
 */
#ifndef DV_SOURCE_H
#define DV_SOURCE_H

#include <stddef.h>
#include "model/overlay.h"

struct dv_source_file {
	char *path;   /* key as requested */
	char *text;   /* NUL-terminated; NULL when unreadable */
	size_t len;
	size_t *line_start; /* offsets of line starts, n_lines + 1 entries */
	unsigned n_lines;
};

struct dv_sources {
	struct dv_source_file *files;
	size_t count, alloc;
	char *root;
	const struct dv_overlay *overlay; /* buffers that replace the disk, may be NULL */
	char *line_buf;     /* returned by dv_sources_line */
	size_t line_alloc;
};

void dv_sources_init(struct dv_sources *s, const char *root);
void dv_sources_release(struct dv_sources *s);
/* The file (loaded on first use), or NULL when it cannot be read. */
const struct dv_source_file *dv_sources_get(struct dv_sources *s, const char *path);
/* Line `line` (1-based) without its newline / CR; valid until the next
 * call; NULL when out of range.  Matches dv_line_reader. */
const char *dv_sources_line(void *sources, const char *path, unsigned line);

#endif
