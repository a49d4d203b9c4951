/*
 * Rule files: rules/<family>.json (rule metadata and API knowledge of one
 * checker family) and directories of them.
 */
#include "rules/loader.h"
#include "rules/merge.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const rule_file_keys[] = {"family", "description", "rules", "api"};
static const char *const rule_keys[] = {
	"id", "name", "short", "full", "help", "cwe", "level", "security_severity", "precision",
	"tags", "gate",
};
static const char *const rule_levels[] = {"error", "warning", "note"};
static const char *const precisions[] = {"very-high", "high", "medium", "low"};
/* rule "gate": in enum dv_verdict order from DV_VERDICT_REVIEW */
static const char *const gate_verdicts[] = {"review", "dual-review", "senior-approval"};

/* Markdown help without its code fence lines; the code itself stays. */
static char *strip_fences(const char *md)
{
	struct strbuf sb;
	const char *line = md;

	strbuf_init(&sb);
	while (*line) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) + 1 : strlen(line);
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "```", 3) != 0 && strncmp(p, "~~~", 3) != 0)
			strbuf_add(&sb, line, len);
		line += len;
	}
	return strbuf_detach(&sb);
}

/* Family names and rule-id name parts: lower-case words joined by - or _. */
static int is_slug(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static int is_pascal_case(const char *s)
{
	if (!(*s >= 'A' && *s <= 'Z'))
		return 0;
	for (s++; *s; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
	}
	return 1;
}

/* ---- rules ------------------------------------------------------------ */

void rule_release(struct dv_rule *r)
{
	free(r->id);
	free(r->family);
	free(r->name);
	free(r->short_desc);
	free(r->full_desc);
	free(r->help);
	free(r->help_text);
	free(r->cwe);
	string_list_free(r->tags, r->n_tags);
	free(r->precision);
	free(r->source);
	memset(r, 0, sizeof(*r));
}

static int parse_cwe(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		     struct json_path path, struct dv_rule *r)
{
	const cJSON *array = cJSON_GetObjectItemCaseSensitive(obj, "cwe");
	const cJSON *item;
	long i = 0;

	path = json_path_key(path, "cwe");
	if (!array)
		return field_error(f, err, path, "missing required field");
	if (!cJSON_IsArray(array))
		return field_error(f, err, path, "expected an array of CWE numbers");
	r->cwe = xcalloc((size_t)cJSON_GetArraySize(array), sizeof(*r->cwe));
	cJSON_ArrayForEach(item, array) {
		double v = cJSON_IsNumber(item) ? item->valuedouble : -1.0;

		if (!(v >= 1.0 && v <= 1000000.0) || v != (double)(int)v)
			return field_error(f, err, json_path_index(path, i),
					   "expected a positive integer (a CWE number)");
		r->cwe[r->n_cwe++] = (int)v;
		i++;
	}
	return 0;
}

static int parse_rule(const struct json_file *f, struct dv_error *err, const char *family,
		      const cJSON *obj, long index, struct dv_rule *r)
{
	struct json_path path = json_path_index(json_path_key(json_path_root(), "rules"), index);
	const char *id, *name, *short_desc, *full_desc, *help, *slash;
	const cJSON *severity;
	int level, precision, gate, rc;
	enum dv_level parsed;

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(obj))
		return field_error(f, err, path, "expected an object");
	if ((rc = check_members(f, err, obj, path, rule_keys, N_OF(rule_keys))) ||
	    (rc = get_string(f, err, obj, path, "id", 1, &id)))
		return rc;
	slash = strchr(id, '/');
	if (!slash || (size_t)(slash - id) != strlen(family) ||
	    strncmp(id, family, strlen(family)) != 0 || !is_slug(slash + 1, strlen(slash + 1)))
		return field_error(f, err, json_path_key(path, "id"),
				   "expected '%s/NAME' with a lower-case NAME (the file's family "
				   "is '%s')",
				   family, family);
	if ((rc = get_string(f, err, obj, path, "name", 1, &name)))
		return rc;
	if (!is_pascal_case(name))
		return field_error(f, err, json_path_key(path, "name"),
				   "expected a PascalCase name such as 'CommandInjection'");
	if ((rc = get_string(f, err, obj, path, "short", 1, &short_desc)) ||
	    (rc = get_string(f, err, obj, path, "full", 1, &full_desc)) ||
	    (rc = get_string(f, err, obj, path, "help", 1, &help)) ||
	    (rc = parse_cwe(f, err, obj, path, r)) ||
	    (rc = get_choice(f, err, obj, path, "level", 1, rule_levels, N_OF(rule_levels),
			     &level)) ||
	    (rc = get_choice(f, err, obj, path, "precision", 0, precisions, N_OF(precisions),
			     &precision)) ||
	    (rc = get_choice(f, err, obj, path, "gate", 0, gate_verdicts, N_OF(gate_verdicts),
			     &gate)) ||
	    (rc = get_strings(f, err, obj, path, "tags", &r->tags, &r->n_tags)))
		return rc;
	severity = cJSON_GetObjectItemCaseSensitive(obj, "security_severity");
	if (!severity)
		return field_error(f, err, json_path_key(path, "security_severity"),
				   "missing required field");
	if (!cJSON_IsNumber(severity) || !(severity->valuedouble >= 0.0 &&
					   severity->valuedouble <= 10.0))
		return field_error(f, err, json_path_key(path, "security_severity"),
				   "expected a number from 0 to 10");

	dv_level_parse(rule_levels[level], &parsed);
	r->id = xstrdup(id);
	r->family = xstrdup(family);
	r->name = xstrdup(name);
	r->short_desc = xstrdup(short_desc);
	r->full_desc = xstrdup(full_desc);
	r->help = xstrdup(help);
	r->help_text = strip_fences(help);
	r->default_level = parsed;
	r->level = parsed;
	r->security_severity = severity->valuedouble;
	r->precision = xstrdup(precision < 0 ? "medium" : precisions[precision]);
	r->gate = gate < 0 ? DV_VERDICT_PASS : DV_VERDICT_REVIEW + gate;
	r->enabled = 1;
	r->source = xstrdup(f->path);
	return 0;
}

/* Takes ownership of *r (also on error). */
static int add_rule(struct loader *ld, const struct json_file *f, long index, struct dv_rule *r,
		    enum rule_origin origin)
{
	struct dv_ruleset *rs = ld->rs;
	size_t i;
	int rc;

	for (i = 0; i < rs->n_rules; i++) {
		if (strcmp(rs->rules[i].id, r->id) != 0)
			continue;
		if (ld->origin[i] == origin) {
			struct json_path path = json_path_index(
				json_path_key(json_path_root(), "rules"), index);

			rc = field_error(f, ld->err, json_path_key(path, "id"),
					 "duplicate rule id '%s' (first defined in '%s')", r->id,
					 rs->rules[i].source);
			rule_release(r);
			return rc;
		}
		/* A project's rule directory redefines a shipped rule whole. */
		rule_release(&rs->rules[i]);
		rs->rules[i] = *r;
		ld->origin[i] = origin;
		return 0;
	}
	DV_GROW(rs->rules, rs->n_rules + 1, ld->rules_alloc);
	DV_GROW(ld->origin, rs->n_rules + 1, ld->origin_alloc);
	ld->origin[rs->n_rules] = origin;
	rs->rules[rs->n_rules++] = *r;
	return 0;
}

static void note_family(struct loader *ld, const char *family)
{
	size_t i;

	for (i = 0; i < ld->n_families; i++) {
		if (strcmp(ld->families[i], family) == 0)
			return;
	}
	DV_GROW(ld->families, ld->n_families + 1, ld->families_alloc);
	ld->families[ld->n_families++] = xstrdup(family);
}

/* Merges `api` (detached, owned; always consumed) into the family's API. */
int merge_api(struct loader *ld, const char *path, const char *family, cJSON *api)
{
	cJSON *dst = cJSON_GetObjectItemCaseSensitive(ld->rs->api, family);
	int ok;

	if (!dst) {
		char *key = xstrdup(family);

		ok = cJSON_AddItemToObject(ld->rs->api, key, api);
		free(key);
		if (!ok)
			cJSON_Delete(api);
	} else {
		ok = rules_api_merge(dst, api) == 0;
		cJSON_Delete(api);
	}
	if (!ok)
		return dv_error_set(ld->err, DV_ERR_INTERNAL,
				    "%s: out of memory merging the api of '%s'", path, family);
	return 0;
}

int load_rule_doc(struct loader *ld, struct json_file *f, enum rule_origin origin)
{
	struct json_path root = json_path_root();
	const cJSON *rules, *item;
	const char *family, *description;
	cJSON *api;
	long i = 0;
	int rc;

	if ((rc = check_members(f, ld->err, f->doc, root, rule_file_keys, N_OF(rule_file_keys))) ||
	    (rc = get_string(f, ld->err, f->doc, root, "family", 1, &family)) ||
	    (rc = get_string(f, ld->err, f->doc, root, "description", 0, &description)))
		return rc;
	if (!is_slug(family, strlen(family)))
		return field_error(f, ld->err, json_path_key(root, "family"),
				   "expected lower-case letters, digits, '-' or '_'");
	rules = cJSON_GetObjectItemCaseSensitive(f->doc, "rules");
	if (rules && !cJSON_IsArray(rules))
		return field_error(f, ld->err, json_path_key(root, "rules"),
				   "expected an array of rule objects");
	api = cJSON_GetObjectItemCaseSensitive(f->doc, "api");
	if (api && !cJSON_IsObject(api))
		return field_error(f, ld->err, json_path_key(root, "api"), "expected an object");
	cJSON_ArrayForEach(item, rules) {
		struct dv_rule r;

		if ((rc = parse_rule(f, ld->err, family, item, i, &r))) {
			rule_release(&r);
			return rc;
		}
		if ((rc = add_rule(ld, f, i, &r, origin)))
			return rc;
		i++;
	}
	note_family(ld, family);
	if (api && !(rc = api_note_origins(ld, f, json_path_key(root, "api"), api)))
		rc = merge_api(ld, f->path, family, cJSON_DetachItemViaPointer(f->doc, api));
	return rc;
}

static int load_rule_file(struct loader *ld, const char *path, enum rule_origin origin)
{
	struct json_file f;
	int rc;

	json_file_init(&f, path);
	if (!(rc = json_file_load(&f, ld->err, 0, NULL)))
		rc = load_rule_doc(ld, &f, origin);
	json_file_release(&f);
	return rc;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int load_rule_dir(struct loader *ld, const char *dir, enum rule_origin origin)
{
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *de;
	DIR *d = opendir(dir);
	int rc = 0;

	if (!d)
		return dv_error_set(ld->err, DV_ERR_IO, "cannot open rules directory '%s': %s", dir,
				    strerror(errno));
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		/* Hidden files are editor backups and lock files. */
		if (de->d_name[0] == '.' || len <= 5 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		DV_GROW(names, n + 1, alloc);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	/* Sorted, so that "later file wins" does not depend on the file system. */
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n && !rc; i++) {
		size_t dlen = strlen(dir);
		char *path = xasprintf("%s%s%s", dir, dlen && dir[dlen - 1] == '/' ? "" : "/",
				       names[i]);

		rc = load_rule_file(ld, path, origin);
		free(path);
	}
	string_list_free(names, n);
	return rc;
}

struct rule_with_origin {
	struct dv_rule rule;
	enum rule_origin origin;
};

static int compare_rule_ids(const void *a, const void *b)
{
	return strcmp(((const struct rule_with_origin *)a)->rule.id,
		      ((const struct rule_with_origin *)b)->rule.id);
}

void sort_rules(struct loader *ld)
{
	struct dv_ruleset *rs = ld->rs;
	struct rule_with_origin *tmp;
	size_t i;

	if (rs->n_rules < 2)
		return;
	tmp = xcalloc(rs->n_rules, sizeof(*tmp));
	for (i = 0; i < rs->n_rules; i++) {
		tmp[i].rule = rs->rules[i];
		tmp[i].origin = ld->origin[i];
	}
	qsort(tmp, rs->n_rules, sizeof(*tmp), compare_rule_ids);
	for (i = 0; i < rs->n_rules; i++) {
		rs->rules[i] = tmp[i].rule;
		ld->origin[i] = tmp[i].origin;
	}
	free(tmp);
}
