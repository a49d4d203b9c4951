/*
 * Ruleset entry points: loading (rule directories from disk, the project
 * config from disk or from bytes) and the queries checkers and reporters
 * make.  The pieces of loading live in json_doc.c, rule_file.c and
 * config.c (see rules/loader.h).
 */
#include "rules/loader.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/* Loads the rule directories; `load_config` (may be NULL) then adds the
 * project config. */
static struct dv_ruleset *load(const char *rules_dir, const char *extra_dir,
			       int (*load_config)(struct loader *ld, const void *arg),
			       const void *arg, struct dv_error *err)
{
	struct loader ld;
	int rc = 0;

	memset(&ld, 0, sizeof(ld));
	ld.err = err;
	if (!rules_dir) {
		dv_error_set(err, DV_ERR_USAGE, "no rules directory given");
		return NULL;
	}
	ld.rs = xcalloc(1, sizeof(*ld.rs));
	dv_gate_policy_default(&ld.rs->gate);
	ld.rs->api = cJSON_CreateObject();
	if (!ld.rs->api) {
		rc = dv_error_set(err, DV_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	if ((rc = load_rule_dir(&ld, rules_dir, ORIGIN_RULES_DIR)) ||
	    (extra_dir && (rc = load_rule_dir(&ld, extra_dir, ORIGIN_EXTRA_DIR))))
		goto cleanup;
	sort_rules(&ld);
	if (load_config)
		rc = load_config(&ld, arg);
cleanup:
	free(ld.origin);
	string_list_free(ld.families, ld.n_families);
	if (rc) {
		/* Every failure path records a message; make sure of the code. */
		if (err && !err->code)
			dv_error_set(err, rc, "cannot load rules");
		dv_ruleset_free(ld.rs);
		return NULL;
	}
	return ld.rs;
}

struct disk_config {
	const char *path;
	int required;
};

/* Rule files named by a config on disk are relative to the config's
 * directory (the repository root for .diffvet.json). */
static int read_from_disk(void *ctx, const char *repo_relative_path, char **bytes, size_t *len)
{
	const char *config_path = ctx;
	const char *slash = strrchr(config_path, '/');
	/* the directory with its slash, or nothing for the current one */
	char *dir = slash ? xstrndup(config_path, (size_t)(slash - config_path) + 1) : xstrdup("");
	char *path = xasprintf("%s%s", dir, repo_relative_path);
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	rc = strbuf_read_file(&sb, path);
	if (rc < 0) {
		rc = errno == ENOENT ? 1 : DV_ERR_IO;
		strbuf_release(&sb);
	} else {
		*len = sb.len;
		*bytes = strbuf_detach(&sb);
		rc = 0;
	}
	free(path);
	free(dir);
	return rc;
}

static int load_disk_config(struct loader *ld, const void *arg)
{
	const struct disk_config *dc = arg;
	struct json_file f;
	int missing = 0;
	int rc;

	json_file_init(&f, dc->path);
	if (!(rc = json_file_load(&f, ld->err, !dc->required, &missing)) && !missing)
		rc = load_config_doc(ld, &f, read_from_disk, (void *)dc->path);
	json_file_release(&f);
	return rc;
}

static int load_memory_config(struct loader *ld, const void *arg)
{
	const struct dv_config_input *in = arg;
	struct json_file f;
	int rc;

	json_file_init(&f, in->name ? in->name : ".diffvet.json");
	if (!(rc = json_file_load_bytes(&f, in->text, in->len, ld->err)))
		rc = load_config_doc(ld, &f, in->read, in->read_ctx);
	json_file_release(&f);
	return rc;
}

struct dv_ruleset *dv_ruleset_load(const char *rules_dir, const char *extra_dir,
				   const char *config_path, int config_required,
				   struct dv_error *err)
{
	struct disk_config dc;

	dc.path = config_path;
	dc.required = config_required;
	return load(rules_dir, extra_dir, config_path ? load_disk_config : NULL, &dc, err);
}

struct dv_ruleset *dv_ruleset_load_config(const char *rules_dir, const char *extra_dir,
					  const struct dv_config_input *config,
					  struct dv_error *err)
{
	return load(rules_dir, extra_dir, config && config->text ? load_memory_config : NULL,
		    config, err);
}

static int compare_rule_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dv_rule *)elem)->id);
}

const char *dv_ruleset_suggest(const struct dv_ruleset *rs, const char *id)
{
	const char *name;
	const char **ids;
	const char *guess = NULL;
	size_t i;

	if (!rs || !id || !rs->n_rules)
		return NULL;
	name = strrchr(id, '/') ? strrchr(id, '/') + 1 : id;
	ids = xcalloc(rs->n_rules, sizeof(*ids));
	for (i = 0; i < rs->n_rules; i++) {
		ids[i] = rs->rules[i].id;
		if (!guess && strcmp(strchr(ids[i], '/') + 1, name) == 0)
			guess = ids[i];
	}
	if (!guess)
		guess = closest_word(id, ids, rs->n_rules);
	free(ids);
	return guess;
}

void dv_ruleset_free(struct dv_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->n_rules; i++)
		rule_release(&rs->rules[i]);
	free(rs->rules);
	cJSON_Delete(rs->api);
	string_list_free(rs->ignore_paths, rs->n_ignore_paths);
	string_list_free(rs->critical_paths, rs->n_critical_paths);
	string_list_free(rs->rule_files, rs->n_rule_files);
	free(rs->config_path);
	free(rs->api_origins);
	string_list_free(rs->origin_files, rs->n_origin_files);
	free(rs);
}

const struct dv_rule *dv_ruleset_find(const struct dv_ruleset *rs, const char *id)
{
	if (!rs || !id || !rs->n_rules)
		return NULL;
	return bsearch(id, rs->rules, rs->n_rules, sizeof(*rs->rules), compare_rule_key);
}

long dv_ruleset_index(const struct dv_ruleset *rs, const char *id)
{
	const struct dv_rule *r = dv_ruleset_find(rs, id);

	return r ? (long)(r - rs->rules) : -1;
}

const cJSON *dv_ruleset_api(const struct dv_ruleset *rs, const char *family)
{
	if (!rs || !family)
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(rs->api, family);
}

/* A pattern ending in a slash (and optionally two stars) also matches
 * anything under a directory that matches the rest; a leading two stars
 * and a slash may match nothing, so that they also match at the top. */
static int glob_match(const char *pattern, const char *path)
{
	size_t plen = strlen(pattern);
	size_t dir_len = 0;
	int matched = 0;

	if (fnmatch(pattern, path, 0) == 0)
		return 1;
	if (strncmp(pattern, "**/", 3) == 0 && glob_match(pattern + 3, path))
		return 1;
	if (plen > 3 && strcmp(pattern + plen - 3, "/**") == 0)
		dir_len = plen - 3;
	else if (plen > 1 && pattern[plen - 1] == '/')
		dir_len = plen - 1;
	if (dir_len) {
		char *dir = xstrndup(pattern, dir_len);
		char *prefix = xstrdup(path);
		char *slash;

		for (slash = strchr(prefix, '/'); slash && !matched; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			matched = fnmatch(dir, prefix, 0) == 0;
			*slash = '/';
		}
		free(prefix);
		free(dir);
	}
	return matched;
}

static int path_matches(char *const *patterns, size_t n, const char *path)
{
	const char *bare = path;
	size_t i;

	while (bare[0] == '.' && bare[1] == '/')
		bare += 2;
	for (i = 0; i < n; i++) {
		if (glob_match(patterns[i], path) || (bare != path && glob_match(patterns[i], bare)))
			return 1;
	}
	return 0;
}

int dv_ruleset_path_ignored(const struct dv_ruleset *rs, const char *path)
{
	if (!rs || !path)
		return 0;
	return path_matches(rs->ignore_paths, rs->n_ignore_paths, path);
}

int dv_ruleset_path_critical(const struct dv_ruleset *rs, const char *path)
{
	if (!rs || !path)
		return 0;
	return path_matches(rs->critical_paths, rs->n_critical_paths, path);
}

int dv_api_strings(const struct dv_ruleset *rs, const char *family, const cJSON *obj,
		   const char *field, const char ***out, size_t *n, struct dv_error *err)
{
	const cJSON *array;
	const cJSON *item;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (!obj)
		return 0;
	array = cJSON_GetObjectItemCaseSensitive(obj, field);
	if (!array)
		return 0;
	cJSON_ArrayForEach(item, array) {
		if (!cJSON_IsString(item))
			break;
		i++;
	}
	if (!cJSON_IsArray(array) || item) {
		char where[512];

		if (dv_api_where(rs, item ? item : array, where, sizeof(where)))
			return dv_error_set(err, DV_ERR_INPUT,
					    "%s: api '%s' field '%s': expected an array of strings",
					    where, family, field);
		return dv_error_set(err, DV_ERR_INPUT,
				    "api '%s' field '%s': expected an array of strings", family,
				    field);
	}
	if (!i)
		return 0;
	*out = xcalloc(i, sizeof(**out));
	cJSON_ArrayForEach(item, array)
		(*out)[(*n)++] = item->valuestring;
	return 0;
}
