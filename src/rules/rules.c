/*
 * Loading and validation of rules/<family>.json files and of the project
 * config.  Every problem is reported with the file, the line and the
 * field, because a rule file is written by hand and a typo must not
 * silently disable a check.
 */
#include "rules/rules.h"
#include "rules/json_pos.h"
#include "rules/merge.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum rule_origin {
	ORIGIN_RULES_DIR = 0,
	ORIGIN_EXTRA_DIR = 1,
};

struct loader {
	struct dv_ruleset *rs;
	size_t rules_alloc;
	/* Parallel to rs->rules while rule files load: which directory each
	 * rule came from (a duplicate id is an error only within one). */
	enum rule_origin *origin;
	size_t origin_alloc;
	char **families;
	size_t n_families, families_alloc;
	struct dv_error *err;
};

struct json_file {
	const char *path;
	struct strbuf buf;
	const char *text; /* buf.buf after a UTF-8 byte order mark */
	cJSON *doc;
};

static const char *const rule_file_keys[] = {"family", "description", "rules", "api"};
static const char *const rule_keys[] = {
	"id", "name", "short", "full", "help", "cwe", "level", "security_severity", "precision",
	"tags", "gate",
};
static const char *const config_keys[] = {
	"version", "disable", "levels", "ignore_paths", "critical_paths", "api",
};
static const char *const rule_levels[] = {"error", "warning", "note"};
static const char *const precisions[] = {"very-high", "high", "medium", "low"};
/* rule "gate": in enum dv_verdict order from DV_VERDICT_REVIEW */
static const char *const gate_verdicts[] = {"review", "dual-review", "senior-approval"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- small helpers ---------------------------------------------------- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xmalloc((lb + 1) * sizeof(*row));
	size_t i, j, result;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

/* The candidate closest to `word`, or NULL when none is close enough to
 * be a plausible typo. */
static const char *closest_word(const char *word, const char *const *cands, size_t n)
{
	size_t limit = strlen(word) / 3 + 1;
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t d = edit_distance(word, cands[i]);

		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best_d <= limit && best_d < strlen(word) ? best : NULL;
}

static int in_list(const char *word, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(word, list[i]) == 0)
			return 1;
	}
	return 0;
}

static void join_list(struct strbuf *sb, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", list[i]);
}

static void string_list_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

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

/* ---- files and error messages ----------------------------------------- */

static void json_file_init(struct json_file *f, const char *path)
{
	f->path = path;
	strbuf_init(&f->buf);
	f->text = f->buf.buf;
	f->doc = NULL;
}

static void json_file_release(struct json_file *f)
{
	cJSON_Delete(f->doc);
	f->doc = NULL;
	strbuf_release(&f->buf);
}

static const char *skip_leading_blank(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int syntax_error(const struct json_file *f, struct dv_error *err, size_t off)
{
	char near[24];
	size_t i;

	for (i = 0; i < sizeof(near) - 1 && f->text[off + i] && f->text[off + i] != '\n' &&
		    f->text[off + i] != '\r';
	     i++) {
		unsigned char c = (unsigned char)f->text[off + i];

		near[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	near[i] = '\0';
	if (!i)
		return dv_error_set(err, DV_ERR_INPUT, "%s:%zu:%zu: invalid JSON at end of file",
				    f->path, json_pos_line(f->text, off),
				    json_pos_column(f->text, off));
	return dv_error_set(err, DV_ERR_INPUT, "%s:%zu:%zu: invalid JSON near '%s'", f->path,
			    json_pos_line(f->text, off), json_pos_column(f->text, off), near);
}

static int field_error(const struct json_file *f, struct dv_error *err, struct json_path path,
		       const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static int field_error(const struct json_file *f, struct dv_error *err, struct json_path path,
		       const char *fmt, ...)
{
	char field[256];
	char msg[640];
	size_t off = json_pos_find(f->text, &path);
	va_list ap;

	json_path_format(&path, field, sizeof(field));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return dv_error_set(err, DV_ERR_INPUT, "%s:%zu: field '%s': %s", f->path,
			    json_pos_line(f->text, off), field, msg);
}

/* Reads and parses a file.  With `missing_ok`, a file that does not exist
 * sets *missing and returns 0. */
static int json_file_load(struct json_file *f, struct dv_error *err, int missing_ok, int *missing)
{
	const char *end = NULL;
	size_t len;

	if (strbuf_read_file(&f->buf, f->path) < 0) {
		int saved = errno;

		if (missing_ok && saved == ENOENT) {
			*missing = 1;
			return 0;
		}
		return dv_error_set(err, DV_ERR_IO, "cannot read '%s': %s", f->path, strerror(saved));
	}
	f->text = f->buf.buf;
	len = f->buf.len;
	if (len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0) {
		f->text += 3;
		len -= 3;
	}
	if (strlen(f->text) != len) {
		size_t nul = strlen(f->text);

		return dv_error_set(err, DV_ERR_INPUT, "%s:%zu:%zu: invalid JSON: NUL byte", f->path,
				    json_pos_line(f->text, nul), json_pos_column(f->text, nul));
	}
	/* The parse-end pointer, not cJSON_GetErrorPtr: no shared state. */
	f->doc = cJSON_ParseWithOpts(f->text, &end, 1);
	if (!f->doc)
		return syntax_error(f, err, end && end >= f->text ? (size_t)(end - f->text) : 0);
	if (!cJSON_IsObject(f->doc))
		return dv_error_set(err, DV_ERR_INPUT, "%s:%zu: expected a JSON object at top level",
				    f->path, json_pos_line(f->text, (size_t)(skip_leading_blank(f->text) - f->text)));
	return 0;
}

/* Unknown members (typos) and members given twice are errors. */
static int check_members(const struct json_file *f, struct dv_error *err, const cJSON *obj,
			 struct json_path path, const char *const *allowed, size_t n_allowed)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, obj) {
		const cJSON *prev;

		if (allowed && !in_list(item->string, allowed, n_allowed)) {
			const char *guess = closest_word(item->string, allowed, n_allowed);
			struct strbuf known;
			int rc;

			if (guess)
				return field_error(f, err, json_path_key(path, item->string),
						   "unknown field (did you mean '%s'?)", guess);
			strbuf_init(&known);
			join_list(&known, allowed, n_allowed);
			rc = field_error(f, err, json_path_key(path, item->string),
					 "unknown field (known fields: %s)", known.buf);
			strbuf_release(&known);
			return rc;
		}
		for (prev = obj->child; prev != item; prev = prev->next) {
			if (strcmp(prev->string, item->string) == 0)
				return field_error(f, err, json_path_key(path, item->string),
						   "field given twice");
		}
	}
	return 0;
}

/* *out is NULL when an optional field is absent. */
static int get_string(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		      struct json_path path, const char *key, int required, const char **out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!item)
		return required ? field_error(f, err, json_path_key(path, key),
					      "missing required field")
				: 0;
	if (!cJSON_IsString(item) || !item->valuestring[0])
		return field_error(f, err, json_path_key(path, key), "expected a non-empty string");
	*out = item->valuestring;
	return 0;
}

/* Index in `choices` of a string field; *out is -1 when optional and absent. */
static int get_choice(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		      struct json_path path, const char *key, int required,
		      const char *const *choices, size_t n, int *out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	struct strbuf list;
	size_t i;
	int rc;

	*out = -1;
	if (!item && !required)
		return 0;
	if (!item)
		return field_error(f, err, json_path_key(path, key), "missing required field");
	for (i = 0; cJSON_IsString(item) && i < n; i++) {
		if (strcmp(item->valuestring, choices[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	strbuf_init(&list);
	join_list(&list, choices, n);
	rc = field_error(f, err, json_path_key(path, key), "expected one of %s", list.buf);
	strbuf_release(&list);
	return rc;
}

/* A field holding an array of non-empty strings, copied into *out. */
static int get_strings(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		       struct json_path path, const char *key, char ***out, size_t *n)
{
	const cJSON *array = cJSON_GetObjectItemCaseSensitive(obj, key);
	const cJSON *item;
	size_t alloc = 0;
	long i = 0;

	*out = NULL;
	*n = 0;
	if (!array)
		return 0;
	path = json_path_key(path, key);
	if (!cJSON_IsArray(array))
		return field_error(f, err, path, "expected an array of strings");
	cJSON_ArrayForEach(item, array) {
		if (!cJSON_IsString(item) || !item->valuestring[0]) {
			string_list_free(*out, *n);
			*out = NULL;
			*n = 0;
			return field_error(f, err, json_path_index(path, i),
					   "expected a non-empty string");
		}
		DV_GROW(*out, *n + 1, alloc);
		(*out)[(*n)++] = xstrdup(item->valuestring);
		i++;
	}
	return 0;
}

/* ---- rules ------------------------------------------------------------ */

static void rule_release(struct dv_rule *r)
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
static int merge_api(struct loader *ld, const char *path, const char *family, cJSON *api)
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

static int load_rule_file(struct loader *ld, const char *path, enum rule_origin origin)
{
	struct json_path root = json_path_root();
	struct json_file f;
	const cJSON *rules, *item;
	const char *family, *description;
	cJSON *api;
	long i = 0;
	int rc;

	json_file_init(&f, path);
	if ((rc = json_file_load(&f, ld->err, 0, NULL)) ||
	    (rc = check_members(&f, ld->err, f.doc, root, rule_file_keys, N_OF(rule_file_keys))) ||
	    (rc = get_string(&f, ld->err, f.doc, root, "family", 1, &family)) ||
	    (rc = get_string(&f, ld->err, f.doc, root, "description", 0, &description)))
		goto cleanup;
	if (!is_slug(family, strlen(family))) {
		rc = field_error(&f, ld->err, json_path_key(root, "family"),
				 "expected lower-case letters, digits, '-' or '_'");
		goto cleanup;
	}
	rules = cJSON_GetObjectItemCaseSensitive(f.doc, "rules");
	if (rules && !cJSON_IsArray(rules)) {
		rc = field_error(&f, ld->err, json_path_key(root, "rules"),
				 "expected an array of rule objects");
		goto cleanup;
	}
	api = cJSON_GetObjectItemCaseSensitive(f.doc, "api");
	if (api && !cJSON_IsObject(api)) {
		rc = field_error(&f, ld->err, json_path_key(root, "api"), "expected an object");
		goto cleanup;
	}
	cJSON_ArrayForEach(item, rules) {
		struct dv_rule r;

		if ((rc = parse_rule(&f, ld->err, family, item, i, &r))) {
			rule_release(&r);
			goto cleanup;
		}
		if ((rc = add_rule(ld, &f, i, &r, origin)))
			goto cleanup;
		i++;
	}
	note_family(ld, family);
	if (api)
		rc = merge_api(ld, path, family, cJSON_DetachItemViaPointer(f.doc, api));
cleanup:
	json_file_release(&f);
	return rc;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_rule_dir(struct loader *ld, const char *dir, enum rule_origin origin)
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

/* ---- config ----------------------------------------------------------- */

static int compare_rule_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dv_rule *)elem)->id);
}

static int compare_rules(const void *a, const void *b)
{
	return strcmp(((const struct dv_rule *)a)->id, ((const struct dv_rule *)b)->id);
}

static struct dv_rule *find_rule(struct dv_ruleset *rs, const char *id)
{
	if (!rs->n_rules)
		return NULL;
	return bsearch(id, rs->rules, rs->n_rules, sizeof(*rs->rules), compare_rule_key);
}

/* A rule id close to `id`: one with the same name part, or a near spelling. */
static const char *suggest_rule(const struct dv_ruleset *rs, const char *id)
{
	const char *name = strrchr(id, '/') ? strrchr(id, '/') + 1 : id;
	const char **ids = xcalloc(rs->n_rules, sizeof(*ids));
	const char *guess = NULL;
	size_t i;

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

static int unknown_rule(const struct json_file *f, struct loader *ld, struct json_path path,
			const char *id)
{
	const char *guess = suggest_rule(ld->rs, id);

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
	}
	for (item = api->child; item; item = next) {
		next = item->next;
		if ((rc = merge_api(ld, f->path, item->string, cJSON_DetachItemViaPointer(api, item))))
			return rc;
	}
	return 0;
}

static int load_config(struct loader *ld, const char *path, int required)
{
	struct json_path root = json_path_root();
	struct dv_ruleset *rs = ld->rs;
	struct json_file f;
	const cJSON *version;
	int missing = 0;
	int rc;

	json_file_init(&f, path);
	if ((rc = json_file_load(&f, ld->err, !required, &missing)) || missing)
		goto cleanup;
	if ((rc = check_members(&f, ld->err, f.doc, root, config_keys, N_OF(config_keys))))
		goto cleanup;
	version = cJSON_GetObjectItemCaseSensitive(f.doc, "version");
	if (version && !(cJSON_IsNumber(version) && version->valuedouble == 1.0)) {
		rc = field_error(&f, ld->err, json_path_key(root, "version"), "expected 1");
		goto cleanup;
	}
	if ((rc = config_levels(ld, &f)) || (rc = config_disable(ld, &f)) ||
	    (rc = get_strings(&f, ld->err, f.doc, root, "ignore_paths", &rs->ignore_paths,
			      &rs->n_ignore_paths)) ||
	    (rc = get_strings(&f, ld->err, f.doc, root, "critical_paths", &rs->critical_paths,
			      &rs->n_critical_paths)) ||
	    (rc = config_api(ld, &f)))
		goto cleanup;
	rs->config_path = xstrdup(path);
cleanup:
	json_file_release(&f);
	return rc;
}

/* ---- public ----------------------------------------------------------- */

struct dv_ruleset *dv_ruleset_load(const char *rules_dir, const char *extra_dir,
				   const char *config_path, int config_required,
				   struct dv_error *err)
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
	ld.rs->api = cJSON_CreateObject();
	if (!ld.rs->api) {
		rc = dv_error_set(err, DV_ERR_INTERNAL, "out of memory");
		goto cleanup;
	}
	if ((rc = load_rule_dir(&ld, rules_dir, ORIGIN_RULES_DIR)) ||
	    (extra_dir && (rc = load_rule_dir(&ld, extra_dir, ORIGIN_EXTRA_DIR))))
		goto cleanup;
	if (ld.rs->n_rules)
		qsort(ld.rs->rules, ld.rs->n_rules, sizeof(*ld.rs->rules), compare_rules);
	if (config_path)
		rc = load_config(&ld, config_path, config_required);
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
	free(rs->config_path);
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

	(void)rs;
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
	if (!cJSON_IsArray(array) || item)
		return dv_error_set(err, DV_ERR_INPUT,
				    "api '%s' field '%s': expected an array of strings", family,
				    field);
	if (!i)
		return 0;
	*out = xcalloc(i, sizeof(**out));
	cJSON_ArrayForEach(item, array)
		(*out)[(*n)++] = item->valuestring;
	return 0;
}
