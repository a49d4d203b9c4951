/*
 * The project index: keys, entries and the manifest (see index.h).
 */
#include "index/index.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/consts.h"
#include "model/confined.h"
#include "model/paths.h"
#include "util/atomic_file.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The families whose checkers export facts: their API knowledge decides
 * what the facts are. */
static const char *const exporting_families[] = {"injection", "resources", "locks", "transactions",
						 "nplus1", "logging", "permission"};

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;
	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

#define FNV_INIT 14695981039346656037ull

static char *hex(uint64_t h)
{
	return xasprintf("%016llx", (unsigned long long)h);
}

char *dv_index_rules_version(const struct dv_ruleset *rs)
{
	uint64_t h = FNV_INIT;
	int format = DV_INDEX_FORMAT;
	size_t i;
	h = fnv(h, &format, sizeof(format));
	/* the analysis that computed the facts */
	h = fnv(h, DIFFVET_VERSION, sizeof(DIFFVET_VERSION));
	for (i = 0; i < sizeof(exporting_families) / sizeof(exporting_families[0]); i++) {
		const cJSON *api = dv_ruleset_api(rs, exporting_families[i]);
		char *text = api ? cJSON_PrintUnformatted(api) : NULL;
		h = fnv(h, exporting_families[i], strlen(exporting_families[i]) + 1);
		if (text)
			h = fnv(h, text, strlen(text) + 1);
		free(text);
	}
	return hex(h);
}

char *dv_index_key(const char *root, const char *path, unsigned confine_flags,
		   const struct dv_args *args, const char *rules_version)
{
	struct strbuf sb;
	struct dv_error err;
	uint64_t h = FNV_INIT;
	int i;
	strbuf_init(&sb);
	memset(&err, 0, sizeof(err));
	if (dv_confined_read(root, path, confine_flags, &sb, NULL, &err) != 0) {
		strbuf_release(&sb);
		return NULL;
	}
	h = fnv(h, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	for (i = 0; i < args->argc; i++)
		h = fnv(h, args->argv[i], strlen(args->argv[i]) + 1);
	h = fnv(h, rules_version, strlen(rules_version) + 1);
	return hex(h);
}

/* Keys are 16 hex digits: nothing else ever names a file here. */
static int key_ok(const char *key)
{
	size_t i;
	for (i = 0; key[i]; i++)
		if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
			return 0;
	return i == 16;
}

static char *entry_path(const char *dir, const char *key)
{
	return xasprintf("%s/%s.json", dir, key);
}

int dv_index_has(const char *dir, const char *key)
{
	struct stat st;
	char *p;
	int r;
	if (!key_ok(key))
		return 0;
	p = entry_path(dir, key);
	r = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return r;
}

static int write_json(const char *path, cJSON *doc, struct dv_error *err)
{
	char *text = cJSON_Print(doc);
	int rc;
	if (!text)
		return dv_error_set(err, DV_ERR_INTERNAL, "out of memory writing '%s'", path);
	rc = dv_atomic_write(path, text, strlen(text));
	free(text);
	if (rc != 0)
		return dv_error_set(err, DV_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
	return 0;
}

int dv_index_store(const char *dir, const char *key, const char *display_path,
		   const struct dv_exports *x, struct dv_error *err)
{
	cJSON *doc = cJSON_CreateObject(), *arr;
	char *path = NULL;
	size_t i;
	int rc;
	if (!doc)
		return dv_error_set(err, DV_ERR_INTERNAL, "out of memory");
	if (!key_ok(key) || dv_mkdirs(dir) != 0) {
		cJSON_Delete(doc);
		return dv_error_set(err, DV_ERR_IO, "cannot create the index directory '%s'", dir);
	}
	cJSON_AddNumberToObject(doc, "format", DV_INDEX_FORMAT);
	cJSON_AddStringToObject(doc, "path", display_path);
	arr = cJSON_AddArrayToObject(doc, "exports");
	for (i = 0; arr && i < x->n; i++) {
		const struct dv_export *e = &x->items[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddStringToObject(o, "function", e->function);
		cJSON_AddStringToObject(o, "family", e->family);
		cJSON_AddStringToObject(o, "kind", dv_export_kind_names[e->kind]);
		if (e->param >= 0)
			cJSON_AddNumberToObject(o, "param", e->param);
		if (e->param2 >= 0)
			cJSON_AddNumberToObject(o, "param2", e->param2);
		if (e->op)
			cJSON_AddNumberToObject(o, "op", e->op);
		if (e->depth)
			cJSON_AddNumberToObject(o, "depth", e->depth);
		if (e->rule)
			cJSON_AddStringToObject(o, "rule", e->rule);
		if (e->what)
			cJSON_AddStringToObject(o, "what", e->what);
		if (e->line > 0)
			cJSON_AddNumberToObject(o, "line", e->line);
		cJSON_AddItemToArray(arr, o);
	}
	path = entry_path(dir, key);
	rc = write_json(path, doc, err);
	free(path);
	cJSON_Delete(doc);
	return rc;
}

static cJSON *read_json(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb;
	char chunk[4096];
	size_t got;
	cJSON *doc;
	if (!fp)
		return NULL;
	strbuf_init(&sb);
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		strbuf_add(&sb, chunk, got);
	fclose(fp);
	doc = sb.buf ? cJSON_ParseWithLength(sb.buf, sb.len) : NULL;
	strbuf_release(&sb);
	return doc;
}

static const char *str_item(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* An optional number in [lo, hi] (absent: *out unchanged); -1 when it is
 * there but not such a number. */
static int int_item(const cJSON *o, const char *name, int lo, int hi, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi ||
	    v->valuedouble != (double)v->valueint)
		return -1;
	*out = v->valueint;
	return 0;
}

int dv_index_load_entry(const char *dir, const char *key, struct dv_exports *into)
{
	char *path;
	cJSON *doc;
	const cJSON *arr, *o, *fmt;
	const char *file;
	if (!key_ok(key))
		return -1;
	path = entry_path(dir, key);
	doc = read_json(path);
	free(path);
	if (!doc)
		return -1;
	fmt = cJSON_GetObjectItemCaseSensitive(doc, "format");
	arr = cJSON_GetObjectItemCaseSensitive(doc, "exports");
	if (!cJSON_IsNumber(fmt) || fmt->valueint != DV_INDEX_FORMAT || !cJSON_IsArray(arr)) {
		cJSON_Delete(doc);
		return -1;
	}
	file = str_item(doc, "path");
	if (file && (file[0] == '/' || strlen(file) > 4096))
		file = NULL; /* shown to the user as a location: the root's files only */
	cJSON_ArrayForEach(o, arr) {
		struct dv_export e;
		const char *fn = str_item(o, "function"), *fam = str_item(o, "family");
		const char *kind = str_item(o, "kind");
		int k = kind ? dv_export_kind_of(kind) : -1;
		if (!fn || !fam || k < 0)
			continue; /* a fact we cannot read adds nothing */
		e = dv_export_fact(fn, fam, (enum dv_export_kind)k);
		if (int_item(o, "param", -1, 31, &e.param) || int_item(o, "param2", -1, 31, &e.param2) ||
		    int_item(o, "op", 0, 15, &e.op) || int_item(o, "depth", 0, 63, &e.depth) ||
		    int_item(o, "line", 0, 1 << 30, &e.line))
			continue;
		e.file = (char *)file;
		e.rule = (char *)str_item(o, "rule");
		e.what = (char *)str_item(o, "what");
		if (e.what && strlen(e.what) > 512)
			continue;
		if ((k == DV_EXPORT_SINK && (!e.rule || e.param < 0)) ||
		    ((k == DV_EXPORT_ACQUIRES || k == DV_EXPORT_RELEASES || k == DV_EXPORT_QUERIES) &&
		     !e.what) ||
		    (k == DV_EXPORT_FORWARDS && (!e.what || e.param < 0 || e.param2 < 0)) ||
		    (k == DV_EXPORT_BORROWS && e.param < 0 && !e.what) ||
		    (k == DV_EXPORT_PASSES && e.param < 0) ||
		    (k == DV_EXPORT_ORDER && (!e.what || !e.rule || e.line <= 0 ||
					      strlen(e.rule) > 512)) ||
		    !dv_consts_fact_valid(&e))
			continue;
		dv_exports_add_fact(into, &e);
	}
	cJSON_Delete(doc);
	return 0;
}

int dv_index_manifest_read(const char *dir, struct dv_index_manifest *m)
{
	char *path = xasprintf("%s/manifest.json", dir);
	cJSON *doc = read_json(path);
	const cJSON *files, *f;
	struct stat st;
	int missing = stat(path, &st) != 0;
	free(path);
	memset(m, 0, sizeof(*m));
	if (!doc)
		return missing ? 0 : -1;
	files = cJSON_GetObjectItemCaseSensitive(doc, "files");
	if (!cJSON_IsObject(files)) {
		cJSON_Delete(doc);
		return -1;
	}
	cJSON_ArrayForEach(f, files) {
		if (cJSON_IsString(f) && f->string && key_ok(f->valuestring))
			dv_index_manifest_set(m, f->string, f->valuestring);
	}
	cJSON_Delete(doc);
	return 0;
}

void dv_index_manifest_set(struct dv_index_manifest *m, const char *path, const char *key)
{
	size_t i;
	for (i = 0; i < m->n; i++)
		if (!strcmp(m->paths[i], path)) {
			free(m->keys[i]);
			m->keys[i] = xstrdup(key);
			return;
		}
	if (m->n + 1 > m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 16;
		m->paths = xreallocarray(m->paths, m->alloc, sizeof(*m->paths));
		m->keys = xreallocarray(m->keys, m->alloc, sizeof(*m->keys));
	}
	m->paths[m->n] = xstrdup(path);
	m->keys[m->n++] = xstrdup(key);
}

int dv_index_manifest_write(const char *dir, const struct dv_index_manifest *m,
			    struct dv_error *err)
{
	cJSON *doc = cJSON_CreateObject(), *files;
	char *path;
	size_t i;
	int rc;
	if (!doc)
		return dv_error_set(err, DV_ERR_INTERNAL, "out of memory");
	if (dv_mkdirs(dir) != 0) {
		cJSON_Delete(doc);
		return dv_error_set(err, DV_ERR_IO, "cannot create the index directory '%s'", dir);
	}
	cJSON_AddNumberToObject(doc, "format", DV_INDEX_FORMAT);
	files = cJSON_AddObjectToObject(doc, "files");
	for (i = 0; files && i < m->n; i++)
		cJSON_AddStringToObject(files, m->paths[i], m->keys[i]);
	path = xasprintf("%s/manifest.json", dir);
	rc = write_json(path, doc, err);
	free(path);
	cJSON_Delete(doc);
	return rc;
}

void dv_index_manifest_release(struct dv_index_manifest *m)
{
	size_t i;
	for (i = 0; i < m->n; i++) {
		free(m->paths[i]);
		free(m->keys[i]);
	}
	free(m->paths);
	free(m->keys);
	memset(m, 0, sizeof(*m));
}

int dv_index_import(const char *dir, const char *root, struct dv_front *fr,
		    const char *rules_version, struct dv_exports *out, unsigned *fresh,
		    unsigned *stale, struct dv_error *err)
{
	struct dv_index_manifest m;
	struct stat st;
	size_t i;
	*fresh = *stale = 0;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return dv_error_set(err, DV_ERR_INPUT, "'%s': no project index there (run diffvet "
				    "index first)", dir);
	if (dv_index_manifest_read(dir, &m) != 0)
		return dv_error_set(err, DV_ERR_INPUT, "'%s/manifest.json': not a diffvet index "
				    "manifest", dir);
	for (i = 0; i < m.n; i++) {
		struct dv_args args;
		char *abs, *key;
		if (m.paths[i][0] == '/' || !dv_path_is_c_family(m.paths[i])) {
			(*stale)++;
			dv_consts_note_unindexed(out, m.paths[i]);
			continue;
		}
		abs = dv_path_absolute(m.paths[i], root);
		memset(&args, 0, sizeof(args));
		dv_front_args(fr, abs, &args);
		/* read confined to the root: a manifest path cannot leave it */
		key = dv_index_key(root, m.paths[i], 0, &args, rules_version);
		dv_args_release(&args);
		free(abs);
		if (key && !strcmp(key, m.keys[i]) && dv_index_load_entry(dir, key, out) == 0) {
			(*fresh)++;
		} else {
			(*stale)++;
			dv_consts_note_unindexed(out, m.paths[i]); /* its writes unknown */
		}
		free(key);
	}
	dv_index_manifest_release(&m);
	dv_exports_resolve(out); /* sorts */
	return 0;
}
