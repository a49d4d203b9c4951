/*
 * Inferred include directories and stand-ins: see infer.h.
 */
#include "front/infer.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/confined.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Bounds of the tree walk: a huge tree is only partly searched. */
#define DV_INFER_MAX_ENTRIES 50000
#define DV_INFER_MAX_DEPTH 12

struct tree {
	char **files; /* relative to the root */
	size_t n, alloc;
	size_t seen;
};

static void walk(int dirfd, const char *rel, int depth, struct tree *t)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;

	if (!d) {
		close(dirfd);
		return;
	}
	while ((e = readdir(d)) && t->seen < DV_INFER_MAX_ENTRIES) {
		struct stat st;
		char *sub;

		t->seen++;
		if (e->d_name[0] == '.')
			continue; /* ., .., .git and other hidden trees */
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		sub = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		if (S_ISREG(st.st_mode)) {
			DV_GROW(t->files, t->n + 1, t->alloc);
			t->files[t->n++] = sub;
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth < DV_INFER_MAX_DEPTH) {
			int fd = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
			if (fd >= 0)
				walk(fd, sub, depth + 1, t);
		}
		free(sub);
	}
	closedir(d);
}

static void tree_release(struct tree *t)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		free(t->files[i]);
	free(t->files);
}

/* "X" of a "'X' file not found" error, or NULL. */
static char *missing_header(CXDiagnostic d)
{
	CXString s = clang_getDiagnosticSpelling(d);
	const char *text = clang_getCString(s), *end;
	char *name = NULL;
	size_t n;

	end = text && text[0] == '\'' ? strstr(text, "' file not found") : NULL;
	if (end && end > text + 1) {
		n = (size_t)(end - text - 1);
		name = xmalloc(n + 1);
		memcpy(name, text + 1, n);
		name[n] = '\0';
	}
	clang_disposeString(s);
	return name;
}

static int has_dir(const struct dv_inferred *inf, const char *dir)
{
	size_t i;
	for (i = 0; i < inf->n_include_dirs; i++)
		if (strcmp(inf->include_dirs[i], dir) == 0)
			return 1;
	return 0;
}

static size_t add_dir(struct dv_inferred *inf, const char *root, const char *rel, size_t rel_len)
{
	char *dir;
	size_t n;

	while (rel_len && rel[rel_len - 1] == '/')
		rel_len--;
	dir = rel_len ? xasprintf("%s/%.*s", root, (int)rel_len, rel) : xstrdup(root);
	n = inf->n_include_dirs;

	if (has_dir(inf, dir)) {
		free(dir);
		return 0;
	}
	inf->include_dirs = xrealloc(inf->include_dirs, (n + 1) * sizeof(*inf->include_dirs));
	inf->include_dirs[inf->n_include_dirs++] = dir;
	return 1;
}

/* Length of the common directory prefix of two relative paths. */
static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0, last = 0;
	while (a[i] && a[i] == b[i]) {
		if (a[i] == '/')
			last = i + 1;
		i++;
	}
	return last;
}

/* Index of the tree file that provides `name` (as "dir/name", or with a
 * template suffix when `suffix` is given) nearest to `from`, or -1. */
static long find_provider(const struct tree *t, const char *name, const char *suffix,
			  const char *from)
{
	size_t nl = strlen(name), sl = suffix ? strlen(suffix) : 0, i, best_score = 0;
	long best = -1;

	for (i = 0; i < t->n; i++) {
		const char *f = t->files[i];
		size_t fl = strlen(f), score;

		if (fl < nl + sl || (sl && strcmp(f + fl - sl, suffix) != 0) ||
		    strncmp(f + fl - sl - nl, name, nl) != 0)
			continue;
		if (fl > nl + sl && f[fl - sl - nl - 1] != '/')
			continue;
		score = common_prefix(f, from) + 1;
		if (best < 0 || score > best_score) {
			best = (long)i;
			best_score = score;
		}
	}
	return best;
}

static size_t add_stand_in(struct dv_inferred *inf, const char *root, const char *tmpl,
			   size_t tmpl_dir_len, const char *name)
{
	struct strbuf bytes;
	struct dv_error err;
	char *path;
	size_t i;

	path = xasprintf("%s/%.*s%s", root, (int)tmpl_dir_len, tmpl, name);
	for (i = 0; i < inf->n_stand_ins; i++)
		if (strcmp(inf->stand_ins[i].path, path) == 0) {
			free(path);
			return 0;
		}
	memset(&err, 0, sizeof(err));
	strbuf_init(&bytes);
	if (dv_confined_read(root, tmpl, 0, &bytes, NULL, &err) != 0) {
		strbuf_release(&bytes);
		free(path);
		return 0;
	}
	inf->stand_ins = xrealloc(inf->stand_ins, (inf->n_stand_ins + 1) * sizeof(*inf->stand_ins));
	inf->stand_ins[inf->n_stand_ins].path = path;
	inf->stand_ins[inf->n_stand_ins].len = bytes.len;
	inf->stand_ins[inf->n_stand_ins].bytes = strbuf_detach(&bytes);
	inf->n_stand_ins++;
	return 1;
}

size_t dv_infer_from_tu(const char *root, const char *abs_path, CXTranslationUnit tu,
			struct dv_inferred *inf)
{
	static const char *const templates[] = {".in", ".dist", NULL};
	unsigned i, n = clang_getNumDiagnostics(tu);
	size_t added = 0, rl = strlen(root);
	struct tree t;
	const char *from;
	int fd, walked = 0;

	memset(&t, 0, sizeof(t));
	if (strncmp(abs_path, root, rl) != 0 || abs_path[rl] != '/')
		return 0; /* only files below the root take the tree's headers */
	from = abs_path + rl + 1;
	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *name = missing_header(d);
		const char *const *sfx;
		long p;

		clang_disposeDiagnostic(d);
		if (!name)
			continue;
		if (!walked) {
			walked = 1;
			fd = open(root, O_RDONLY | O_DIRECTORY);
			if (fd >= 0)
				walk(fd, "", 0, &t);
			if (dv_confined_kind(root, "include", 0) == DV_CONFINED_DIR)
				added += add_dir(inf, root, "include", 7);
			if (dv_confined_kind(root, "src", 0) == DV_CONFINED_DIR)
				added += add_dir(inf, root, "src", 3);
		}
		p = find_provider(&t, name, NULL, from);
		if (p >= 0) {
			const char *f = t.files[p];
			added += add_dir(inf, root, f, strlen(f) - strlen(name));
		} else {
			for (sfx = templates; *sfx; sfx++) {
				p = find_provider(&t, name, *sfx, from);
				if (p >= 0) {
					const char *f = t.files[p];
					size_t dl = strlen(f) - strlen(name) - strlen(*sfx);
					added += add_stand_in(inf, root, f, dl, name);
					added += add_dir(inf, root, f, dl);
					break;
				}
			}
		}
		free(name);
	}
	tree_release(&t);
	return added;
}

void dv_inferred_release(struct dv_inferred *inf)
{
	size_t i;
	for (i = 0; i < inf->n_include_dirs; i++)
		free(inf->include_dirs[i]);
	free(inf->include_dirs);
	for (i = 0; i < inf->n_stand_ins; i++) {
		free(inf->stand_ins[i].path);
		free(inf->stand_ins[i].bytes);
	}
	free(inf->stand_ins);
	memset(inf, 0, sizeof(*inf));
}
