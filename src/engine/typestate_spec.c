/*
 * Loading a family: the descriptor's messages are checked, the "api" object
 * of its rules is read into a spec; name patterns.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/glob.h"
#include "util/xalloc.h"

static const char *const op_names[] = {"acquire", "try_acquire", "release",
				       "take_ownership", "borrow", "query", "init", "destroy"};
static const char *const succ_names[] = {"always", "zero", "nonnull", "nonnegative", "status"};

int dv_ts_name_matches(const char *pattern, const char *name)
{
	const char *last;
	if (!pattern || !name)
		return 0;
	if (dv_glob_match(pattern, name))
		return 1;
	last = strrchr(name, ':');
	if (last && last > name && last[-1] == ':' && !strchr(pattern, ':'))
		return dv_glob_match(pattern, last + 1);
	return 0;
}

int ts_matches_any(const char *const *pats, size_t n, const char *name)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (dv_ts_name_matches(pats[i], name))
			return 1;
	return 0;
}

/* The function being analysed is itself an API entry of the config (its
 * definition is here: OVS defines ovs_mutex_lock_at): an acquire entry
 * (acquiring 1) returns holding, a release entry releases for its caller. */
int ts_name_is_api(const struct dv_ts_spec *spec, const char *name, int acquiring)
{
	size_t i;
	for (i = 0; name && i < spec->n_apis; i++) {
		const struct ts_api *a = &spec->apis[i];
		if (a->member || strcmp(a->name, name) != 0)
			continue;
		if (acquiring ? (a->op == OP_ACQUIRE || a->op == OP_TRY) : a->op == OP_RELEASE)
			return 1;
	}
	return 0;
}

static int choice(const char *s, const char *const *names, int n)
{
	int i;
	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* "recursive_if": {"arg": 1, "set_by": "pthread_mutexattr_settype",
 * "value_arg": 1, "values": ["PTHREAD_MUTEX_RECURSIVE", ...]} */
static int load_recursive_if(const struct dv_ts_family *fam, const cJSON *r, int index,
			     struct ts_api *a, struct dv_error *err)
{
	const cJSON *arg = cJSON_GetObjectItemCaseSensitive(r, "arg");
	const cJSON *set_by = cJSON_GetObjectItemCaseSensitive(r, "set_by");
	const cJSON *value_arg = cJSON_GetObjectItemCaseSensitive(r, "value_arg");
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(r, "values"), *v;
	a->rec_arg = -1;
	if (!r)
		return 0;
	if (!cJSON_IsObject(r) || !cJSON_IsNumber(arg) || arg->valuedouble < 0 ||
	    arg->valuedouble > 64 || !cJSON_IsString(set_by) || !set_by->valuestring[0] ||
	    !cJSON_IsNumber(value_arg) || value_arg->valuedouble < 0 ||
	    value_arg->valuedouble > 64 || !cJSON_IsArray(values) || !cJSON_GetArraySize(values))
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
				    "'api.functions[%d].recursive_if' ('%s'): expected {\"arg\": N, "
				    "\"set_by\": \"function\", \"value_arg\": N, \"values\": "
				    "[\"NAME\", ...]}", fam->family, index, a->name);
	cJSON_ArrayForEach(v, values)
	{
		if (!cJSON_IsString(v) || !v->valuestring[0])
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].recursive_if.values' ('%s'): expected "
					    "non-empty strings", fam->family, index, a->name);
	}
	a->rec_arg = arg->valueint;
	a->rec_setter = set_by->valuestring;
	a->rec_value_arg = value_arg->valueint;
	a->rec_values = values;
	return 0;
}

static int load_api_entry(const struct dv_ts_family *fam, const cJSON *e, int index,
			  struct ts_api *a, struct dv_error *err)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(e, "op");
	const cJSON *arg = cJSON_GetObjectItemCaseSensitive(e, "arg");
	const cJSON *deref = cJSON_GetObjectItemCaseSensitive(e, "deref");
	const cJSON *succ = cJSON_GetObjectItemCaseSensitive(e, "success");
	const cJSON *member = cJSON_GetObjectItemCaseSensitive(e, "member");
	const cJSON *sql = cJSON_GetObjectItemCaseSensitive(e, "sql");
	const cJSON *when_null = cJSON_GetObjectItemCaseSensitive(e, "when_null");
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(e, "kind");
	const cJSON *recursive = cJSON_GetObjectItemCaseSensitive(e, "recursive");
	int v;
	if (!cJSON_IsObject(e))
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions[%d]': "
				    "expected an object", fam->family, index);
	if (!cJSON_IsString(name) || !name->valuestring[0])
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions[%d].name': "
				    "expected a non-empty string", fam->family, index);
	a->name = name->valuestring;
	if (!cJSON_IsString(op) || (v = choice(op->valuestring, op_names, 8)) < 0)
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions[%d].op' "
				    "('%s'): expected one of acquire, try_acquire, release, "
				    "take_ownership, borrow, query, init, destroy", fam->family, index,
				    a->name);
	a->op = (enum ts_op)v;
	a->arg = 0;
	if (arg) {
		if (!cJSON_IsNumber(arg) || arg->valuedouble < -1 || arg->valuedouble > 64)
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].arg' ('%s'): expected an integer from -1 to 64",
					    fam->family, index, a->name);
		a->arg = arg->valueint;
	}
	a->deref = a->arg >= 0 ? fam->default_deref : 0;
	if (deref) {
		if (!cJSON_IsBool(deref))
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].deref' ('%s'): expected true or false",
					    fam->family, index, a->name);
		a->deref = cJSON_IsTrue(deref);
	}
	a->success = SUCC_ALWAYS;
	if (succ) {
		if (!cJSON_IsString(succ) || (v = choice(succ->valuestring, succ_names, 5)) < 0)
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].success' ('%s'): expected one of always, zero, "
					    "nonnull, nonnegative, status", fam->family, index, a->name);
		a->success = (enum ts_succ)v;
	}
	a->member = 0;
	if (member) {
		if (!cJSON_IsBool(member))
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].member' ('%s'): expected true or false",
					    fam->family, index, a->name);
		a->member = cJSON_IsTrue(member);
	}
	a->recursive = 0;
	if (recursive) {
		if (!cJSON_IsBool(recursive))
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].recursive' ('%s'): expected true or false",
					    fam->family, index, a->name);
		a->recursive = cJSON_IsTrue(recursive);
	}
	a->sql = -1;
	if (sql) {
		if (!cJSON_IsNumber(sql) || sql->valuedouble < 0 || sql->valuedouble > 64)
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].sql' ('%s'): expected an integer from 0 to 64",
					    fam->family, index, a->name);
		a->sql = sql->valueint;
	}
	a->kind = NULL;
	if (kind) {
		if (!cJSON_IsString(kind) || !kind->valuestring[0])
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].kind' ('%s'): expected a non-empty string",
					    fam->family, index, a->name);
		a->kind = kind->valuestring;
	}
	a->when_null = -1;
	if (when_null) {
		if (!cJSON_IsNumber(when_null) || when_null->valuedouble < 0 ||
		    when_null->valuedouble > 64)
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].when_null' ('%s'): expected an integer "
					    "from 0 to 64", fam->family, index, a->name);
		a->when_null = when_null->valueint;
	}
	v = load_recursive_if(fam, cJSON_GetObjectItemCaseSensitive(e, "recursive_if"), index, a, err);
	if (v)
		return v;
	if (a->op == OP_QUERY && a->sql < 0)
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions[%d].sql' "
				    "('%s'): required for op 'query'", fam->family, index, a->name);
	return 0;
}

/* "attributes": {"acquire_capability": "acquire", ...}: the declaration
 * attributes that make a function an API entry of the family. */
static int load_attributes(const struct dv_ts_family *fam, const cJSON *api,
			   struct dv_ts_spec *spec, struct dv_error *err)
{
	const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(api, "attributes"), *e;
	int v;
	if (!attrs)
		return 0;
	if (!cJSON_IsObject(attrs))
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.attributes': "
				    "expected an object mapping attribute names to ops", fam->family);
	spec->attr_ops = xcalloc((size_t)cJSON_GetArraySize(attrs) + 1, sizeof(*spec->attr_ops));
	cJSON_ArrayForEach(e, attrs)
	{
		if (!cJSON_IsString(e) || (v = choice(e->valuestring, op_names, 5)) < 0)
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.attributes.%s': expected one of acquire, try_acquire, "
					    "release, take_ownership, borrow", fam->family, e->string);
		spec->attr_ops[spec->n_attr_ops].attr = e->string;
		spec->attr_ops[spec->n_attr_ops++].op = (enum ts_op)v;
	}
	return 0;
}

/* A reported rule needs every message it is reported with: a descriptor
 * is code, so a gap is a bug in its checker file, found at start-up. */
static int check_messages(const struct dv_ts_family *fam, const char *rule,
			  const char *const *msgs, unsigned n, struct dv_error *err)
{
	unsigned i;
	if (!rule)
		return 0;
	for (i = 0; i < n; i++)
		if (!msgs[i])
			return dv_error_set(err, DV_ERR_INTERNAL, "typestate family '%s': rule '%s' "
					    "lacks message %u of its descriptor", fam->family, rule, i);
	return 0;
}

static int check_descriptor(const struct dv_ts_family *fam, struct dv_error *err)
{
	const char *exit_msgs[] = {fam->exit.at_return, fam->exit.at_end, fam->exit.acquired_here};
	const char *reacq_msgs[] = {fam->reacquire.message, fam->reacquire.first_here,
				    fam->reacquire.inner_message};
	const char *try_msgs[] = {fam->try_unchecked.message, fam->try_unchecked.released_here};
	const char *unheld_msgs[] = {fam->unheld.message, fam->unheld.failed_here,
				     fam->unheld.released_here};
	const char *mismatch_msgs[] = {fam->mismatch.message, fam->mismatch.acquired_here};
	const char *order_msgs[] = {fam->order.message, fam->order.held_here, fam->order.other_here,
				    fam->order.other_held_here};
	const char *destroy_msgs[] = {fam->destroy_held.message, fam->destroy_held.acquired_here};
	int rc;
	if (!fam->family)
		return dv_error_set(err, DV_ERR_INTERNAL, "typestate family without a name");
	if (fam->key_suffix && fam->key_suffix[0] != '#')
		return dv_error_set(err, DV_ERR_INTERNAL, "typestate family '%s': key_suffix '%s' "
				    "must start with '#'", fam->family, fam->key_suffix);
	if ((rc = check_messages(fam, fam->exit.rule, exit_msgs, 3, err)) ||
	    (rc = check_messages(fam, fam->reacquire.rule, reacq_msgs, 3, err)) ||
	    (rc = check_messages(fam, fam->try_unchecked.rule, try_msgs, 2, err)) ||
	    (rc = check_messages(fam, fam->unheld.rule, unheld_msgs, 3, err)) ||
	    (rc = check_messages(fam, fam->mismatch.rule, mismatch_msgs, 2, err)) ||
	    (rc = check_messages(fam, fam->order.rule, order_msgs, 4, err)) ||
	    (rc = check_messages(fam, fam->destroy_held.rule, destroy_msgs, 2, err)))
		return rc;
	return 0;
}

int dv_ts_spec_load(const struct dv_ruleset *rules, const struct dv_ts_family *fam,
		    struct dv_ts_spec **out, struct dv_error *err)
{
	const cJSON *api, *funcs, *e;
	struct dv_ts_spec *spec;
	int rc = 0, i = 0;
	*out = NULL;
	if ((rc = check_descriptor(fam, err)))
		return rc;
	api = dv_ruleset_api(rules, fam->family);
	spec = xcalloc(1, sizeof(*spec));
	spec->fam = fam;
	if (!api) {
		*out = spec;
		return 0;
	}
	funcs = cJSON_GetObjectItemCaseSensitive(api, "functions");
	if (funcs && !cJSON_IsArray(funcs)) {
		rc = dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions': "
				  "expected an array", fam->family);
		goto fail;
	}
	if (funcs) {
		spec->apis = xcalloc((size_t)cJSON_GetArraySize(funcs) + 1, sizeof(*spec->apis));
		cJSON_ArrayForEach(e, funcs)
		{
			if ((rc = load_api_entry(fam, e, i++, &spec->apis[spec->n_apis], err)))
				goto fail;
			spec->n_apis++;
		}
	}
	if ((rc = load_attributes(fam, api, spec, err)))
		goto fail;
	if ((rc = dv_api_strings(rules, fam->family, api, "member_classes", &spec->member_classes,
				 &spec->n_member_classes, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "guards", &spec->guards, &spec->n_guards,
				 err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "borrow", &spec->borrow, &spec->n_borrow,
				 err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "returns_held", &spec->returns_held,
				 &spec->n_returns_held, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "releases_held", &spec->releases_held,
				 &spec->n_releases_held, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "returns_held_if", &spec->returns_held_if,
				 &spec->n_returns_held_if, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "sql_begin", &spec->sql_begin,
				 &spec->n_sql_begin, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "sql_end", &spec->sql_end,
				 &spec->n_sql_end, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "ownership_sinks", &spec->sinks,
				 &spec->n_sinks, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "returns_first_argument",
				 &spec->returns_arg0, &spec->n_returns_arg0, err)))
		goto fail;
	*out = spec;
	return 0;
fail:
	dv_ts_spec_free(spec);
	return rc ? rc : DV_ERR_INPUT;
}

void dv_ts_spec_free(struct dv_ts_spec *spec)
{
	if (!spec)
		return;
	free(spec->apis);
	free(spec->attr_ops);
	free(spec->member_classes);
	free(spec->guards);
	free(spec->borrow);
	free(spec->returns_held);
	free(spec->releases_held);
	free(spec->returns_held_if);
	free(spec->sql_begin);
	free(spec->sql_end);
	free(spec->sinks);
	free(spec->returns_arg0);
	free(spec);
}

int dv_ts_checker_init(const struct dv_ruleset *rules, const struct dv_ts_family *fam, void **out,
		       struct dv_error *err)
{
	struct dv_ts_spec *spec = NULL;
	int rc = dv_ts_spec_load(rules, fam, &spec, err);
	*out = spec;
	return rc;
}

void dv_ts_checker_free(void *spec)
{
	dv_ts_spec_free(spec);
}
