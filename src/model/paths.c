#include "model/paths.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lexical normalisation of an absolute path: a stack of components. */
static char *normalise(const char *abs)
{
	struct strbuf out;
	const char *p = abs;
	size_t *marks = NULL, n_marks = 0, alloc = 0;

	strbuf_init(&out);
	while (*p) {
		const char *q;
		size_t len;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		q = strchr(p, '/');
		len = q ? (size_t)(q - p) : strlen(p);
		if (len == 1 && p[0] == '.') {
			/* skip */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (n_marks) {
				out.len = marks[--n_marks];
				out.buf[out.len] = '\0';
			}
		} else {
			DV_GROW(marks, n_marks + 1, alloc);
			marks[n_marks++] = out.len;
			strbuf_addch(&out, '/');
			strbuf_add(&out, p, len);
		}
		p += len;
	}
	free(marks);
	if (!out.len)
		strbuf_addch(&out, '/');
	return strbuf_detach(&out);
}

char *dv_path_absolute(const char *path, const char *base)
{
	char cwd[PATH_MAX];
	char *joined, *res;

	if (path[0] == '/')
		return normalise(path);
	if (!base) {
		if (!getcwd(cwd, sizeof(cwd)))
			return xstrdup(path);
		base = cwd;
	}
	joined = dv_path_join(base, path);
	res = normalise(joined);
	free(joined);
	return res;
}

char *dv_path_join(const char *dir, const char *name)
{
	size_t len = strlen(dir);

	if (len && dir[len - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

char *dv_path_relative(const char *path, const char *root)
{
	char *abs_path, *abs_root, *res;
	size_t n;

	if (!root)
		return xstrdup(path);
	abs_path = dv_path_absolute(path, NULL);
	abs_root = dv_path_absolute(root, NULL);
	n = strlen(abs_root);
	if (strcmp(abs_root, "/") == 0)
		res = xstrdup(abs_path + 1);
	else if (strncmp(abs_path, abs_root, n) == 0 && abs_path[n] == '/')
		res = xstrdup(abs_path + n + 1);
	else
		res = xstrdup(abs_path);
	free(abs_path);
	free(abs_root);
	return res;
}

static const char *extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	return dot ? dot + 1 : "";
}

static int ext_in(const char *ext, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(ext, *list) == 0)
			return 1;
	return 0;
}

int dv_path_is_c_family(const char *path)
{
	static const char *const exts[] = {"c", "h", "cc", "cpp", "cxx", "hh", "hpp", "hxx",
					   "C", "c++", "h++", "ipp", "inl", NULL};
	return ext_in(extension(path), exts);
}

int dv_path_is_cplusplus(const char *path)
{
	static const char *const exts[] = {"cc", "cpp", "cxx", "hh", "hpp", "hxx", "C",
					   "c++", "h++", "ipp", "inl", NULL};
	return ext_in(extension(path), exts);
}

int dv_path_is_header(const char *path)
{
	static const char *const exts[] = {"h", "hh", "hpp", "hxx", "h++", "ipp", "inl", NULL};
	return ext_in(extension(path), exts);
}
