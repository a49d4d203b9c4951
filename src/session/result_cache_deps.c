/*
 * The result cache: the memo of file hashes and directory listings, and
 * what a translation unit read (contract in result_cache.h).
 */
/* realpath */
#define _XOPEN_SOURCE 700
#include "session/result_cache_internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/paths.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* ---- the memo of file and directory hashes ----------------------------- */

static size_t str_hash(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct memo_entry *memo_slot(struct dv_rcache *c, const char *key)
{
	size_t i = str_hash(key) & (c->cap - 1);

	while (c->tab[i].key && strcmp(c->tab[i].key, key) != 0)
		i = (i + 1) & (c->cap - 1);
	return &c->tab[i];
}

static void memo_grow(struct dv_rcache *c)
{
	struct memo_entry *old = c->tab;
	size_t old_cap = c->cap, i;

	c->cap = old_cap ? old_cap * 2 : 1024;
	c->tab = xcalloc(c->cap, sizeof(*c->tab));
	for (i = 0; i < old_cap; i++)
		if (old[i].key)
			*memo_slot(c, old[i].key) = old[i];
	free(old);
}

/* SHA-256 of a file's bytes, or HASH_MISSING.  What libclang read is
 * compared with this, so opening by name (as libclang does) is right. */
void rc_hash_file(const char *path, char out[65])
{
	struct dv_sha256 h;
	char buf[65536];
	ssize_t n;
	/* never blocks on a fifo an entry names: only regular files are read */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		strcpy(out, HASH_MISSING);
		return;
	}
	dv_sha256_init(&h);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		dv_sha256_update(&h, buf, (size_t)n);
	close(fd);
	if (n < 0) {
		strcpy(out, HASH_MISSING);
		return;
	}
	dv_sha256_hex(&h, out);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's sorted entry names; NULL when it cannot be read. */
static char **read_dir(const char *path, size_t *count)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	*count = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		DV_GROW(names, n + 1, alloc);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	DV_GROW(names, n + 1, alloc); /* never NULL for a directory read */
	qsort(names, n, sizeof(*names), compare_strings);
	*count = n;
	return names;
}

/* The hash of a file (kind 'f') or the listing of a directory ('d') as
 * of its first use in this run: every unit of the run is compared with
 * the same state.  Listings stay until the cache is closed. */
static void memo_get(struct dv_rcache *c, char kind, const char *path, char hash[65],
		     char ***names, size_t *n_names)
{
	char *key = xasprintf("%c%s", kind, path);
	struct memo_entry *e, fresh;

	pthread_mutex_lock(&c->lock);
	e = c->cap ? memo_slot(c, key) : NULL;
	if (e && e->key) {
		free(key);
		goto found;
	}
	pthread_mutex_unlock(&c->lock);
	memset(&fresh, 0, sizeof(fresh));
	if (kind == 'f')
		rc_hash_file(path, fresh.hash);
	else
		fresh.names = read_dir(path, &fresh.n_names);
	pthread_mutex_lock(&c->lock);
	if ((c->n + 1) * 2 > c->cap)
		memo_grow(c);
	e = memo_slot(c, key);
	if (e->key) { /* another worker was first: its state is the run's */
		size_t i;
		for (i = 0; i < fresh.n_names; i++)
			free(fresh.names[i]);
		free(fresh.names);
		free(key);
	} else {
		*e = fresh;
		e->key = key;
		c->n++;
	}
found:
	if (hash)
		memcpy(hash, e->hash, 65);
	if (names) {
		*names = e->names;
		*n_names = e->n_names;
	}
	pthread_mutex_unlock(&c->lock);
}

void rc_memo_hash(struct dv_rcache *c, const char *path, char out[65])
{
	memo_get(c, 'f', path, out, NULL, NULL);
}

static int bsearch_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dep *)elem)->path);
}

/* Names a header may have whether or not the unit included one so named
 * (a file added with one may answer a __has_include). */
static int header_like(const char *name)
{
	static const char *const ext[] = {".h", ".hh", ".hpp", ".hxx", ".h++", ".H", ".inc",
					  ".def", ".inl", ".ipp", ".tcc", ".tpp"};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strcmp(dot, ext[i]) == 0)
			return 1;
	return 0;
}

/*
 * The part of a directory's listing an #include could resolve to: the
 * entries named like a file the unit read or a directory its include
 * names pass through (`interest`, sorted: a file that shadows a header
 * has the header's name), and every header-like name.  Other entries
 * (objects, reports, sources) come and go without changing what the unit
 * includes.  "missing" when the directory cannot be read.
 */
void rc_dir_hash(struct dv_rcache *c, const char *path, const struct deps *interest,
		     char out[65])
{
	char **names;
	size_t n, i;
	struct dv_sha256 h;

	memo_get(c, 'd', path, NULL, &names, &n);
	if (!names) {
		strcpy(out, HASH_MISSING);
		return;
	}
	dv_sha256_init(&h);
	dv_sha256_update(&h, "dir", 4);
	for (i = 0; i < n; i++)
		if (header_like(names[i]) ||
		    (interest->n && bsearch(names[i], interest->v, interest->n, sizeof(*interest->v),
					    bsearch_cmp)))
			dv_sha256_update(&h, names[i], strlen(names[i]) + 1);
	dv_sha256_hex(&h, out);
}

void rc_memo_release(struct dv_rcache *c)
{
	size_t i, k;

	for (i = 0; i < c->cap; i++) {
		free(c->tab[i].key);
		for (k = 0; k < c->tab[i].n_names; k++)
			free(c->tab[i].names[k]);
		free(c->tab[i].names);
	}
	free(c->tab);
	c->tab = NULL;
	c->cap = c->n = 0;
}

void rc_deps_release(struct deps *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].path);
	free(d->v);
	memset(d, 0, sizeof(*d));
}
/* ---- what a unit read --------------------------------------------------- */

void rc_deps_add(struct deps *d, const char *path, const char hash[65])
{
	DV_GROW(d->v, d->n + 1, d->alloc);
	d->v[d->n].path = xstrdup(path);
	memcpy(d->v[d->n].hash, hash, 65);
	d->n++;
}

static int dep_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dep *)a)->path, ((const struct dep *)b)->path);
}

/* Sorted, without duplicates (a file included twice is one dependency). */
static void deps_normalise(struct deps *d)
{
	size_t i, out = 0;

	if (!d->n)
		return;
	qsort(d->v, d->n, sizeof(*d->v), dep_cmp);
	for (i = 0; i < d->n; i++) {
		if (out && strcmp(d->v[out - 1].path, d->v[i].path) == 0) {
			free(d->v[i].path);
			continue;
		}
		d->v[out++] = d->v[i];
	}
	d->n = out;
}

struct incl_ctx {
	struct dv_rcache *c;
	struct dv_rcache_item *ri;
	CXTranslationUnit tu;
};

static char *file_path(CXFile f)
{
	CXString s = clang_File_tryGetRealPathName(f);
	const char *p = clang_getCString(s);
	char *out = NULL;

	if (p && *p == '/')
		out = xstrdup(p);
	clang_disposeString(s);
	if (!out) {
		char real[PATH_MAX];
		s = clang_getFileName(f);
		p = clang_getCString(s);
		if (p && realpath(p, real))
			out = xstrdup(real);
		clang_disposeString(s);
	}
	return out;
}

/* Every file of the unit: the bytes libclang parsed must be the file's
 * on disk (not a stand-in, a blanked include, an overlay or a file
 * changed under the parse), else the unit's result is not reproducible
 * from the disk and is not stored. */
static void visit_inclusion(CXFile f, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct incl_ctx *ic = data;
	size_t size = 0;
	const char *bytes = clang_getFileContents(ic->tu, f, &size);
	char *path = file_path(f);
	char parsed[65], disk[65];

	(void)stack;
	(void)depth;
	if (!path || !bytes) {
		ic->ri->uncacheable = 1;
		free(path);
		return;
	}
	dv_sha256_hex_of(bytes, size, parsed);
	rc_memo_hash(ic->c, path, disk);
	if (strcmp(parsed, disk) != 0)
		ic->ri->uncacheable = 1;
	else
		rc_deps_add(&ic->ri->files, path, disk);
	free(path);
}

static void add_dir(struct deps *dirs, const char *path)
{
	static const char unhashed[65] = "";

	rc_deps_add(dirs, path, unhashed);
}

/* The include search directories the arguments name (absolute, real
 * when they exist; a missing one is watched for appearing). */
static void arg_dirs(const struct dv_args *args, const char *cwd, struct deps *out)
{
	static const char *const opts[] = {"-I", "-iquote", "-isystem", "-idirafter",
					   "--include-directory="};
	int i;
	size_t k;

	for (i = 0; i < args->argc; i++) {
		const char *a = args->argv[i], *val = NULL;
		char real[PATH_MAX], *abs;

		for (k = 0; k < sizeof(opts) / sizeof(opts[0]) && !val; k++) {
			size_t n = strlen(opts[k]);
			if (strncmp(a, opts[k], n) != 0)
				continue;
			if (a[n])
				val = a + n;
			else if (i + 1 < args->argc)
				val = args->argv[++i];
		}
		if (!val || !*val)
			continue;
		abs = dv_path_absolute(val, cwd);
		add_dir(out, realpath(abs, real) ? real : abs);
		free(abs);
	}
}

static const char *working_directory(const struct dv_args *args, const char *cwd)
{
	static const char opt[] = "-working-directory=";
	int i;

	for (i = 0; i < args->argc; i++)
		if (strncmp(args->argv[i], opt, sizeof(opt) - 1) == 0)
			return args->argv[i] + sizeof(opt) - 1;
	return cwd;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash != path ? xstrndup(path, (size_t)(slash - path)) : xstrdup("/");
}

/* The names dir_hash watches: every file's and include subdirectory's. */
static void add_names(struct dv_rcache_item *ri, const struct deps *subs)
{
	size_t i;

	for (i = 0; i < ri->files.n; i++) {
		const char *slash = strrchr(ri->files.v[i].path, '/');
		add_dir(&ri->names, slash ? slash + 1 : ri->files.v[i].path);
	}
	for (i = 0; i < subs->n; i++) {
		char *copy = xstrdup(subs->v[i].path), *tok, *save = NULL;

		for (tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save))
			add_dir(&ri->names, tok);
		free(copy);
	}
	deps_normalise(&ri->names);
}

/*
 * Where an #include could have found a file: the search directories
 * (the arguments', the system's usual ones and the directory of every
 * file read, for quoted includes), and below each of them the
 * subdirectories the include names of the unit use ("sys" of
 * <sys/types.h>, "openvswitch" of "openvswitch/types.h").  A file added
 * in any of them may shadow a header or satisfy a __has_include: their
 * listings are part of the entry.
 */
static void collect_dirs(struct dv_rcache *c, struct dv_rcache_item *ri, const struct dv_args *args)
{
	char cwd[PATH_MAX];
	struct deps search = {0}, subs = {0};
	size_t i, j;

	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "/");
	arg_dirs(args, working_directory(args, cwd), &search);
	add_dir(&search, "/usr/include");
	add_dir(&search, "/usr/local/include");
	for (i = 0; i < ri->files.n; i++) {
		char *d = dir_of(ri->files.v[i].path);
		add_dir(&search, d);
		free(d);
	}
	deps_normalise(&search);
	for (i = 0; i < ri->files.n; i++) {
		const char *p = ri->files.v[i].path;

		for (j = 0; j < search.n; j++) {
			size_t n = strlen(search.v[j].path);
			const char *rel, *s;

			if (strncmp(p, search.v[j].path, n) != 0 || p[n] != '/')
				continue;
			rel = p + n + 1;
			for (s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
				char *sub = xstrndup(rel, (size_t)(s - rel));
				add_dir(&subs, sub);
				free(sub);
			}
		}
	}
	deps_normalise(&subs);
	add_names(ri, &subs);
	for (i = 0; i < search.n; i++) {
		char h[65];

		rc_dir_hash(c, search.v[i].path, &ri->names, h);
		rc_deps_add(&ri->dirs, search.v[i].path, h);
		for (j = 0; j < subs.n; j++) {
			char *d = xasprintf("%s/%s", search.v[i].path, subs.v[j].path);
			rc_dir_hash(c, d, &ri->names, h);
			rc_deps_add(&ri->dirs, d, h);
			free(d);
		}
	}
	deps_normalise(&ri->dirs);
	rc_deps_release(&search);
	rc_deps_release(&subs);
}

void dv_rcache_note_tu(struct dv_rcache *c, struct work_item *it, CXTranslationUnit tu)
{
	struct incl_ctx ic;

	if (!c || !it->rcache || it->rcache->uncacheable)
		return;
	ic.c = c;
	ic.ri = it->rcache;
	ic.tu = tu;
	clang_getInclusions(tu, visit_inclusion, &ic);
	if (ic.ri->uncacheable)
		return;
	deps_normalise(&ic.ri->files);
	collect_dirs(c, ic.ri, &it->args);
	ic.ri->noted = 1;
}

