#include "model/source.h"
#include "model/confined.h"
#include "model/paths.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void dv_sources_init(struct dv_sources *s, const char *root)
{
	memset(s, 0, sizeof(*s));
	s->root = xstrdup(root);
}

void dv_sources_release(struct dv_sources *s)
{
	size_t i;

	for (i = 0; i < s->count; i++) {
		free(s->files[i].path);
		free(s->files[i].text);
		free(s->files[i].line_start);
	}
	free(s->files);
	free(s->root);
	free(s->line_buf);
	memset(s, 0, sizeof(*s));
}

static void index_lines(struct dv_source_file *f)
{
	size_t i, alloc = 0;

	f->n_lines = 0;
	DV_GROW(f->line_start, 1, alloc);
	f->line_start[0] = 0;
	for (i = 0; i < f->len; i++) {
		if (f->text[i] == '\n') {
			f->n_lines++;
			DV_GROW(f->line_start, (size_t)f->n_lines + 1, alloc);
			f->line_start[f->n_lines] = i + 1;
		}
	}
	if (f->len && f->text[f->len - 1] != '\n') {
		f->n_lines++;
		DV_GROW(f->line_start, (size_t)f->n_lines + 1, alloc);
		f->line_start[f->n_lines] = f->len + 1;
	}
}

const struct dv_source_file *dv_sources_get(struct dv_sources *s, const char *path)
{
	struct dv_source_file *f;
	struct strbuf sb;
	size_t i;

	for (i = 0; i < s->count; i++)
		if (strcmp(s->files[i].path, path) == 0)
			return s->files[i].text ? &s->files[i] : NULL;
	DV_GROW(s->files, s->count + 1, s->alloc);
	f = &s->files[s->count++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	strbuf_init(&sb);
	{
		/* Relative paths are relative to the run's root, not the cwd;
		 * read as the run read them: a link is its link text, never
		 * followed (a caret line must not quote /proc/self/environ). */
		char *full = path[0] != '/' && s->root ? dv_path_join(s->root, path) : xstrdup(path);
		const struct dv_overlay_file *ov = dv_overlay_find(s->overlay, full);
		struct dv_error ignored = {0};
		int rc = 0;

		if (ov)
			strbuf_add(&sb, ov->bytes, ov->len);
		else if (s->root)
			rc = dv_confined_read(s->root, path, DV_CONFINE_NAMED, &sb, NULL, &ignored);
		else
			rc = strbuf_read_file(&sb, full);
		free(full);
		if (rc != 0) {
			strbuf_release(&sb);
			return NULL;
		}
	}
	f->len = sb.len;
	f->text = strbuf_detach(&sb);
	index_lines(f);
	return f;
}

const char *dv_sources_line(void *sources, const char *path, unsigned line)
{
	struct dv_sources *s = sources;
	const struct dv_source_file *f = dv_sources_get(s, path);
	size_t start, end;

	if (!f || line == 0 || line > f->n_lines)
		return NULL;
	start = f->line_start[line - 1];
	end = f->line_start[line] - 1;
	if (end > f->len)
		end = f->len;
	if (end > start && f->text[end - 1] == '\r')
		end--;
	DV_GROW(s->line_buf, end - start + 1, s->line_alloc);
	memcpy(s->line_buf, f->text + start, end - start);
	s->line_buf[end - start] = '\0';
	return s->line_buf;
}
