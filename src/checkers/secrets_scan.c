/*
 * Secrets: rules loading, allowlists and the text scanner.
 *
 * The text scanner sees every changed (or named) file, C included, so
 * token formats are found in comments, configs, scripts and .env files
 * alike.  Precision comes from three layers: a cheap case-insensitive
 * keyword test per file before any regex runs, the token's published
 * shape (pcre2), then entropy and allowlists on the secret part.  A span
 * claimed by a precise rule is never reported again by a vaguer one.
 */
#include "checkers/secrets.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define FAMILY "secrets"

/* ------------------------------------------------------------------ */
/* Loading                                                             */

static char **lower_copies(const char **src, size_t n)
{
	char **out;
	size_t i;

	if (!n)
		return NULL;
	out = xcalloc(n, sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = secrets_lower(src[i], strlen(src[i]));
	return out;
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Reads an array of strings as lower-case owned copies. */
static int read_lower_strings(const struct dv_ruleset *rules, const cJSON *obj, const char *field,
			      char ***out, size_t *n, struct dv_error *err)
{
	const char **v = NULL;
	int rc = dv_api_strings(rules, FAMILY, obj, field, &v, n, err);

	*out = NULL;
	if (rc)
		return rc;
	*out = lower_copies(v, *n);
	free(v);
	return 0;
}

static const char *rule_source(const struct dv_ruleset *rules, const char *rule_id)
{
	const struct dv_rule *r = rule_id ? dv_ruleset_find(rules, rule_id) : NULL;

	return r && r->source ? r->source : "rules/" FAMILY ".json";
}

static pcre2_code *compile_regex(const struct dv_ruleset *rules, const char *rule_id,
				 const char *where, const char *regex, struct dv_error *err)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re;

	re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, PCRE2_DUPNAMES, &errcode,
			   &erroff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		dv_error_set(err, DV_ERR_INPUT,
			     "%s: rule '%s': field '%s': bad regular expression at offset %zu: %s",
			     rule_source(rules, rule_id), rule_id ? rule_id : "(allowlist)", where,
			     (size_t)erroff, (const char *)msg);
		return NULL;
	}
	/* JIT is an optimisation only: without it pcre2_match interprets. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* Collects the capture numbers of every group called `name`. */
static void named_groups(const pcre2_code *re, const char *name, int *out, size_t *n)
{
	uint32_t count = 0, entry_size = 0, i;
	PCRE2_SPTR table = NULL;

	*n = 0;
	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count && table; i++) {
		PCRE2_SPTR e = table + (size_t)i * entry_size;
		int num = (e[0] << 8) | e[1];
		if (strcmp((const char *)e + 2, name) == 0 && *n < SECRETS_MAX_GROUPS) {
			size_t k;
			int seen = 0;
			for (k = 0; k < *n; k++)
				seen |= out[k] == num;
			if (!seen)
				out[(*n)++] = num;
		}
	}
}

static int read_number(const cJSON *obj, const char *field, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0)
		return -1;
	*out = v->valuedouble;
	return 0;
}

static void pattern_release(struct secrets_pattern *p)
{
	size_t i;

	pcre2_code_free(p->re);
	free_strings(p->keywords, p->n_keywords);
	for (i = 0; i < p->n_allow; i++)
		pcre2_code_free(p->allow[i]);
	free(p->allow);
	for (i = 0; i < p->n_allow_match; i++)
		pcre2_code_free(p->allow_match[i]);
	free(p->allow_match);
	memset(p, 0, sizeof(*p));
}

static int pattern_load(const struct dv_ruleset *rules, const cJSON *obj, const char *where,
			struct secrets_pattern *p, struct dv_error *err)
{
	const cJSON *rule = cJSON_GetObjectItemCaseSensitive(obj, "rule");
	const cJSON *regex = cJSON_GetObjectItemCaseSensitive(obj, "regex");
	const cJSON *label = cJSON_GetObjectItemCaseSensitive(obj, "label");
	const cJSON *loc = cJSON_GetObjectItemCaseSensitive(obj, "location");
	const char **allow = NULL;
	size_t n_allow = 0, i;
	double v;
	char field[64];

	memset(p, 0, sizeof(*p));
	if (!cJSON_IsObject(obj))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: api '%s' field '%s': expected an object",
				    rule_source(rules, NULL), FAMILY, where);
	if (!cJSON_IsString(rule) || strncmp(rule->valuestring, FAMILY "/", sizeof(FAMILY)) != 0)
		return dv_error_set(
			err, DV_ERR_INPUT,
			"%s: api '%s' field '%s.rule': expected a rule id 'secrets/...'",
			rule_source(rules, NULL), FAMILY, where);
	p->rule_id = rule->valuestring;
	if (!dv_ruleset_find(rules, p->rule_id))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: api '%s' field '%s.rule': unknown rule '%s'",
				    rule_source(rules, NULL), FAMILY, where, p->rule_id);
	p->label = cJSON_IsString(label) ? label->valuestring : p->rule_id;
	if (!cJSON_IsString(regex))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: rule '%s': field 'regex': expected a string",
				    rule_source(rules, p->rule_id), p->rule_id);
	snprintf(field, sizeof(field), "api.%s.regex", where);
	p->re = compile_regex(rules, p->rule_id, field, regex->valuestring, err);
	if (!p->re)
		return err->code;
	named_groups(p->re, "secret", p->secret_groups, &p->n_secret_groups);
	named_groups(p->re, "name", p->name_groups, &p->n_name_groups);
	if (read_lower_strings(rules, obj, "keywords", &p->keywords, &p->n_keywords, err))
		return err->code;
	v = 0;
	if (read_number(obj, "min_entropy", &v))
		goto bad_number;
	p->min_entropy = v;
	v = 0;
	if (read_number(obj, "min_entropy_hex", &v))
		goto bad_number;
	p->min_entropy_hex = v;
	v = 0;
	if (read_number(obj, "min_length", &v))
		goto bad_number;
	p->min_length = (size_t)v;
	p->report_at_match = cJSON_IsString(loc) && strcmp(loc->valuestring, "match") == 0;
	if (dv_api_strings(rules, FAMILY, obj, "allow_regexes", &allow, &n_allow, err))
		return err->code;
	if (n_allow) {
		p->allow = xcalloc(n_allow, sizeof(*p->allow));
		for (i = 0; i < n_allow; i++) {
			p->allow[i] =
				compile_regex(rules, p->rule_id, "allow_regexes", allow[i], err);
			if (!p->allow[i])
				break;
			p->n_allow++;
		}
	}
	free(allow);
	allow = NULL;
	if (!err->code &&
	    dv_api_strings(rules, FAMILY, obj, "allow_match_regexes", &allow, &n_allow, err))
		return err->code;
	if (!err->code && n_allow) {
		p->allow_match = xcalloc(n_allow, sizeof(*p->allow_match));
		for (i = 0; i < n_allow; i++) {
			p->allow_match[i] = compile_regex(rules, p->rule_id, "allow_match_regexes",
							  allow[i], err);
			if (!p->allow_match[i])
				break;
			p->n_allow_match++;
		}
	}
	free(allow);
	v = 0;
	if (!err->code && read_number(obj, "min_class_transitions", &v))
		goto bad_number;
	p->min_class_transitions = v;
	p->quoted_in_code = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "quoted_in_code"));
	return err->code ? err->code : 0;
bad_number:
	return dv_error_set(err, DV_ERR_INPUT,
			    "%s: rule '%s': fields 'min_entropy', 'min_entropy_hex', 'min_length', "
			    "'min_class_transitions': expected non-negative numbers",
			    rule_source(rules, p->rule_id), p->rule_id);
}

static int read_call_args(const struct dv_ruleset *rules, const cJSON *arr, const char *field,
			  struct secrets_call_arg **out, size_t *n, struct dv_error *err)
{
	const cJSON *item;
	size_t count;

	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		goto bad;
	count = (size_t)cJSON_GetArraySize(arr);
	if (!count)
		return 0;
	*out = xcalloc(count, sizeof(**out));
	cJSON_ArrayForEach (item, arr) {
		const cJSON *fn = cJSON_GetObjectItemCaseSensitive(item, "function");
		const cJSON *arg = cJSON_GetObjectItemCaseSensitive(item, "arg");
		if (!cJSON_IsString(fn) || !cJSON_IsNumber(arg) || arg->valuedouble < 0 ||
		    arg->valuedouble > 64)
			goto bad;
		(*out)[*n].function = xstrdup(fn->valuestring);
		(*out)[*n].arg = (unsigned)arg->valuedouble;
		(*n)++;
	}
	return 0;
bad:
	return dv_error_set(err, DV_ERR_INPUT,
			    "%s: api '%s' field '%s': expected an array of {\"function\": name, "
			    "\"arg\": index}",
			    rule_source(rules, NULL), FAMILY, field);
}

static void free_call_args(struct secrets_call_arg *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].function);
	free(v);
}

void secrets_state_free(struct secrets_state *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->n_patterns; i++)
		pattern_release(&st->patterns[i]);
	free(st->patterns);
	pattern_release(&st->password_text);
	pattern_release(&st->generic);
	free_strings(st->password_names, st->n_password_names);
	free_strings(st->name_excludes, st->n_name_excludes);
	free_call_args(st->password_args, st->n_password_args);
	free_strings(st->curl_options, st->n_curl_options);
	free_call_args(st->crypto_args, st->n_crypto_args);
	free_strings(st->placeholders, st->n_placeholders);
	free_strings(st->stopwords, st->n_stopwords);
	for (i = 0; i < st->n_placeholder_res; i++)
		pcre2_code_free(st->placeholder_res[i]);
	free(st->placeholder_res);
	free_strings(st->allow_hashes, st->n_allow_hashes);
	free_strings(st->skip_paths, st->n_skip_paths);
	free_strings(st->code_exts, st->n_code_exts);
	free(st);
}

static char **copy_strings(const char **v, size_t n)
{
	char **out;
	size_t i;

	if (!n)
		return NULL;
	out = xcalloc(n, sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static int load_allowlist(const struct dv_ruleset *rules, struct secrets_state *st,
			  const cJSON *allow, struct dv_error *err)
{
	const char **v = NULL;
	size_t n = 0, i;

	if (allow && !cJSON_IsObject(allow))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: api '%s' field 'allowlist': expected an object",
				    rule_source(rules, NULL), FAMILY);
	if (read_lower_strings(rules, allow, "placeholder_substrings", &st->placeholders,
			       &st->n_placeholders, err) ||
	    read_lower_strings(rules, allow, "stopwords", &st->stopwords, &st->n_stopwords, err))
		return err->code;
	if (dv_api_strings(rules, FAMILY, allow, "allow_hashes", &v, &n, err))
		return err->code;
	st->allow_hashes = copy_strings(v, n);
	st->n_allow_hashes = n;
	free(v);
	if (dv_api_strings(rules, FAMILY, allow, "skip_paths", &v, &n, err))
		return err->code;
	st->skip_paths = copy_strings(v, n);
	st->n_skip_paths = n;
	free(v);
	if (dv_api_strings(rules, FAMILY, allow, "placeholder_regexes", &v, &n, err))
		return err->code;
	if (n) {
		st->placeholder_res = xcalloc(n, sizeof(*st->placeholder_res));
		for (i = 0; i < n; i++) {
			st->placeholder_res[i] = compile_regex(
				rules, NULL, "allowlist.placeholder_regexes", v[i], err);
			if (!st->placeholder_res[i])
				break;
			st->n_placeholder_res++;
		}
	}
	free(v);
	return err->code ? err->code : 0;
}

static int load_password(const struct dv_ruleset *rules, struct secrets_state *st, const cJSON *pw,
			 struct dv_error *err)
{
	const char **v = NULL;
	size_t n = 0;
	double num;

	if (pw && !cJSON_IsObject(pw))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: api '%s' field 'password': expected an object",
				    rule_source(rules, NULL), FAMILY);
	if (read_lower_strings(rules, pw, "names", &st->password_names, &st->n_password_names,
			       err) ||
	    read_lower_strings(rules, pw, "name_excludes", &st->name_excludes, &st->n_name_excludes,
			       err))
		return err->code;
	if (dv_api_strings(rules, FAMILY, pw, "curl_options", &v, &n, err))
		return err->code;
	st->curl_options = copy_strings(v, n);
	st->n_curl_options = n;
	free(v);
	num = 6;
	if (pw && read_number(pw, "min_length", &num))
		goto bad;
	st->password_min_length = (size_t)num;
	num = 0;
	if (pw && read_number(pw, "min_entropy", &num))
		goto bad;
	st->password_min_entropy = num;
	return read_call_args(rules, pw ? cJSON_GetObjectItemCaseSensitive(pw, "args") : NULL,
			      "password.args", &st->password_args, &st->n_password_args, err);
bad:
	return dv_error_set(err, DV_ERR_INPUT,
			    "%s: api '%s' fields 'password.min_length', 'password.min_entropy': "
			    "expected non-negative numbers",
			    rule_source(rules, NULL), FAMILY);
}

struct secrets_state *secrets_state_new(const struct dv_ruleset *rules, struct dv_error *err)
{
	const cJSON *api = dv_ruleset_api(rules, FAMILY);
	const cJSON *patterns, *item, *obj;
	struct secrets_state *st = xcalloc(1, sizeof(*st));
	double num;
	size_t i = 0;

	if (!api)
		return st; /* no rules file: nothing to look for */
	patterns = cJSON_GetObjectItemCaseSensitive(api, "patterns");
	if (patterns && !cJSON_IsArray(patterns)) {
		dv_error_set(err, DV_ERR_INPUT, "%s: api '%s' field 'patterns': expected an array",
			     rule_source(rules, NULL), FAMILY);
		goto fail;
	}
	if (patterns && cJSON_GetArraySize(patterns) > 0) {
		st->patterns = xcalloc((size_t)cJSON_GetArraySize(patterns), sizeof(*st->patterns));
		cJSON_ArrayForEach (item, patterns) {
			char where[32];
			snprintf(where, sizeof(where), "patterns[%zu]", i++);
			if (pattern_load(rules, item, where, &st->patterns[st->n_patterns], err)) {
				pattern_release(&st->patterns[st->n_patterns]);
				goto fail;
			}
			st->n_patterns++;
		}
	}
	obj = cJSON_GetObjectItemCaseSensitive(api, "password_text");
	if (obj) {
		if (pattern_load(rules, obj, "password_text", &st->password_text, err))
			goto fail;
		st->have_password_text = 1;
		if (read_lower_strings(rules, obj, "code_extensions", &st->code_exts,
				       &st->n_code_exts, err))
			goto fail;
	}
	obj = cJSON_GetObjectItemCaseSensitive(api, "generic");
	if (obj) {
		if (pattern_load(rules, obj, "generic", &st->generic, err))
			goto fail;
		st->have_generic = 1;
	}
	if (load_password(rules, st, cJSON_GetObjectItemCaseSensitive(api, "password"), err))
		goto fail;
	if (read_call_args(rules, cJSON_GetObjectItemCaseSensitive(api, "crypto_key_args"),
			   "crypto_key_args", &st->crypto_args, &st->n_crypto_args, err))
		goto fail;
	num = 8;
	if (read_number(api, "crypto_min_bytes", &num)) {
		dv_error_set(
			err, DV_ERR_INPUT,
			"%s: api '%s' field 'crypto_min_bytes': expected a non-negative number",
			rule_source(rules, NULL), FAMILY);
		goto fail;
	}
	st->crypto_min_bytes = (size_t)num;
	if (load_allowlist(rules, st, cJSON_GetObjectItemCaseSensitive(api, "allowlist"), err))
		goto fail;
	return st;
fail:
	secrets_state_free(st);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Allowlists and value tests                                          */

static int regex_hits(const pcre2_code *re, const char *s, size_t n)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc;

	if (!md)
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

int secrets_is_allowlisted(const struct secrets_state *st, const char *s, size_t n)
{
	char *lower, *hash;
	int hit = 0;
	size_t i;

	if (n == 0)
		return 1;
	lower = secrets_lower(s, n);
	for (i = 0; i < st->n_stopwords && !hit; i++)
		hit = strcmp(lower, st->stopwords[i]) == 0;
	for (i = 0; i < st->n_placeholders && !hit; i++)
		hit = strstr(lower, st->placeholders[i]) != NULL;
	free(lower);
	for (i = 0; i < st->n_placeholder_res && !hit; i++)
		hit = regex_hits(st->placeholder_res[i], s, n);
	if (!hit && st->n_allow_hashes) {
		hash = secrets_hash(s, n);
		for (i = 0; i < st->n_allow_hashes && !hit; i++)
			hit = strcmp(hash, st->allow_hashes[i]) == 0;
		free(hash);
	}
	return hit;
}

int secrets_path_skipped(const struct secrets_state *st, const char *path)
{
	size_t i;

	for (i = 0; i < st->n_skip_paths; i++)
		if (fnmatch(st->skip_paths[i], path, 0) == 0)
			return 1;
	return 0;
}

/* Nonzero when `word` (lower-case) occurs in `name` at the start of a
 * word: after a non-letter, at a camelCase hump, or at the very start;
 * so "min_" excludes "min_length" but not "admin_passwd". */
static int has_word(const char *name, const char *lower, const char *word)
{
	const char *p = lower;
	size_t k = strlen(word);

	if (!k)
		return 0;
	while ((p = strstr(p, word)) != NULL) {
		size_t i = (size_t)(p - lower);
		int prev_letter = i > 0 && ((lower[i - 1] >= 'a' && lower[i - 1] <= 'z'));
		int hump = i > 0 && name[i] >= 'A' && name[i] <= 'Z' && name[i - 1] >= 'a' &&
			   name[i - 1] <= 'z';
		if (!prev_letter || hump || !(word[0] >= 'a' && word[0] <= 'z'))
			return 1;
		p++;
	}
	return 0;
}

int secrets_name_excluded(const struct secrets_state *st, const char *name)
{
	char *lower = secrets_lower(name, strlen(name));
	int hit = 0;
	size_t i;

	for (i = 0; i < st->n_name_excludes && !hit; i++)
		hit = has_word(name, lower, st->name_excludes[i]);
	free(lower);
	return hit;
}

int secrets_name_is_passwordish(const struct secrets_state *st, const char *name)
{
	char *lower = secrets_lower(name, strlen(name));
	int hit = 0;
	size_t i;

	for (i = 0; i < st->n_password_names && !hit; i++)
		hit = strstr(lower, st->password_names[i]) != NULL;
	free(lower);
	return hit && !secrets_name_excluded(st, name);
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int looks_like_path(const char *lower, size_t n)
{
	static const char *const exts[] = {".pem",  ".key",  ".crt",  ".cer",  ".der", ".p12",
					   ".pfx",  ".txt",  ".json", ".conf", ".cfg", ".ini",
					   ".env",  ".yaml", ".yml",  ".toml", ".db",  ".jks",
					   ".kdbx", ".gpg",  ".asc"};
	size_t i;

	if (lower[0] == '/' || lower[0] == '~' || strncmp(lower, "./", 2) == 0 ||
	    strncmp(lower, "../", 3) == 0 || (n > 2 && lower[1] == ':' && lower[2] == '\\'))
		return 1;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (ends_with(lower, n, exts[i]))
			return 1;
	return 0;
}

/* "DB_PASSWORD", "X-Api-Token", "api_key": the name of a key, not a key. */
static int looks_like_key_name(const struct secrets_state *st, const char *lower, size_t n)
{
	size_t i;
	int named = 0;

	for (i = 0; i < n; i++) {
		char c = lower[i];
		if (!((c >= 'a' && c <= 'z') || c == '_' || c == '-' || c == '.'))
			return 0;
	}
	for (i = 0; i < st->n_password_names && !named; i++)
		named = strstr(lower, st->password_names[i]) != NULL;
	return named;
}

int secrets_password_value_ok(const struct secrets_state *st, const char *value, size_t n)
{
	char *lower;
	int ok = 1;
	size_t i;

	if (n < st->password_min_length || n < 1 || secrets_is_allowlisted(st, value, n))
		return 0;
	for (i = 0; i < n && ok; i++) {
		unsigned char c = (unsigned char)value[i];
		/* prompts, messages and SQL have spaces; passwords rarely do */
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c < 0x20)
			ok = 0;
	}
	if (!ok || value[n - 1] == ':' || value[n - 1] == '?' || value[n - 1] == '=')
		return 0;
	lower = secrets_lower(value, n);
	if (strstr(lower, "://") || looks_like_path(lower, n) || looks_like_key_name(st, lower, n))
		ok = 0;
	free(lower);
	if (ok && secrets_entropy(value, n) < st->password_min_entropy)
		ok = 0;
	return ok;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */

static int keywords_hit(const struct secrets_pattern *p, const char *lower)
{
	size_t i;

	if (!p->n_keywords)
		return 1;
	for (i = 0; i < p->n_keywords; i++)
		if (strstr(lower, p->keywords[i]))
			return 1;
	return 0;
}

static int first_set_group(const PCRE2_SIZE *ov, uint32_t n_pairs, const int *groups, size_t n,
			   size_t *off, size_t *len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t g = (uint32_t)groups[i];
		if (g < n_pairs && ov[2 * g] != PCRE2_UNSET) {
			*off = ov[2 * g];
			*len = ov[2 * g + 1] - ov[2 * g];
			return 1;
		}
	}
	return 0;
}

static int match_allowed(const struct secrets_pattern *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < p->n_allow_match; i++)
		if (regex_hits(p->allow_match[i], s, n))
			return 1;
	return 0;
}

static int pattern_allows(const struct secrets_pattern *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < p->n_allow; i++)
		if (regex_hits(p->allow[i], s, n))
			return 1;
	return 0;
}

/* Filters common to the token formats: minimum length and entropy of the
 * secret part, allowlists. */
static int token_value_ok(const struct secrets_state *st, const struct secrets_pattern *p,
			  const char *s, size_t n)
{
	if (n < p->min_length || n == 0)
		return 0;
	if (p->min_entropy > 0 && secrets_entropy(s, n) < p->min_entropy)
		return 0;
	return !secrets_is_allowlisted(st, s, n) && !pattern_allows(p, s, n);
}

const struct secrets_pattern *secrets_match_token(const struct secrets_state *st, const char *value,
						  size_t n, size_t *secret_off, size_t *secret_len)
{
	char *lower = secrets_lower(value, n);
	const struct secrets_pattern *found = NULL;
	size_t i;

	for (i = 0; i < st->n_patterns && !found; i++) {
		const struct secrets_pattern *p = &st->patterns[i];
		pcre2_match_data *md;
		PCRE2_SIZE start = 0;

		if (!keywords_hit(p, lower))
			continue;
		md = pcre2_match_data_create_from_pattern(p->re, NULL);
		if (!md)
			continue;
		while (!found && start <= n &&
		       pcre2_match(p->re, (PCRE2_SPTR)value, n, start, 0, md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			uint32_t pairs = pcre2_get_ovector_count(md);
			size_t off = ov[0], len = ov[1] - ov[0];

			first_set_group(ov, pairs, p->secret_groups, p->n_secret_groups, &off,
					&len);
			if (token_value_ok(st, p, value + off, len)) {
				found = p;
				*secret_off = off;
				*secret_len = len;
			}
			start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
		pcre2_match_data_free(md);
	}
	free(lower);
	return found;
}

/* ------------------------------------------------------------------ */
/* The text scan                                                       */

struct span {
	size_t start, end;
};

struct scan {
	const struct secrets_state *st;
	struct dv_text_ctx *txt;
	int is_code;	     /* a programming language other than C */
	const char *lower;   /* lower-cased text, for keyword tests */
	size_t *line_starts; /* byte offset of each line */
	size_t n_lines;
	struct span *claimed; /* secret spans a more precise rule owns */
	size_t n_claimed, alloc_claimed;
};

static void index_lines(struct scan *sc)
{
	const char *text = sc->txt->text;
	size_t alloc = 0, i;

	sc->line_starts = NULL;
	sc->n_lines = 0;
	DV_GROW(sc->line_starts, 1, alloc);
	sc->line_starts[sc->n_lines++] = 0;
	for (i = 0; i < sc->txt->len; i++) {
		if (text[i] == '\n') {
			DV_GROW(sc->line_starts, sc->n_lines + 1, alloc);
			sc->line_starts[sc->n_lines++] = i + 1;
		}
	}
}

/* 1-based line of a byte offset. */
static unsigned line_of(const struct scan *sc, size_t off)
{
	size_t lo = 0, hi = sc->n_lines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (sc->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)(lo + 1);
}

/* Whether `off` sits after a comment opener on its line, or on a line
 * that continues a block comment (" * ..."): in C an unquoted value is
 * code (an identifier, a call) except in comments, where prose and pasted
 * configuration live. */
static int in_comment_line(const struct scan *sc, size_t off)
{
	const char *text = sc->txt->text;
	size_t i = sc->line_starts[line_of(sc, off) - 1];

	while (i < off && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i < off && text[i] == '*')
		return 1;
	for (; i + 1 < off; i++)
		if (text[i] == '/' && (text[i + 1] == '/' || text[i + 1] == '*'))
			return 1;
	return 0;
}

static int span_in_scope(const struct scan *sc, size_t start, size_t end)
{
	unsigned first, last, line;

	if (!sc->txt->line_in_scope)
		return 1;
	first = line_of(sc, start);
	last = line_of(sc, end > start ? end - 1 : start);
	for (line = first; line <= last; line++)
		if (sc->txt->line_in_scope(sc->txt->scope, line))
			return 1;
	return 0;
}

static int claimed(const struct scan *sc, size_t start, size_t end)
{
	size_t i;

	for (i = 0; i < sc->n_claimed; i++)
		if (start < sc->claimed[i].end && sc->claimed[i].start < end)
			return 1;
	return 0;
}

static void claim(struct scan *sc, size_t start, size_t end)
{
	DV_GROW(sc->claimed, sc->n_claimed + 1, sc->alloc_claimed);
	sc->claimed[sc->n_claimed].start = start;
	sc->claimed[sc->n_claimed].end = end;
	sc->n_claimed++;
}

/* Reports at byte offset `at`; the message gets only the redacted value. */
static void report(struct scan *sc, const struct secrets_pattern *p, size_t at, const char *secret,
		   size_t n, const char *name, double entropy)
{
	unsigned line = line_of(sc, at);
	unsigned col = (unsigned)(at - sc->line_starts[line - 1]) + 1;
	unsigned end_col = 0;
	const char *nl = memchr(sc->txt->text + at, '\n', sc->txt->len - at);
	size_t line_end = nl ? (size_t)(nl - sc->txt->text) : sc->txt->len;
	char *red = secrets_redact(secret, n);
	struct dv_finding *f;

	if ((size_t)(secret - sc->txt->text) + n <= line_end)
		end_col = (unsigned)((size_t)(secret - sc->txt->text) + n -
				     sc->line_starts[line - 1]) +
			  1;
	if (p == &sc->st->generic)
		f = dv_sink_report_at(sc->txt->sink, p->rule_id, sc->txt->path, line, col, end_col,
				      "high-entropy value (%.1f bits/char) assigned to '%s': '%s'; "
				      "if it is a credential, revoke it and load it at run time",
				      entropy, name ? name : "?", red);
	else if (p == &sc->st->password_text)
		f = dv_sink_report_at(sc->txt->sink, p->rule_id, sc->txt->path, line, col, end_col,
				      "hard-coded credential in '%s': '%s'; load it from the "
				      "environment or a secret store",
				      name ? name : "?", red);
	else
		f = dv_sink_report_at(sc->txt->sink, p->rule_id, sc->txt->path, line, col, end_col,
				      "hard-coded %s '%s'; revoke it and load it at run time",
				      p->label, red);
	if (f)
		f->fingerprint_extra = secrets_hash(secret, n);
	free(red);
}

enum pass { PASS_TOKEN, PASS_PASSWORD, PASS_GENERIC };

static char *group_text(const struct scan *sc, const PCRE2_SIZE *ov, uint32_t pairs,
			const int *groups, size_t n_groups)
{
	size_t off, len;

	if (!first_set_group(ov, pairs, groups, n_groups, &off, &len))
		return NULL;
	return xstrndup(sc->txt->text + off, len);
}

static int char_class(char c)
{
	if (c >= 'A' && c <= 'Z')
		return 0;
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c >= '0' && c <= '9')
		return 2;
	return 3;
}

static size_t class_transitions(const char *s, size_t n)
{
	size_t i, t = 0;

	for (i = 1; i < n; i++)
		t += char_class(s[i]) != char_class(s[i - 1]);
	return t;
}

static int generic_value_ok(const struct secrets_state *st, const char *s, size_t n,
			    double *entropy)
{
	const struct secrets_pattern *p = &st->generic;
	int letters = 0, digits = 0;
	size_t i;
	double min;

	if (n < p->min_length || secrets_is_allowlisted(st, s, n) || pattern_allows(p, s, n))
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		letters |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		digits |= c >= '0' && c <= '9';
	}
	if (!letters || !digits)
		return 0;
	if (p->min_class_transitions > 0 && n > 1 &&
	    (double)class_transitions(s, n) / (double)(n - 1) < p->min_class_transitions)
		return 0;
	*entropy = secrets_entropy(s, n);
	min = secrets_is_hex(s, n) && p->min_entropy_hex > 0 ? p->min_entropy_hex : p->min_entropy;
	return *entropy >= min;
}

static void run_pattern(struct scan *sc, const struct secrets_pattern *p, enum pass pass)
{
	const char *text = sc->txt->text;
	size_t len = sc->txt->len;
	pcre2_match_data *md;
	PCRE2_SIZE start = 0;

	if (!p->re || !keywords_hit(p, sc->lower))
		return;
	md = pcre2_match_data_create_from_pattern(p->re, NULL);
	if (!md)
		return;
	while (start <= len && pcre2_match(p->re, (PCRE2_SPTR)text, len, start, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		uint32_t pairs = pcre2_get_ovector_count(md);
		size_t m_start = ov[0], m_end = ov[1];
		size_t off = m_start, n = m_end - m_start;
		char *name = NULL;
		double entropy = 0;
		int ok, quoted;

		start = m_end > m_start ? m_end : m_start + 1;
		first_set_group(ov, pairs, p->secret_groups, p->n_secret_groups, &off, &n);
		if (claimed(sc, off, off + n) || !span_in_scope(sc, m_start, m_end))
			continue;
		quoted = off > 0 &&
			 (text[off - 1] == '"' || text[off - 1] == '\'' || text[off - 1] == '`');
		name = group_text(sc, ov, pairs, p->name_groups, p->n_name_groups);
		switch (pass) {
		case PASS_TOKEN:
			/* keyword-anchored formats: heroku_app_id is not a key */
			ok = !(name && secrets_name_excluded(sc->st, name)) &&
			     token_value_ok(sc->st, p, text + off, n) &&
			     !match_allowed(p, text + m_start, m_end - m_start);
			/* even a rejected (placeholder) token keeps the vaguer
			 * rules off its span */
			claim(sc, off, off + n);
			break;
		case PASS_PASSWORD:
			/* in a programming language an unquoted value is a name */
			ok = name && secrets_name_is_passwordish(sc->st, name) &&
			     !(sc->is_code && !quoted) &&
			     secrets_password_value_ok(sc->st, text + off, n);
			if (name && secrets_name_is_passwordish(sc->st, name))
				claim(sc, off, off + n);
			break;
		default:
			/* In C the libclang side owns password-named literals. */
			ok = !(name && secrets_name_excluded(sc->st, name)) &&
			     !(p->quoted_in_code && sc->is_code && !quoted) &&
			     !(sc->txt->is_c_family && !quoted && !in_comment_line(sc, off)) &&
			     !(sc->txt->is_c_family && name &&
			       secrets_name_is_passwordish(sc->st, name)) &&
			     generic_value_ok(sc->st, text + off, n, &entropy);
			break;
		}
		if (ok)
			report(sc, p, p->report_at_match ? m_start : off, text + off, n, name,
			       entropy);
		free(name);
	}
	pcre2_match_data_free(md);
}

static int has_code_extension(const struct secrets_state *st, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	char *ext;
	size_t i;
	int hit = 0;

	if (!dot)
		return 0;
	ext = secrets_lower(dot + 1, strlen(dot + 1));
	for (i = 0; i < st->n_code_exts && !hit; i++)
		hit = strcmp(ext, st->code_exts[i]) == 0;
	free(ext);
	return hit;
}

void secrets_scan_text(const struct secrets_state *st, struct dv_text_ctx *txt)
{
	struct scan sc;
	char *lower;
	size_t i;

	if (!txt->text || secrets_path_skipped(st, txt->path))
		return;
	memset(&sc, 0, sizeof(sc));
	sc.st = st;
	sc.txt = txt;
	lower = secrets_lower(txt->text, txt->len);
	sc.lower = lower;
	sc.is_code = has_code_extension(st, txt->path);
	index_lines(&sc);
	for (i = 0; i < st->n_patterns; i++)
		run_pattern(&sc, &st->patterns[i], PASS_TOKEN);
	if (st->have_password_text && !txt->is_c_family)
		run_pattern(&sc, &st->password_text, PASS_PASSWORD);
	if (st->have_generic)
		run_pattern(&sc, &st->generic, PASS_GENERIC);
	free(sc.claimed);
	free(sc.line_starts);
	free(lower);
}
