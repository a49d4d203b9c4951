/*
 * The result cache: keys, dependencies, lookup and store (contract in
 * result_cache.h; serialisation in result_cache_json.c).
 */
/* realpath */
#define _XOPEN_SOURCE 700
#include "session/result_cache_internal.h"

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

/* ---- the run context ---------------------------------------------------- */

static void put(struct dv_sha256 *h, const char *s)
{
	unsigned long long n = s ? strlen(s) : ~0ull;

	dv_sha256_update(h, &n, sizeof(n));
	if (s)
		dv_sha256_update(h, s, strlen(s));
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
	rc_hash_file("/proc/self/exe", exe);
	if (strcmp(exe, HASH_MISSING) == 0 || dv_mkdirs(dir) != 0 || !getcwd(cwd, sizeof(cwd))) {
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
	if (!c)
		return;
	if (verbose)
		fprintf(stderr, "diffvet: result cache: %u hit(s), %u miss(es), %u stale, %u stored, "
			"%u invalid\n", c->hits, c->misses, c->stale, c->stored, c->invalid);
	rc_memo_release(c);
	secrets_state_free(c->secrets);
	pthread_mutex_destroy(&c->lock);
	free(c->dir);
	free(c->root_abs);
	free(c);
}


void dv_rcache_item_free(struct dv_rcache_item *ri)
{
	if (!ri)
		return;
	rc_deps_release(&ri->files);
	rc_deps_release(&ri->dirs);
	rc_deps_release(&ri->names);
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
			rc_memo_hash(c, p->valuestring, now);
		else
			rc_dir_hash(c, p->valuestring, names, now);
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
		rc_deps_add(out, e->valuestring, none);
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
	unsigned *state;

	if (!c)
		return 0;
	state = &c->misses;
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
	rc_deps_release(&names);
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
