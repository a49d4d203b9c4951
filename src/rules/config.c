/*
 * The project config (.diffvet.json): rule levels and disables, ignored
 * and critical paths, API knowledge, and rule files inside the repository
 * (`rule_files`, read through the caller's reader so that in diff mode
 * they come from the base revision, like the config itself).
 */
#include "rules/loader.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const config_keys[] = {
	"version", "rule_files", "disable", "levels", "ignore_paths", "critical_paths", "api",
	"gate",
};

static int compare_rule_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dv_rule *)elem)->id);
}

static struct dv_rule *find_rule(struct dv_ruleset *rs, const char *id)
{
	if (!rs->n_rules)
		return NULL;
	return bsearch(id, rs->rules, rs->n_rules, sizeof(*rs->rules), compare_rule_key);
}

static int unknown_rule(const struct json_file *f, struct loader *ld, struct json_path path,
			const char *id)
{
	const char *guess = dv_ruleset_suggest(ld->rs, id);

	if (guess)
		return field_error(f, ld->err, path, "unknown rule id '%s' (did you mean '%s'?)", id,
				   guess);
	return field_error(f, ld->err, path, "unknown rule id '%s'", id);
}

static int config_levels(struct loader *ld, const struct json_file *f)
{
	struct json_path path = json_path_key(json_path_root(), "levels");
	const cJSON *levels = cJSON_GetObjectItemCaseSensitive(f->doc, "levels");
	const cJSON *item;
	int rc;

	if (!levels)
		return 0;
	if (!cJSON_IsObject(levels))
		return field_error(f, ld->err, path, "expected an object mapping rule ids to levels");
	if ((rc = check_members(f, ld->err, levels, path, NULL, 0)))
		return rc;
	cJSON_ArrayForEach(item, levels) {
		struct json_path field = json_path_key(path, item->string);
		struct dv_rule *r = find_rule(ld->rs, item->string);
		enum dv_level level;

		if (!r)
			return unknown_rule(f, ld, field, item->string);
		if (!cJSON_IsString(item) || dv_level_parse(item->valuestring, &level) < 0)
			return field_error(f, ld->err, field,
					   "expected one of error, warning, note, none");
		r->level = level;
		if (level == DV_LEVEL_NONE)
			r->enabled = 0;
	}
	return 0;
}

static int config_disable(struct loader *ld, const struct json_file *f)
{
	struct json_path path = json_path_key(json_path_root(), "disable");
	const cJSON *disable = cJSON_GetObjectItemCaseSensitive(f->doc, "disable");
	const cJSON *item;
	long i = 0;

	if (!disable)
		return 0;
	if (!cJSON_IsArray(disable))
		return field_error(f, ld->err, path, "expected an array of rule ids");
	cJSON_ArrayForEach(item, disable) {
		struct json_path field = json_path_index(path, i++);
		struct dv_rule *r;

		if (!cJSON_IsString(item))
			return field_error(f, ld->err, field, "expected a rule id string");
		r = find_rule(ld->rs, item->valuestring);
		if (!r)
			return unknown_rule(f, ld, field, item->valuestring);
		r->enabled = 0;
	}
	return 0;
}

static int config_api(struct loader *ld, struct json_file *f)
{
	struct json_path path = json_path_key(json_path_root(), "api");
	cJSON *api = cJSON_GetObjectItemCaseSensitive(f->doc, "api");
	cJSON *item, *next;
	int rc;

	if (!api)
		return 0;
	if (!cJSON_IsObject(api))
		return field_error(f, ld->err, path, "expected an object mapping families to api objects");
	if ((rc = check_members(f, ld->err, api, path, NULL, 0)))
		return rc;
	for (item = api->child; item; item = next) {
		struct json_path field = json_path_key(path, item->string);

		next = item->next;
		if (!in_list(item->string, (const char *const *)ld->families, ld->n_families)) {
			const char *guess = closest_word(
				item->string, (const char *const *)ld->families, ld->n_families);

			if (guess)
				return field_error(f, ld->err, field,
						   "unknown family '%s' (did you mean '%s'?)",
						   item->string, guess);
			return field_error(f, ld->err, field, "unknown family '%s'", item->string);
		}
		if (!cJSON_IsObject(item))
			return field_error(f, ld->err, field, "expected an object");
		if ((rc = api_check_block(ld, f, field, item->string, item)) ||
		    (rc = api_note_origins(ld, f, field, item)))
			return rc;
	}
	for (item = api->child; item; item = next) {
		next = item->next;
		if ((rc = merge_api(ld, f->path, item->string, cJSON_DetachItemViaPointer(api, item))))
			return rc;
	}
	return 0;
}

/* Repository-relative, without '..' steps: a config may only name files
 * inside the repository it belongs to. */
static int rule_file_path_ok(const char *path)
{
	const char *p = path;

	if (!*path || *path == '/' || strchr(path, '\\'))
		return 0;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		if (len == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += len;
		if (*p == '/')
			p++;
	}
	return 1;
}

static int load_project_rule_file(struct loader *ld, const struct json_file *config,
				  struct json_path field, const char *path,
				  dv_rule_file_reader read, void *read_ctx)
{
	struct json_file f;
	char *bytes = NULL;
	size_t len = 0;
	int rc;

	if (!read)
		return field_error(config, ld->err, field, "cannot read rule file '%s'", path);
	rc = read(read_ctx, path, &bytes, &len);
	if (rc != 0) {
		free(bytes);
		return field_error(config, ld->err, field, "cannot read rule file '%s'%s", path,
				   rc > 0 ? ": no such file" : "");
	}
	json_file_init(&f, path);
	if (!(rc = json_file_load_bytes(&f, bytes, len, ld->err)))
		rc = load_rule_doc(ld, &f, ORIGIN_PROJECT);
	json_file_release(&f);
	free(bytes);
	return rc;
}

static int config_rule_files(struct loader *ld, const struct json_file *f,
			     dv_rule_file_reader read, void *read_ctx)
{
	struct json_path path = json_path_key(json_path_root(), "rule_files");
	struct dv_ruleset *rs = ld->rs;
	size_t i;
	int rc;

	if ((rc = get_strings(f, ld->err, f->doc, json_path_root(), "rule_files", &rs->rule_files,
			      &rs->n_rule_files)))
		return rc;
	/* Every path is checked before any is read. */
	for (i = 0; i < rs->n_rule_files; i++) {
		if (!rule_file_path_ok(rs->rule_files[i]))
			return field_error(f, ld->err, json_path_index(path, (long)i),
					   "expected a path relative to the repository root, "
					   "without '..'");
	}
	for (i = 0; i < rs->n_rule_files; i++) {
		if ((rc = load_project_rule_file(ld, f, json_path_index(path, (long)i),
						 rs->rule_files[i], read, read_ctx)))
			return rc;
	}
	if (rs->n_rule_files)
		sort_rules(ld);
	return 0;
}

int load_config_doc(struct loader *ld, struct json_file *f, dv_rule_file_reader read,
		    void *read_ctx)
{
	struct json_path root = json_path_root();
	struct dv_ruleset *rs = ld->rs;
	const cJSON *version;
	int rc;

	if ((rc = check_members(f, ld->err, f->doc, root, config_keys, N_OF(config_keys))))
		return rc;
	version = cJSON_GetObjectItemCaseSensitive(f->doc, "version");
	if (version && !(cJSON_IsNumber(version) && version->valuedouble == 1.0))
		return field_error(f, ld->err, json_path_key(root, "version"), "expected 1");
	if ((rc = config_rule_files(ld, f, read, read_ctx)) || (rc = config_levels(ld, f)) ||
	    (rc = config_disable(ld, f)) ||
	    (rc = get_strings(f, ld->err, f->doc, root, "ignore_paths", &rs->ignore_paths,
			      &rs->n_ignore_paths)) ||
	    (rc = get_strings(f, ld->err, f->doc, root, "critical_paths", &rs->critical_paths,
			      &rs->n_critical_paths)) ||
	    (rc = config_api(ld, f)) || (rc = load_gate_policy(ld, f)))
		return rc;
	rs->config_path = xstrdup(f->path);
	return 0;
}
