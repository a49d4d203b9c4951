/*
 * Secrets: the state built from the ruleset's "secrets" api (token
 * formats, the password and generic rules, allowlists), with errors that
 * name the rule and the field.
 */
#include "checkers/secrets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define FAMILY "secrets"

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

/* Where an api value was written: "FILE:LINE" of the node when the loader
 * knows it (a user's --rules file or config, not the shipped file nor an
 * index into the merged array), else the file of the rule. */
static const char *api_where(const struct dv_ruleset *rules, const cJSON *node,
			     const char *rule_id, char *buf, size_t size)
{
	const char *w = dv_api_where(rules, node, buf, size);

	return w ? w : rule_source(rules, rule_id);
}

static pcre2_code *compile_regex(const struct dv_ruleset *rules, const char *rule_id,
				 const char *where, const cJSON *node, const char *regex,
				 struct dv_error *err)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re;
	char buf[512];

	re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, PCRE2_DUPNAMES, &errcode,
			   &erroff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		dv_error_set(err, DV_ERR_INPUT,
			     "%s: rule '%s': field '%s': bad regular expression at offset %zu: %s",
			     api_where(rules, node, rule_id, buf, sizeof(buf)),
			     rule_id ? rule_id : "(allowlist)", where,
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

	char at[512];

	memset(p, 0, sizeof(*p));
	if (!cJSON_IsObject(obj))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: api '%s' field '%s': expected an object",
				    api_where(rules, obj, NULL, at, sizeof(at)), FAMILY, where);
	if (!cJSON_IsString(rule) || strncmp(rule->valuestring, FAMILY "/", sizeof(FAMILY)) != 0)
		return dv_error_set(
			err, DV_ERR_INPUT,
			"%s: api '%s' field '%s.rule': expected a rule id 'secrets/...'",
			api_where(rules, rule ? rule : obj, NULL, at, sizeof(at)), FAMILY, where);
	p->rule_id = rule->valuestring;
	if (!dv_ruleset_find(rules, p->rule_id))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: api '%s' field '%s.rule': unknown rule '%s'",
				    api_where(rules, rule, NULL, at, sizeof(at)), FAMILY, where,
				    p->rule_id);
	p->label = cJSON_IsString(label) ? label->valuestring : p->rule_id;
	if (!cJSON_IsString(regex))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: rule '%s': field 'regex': expected a string",
				    api_where(rules, regex ? regex : obj, p->rule_id, at, sizeof(at)),
				    p->rule_id);
	snprintf(field, sizeof(field), "api.%s.regex", where);
	p->re = compile_regex(rules, p->rule_id, field, regex, regex->valuestring, err);
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
				compile_regex(rules, p->rule_id, "allow_regexes",
					      cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
									 obj, "allow_regexes"),
								 (int)i),
					      allow[i], err);
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
			p->allow_match[i] = compile_regex(
				rules, p->rule_id, "allow_match_regexes",
				cJSON_GetArrayItem(
					cJSON_GetObjectItemCaseSensitive(obj, "allow_match_regexes"),
					(int)i),
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
			    api_where(rules, obj, p->rule_id, at, sizeof(at)), p->rule_id);
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
	free_strings(st->test_paths, st->n_test_paths);
	free_strings(st->test_rules, st->n_test_rules);
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
	if (dv_api_strings(rules, FAMILY, allow, "test_paths", &v, &n, err))
		return err->code;
	st->test_paths = copy_strings(v, n);
	st->n_test_paths = n;
	free(v);
	if (dv_api_strings(rules, FAMILY, allow, "test_rules", &v, &n, err))
		return err->code;
	st->test_rules = copy_strings(v, n);
	st->n_test_rules = n;
	free(v);
	if (dv_api_strings(rules, FAMILY, allow, "placeholder_regexes", &v, &n, err))
		return err->code;
	if (n) {
		st->placeholder_res = xcalloc(n, sizeof(*st->placeholder_res));
		for (i = 0; i < n; i++) {
			st->placeholder_res[i] = compile_regex(
				rules, NULL, "allowlist.placeholder_regexes",
				cJSON_GetArrayItem(
					cJSON_GetObjectItemCaseSensitive(allow, "placeholder_regexes"),
					(int)i),
				v[i], err);
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
			char where[32], at[512];

			/* with the file and line known, an index into the merged
			 * array would only mislead */
			if (dv_api_where(rules, item, at, sizeof(at)))
				snprintf(where, sizeof(where), "patterns[]");
			else
				snprintf(where, sizeof(where), "patterns[%zu]", i);
			i++;
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
