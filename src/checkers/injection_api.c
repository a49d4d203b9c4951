/*
 * Reading the injection family's API knowledge (rules/injection.json
 * "api", merged with the project config) into struct inj_api, and the
 * printf/scanf format walker the taint transfer functions use.
 */
#include "checkers/injection.h"
#include "checkers/injection_taint.h"
#include "front/cxx.h"
#include "front/decl_attrs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

const char *const inj_rule_ids[INJ_NRULES] = {
	"injection/command", "injection/sql", "injection/format-string", "injection/path",
};

int inj_rule_index(const char *id)
{
	int r;
	for (r = 0; r < INJ_NRULES; r++)
		if (!strcmp(inj_rule_ids[r], id))
			return r;
	return -1;
}

struct api_builder {
	struct inj_api *api;
	size_t alloc;
	struct dv_error *err;
};

static int api_error(struct api_builder *b, const char *section, const char *name,
		     const char *field, const char *expected)
{
	return dv_error_set(b->err, DV_ERR_INPUT, "api 'injection' field '%s.%s%s%s': expected %s",
			    section, name, field ? "." : "", field ? field : "", expected);
}

/* Finds or adds the entry of `name` (linear while building; sorted at the end). */
static struct inj_func *func_entry(struct api_builder *b, const char *name)
{
	size_t i;
	struct inj_func *f;
	for (i = 0; i < b->api->n_funcs; i++)
		if (!strcmp(b->api->funcs[i].name, name))
			return &b->api->funcs[i];
	DV_GROW(b->api->funcs, b->api->n_funcs + 1, b->alloc);
	f = &b->api->funcs[b->api->n_funcs++];
	memset(f, 0, sizeof(*f));
	f->name = name;
	f->src_args_from = f->src_scanf_fmt = -1;
	f->to_arg = f->also_to = f->format_arg = f->valid_arg = f->safe_flags_arg = -1;
	return f;
}

/* An argument index: a number 0..31. */
static int read_index(const cJSON *v, int *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 31 ||
	    v->valuedouble != (double)(int)v->valuedouble)
		return -1;
	*out = (int)v->valuedouble;
	return 0;
}

/* A number or an array of numbers, as a bit mask. */
static int read_index_mask(const cJSON *v, uint32_t *out)
{
	const cJSON *item;
	int i;
	if (cJSON_IsNumber(v)) {
		if (read_index(v, &i))
			return -1;
		*out |= 1u << i;
		return 0;
	}
	if (!cJSON_IsArray(v))
		return -1;
	cJSON_ArrayForEach(item, v) {
		if (read_index(item, &i))
			return -1;
		*out |= 1u << i;
	}
	return 0;
}

/* An array of rule ids ("injection/sql"), as rule bits. */
static int read_rules(const cJSON *v, unsigned *out)
{
	const cJSON *item;
	if (!cJSON_IsArray(v))
		return -1;
	cJSON_ArrayForEach(item, v) {
		int r;
		if (!cJSON_IsString(item) || (r = inj_rule_index(item->valuestring)) < 0)
			return -1;
		*out |= INJ_BIT(r);
	}
	return 0;
}

static int is_true(const cJSON *v)
{
	return cJSON_IsTrue(v);
}

#define RULES_EXPECTED "an array of injection rule ids"
#define INDEX_EXPECTED "an argument index (0-31) or an array of them"

static int load_sources(struct api_builder *b, const cJSON *obj)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, obj) {
		struct inj_func *f;
		const cJSON *v;
		if (!cJSON_IsObject(e))
			return api_error(b, "sources", e->string, NULL, "an object");
		f = func_entry(b, e->string);
		f->src_return |= is_true(cJSON_GetObjectItemCaseSensitive(e, "return"));
		if ((v = cJSON_GetObjectItemCaseSensitive(e, "args")) && read_index_mask(v, &f->src_args))
			return api_error(b, "sources", e->string, "args", INDEX_EXPECTED);
		if ((v = cJSON_GetObjectItemCaseSensitive(e, "args_from")) &&
		    read_index(v, &f->src_args_from))
			return api_error(b, "sources", e->string, "args_from", "an argument index");
		if ((v = cJSON_GetObjectItemCaseSensitive(e, "scanf")) &&
		    read_index(v, &f->src_scanf_fmt))
			return api_error(b, "sources", e->string, "scanf", "an argument index");
		if ((v = cJSON_GetObjectItemCaseSensitive(e, "user_settings"))) {
			const cJSON *r, *n;
			if (!cJSON_IsObject(v))
				return api_error(b, "sources", e->string, "user_settings",
						 "an object of rule id -> names");
			cJSON_ArrayForEach(r, v) {
				if (inj_rule_index(r->string) < 0 || !cJSON_IsArray(r))
					return api_error(b, "sources", e->string, "user_settings",
							 "an object of rule id -> names");
				cJSON_ArrayForEach(n, r)
					if (!cJSON_IsString(n))
						return api_error(b, "sources", e->string,
								 "user_settings", "names as strings");
			}
			f->user_settings = v;
		}
	}
	return 0;
}

unsigned inj_api_setting_rules(const struct inj_func *f, const char *name)
{
	const cJSON *r, *n;
	unsigned rules = 0;
	if (!f->user_settings || !name)
		return 0;
	cJSON_ArrayForEach(r, f->user_settings)
		cJSON_ArrayForEach(n, r)
			if (!strcmp(n->valuestring, name))
				rules |= INJ_BIT(inj_rule_index(r->string));
	return rules;
}

/* Shared by propagators and escaping sanitizers. */
static int load_flow(struct api_builder *b, const char *section, const cJSON *e, struct inj_func *f)
{
	const cJSON *v;
	f->prop = 1;
	v = cJSON_GetObjectItemCaseSensitive(e, "to");
	if (cJSON_IsString(v) && !strcmp(v->valuestring, "return"))
		f->to = INJ_TO_RETURN;
	else if (cJSON_IsString(v) && !strcmp(v->valuestring, "object"))
		f->to = INJ_TO_OBJECT;
	else if (v && !read_index(v, &f->to_arg))
		f->to = INJ_TO_ARG;
	else if (v)
		return api_error(b, section, e->string, "to",
				 "\"return\", \"object\" or an argument index");
	if ((v = cJSON_GetObjectItemCaseSensitive(e, "to_args_from"))) {
		if (read_index(v, &f->to_arg))
			return api_error(b, section, e->string, "to_args_from", "an argument index");
		f->to = INJ_TO_ARGS_FROM;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(e, "also_to")) && read_index(v, &f->also_to))
		return api_error(b, section, e->string, "also_to", "an argument index");
	v = cJSON_GetObjectItemCaseSensitive(e, "from");
	if (cJSON_IsString(v) && !strcmp(v->valuestring, "all"))
		f->from_all = 1;
	else if (cJSON_IsString(v) && !strcmp(v->valuestring, "object"))
		f->from_object = 1;
	else if (v && read_index_mask(v, &f->from_args))
		return api_error(b, section, e->string, "from",
				 "\"all\", \"object\" or " INDEX_EXPECTED);
	if ((v = cJSON_GetObjectItemCaseSensitive(e, "format")) && read_index(v, &f->format_arg))
		return api_error(b, section, e->string, "format", "an argument index");
	f->overwrite |= is_true(cJSON_GetObjectItemCaseSensitive(e, "overwrite"));
	f->canonical |= is_true(cJSON_GetObjectItemCaseSensitive(e, "canonical"));
	if ((v = cJSON_GetObjectItemCaseSensitive(e, "escapes"))) {
		const cJSON *conv;
		if (!cJSON_IsObject(v))
			return api_error(b, section, e->string, "escapes", "an object");
		cJSON_ArrayForEach(conv, v) {
			unsigned rules = 0;
			if (strlen(conv->string) != 1 || read_rules(conv, &rules))
				return api_error(b, section, e->string, "escapes",
						 "conversion letters mapped to " RULES_EXPECTED);
			if (f->n_escapes == INJ_MAX_ESCAPES)
				return api_error(b, section, e->string, "escapes",
						 "at most 8 conversions");
			f->escape_conv[f->n_escapes] = conv->string[0];
			f->escape_rules[f->n_escapes++] = rules;
		}
	}
	if (f->to == INJ_TO_NONE)
		return api_error(b, section, e->string, "to", "a destination");
	return 0;
}

static int load_propagators(struct api_builder *b, const cJSON *obj)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, obj) {
		int rc;
		if (!cJSON_IsObject(e))
			return api_error(b, "propagators", e->string, NULL, "an object");
		if ((rc = load_flow(b, "propagators", e, func_entry(b, e->string))))
			return rc;
	}
	return 0;
}

static int load_sanitizers(struct api_builder *b, const cJSON *obj)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, obj) {
		struct inj_func *f;
		const cJSON *v;
		unsigned rules = 0;
		int rc;
		if (!cJSON_IsObject(e))
			return api_error(b, "sanitizers", e->string, NULL, "an object");
		f = func_entry(b, e->string);
		if ((v = cJSON_GetObjectItemCaseSensitive(e, "rules")) && read_rules(v, &rules))
			return api_error(b, "sanitizers", e->string, "rules", RULES_EXPECTED);
		if (is_true(cJSON_GetObjectItemCaseSensitive(e, "return"))) {
			f->clean_return = 1;
			continue;
		}
		if ((rc = load_flow(b, "sanitizers", e, f)))
			return rc;
		f->sanitizes |= v ? rules : INJ_ALL_RULES;
	}
	return 0;
}

static int load_validators(struct api_builder *b, const cJSON *obj)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, obj) {
		struct inj_func *f;
		const cJSON *v;
		if (!cJSON_IsObject(e))
			return api_error(b, "validators", e->string, NULL, "an object");
		f = func_entry(b, e->string);
		f->validator = 1;
		f->valid_arg = 0;
		if ((v = cJSON_GetObjectItemCaseSensitive(e, "arg")) && read_index(v, &f->valid_arg))
			return api_error(b, "validators", e->string, "arg", "an argument index");
		v = cJSON_GetObjectItemCaseSensitive(e, "valid_when");
		if (!v || (cJSON_IsString(v) && !strcmp(v->valuestring, "nonzero")))
			f->valid_when = INJ_VALID_NONZERO;
		else if (cJSON_IsString(v) && !strcmp(v->valuestring, "zero"))
			f->valid_when = INJ_VALID_ZERO;
		else if (cJSON_IsString(v) && !strcmp(v->valuestring, "always"))
			f->valid_when = INJ_VALID_ALWAYS;
		else
			return api_error(b, "validators", e->string, "valid_when",
					 "\"nonzero\", \"zero\" or \"always\"");
		f->valid_rules = INJ_ALL_RULES;
		if ((v = cJSON_GetObjectItemCaseSensitive(e, "rules"))) {
			f->valid_rules = 0;
			if (read_rules(v, &f->valid_rules))
				return api_error(b, "validators", e->string, "rules", RULES_EXPECTED);
		}
		if ((v = cJSON_GetObjectItemCaseSensitive(e, "needle"))) {
			if (!cJSON_IsString(v) || !v->valuestring[0])
				return api_error(b, "validators", e->string, "needle",
						 "a non-empty string");
			f->needle = v->valuestring;
		}
		f->requires_canonical |=
			is_true(cJSON_GetObjectItemCaseSensitive(e, "requires_canonical"));
		f->other_constant |= is_true(cJSON_GetObjectItemCaseSensitive(e, "other_constant"));
	}
	return 0;
}

static int load_sinks(struct api_builder *b, const cJSON *obj)
{
	const cJSON *rule;
	cJSON_ArrayForEach(rule, obj) {
		const cJSON *e;
		int r = inj_rule_index(rule->string);
		if (r < 0 || !cJSON_IsObject(rule))
			return dv_error_set(b->err, DV_ERR_INPUT,
					    "api 'injection' field 'sinks.%s': expected an injection "
					    "rule id mapped to an object",
					    rule->string);
		cJSON_ArrayForEach(e, rule) {
			struct inj_func *f = func_entry(b, e->string);
			const cJSON *v;
			if (cJSON_IsObject(e) && (v = cJSON_GetObjectItemCaseSensitive(e, "exec"))) {
				if (r != INJ_COMMAND || !cJSON_IsString(v) ||
				    (strcmp(v->valuestring, "list") && strcmp(v->valuestring, "vector")))
					return dv_error_set(
						b->err, DV_ERR_INPUT,
						"api 'injection' field 'sinks.%s.%s.exec': expected "
						"\"list\" or \"vector\" (command rule only)",
						rule->string, e->string);
				f->exec = !strcmp(v->valuestring, "list") ? INJ_EXEC_LIST
									  : INJ_EXEC_VECTOR;
				continue;
			}
			if (cJSON_IsObject(e) &&
			    (v = cJSON_GetObjectItemCaseSensitive(e, "safe_flags"))) {
				const cJSON *a = cJSON_GetObjectItemCaseSensitive(v, "arg");
				const cJSON *m = cJSON_GetObjectItemCaseSensitive(v, "mask");
				if (!cJSON_IsNumber(a) || a->valuedouble < 0 || a->valuedouble > 31 ||
				    !cJSON_IsNumber(m) || m->valuedouble < 1)
					return dv_error_set(
						b->err, DV_ERR_INPUT,
						"api 'injection' field 'sinks.%s.%s.safe_flags': expected "
						"{\"arg\": INDEX, \"mask\": BITS}",
						rule->string, e->string);
				f->safe_flags_arg = a->valueint;
				f->safe_flags_mask = (long long)m->valuedouble;
			}
			/* not `e`: it is the loop cursor */
			v = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "args") : e;
			if (!v || read_index_mask(v, &f->sink_args[r]))
				return dv_error_set(b->err, DV_ERR_INPUT,
						    "api 'injection' field 'sinks.%s.%s': expected %s",
						    rule->string, f->name, INDEX_EXPECTED);
		}
	}
	return 0;
}

static int func_cmp(const void *a, const void *b)
{
	return strcmp(((const struct inj_func *)a)->name, ((const struct inj_func *)b)->name);
}

int inj_api_load(struct inj_api *api, const struct dv_ruleset *rs, struct dv_error *err)
{
	struct api_builder b = {api, 0, err};
	const cJSON *root = dv_ruleset_api(rs, "injection"), *v;
	int rc = 0;
	static const struct {
		const char *field;
		int (*load)(struct api_builder *, const cJSON *);
	} sections[] = {
		{"sources", load_sources},         {"propagators", load_propagators},
		{"sanitizers", load_sanitizers},   {"validators", load_validators},
		{"sinks", load_sinks},
	};
	size_t i;

	memset(api, 0, sizeof(*api));
	if (!root)
		return 0;
	v = cJSON_GetObjectItemCaseSensitive(root, "main_argv");
	api->main_argv = !v || is_true(v);
	if ((rc = dv_api_strings(rs, "injection", root, "entry_points", &api->entry_points,
				 &api->n_entry_points, err)))
		goto fail;
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		v = cJSON_GetObjectItemCaseSensitive(root, sections[i].field);
		if (!v)
			continue;
		if (!cJSON_IsObject(v)) {
			rc = dv_error_set(err, DV_ERR_INPUT,
					  "api 'injection' field '%s': expected an object",
					  sections[i].field);
			goto fail;
		}
		if ((rc = sections[i].load(&b, v)))
			goto fail;
	}
	if (api->n_funcs)
		qsort(api->funcs, api->n_funcs, sizeof(*api->funcs), func_cmp);
	return 0;
fail:
	inj_api_release(api);
	return rc;
}

void inj_api_release(struct inj_api *api)
{
	free(api->funcs);
	free(api->entry_points);
	memset(api, 0, sizeof(*api));
}

const struct inj_func *inj_api_find(const struct inj_api *api, const char *name)
{
	struct inj_func key;
	if (!name || !api->n_funcs)
		return NULL;
	key.name = name;
	return bsearch(&key, api->funcs, api->n_funcs, sizeof(*api->funcs), func_cmp);
}

int inj_api_is_entry_point(const struct inj_api *api, const char *name)
{
	size_t i;
	for (i = 0; name && i < api->n_entry_points; i++)
		if (!fnmatch(api->entry_points[i], name, 0))
			return 1;
	return 0;
}

/* ---- knowledge declared by attributes ---------------------------------- */

static int last_param_is_va_list(CXCursor decl, int n)
{
	CXString sp;
	int yes;
	if (n <= 0)
		return 0;
	sp = clang_getTypeSpelling(clang_getCursorType(clang_Cursor_getArgument(decl, (unsigned)n - 1)));
	yes = strstr(clang_getCString(sp), "va_list") != NULL;
	clang_disposeString(sp);
	return yes;
}

static int is_printf_archetype(const char *s)
{
	size_t l = strlen(s);
	if (l > 4 && !strncmp(s, "__", 2) && !strcmp(s + l - 2, "__")) {
		s += 2;
		l -= 4;
	}
	return (l == 6 && !strncmp(s, "printf", 6)) || (l == 10 && !strncmp(s, "gnu_printf", 10));
}

/*
 * The format parameter of a printf-like declaration: the one just before
 * `...` or the trailing va_list (the shape the format sinks require).
 * The attribute's own index must agree with it (one more in a C++ member
 * function, which counts `this`); an index clang could not have accepted
 * here means the tokens were not the real arguments (a macro's parameter
 * names), and the shape alone decides.
 */
static int format_param(CXCursor decl, const struct dv_decl_attr *a)
{
	int n = clang_Cursor_getNumArguments(decl), expected, idx;
	if (n <= 0)
		return -1;
	if (clang_Cursor_isVariadic(decl))
		expected = n - 1;
	else if (last_param_is_va_list(decl, n) && n >= 2)
		expected = n - 2;
	else
		return -1;
	idx = dv_attr_arg_number(a, 1, 1, 64);
	if (idx < 0 && a->n_args >= 2 && a->args[1][0] >= '0' && a->args[1][0] <= '9')
		return -1; /* a number, but not a valid one */
	if (idx < 0 || idx - 1 == expected || idx - 2 == expected)
		return expected;
	return -1;
}

static int returns_char_pointer(CXCursor decl)
{
	CXType t = clang_getCanonicalType(clang_getCursorResultType(decl));
	enum CXTypeKind k;
	if (t.kind != CXType_Pointer)
		return 0;
	k = clang_getCanonicalType(clang_getPointeeType(t)).kind;
	return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar || k == CXType_UChar;
}

static int func_from_attrs(CXCursor decl, struct inj_func *f)
{
	struct dv_decl_attr attrs[12];
	unsigned n = dv_decl_attrs(decl, attrs, 12), i;
	int found = 0, nparams = clang_Cursor_getNumArguments(decl);
	memset(f, 0, sizeof(*f));
	f->src_args_from = f->src_scanf_fmt = -1;
	f->to_arg = f->also_to = f->format_arg = f->valid_arg = f->safe_flags_arg = -1;
	for (i = 0; i < n; i++) {
		const struct dv_decl_attr *a = &attrs[i];
		int p;
		if (!strcmp(a->name, "format") && a->n_args >= 1 && is_printf_archetype(a->args[0]) &&
		    (p = format_param(decl, a)) >= 0 && p < 32) {
			f->sink_args[INJ_FORMAT] |= 1u << p;
			if (returns_char_pointer(decl)) {
				/* xasprintf(fmt, ...): the result is the formatted text */
				f->prop = 1;
				f->to = INJ_TO_RETURN;
				f->format_arg = p;
			}
			found = 1;
		} else if (!strcmp(a->name, "format_arg") && !f->prop &&
			   (p = dv_attr_arg_number(a, 0, 1, nparams)) >= 1 && p <= 32) {
			/* gettext-like: the result is the format argument translated */
			f->prop = 1;
			f->to = INJ_TO_RETURN;
			f->from_args = 1u << (p - 1);
			found = 1;
		}
	}
	return found;
}

/* The project index: parameters of a function defined in another file
 * that reach a sink there (a format wrapper, a query helper), and the
 * untrusted data it hands out (a reader returning what it got from a
 * file or the network, or writing it through a pointer parameter). */
static int sinks_from_index(const struct dv_exports *imports, const char *name, struct inj_func *f)
{
	size_t n, i;
	const struct dv_export *e = dv_exports_find(imports, name, "injection", &n);
	int found = 0, r;
	for (i = 0; i < n; i++)
		if (e[i].kind == DV_EXPORT_SINK && e[i].rule && e[i].param >= 0 && e[i].param < 32 &&
		    (r = inj_rule_index(e[i].rule)) >= 0) {
			f->sink_args[r] |= 1u << e[i].param;
			f->exact_sinks = 1;
			found = 1;
		} else if (e[i].kind == DV_EXPORT_TAINTS && e[i].op == (int)INJ_ALL_RULES &&
			   e[i].param >= -1 && e[i].param < 32) {
			if (e[i].param < 0)
				f->src_return = 1;
			else
				f->src_args |= 1u << e[i].param;
			found = 1;
		}
	return found;
}

/* The fact keys (front/cxx.h) of what the call may run, "\n"-joined,
 * or NULL; *exact as dv_callgraph_targets says. */
static char *target_keys(struct inj_ctx *ctx, CXCursor call, int *exact)
{
	struct dv_call_targets tg;
	struct strbuf sb;
	unsigned t;
	dv_callgraph_targets(ctx->cg, call, &tg);
	*exact = tg.exact;
	strbuf_init(&sb);
	for (t = 0; t < tg.n; t++) {
		char *k = dv_cxx_fact_key(tg.decl[t]);
		if (!k)
			continue;
		if (sb.len)
			strbuf_addch(&sb, '\n');
		strbuf_addstr(&sb, k);
		free(k);
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

const struct inj_func *inj_attr_api(struct inj_ctx *ctx, CXCursor call, const char *name)
{
	CXCursor decl;
	struct inj_attr_func *e;
	enum CXCursorKind k;
	char *keys, *one, *save = NULL;
	int exact;
	size_t i;
	if (!name)
		return NULL;
	decl = dv_ast_callee_decl(call);
	k = clang_getCursorKind(decl);
	/* a function the TU defines is known by its summary, which sees more */
	if (clang_Cursor_isNull(decl) || (k != CXCursor_FunctionDecl && k != CXCursor_CXXMethod) ||
	    dv_callgraph_callee(ctx->cg, call) >= 0)
		return NULL;
	if (!(keys = target_keys(ctx, call, &exact)))
		return NULL;
	for (i = 0; i < ctx->n_attr_funcs; i++)
		if (!strcmp(ctx->attr_funcs[i]->key, keys)) {
			free(keys);
			return ctx->attr_funcs[i]->found ? &ctx->attr_funcs[i]->f : NULL;
		}
	e = xcalloc(1, sizeof(*e));
	e->name = xstrdup(name);
	e->key = keys;
	e->found = func_from_attrs(decl, &e->f);
	/* a sink in any function the call may run is reached; data handed
	 * out only by the one it certainly runs */
	keys = xstrdup(e->key);
	for (one = strtok_r(keys, "\n", &save); one; one = strtok_r(NULL, "\n", &save)) {
		struct inj_func g;
		memset(&g, 0, sizeof(g));
		if (!sinks_from_index(ctx->tu->imports, one, &g))
			continue;
		for (i = 0; i < INJ_NRULES; i++)
			e->f.sink_args[i] |= g.sink_args[i];
		e->f.exact_sinks |= g.exact_sinks;
		if (exact) {
			e->f.src_return |= g.src_return;
			e->f.src_args |= g.src_args;
		}
		e->found = 1;
	}
	free(keys);
	e->f.name = e->name;
	DV_GROW(ctx->attr_funcs, ctx->n_attr_funcs + 1, ctx->attr_funcs_alloc);
	ctx->attr_funcs[ctx->n_attr_funcs++] = e;
	return e->found ? &e->f : NULL;
}

void inj_attr_funcs_release(struct inj_ctx *ctx)
{
	size_t i;
	for (i = 0; i < ctx->n_attr_funcs; i++) {
		free(ctx->attr_funcs[i]->name);
		free(ctx->attr_funcs[i]->key);
		free(ctx->attr_funcs[i]);
	}
	free(ctx->attr_funcs);
	ctx->attr_funcs = NULL;
	ctx->n_attr_funcs = ctx->attr_funcs_alloc = 0;
}

/* ---- printf / scanf formats ------------------------------------------- */

unsigned inj_format_walk(const char *fmt, int scanf_mode,
			 void (*fn)(void *ctx, unsigned arg_offset, char conv, const char *spec),
			 void *ctx)
{
	unsigned arg = 0;
	const char *p = fmt;

	while (*p) {
		int suppress = 0;
		const char *spec = p;
		if (*p++ != '%')
			continue;
		if (*p == '%') {
			p++;
			continue;
		}
		/* positional "%1$s" arguments: rare in the code we check; stop
		 * mapping (callers then treat every argument as used) */
		{
			const char *q = p;
			while (*q >= '0' && *q <= '9')
				q++;
			if (q != p && *q == '$')
				return (unsigned)-1;
		}
		if (scanf_mode && *p == '*') {
			suppress = 1;
			p++;
		}
		/* flags, width, precision, length modifiers */
		while (*p && strchr("-+ #0'123456789.*hlLqjztI", *p)) {
			if (*p == '*' && !scanf_mode)
				fn(ctx, arg++, '*', spec);
			/* 'q' is a length modifier in glibc but the sqlite
			 * escape conversion when last: it ends the spec */
			if (*p == 'q' && (!p[1] || !strchr("diouxXn", p[1])))
				break;
			p++;
		}
		if (!*p)
			break;
		if (scanf_mode && *p == '[') {
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p++;
			if (!suppress)
				fn(ctx, arg++, '[', spec);
			if (*p)
				p++;
			continue;
		}
		if (!suppress)
			fn(ctx, arg++, *p, spec);
		p++;
	}
	return arg;
}
