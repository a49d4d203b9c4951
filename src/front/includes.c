/* Includes that leave the analysis root: see includes.h. */
/* realpath */
#define _XOPEN_SOURCE 700
#include "front/includes.h"
#include "front/front.h"
#include "model/paths.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct walk {
	const char *root, *root_real; /* as given (absolute), and resolved */
	char *main_dir; /* the main file's directory when it is outside the root */
	char **trusted; /* real paths */
	size_t n_trusted, trusted_alloc;
	struct dv_outside_includes *out;
	size_t added;
};

/* Nonzero when `path` is `dir` or below it (both real paths). */
static int below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static void trust_dir(struct walk *w, const char *dir)
{
	char real[PATH_MAX];
	char *abs = dv_path_absolute(dir, NULL);
	/* a directory named inside the root is the repository's: not trusted
	 * beyond the root, whatever it links to */
	int inside = below(abs, w->root) || below(abs, w->root_real);

	free(abs);
	if (!dir[0] || inside || !realpath(dir, real))
		return;
	DV_GROW(w->trusted, w->n_trusted + 1, w->trusted_alloc);
	w->trusted[w->n_trusted++] = xstrdup(real);
}

static void trust_args(struct walk *w, const struct dv_args *args)
{
	static const char *const opts[] = {"-isystem", "-iquote", "-idirafter", "-I", NULL};
	int i;

	for (i = 0; i < args->argc; i++) {
		const char *a = args->argv[i];
		size_t k;

		for (k = 0; opts[k]; k++) {
			size_t n = strlen(opts[k]);
			if (strncmp(a, opts[k], n) != 0)
				continue;
			if (a[n])
				trust_dir(w, a + n);
			else if (i + 1 < args->argc)
				trust_dir(w, args->argv[++i]);
			break;
		}
	}
}

static int trusted(const struct walk *w, const char *real)
{
	static const char *const system_dirs[] = {"/usr/include", "/usr/local/include", "/usr/lib",
						  NULL};
	size_t i;

	if (below(real, w->root_real) || (w->main_dir && below(real, w->main_dir)))
		return 1;
	for (i = 0; system_dirs[i]; i++)
		if (below(real, system_dirs[i]))
			return 1;
	for (i = 0; i < w->n_trusted; i++)
		if (below(real, w->trusted[i]))
			return 1;
	return 0;
}

static void visit(CXFile included, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct walk *w = data;
	CXString name;
	const char *s;
	char real[PATH_MAX];
	size_t i;

	if (depth == 0)
		return; /* the main file */
	name = clang_getFileName(included);
	s = clang_getCString(name);
	/* no file on disk (a buffer of the run): nothing outside is read */
	if (s && realpath(s, real) && !trusted(w, real)) {
		for (i = 0; i < w->out->count; i++)
			if (strcmp(w->out->paths[i], s) == 0)
				break;
		if (i == w->out->count) {
			DV_GROW(w->out->paths, w->out->count + 1, w->out->alloc);
			w->out->paths[w->out->count++] = xstrdup(s);
			w->added++;
		}
	}
	clang_disposeString(name);
}

size_t dv_outside_includes_collect(CXTranslationUnit tu, const char *main_path, const char *root,
				   const struct dv_args *args, struct dv_outside_includes *out)
{
	struct walk w;
	char root_real[PATH_MAX], main_real[PATH_MAX];
	size_t i;

	if (!root || !realpath(root, root_real))
		return 0;
	memset(&w, 0, sizeof(w));
	w.root = root;
	w.root_real = root_real;
	w.out = out;
	if (realpath(main_path, main_real) && !below(main_real, root_real)) {
		char *slash = strrchr(main_real, '/');
		if (slash)
			*slash = '\0';
		w.main_dir = xstrdup(main_real[0] ? main_real : "/");
	}
	trust_args(&w, args);
	clang_getInclusions(tu, visit, &w);
	for (i = 0; i < w.n_trusted; i++)
		free(w.trusted[i]);
	free(w.trusted);
	free(w.main_dir);
	return w.added;
}

void dv_outside_includes_release(struct dv_outside_includes *out)
{
	size_t i;

	for (i = 0; i < out->count; i++)
		free(out->paths[i]);
	free(out->paths);
	memset(out, 0, sizeof(*out));
}
