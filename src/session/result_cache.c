/*
 * The result cache: keys, dependencies, lookup and store (contract in
 * result_cache.h; serialisation in result_cache_json.c).
 */
/* realpath */
#define _XOPEN_SOURCE 700
#include "session/result_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkers/secrets.h"
#include "model/confined.h"
#include "model/paths.h"
#include "util/atomic_file.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Part of every key: bump when what an entry holds or means changes. */
#define RCACHE_FORMAT 1

/* What a hash of a path stands for when there is nothing to read. */
#define HASH_MISSING "missing"

struct memo_entry {
	char *key; /* "f" or "d", then the path */
	char hash[65];   /* 'f': the content's */
	char **names;    /* 'd': the sorted entry names (NULL when missing) */
	size_t n_names;
};

struct dv_rcache {
	char *dir, *root_abs;
	char ctx[65]; /* the run context: every key starts with it */
	struct secrets_state *secrets; /* what the reports mask (session.c) */
	pthread_mutex_t lock; /* guards the memo and the counters */
	struct memo_entry *tab;
	size_t cap, n;
	unsigned hits, misses, stale, stored, invalid;
};

struct dep {
	char *path;
	char hash[65];
};

struct deps {
	struct dep *v;
	size_t n, alloc;
};

struct dv_rcache_item {
	char key[65], main_hash[65];
	int have_key, uncacheable, noted;
	struct deps files, dirs;
	struct deps names; /* sorted: what dir_hash looks for (hashes unused) */
};

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
static void hash_file(const char *path, char out[65])
{
	struct dv_sha256 h;
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
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
		hash_file(path, fresh.hash);
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

static void memo_hash(struct dv_rcache *c, const char *path, char out[65])
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
static void dir_hash(struct dv_rcache *c, const char *path, const struct deps *interest,
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

/* ---- the run context ---------------------------------------------------- */

static void put(struct dv_sha256 *h, const char *s)
{
	unsigned long long n = s ? strlen(s) : ~0ull;

	dv_sha256_update(h, &n, sizeof(n));
	if (s)
		dv_sha256_update(h, s, strlen(s));
}

static int mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

struct dv_rcache *dv_rcache_open(const char *dir, const struct dv_run_options *opt,
				 const char *root_abs, int verbose)
{
	static const char *const env[] = {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
					  "OBJC_INCLUDE_PATH", "CCC_OVERRIDE_OPTIONS"};
	struct dv_rcache *c;
	struct dv_sha256 h;
	char exe[65], part[65], cwd[PATH_MAX];
	CXString ver;
	struct dv_error serr = {0};
	size_t i;

	/* diffvet's own build: any rebuild is another analysis */
	hash_file("/proc/self/exe", exe);
	if (strcmp(exe, HASH_MISSING) == 0 || mkdirs(dir) != 0 || !getcwd(cwd, sizeof(cwd))) {
		if (verbose)
			fprintf(stderr, "diffvet: result cache '%s' not used (%s)\n", dir,
				strcmp(exe, HASH_MISSING) == 0 ? "cannot read diffvet's executable"
							       : "cannot create it");
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	c->root_abs = xstrdup(root_abs);
	c->secrets = secrets_state_new(opt->rules, &serr);
	pthread_mutex_init(&c->lock, NULL);
	dv_sha256_init(&h);
	put(&h, "diffvet result cache");
	put(&h, DIFFVET_VERSION);
	snprintf(part, sizeof(part), "%d", RCACHE_FORMAT);
	put(&h, part);
	put(&h, exe);
	ver = clang_getClangVersion();
	put(&h, clang_getCString(ver));
	clang_disposeString(ver);
	dv_rcache_hash_rules(opt->rules, part);
	put(&h, part);
	dv_rcache_hash_imports(opt->imports, part);
	put(&h, part);
	put(&h, root_abs);
	put(&h, cwd);
	snprintf(part, sizeof(part), "%d", (int)opt->scope);
	put(&h, part);
	for (i = 0; i < sizeof(env) / sizeof(env[0]); i++)
		put(&h, getenv(env[i]));
	dv_sha256_hex(&h, c->ctx);
	return c;
}

void dv_rcache_close(struct dv_rcache *c, int verbose)
{
	size_t i;

	if (!c)
		return;
	if (verbose)
		fprintf(stderr, "diffvet: result cache: %u hit(s), %u miss(es), %u stale, %u stored, "
			"%u invalid\n", c->hits, c->misses, c->stale, c->stored, c->invalid);
	for (i = 0; i < c->cap; i++) {
		size_t k;

		free(c->tab[i].key);
		for (k = 0; k < c->tab[i].n_names; k++)
			free(c->tab[i].names[k]);
		free(c->tab[i].names);
	}
	free(c->tab);
	secrets_state_free(c->secrets);
	pthread_mutex_destroy(&c->lock);
	free(c->dir);
	free(c->root_abs);
	free(c);
}

static void deps_release(struct deps *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].path);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void dv_rcache_item_free(struct dv_rcache_item *ri)
{
	if (!ri)
		return;
	deps_release(&ri->files);
	deps_release(&ri->dirs);
	deps_release(&ri->names);
	free(ri);
}

/* The main file's bytes as the run reads them (analyse_text: the
 * confined reader), hashed with whether they are a link's text. */
static int hash_main(const struct dv_rcache *c, const struct work_item *it, unsigned flags,
		     char out[65])
{
	struct strbuf sb;
	struct dv_error err;
	struct dv_sha256 h;
	int is_link = 0;

	strbuf_init(&sb);
	memset(&err, 0, sizeof(err));
	if (dv_confined_read(c->root_abs, it->display, flags, &sb, &is_link, &err) != 0) {
		strbuf_release(&sb);
		return -1;
	}
	dv_sha256_init(&h);
	put(&h, is_link ? "link" : "file");
	dv_sha256_update(&h, sb.buf ? sb.buf : "", sb.len);
	dv_sha256_hex(&h, out);
	strbuf_release(&sb);
	return 0;
}

static void item_key(const struct dv_rcache *c, const struct work_item *it, const char *main_hash,
		     char out[65])
{
	struct dv_sha256 h;
	int i;

	dv_sha256_init(&h);
	put(&h, c->ctx);
	put(&h, it->display);
	put(&h, it->abs);
	put(&h, it->is_c ? "c" : "text");
	if (it->is_c) {
		char n[32];

		snprintf(n, sizeof(n), "%d %d", it->args.argc, it->args.from_database);
		put(&h, n);
		for (i = 0; i < it->args.argc; i++)
			put(&h, it->args.argv[i]);
		put(&h, it->args.infer_root);
		put(&h, it->args.confine_root);
	}
	put(&h, main_hash);
	dv_sha256_hex(&h, out);
}


/* ---- what a unit read --------------------------------------------------- */

static void deps_add(struct deps *d, const char *path, const char hash[65])
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
	memo_hash(ic->c, path, disk);
	if (strcmp(parsed, disk) != 0)
		ic->ri->uncacheable = 1;
	else
		deps_add(&ic->ri->files, path, disk);
	free(path);
}

static void add_dir(struct deps *dirs, const char *path)
{
	static const char unhashed[65] = "";

	deps_add(dirs, path, unhashed);
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

		dir_hash(c, search.v[i].path, &ri->names, h);
		deps_add(&ri->dirs, search.v[i].path, h);
		for (j = 0; j < subs.n; j++) {
			char *d = xasprintf("%s/%s", search.v[i].path, subs.v[j].path);
			dir_hash(c, d, &ri->names, h);
			deps_add(&ri->dirs, d, h);
			free(d);
		}
	}
	deps_normalise(&ri->dirs);
	deps_release(&search);
	deps_release(&subs);
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

/* Nonzero when masking would change `text`: the reports never show it
 * as it is, so it never reaches the disk either (the unit is not stored). */
static int holds_secret(const struct dv_rcache *c, const char *text)
{
	char *masked;
	int differs;

	if (!text)
		return 0;
	if (!c->secrets)
		return 1; /* cannot tell: keep it off the disk */
	masked = dv_secrets_mask_text(c->secrets, text);
	differs = !masked || strcmp(masked, text) != 0;
	free(masked);
	return differs;
}

static int results_hold_secret(const struct dv_rcache *c, const struct work_item *it)
{
	size_t i, k;

	for (i = 0; i < it->notes.count; i++)
		if (holds_secret(c, it->notes.items[i].message))
			return 1;
	for (i = 0; i < it->coverage.n_gaps; i++)
		if (holds_secret(c, it->coverage.gaps[i].reason) ||
		    holds_secret(c, it->coverage.gaps[i].function))
			return 1;
	for (i = 0; i < it->findings.count; i++) {
		const struct dv_finding *f = &it->findings.items[i];

		if (holds_secret(c, f->message) || holds_secret(c, f->primary.message) ||
		    holds_secret(c, f->function) || holds_secret(c, f->suppression_reason))
			return 1;
		for (k = 0; k < f->n_related; k++)
			if (holds_secret(c, f->related[k].message))
				return 1;
		for (k = 0; k < f->n_flow; k++)
			if (holds_secret(c, f->flow[k].message))
				return 1;
	}
	return 0;
}

/* ---- lookup and store --------------------------------------------------- */

static cJSON *encode_deps(const struct deps *d)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; a && i < d->n; i++) {
		cJSON *e = cJSON_CreateArray();
		cJSON_AddItemToArray(e, cJSON_CreateString(d->v[i].path));
		cJSON_AddItemToArray(e, cJSON_CreateString(d->v[i].hash));
		cJSON_AddItemToArray(a, e);
	}
	return a;
}

/* Nonzero when every dependency of the entry is as it was recorded:
 * files ('f') by content, directories ('d') by the listing of `names`. */
static int deps_fresh(struct dv_rcache *c, const cJSON *a, char kind, const struct deps *names)
{
	const cJSON *e;

	if (!cJSON_IsArray(a))
		return 0;
	cJSON_ArrayForEach(e, a) {
		const cJSON *p = cJSON_GetArrayItem(e, 0), *h = cJSON_GetArrayItem(e, 1);
		char now[65];

		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2 || !cJSON_IsString(p) ||
		    !cJSON_IsString(h) || p->valuestring[0] != '/')
			return 0;
		if (kind == 'f')
			memo_hash(c, p->valuestring, now);
		else
			dir_hash(c, p->valuestring, names, now);
		if (strcmp(now, h->valuestring) != 0)
			return 0;
	}
	return 1;
}

/* The entry's watched names: strings in strictly increasing order. */
static int decode_names(const cJSON *a, struct deps *out)
{
	static const char none[65] = "";
	const cJSON *e;

	if (!cJSON_IsArray(a))
		return -1;
	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsString(e) ||
		    (out->n && strcmp(out->v[out->n - 1].path, e->valuestring) >= 0))
			return -1;
		deps_add(out, e->valuestring, none);
	}
	return 0;
}

static cJSON *encode_names(const struct deps *d)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; a && i < d->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(d->v[i].path));
	return a;
}

static int string_is(const cJSON *j, const char *s)
{
	return cJSON_IsString(j) && strcmp(j->valuestring, s) == 0;
}

static void count(struct dv_rcache *c, unsigned *counter)
{
	pthread_mutex_lock(&c->lock);
	(*counter)++;
	pthread_mutex_unlock(&c->lock);
}

int dv_rcache_lookup(struct dv_rcache *c, struct work_item *it, unsigned confine_flags)
{
	struct dv_rcache_item *ri;
	struct strbuf sb;
	struct dv_error err;
	cJSON *doc = NULL;
	char *name;
	int hit, present = 0;
	struct deps names = {0};
	unsigned *state = &c->misses;

	if (!c)
		return 0;
	ri = it->rcache = xcalloc(1, sizeof(*ri));
	if (hash_main(c, it, confine_flags, ri->main_hash) != 0) {
		ri->uncacheable = 1; /* unreadable: the cold path says why */
		return 0;
	}
	item_key(c, it, ri->main_hash, ri->key);
	ri->have_key = 1;
	strbuf_init(&sb);
	memset(&err, 0, sizeof(err));
	name = xasprintf("%s.json", ri->key);
	if (dv_confined_read(c->dir, name, 0, &sb, NULL, &err) == 0) {
		present = 1;
		doc = cJSON_ParseWithLength(sb.buf ? sb.buf : "", sb.len);
	}
	if (doc && cJSON_IsObject(doc)) {
		const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(doc, "format");

		if (!cJSON_IsNumber(fmt) || fmt->valueint != RCACHE_FORMAT ||
		    !string_is(cJSON_GetObjectItemCaseSensitive(doc, "key"), ri->key) ||
		    !string_is(cJSON_GetObjectItemCaseSensitive(doc, "path"), it->display) ||
		    decode_names(cJSON_GetObjectItemCaseSensitive(doc, "names"), &names) != 0)
			state = &c->invalid;
		else if (!deps_fresh(c, cJSON_GetObjectItemCaseSensitive(doc, "files"), 'f', NULL) ||
			 !deps_fresh(c, cJSON_GetObjectItemCaseSensitive(doc, "dirs"), 'd', &names))
			state = &c->stale; /* a header changed, or one could shadow it */
		else if (dv_rcache_decode_results(cJSON_GetObjectItemCaseSensitive(doc, "results"),
						  it) != 0)
			state = &c->invalid;
		else
			state = &c->hits;
	} else if (present) {
		state = &c->invalid; /* not JSON: truncated, or not ours */
	}
	count(c, state);
	hit = state == &c->hits;
	cJSON_Delete(doc);
	deps_release(&names);
	free(name);
	strbuf_release(&sb);
	return hit;
}

void dv_rcache_store(struct dv_rcache *c, struct work_item *it, unsigned confine_flags)
{
	struct dv_rcache_item *ri = it->rcache;
	cJSON *doc;
	char now[65], *text, *path;

	if (!c || !ri || ri->uncacheable || !ri->have_key)
		return;
	/* a unit whose result depends on more than its files: not stored */
	if (it->is_c && (!ri->noted || !it->parsed))
		return;
	if (it->notes.count || it->exports.n || results_hold_secret(c, it))
		return;
	/* the file changed while it was analysed */
	if (hash_main(c, it, confine_flags, now) != 0 || strcmp(now, ri->main_hash) != 0)
		return;
	doc = cJSON_CreateObject();
	if (!doc)
		return;
	cJSON_AddNumberToObject(doc, "format", RCACHE_FORMAT);
	cJSON_AddStringToObject(doc, "key", ri->key);
	cJSON_AddStringToObject(doc, "path", it->display);
	cJSON_AddItemToObject(doc, "files", encode_deps(&ri->files));
	cJSON_AddItemToObject(doc, "names", encode_names(&ri->names));
	cJSON_AddItemToObject(doc, "dirs", encode_deps(&ri->dirs));
	cJSON_AddItemToObject(doc, "results", dv_rcache_encode_results(it));
	text = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	if (!text)
		return;
	path = xasprintf("%s/%s.json", c->dir, ri->key);
	/* temporary file + rename: a concurrent reader sees all or nothing */
	if (dv_atomic_write(path, text, strlen(text)) == 0)
		count(c, &c->stored);
	free(path);
	free(text);
}
