/*
 * Reading the permission family's API knowledge (rules/permission.json
 * "api", merged with the project config) and the name, text and SQL
 * matchers the analysis uses.
 */
#include "checkers/permission.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int field_error(struct dv_error *err, const char *field, const char *expected)
{
	return dv_error_set(err, DV_ERR_INPUT, "api '" PERM_FAMILY "' field '%s': expected %s", field,
			    expected);
}

static int read_int(const cJSON *obj, const char *key, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return 1;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 31 ||
	    v->valuedouble != (double)(int)v->valuedouble)
		return -1;
	*out = (int)v->valuedouble;
	return 0;
}

static const char *read_function(const cJSON *item)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(item, "function");
	return cJSON_IsString(f) && f->valuestring[0] ? f->valuestring : NULL;
}

/* [{"function": NAME, "<arg_key>": N}, ...] */
static int load_func_args(const cJSON *root, const char *field, const char *arg_key,
			  struct perm_func_arg **out, size_t *n, struct dv_error *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, field), *item;
	size_t i = 0;
	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return field_error(err, field, "an array of objects");
	*out = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(**out));
	cJSON_ArrayForEach(item, arr) {
		struct perm_func_arg *fa = &(*out)[i];
		if (!cJSON_IsObject(item) || !(fa->function = read_function(item)) ||
		    read_int(item, arg_key, &fa->arg) != 0)
			return field_error(err, field, "objects with \"function\" and a numeric argument index");
		i++;
	}
	*n = i;
	return 0;
}

static int load_ops(const cJSON *root, struct perm_api *api, struct dv_error *err)
{
	static const struct {
		const char *key;
		enum perm_arg_kind kind;
	} kinds[] = { { "path_arg", PERM_ARG_PATH }, { "fd_arg", PERM_ARG_FD }, { "pid_arg", PERM_ARG_PID } };
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "privileged"), *item;
	size_t i = 0, k;
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return field_error(err, "privileged", "an array of objects");
	api->ops = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*api->ops));
	cJSON_ArrayForEach(item, arr) {
		struct perm_op *op = &api->ops[i];
		if (!cJSON_IsObject(item) || !(op->function = read_function(item)))
			return field_error(err, "privileged", "objects with a \"function\" name");
		op->kind = PERM_ARG_NONE;
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			int rc = read_int(item, kinds[k].key, &op->arg);
			if (rc < 0)
				return field_error(err, "privileged", "argument indexes 0..31");
			if (rc == 0)
				op->kind = kinds[k].kind;
		}
		i++;
	}
	api->n_ops = i;
	return 0;
}

static int load_checks(const cJSON *root, struct perm_api *api, struct dv_error *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "checks"), *item;
	size_t i = 0;
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return field_error(err, "checks", "an array of objects");
	api->checks = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*api->checks));
	cJSON_ArrayForEach(item, arr) {
		struct perm_check *c = &api->checks[i];
		const cJSON *pass = cJSON_GetObjectItemCaseSensitive(item, "pass");
		const char *p;
		if (!cJSON_IsObject(item) || !(c->function = read_function(item)))
			return field_error(err, "checks", "objects with a \"function\" pattern");
		p = cJSON_IsString(pass) ? pass->valuestring : pass ? "" : "any";
		c->any = !strcmp(p, "any");
		if (!strcmp(p, "nonzero"))
			c->pass = DV_PASS_NONZERO;
		else if (!strcmp(p, "zero"))
			c->pass = DV_PASS_ZERO;
		else if (!strcmp(p, "nonnegative"))
			c->pass = DV_PASS_NONNEG;
		else if (!c->any)
			return field_error(err, "checks[].pass", "one of any, nonzero, zero, nonnegative");
		i++;
	}
	api->n_checks = i;
	return 0;
}

static int load_regexes(const struct dv_ruleset *rs, const cJSON *root, const char *field,
			pcre2_code ***out, size_t *n, struct dv_error *err)
{
	const char **v = NULL;
	size_t nv = 0, i;
	int rc = dv_api_strings(rs, PERM_FAMILY, root, field, &v, &nv, err);
	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	*out = xcalloc(nv + 1, sizeof(**out));
	for (i = 0; i < nv; i++) {
		int code;
		PCRE2_SIZE off;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)v[i], PCRE2_ZERO_TERMINATED, PCRE2_CASELESS,
					       &code, &off, NULL);
		if (!re) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof(msg));
			rc = dv_error_set(err, DV_ERR_INPUT,
					  "api '" PERM_FAMILY "' field '%s[%zu]': bad regular expression at offset %zu: %s",
					  field, i, (size_t)off, (const char *)msg);
			break;
		}
		(*out)[(*n)++] = re;
	}
	free(v);
	return rc;
}

int perm_api_load(struct perm_api *api, const struct dv_ruleset *rs, struct dv_error *err)
{
	const cJSON *root = dv_ruleset_api(rs, PERM_FAMILY);
	int rc;
	memset(api, 0, sizeof(*api));
	if (!root)
		return 0;
	if ((rc = load_ops(root, api, err)) || (rc = load_checks(root, api, err)) ||
	    (rc = load_func_args(root, "sql_exec", "arg", &api->sql, &api->n_sql, err)) ||
	    (rc = load_func_args(root, "creators", "path_arg", &api->creators, &api->n_creators, err)) ||
	    (rc = load_func_args(root, "shell", "arg", &api->shell, &api->n_shell, err)) ||
	    (rc = load_func_args(root, "exec_argv", "argv_arg", &api->exec_argv, &api->n_exec_argv,
				 err)) ||
	    (rc = load_func_args(root, "walkers", "callback_arg", &api->walkers, &api->n_walkers, err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "privileged_patterns", &api->own_ops,
				 &api->n_own_ops, err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "noreturn_checks", &api->noreturn_checks,
				 &api->n_noreturn_checks, err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "entry_points", &api->entry_points,
				 &api->n_entry_points, err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "exec", &api->exec, &api->n_exec, err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "removers", &api->removers, &api->n_removers,
				 err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "uid_setters", &api->uid_setters,
				 &api->n_uid_setters, err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "gid_setters", &api->gid_setters,
				 &api->n_gid_setters, err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "views", &api->views, &api->n_views, err)) ||
	    (rc = dv_api_strings(rs, PERM_FAMILY, root, "account_ids", &api->account_ids,
				 &api->n_account_ids, err)) ||
	    (rc = load_regexes(rs, root, "destructive_commands", &api->destructive_commands,
			       &api->n_destructive_commands, err)) ||
	    (rc = load_regexes(rs, root, "destructive_sql", &api->destructive_sql,
			       &api->n_destructive_sql, err))) {
		perm_api_release(api);
		return rc;
	}
	return 0;
}

void perm_api_release(struct perm_api *api)
{
	size_t i;
	if (!api)
		return;
	for (i = 0; i < api->n_destructive_commands; i++)
		pcre2_code_free(api->destructive_commands[i]);
	for (i = 0; i < api->n_destructive_sql; i++)
		pcre2_code_free(api->destructive_sql[i]);
	free(api->destructive_commands);
	free(api->destructive_sql);
	free(api->ops);
	free(api->checks);
	free(api->sql);
	free(api->creators);
	free(api->shell);
	free(api->exec_argv);
	free(api->walkers);
	free(api->own_ops);
	free(api->noreturn_checks);
	free(api->entry_points);
	free(api->exec);
	free(api->removers);
	free(api->uid_setters);
	free(api->gid_setters);
	free(api->views);
	free(api->account_ids);
	memset(api, 0, sizeof(*api));
}

int perm_name_matches(const char *const *patterns, size_t n, const char *name)
{
	size_t i;
	if (!name)
		return 0;
	for (i = 0; i < n; i++)
		if (fnmatch(patterns[i], name, 0) == 0)
			return 1;
	return 0;
}

const struct perm_op *perm_find_op(const struct perm_api *api, const char *name)
{
	size_t i;
	for (i = 0; name && i < api->n_ops; i++)
		if (fnmatch(api->ops[i].function, name, 0) == 0)
			return &api->ops[i];
	return NULL;
}

const struct perm_check *perm_find_check(const struct perm_api *api, const char *name)
{
	size_t i;
	for (i = 0; name && i < api->n_checks; i++)
		if (fnmatch(api->checks[i].function, name, 0) == 0)
			return &api->checks[i];
	return NULL;
}

const struct perm_func_arg *perm_find_arg(const struct perm_func_arg *list, size_t n,
					  const char *name)
{
	size_t i;
	for (i = 0; name && i < n; i++)
		if (fnmatch(list[i].function, name, 0) == 0)
			return &list[i];
	return NULL;
}

int perm_text_matches(pcre2_code *const *res, size_t n, const char *text)
{
	size_t i;
	int hit = 0;
	if (!text)
		return 0;
	for (i = 0; i < n && !hit; i++) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(res[i], NULL);
		if (!md)
			return 1; /* out of memory: fail towards reporting */
		hit = pcre2_match(res[i], (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) >= 0;
		pcre2_match_data_free(md);
	}
	return hit;
}

/* Skips white space and SQL comments. */
static const char *sql_skip(const char *s)
{
	for (;;) {
		while (isspace((unsigned char)*s) || *s == '(')
			s++;
		if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");
			s = e ? e + 2 : s + strlen(s);
		} else {
			return s;
		}
	}
}

static int keyword_at(const char *s, const char *kw)
{
	size_t n = strlen(kw);
	return strncasecmp(s, kw, n) == 0 && !isalnum((unsigned char)s[n]) && s[n] != '_';
}

/* Nonzero when `kw` occurs as a word anywhere in s. */
static int has_keyword(const char *s, const char *kw)
{
	const char *p;
	for (p = s; *p; p++)
		if ((p == s || (!isalnum((unsigned char)p[-1]) && p[-1] != '_')) && keyword_at(p, kw))
			return 1;
	return 0;
}

const char *perm_sql_privileged(const char *sql)
{
	static const char *const always[] = { "DELETE", "DROP", "TRUNCATE", "ALTER", "GRANT", "REVOKE" };
	const char *s;
	size_t i;
	if (!sql)
		return NULL;
	s = sql_skip(sql);
	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (keyword_at(s, always[i]))
			return always[i];
	if (keyword_at(s, "UPDATE") && !has_keyword(s, "WHERE"))
		return "UPDATE without WHERE";
	return NULL;
}
