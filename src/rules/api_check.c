/*
 * The api blocks of the rules: where each node was written, and the check
 * of a project config's api block against the api the rule files define.
 *
 * After loading, every family's api is one merged cJSON tree and the file
 * it came from is gone; a checker that rejects a value later (a regex
 * that does not compile) asks dv_api_where for the file and line of the
 * node it read, so the message blames the user's --rules file or config,
 * never the shipped file or an index into the merged array.
 *
 * A config's api block is written against the vocabulary the rule files
 * already use for that family: the same keys, values of the same JSON
 * types.  The check learns that vocabulary from the loaded api itself (no
 * schema to keep in step with the checkers): an object whose members name
 * entries (functions, rule ids, attribute names: ten or more keys, or
 * members that are all objects, all arrays or all strings) is a map and
 * takes any key; any other
 * object is a record and takes only the keys some instance uses.  A typo
 * such as "sanitizer" for "sanitizers" would otherwise do nothing, silently.
 */
#include "rules/loader.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- where each node was written ---------------------------------------- */

struct origin_walk {
	struct dv_ruleset *rs;
	const char *text;
	size_t file;
	size_t last_off, last_line;
};

static void note_node(void *ctx, const cJSON *node, size_t off)
{
	struct origin_walk *w = ctx;
	struct dv_ruleset *rs = w->rs;
	size_t i;

	/* offsets come in document order: count lines incrementally */
	for (i = w->last_off; i < off && w->text[i]; i++)
		w->last_line += w->text[i] == '\n';
	w->last_off = off;
	DV_GROW(rs->api_origins, rs->n_api_origins + 1, rs->api_origins_alloc);
	rs->api_origins[rs->n_api_origins].node = node;
	rs->api_origins[rs->n_api_origins].file = w->file;
	rs->api_origins[rs->n_api_origins].line = w->last_line;
	rs->n_api_origins++;
}

int api_note_origins(struct loader *ld, const struct json_file *f, struct json_path path,
		     const cJSON *api)
{
	struct dv_ruleset *rs = ld->rs;
	struct origin_walk w;
	size_t off = json_pos_value(f->text, &path);

	if (off == (size_t)-1 || !api)
		return 0;
	if (!rs->n_origin_files || strcmp(rs->origin_files[rs->n_origin_files - 1], f->path) != 0) {
		DV_GROW(rs->origin_files, rs->n_origin_files + 1, rs->origin_files_alloc);
		rs->origin_files[rs->n_origin_files++] = xstrdup(f->path);
	}
	w.rs = rs;
	w.text = f->text;
	w.file = rs->n_origin_files - 1;
	w.last_off = 0;
	w.last_line = 1;
	json_pos_each(f->text, off, api, note_node, &w);
	return 0;
}

const char *dv_api_where(const struct dv_ruleset *rs, const cJSON *node, char *buf, size_t size)
{
	size_t i;

	if (!rs || !node || !size)
		return NULL;
	/* The newest entry wins: a node freed by a merge may share its address
	 * with one parsed later, which was noted later. */
	for (i = rs->n_api_origins; i-- > 0;) {
		if (rs->api_origins[i].node == node) {
			snprintf(buf, size, "%s:%zu", rs->origin_files[rs->api_origins[i].file],
				 rs->api_origins[i].line);
			return buf;
		}
	}
	return NULL;
}

/* ---- the check of a config's api block ---------------------------------- */

struct exset {
	const cJSON **v;
	size_t n, alloc;
};

static void ex_add(struct exset *s, const cJSON *x)
{
	DV_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n++] = x;
}

static int category(const cJSON *x)
{
	if (cJSON_IsObject(x))
		return 'o';
	if (cJSON_IsArray(x))
		return 'a';
	if (cJSON_IsString(x))
		return 's';
	if (cJSON_IsNumber(x))
		return 'n';
	if (cJSON_IsBool(x))
		return 'b';
	return 'z';
}

static const char *category_name(int c)
{
	switch (c) {
	case 'o':
		return "an object";
	case 'a':
		return "an array";
	case 's':
		return "a string";
	case 'n':
		return "a number";
	case 'b':
		return "true or false";
	default:
		return "null";
	}
}

/* Distinct keys of the example objects (pointers into them). */
static const char **example_keys(const struct exset *objs, size_t *n)
{
	const char **keys = NULL;
	size_t alloc = 0, i;
	const cJSON *m;

	*n = 0;
	for (i = 0; i < objs->n; i++) {
		cJSON_ArrayForEach (m, objs->v[i]) {
			if (!in_list(m->string, keys, *n)) {
				DV_GROW(keys, *n + 1, alloc);
				keys[(*n)++] = m->string;
			}
		}
	}
	return keys;
}

static int is_map(const struct exset *objs, size_t n_keys)
{
	int cat = 0;
	size_t i;
	const cJSON *m;

	if (n_keys >= 10)
		return 1;
	if (n_keys < 2)
		return 0;
	for (i = 0; i < objs->n; i++) {
		cJSON_ArrayForEach (m, objs->v[i]) {
			if (cat && category(m) != cat)
				return 0;
			cat = category(m);
		}
	}
	/* fields of one record are often all numbers (argument indexes) or
	 * all booleans; entries of a map are objects, lists or names */
	return cat == 'o' || cat == 'a' || cat == 's';
}

static int check_value(const struct json_file *f, struct dv_error *err, const char *family,
		       const cJSON *user, const struct exset *ex, struct json_path path, int top);

static int check_object(const struct json_file *f, struct dv_error *err, const char *family,
			const cJSON *user, const struct exset *objs, struct json_path path,
			int top)
{
	size_t n_keys = 0, i;
	const char **keys = example_keys(objs, &n_keys);
	int map = !top && is_map(objs, n_keys);
	const cJSON *m, *e;
	int rc = 0;

	cJSON_ArrayForEach (m, user) {
		struct exset sub = {0};
		struct json_path field = json_path_key(path, m->string);

		if (!map && !in_list(m->string, keys, n_keys)) {
			const char *guess = closest_word(m->string, keys, n_keys);

			if (guess)
				rc = field_error(f, err, field,
						 "unknown key '%s' in the api of '%s' (did you mean "
						 "'%s'?)",
						 m->string, family, guess);
			else
				rc = field_error(f, err, field,
						 "unknown key '%s' in the api of '%s'", m->string,
						 family);
			break;
		}
		for (i = 0; i < objs->n; i++) {
			cJSON_ArrayForEach (e, objs->v[i]) {
				if (map || strcmp(e->string, m->string) == 0)
					ex_add(&sub, e);
			}
		}
		rc = check_value(f, err, family, m, &sub, field, 0);
		free(sub.v);
		if (rc)
			break;
	}
	free(keys);
	return rc;
}

static int check_value(const struct json_file *f, struct dv_error *err, const char *family,
		       const cJSON *user, const struct exset *ex, struct json_path path, int top)
{
	struct exset same = {0};
	const cJSON *e;
	size_t i;
	long k = 0;
	int rc = 0;

	/* nothing to compare with (a key of a map with no entries, a family
	 * the rule files give no api): anything goes */
	if (!ex->n || cJSON_IsNull(user))
		return 0;
	for (i = 0; i < ex->n; i++) {
		if (category(ex->v[i]) == category(user))
			ex_add(&same, ex->v[i]);
	}
	if (!same.n) {
		rc = field_error(f, err, path, "expected %s, as the rules of '%s' write it",
				 category_name(category(ex->v[0])), family);
		goto cleanup;
	}
	if (cJSON_IsObject(user)) {
		rc = check_object(f, err, family, user, &same, path, top);
	} else if (cJSON_IsArray(user)) {
		struct exset elems = {0};

		for (i = 0; i < same.n; i++) {
			cJSON_ArrayForEach (e, same.v[i])
				ex_add(&elems, e);
		}
		cJSON_ArrayForEach (e, user) {
			if ((rc = check_value(f, err, family, e, &elems, json_path_index(path, k++),
					      0)))
				break;
		}
		free(elems.v);
	}
cleanup:
	free(same.v);
	return rc;
}

int api_check_block(struct loader *ld, const struct json_file *f, struct json_path path,
		    const char *family, const cJSON *block)
{
	const cJSON *loaded = cJSON_GetObjectItemCaseSensitive(ld->rs->api, family);
	struct exset ex = {0};
	int rc;

	if (!loaded)
		return 0;
	ex_add(&ex, loaded);
	rc = check_value(f, ld->err, family, block, &ex, path, 1);
	free(ex.v);
	return rc;
}
