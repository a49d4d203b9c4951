/*
 * The result cache's serialisation and context hashes (result_cache.h).
 *
 * An entry's results are JSON (cJSON).  Decoding is strict: every field
 * has the type and range the writer gives it, and anything else makes
 * the whole entry a miss; results are built aside and moved into the
 * work item only once all of it decoded.
 */
#include "session/result_cache.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"
#include "util/xalloc.h"

/* ---- encode ------------------------------------------------------------ */

static void add_str_or_null(cJSON *arr, const char *s)
{
	cJSON_AddItemToArray(arr, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

static void add_num(cJSON *arr, double v)
{
	cJSON_AddItemToArray(arr, cJSON_CreateNumber(v));
}

static cJSON *encode_loc(const struct dv_location *l)
{
	cJSON *a = cJSON_CreateArray();

	add_str_or_null(a, l->path);
	add_num(a, l->line);
	add_num(a, l->col);
	add_num(a, l->end_line);
	add_num(a, l->end_col);
	add_str_or_null(a, l->message);
	return a;
}

static cJSON *encode_locs(const struct dv_location *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, encode_loc(&v[i]));
	return a;
}

static cJSON *encode_finding(const struct dv_finding *f)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "rule", f->rule_id ? cJSON_CreateString(f->rule_id)
						    : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "level", f->level);
	cJSON_AddItemToObject(o, "message", f->message ? cJSON_CreateString(f->message)
						       : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "primary", encode_loc(&f->primary));
	cJSON_AddItemToObject(o, "related", encode_locs(f->related, f->n_related));
	cJSON_AddItemToObject(o, "flow", encode_locs(f->flow, f->n_flow));
	cJSON_AddItemToObject(o, "function", f->function ? cJSON_CreateString(f->function)
							 : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "fpx", f->fingerprint_extra
						? cJSON_CreateString(f->fingerprint_extra)
						: cJSON_CreateNull());
	return o;
}

cJSON *dv_rcache_encode_results(const struct work_item *it)
{
	cJSON *o = cJSON_CreateObject(), *a;
	size_t i;

	if (!o)
		return NULL;
	cJSON_AddBoolToObject(o, "parsed", it->parsed);
	a = cJSON_AddArrayToObject(o, "findings");
	for (i = 0; a && i < it->findings.count; i++)
		cJSON_AddItemToArray(a, encode_finding(&it->findings.items[i]));
	a = cJSON_AddArrayToObject(o, "notes");
	for (i = 0; a && i < it->notes.count; i++) {
		const struct dv_notification *n = &it->notes.items[i];
		cJSON *e = cJSON_CreateArray();

		add_num(e, n->level);
		add_str_or_null(e, n->message);
		add_str_or_null(e, n->path);
		add_num(e, n->line);
		add_num(e, n->col);
		cJSON_AddItemToArray(a, e);
	}
	a = cJSON_AddArrayToObject(o, "coverage");
	for (i = 0; a && i < it->coverage.n_gaps; i++) {
		const struct dv_coverage_gap *g = &it->coverage.gaps[i];
		cJSON *e = cJSON_CreateArray();

		add_str_or_null(e, g->path);
		add_num(e, g->first_line);
		add_num(e, g->last_line);
		add_str_or_null(e, g->function);
		add_str_or_null(e, g->checker);
		add_str_or_null(e, g->reason);
		add_num(e, g->state);
		add_num(e, g->changed_lines);
		cJSON_AddItemToArray(a, e);
	}
	a = cJSON_AddArrayToObject(o, "funcs");
	for (i = 0; a && i < it->n_funcs; i++) {
		cJSON *e = cJSON_CreateArray();

		add_num(e, it->funcs[i].first);
		add_num(e, it->funcs[i].last);
		cJSON_AddItemToArray(a, e);
	}
	return o;
}

/* ---- decode ------------------------------------------------------------ */

/* An unsigned int stored as a JSON number: integral, in range. */
static int get_uint(const cJSON *j, unsigned *out)
{
	double d;

	if (!cJSON_IsNumber(j))
		return -1;
	d = j->valuedouble;
	if (!(d >= 0 && d <= (double)UINT_MAX) || d != (double)(unsigned)d)
		return -1;
	*out = (unsigned)d;
	return 0;
}

/* A string (copied into *out) or, when nullable, null (*out = NULL). */
static int get_str(const cJSON *j, int nullable, char **out)
{
	if (nullable && cJSON_IsNull(j)) {
		*out = NULL;
		return 0;
	}
	if (!cJSON_IsString(j) || !j->valuestring)
		return -1;
	*out = xstrdup(j->valuestring);
	return 0;
}

static int decode_loc(const cJSON *a, struct dv_location *l)
{
	memset(l, 0, sizeof(*l));
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != 6)
		return -1;
	if (get_str(cJSON_GetArrayItem(a, 0), 0, &l->path) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 1), &l->line) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 2), &l->col) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 3), &l->end_line) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 4), &l->end_col) != 0 ||
	    get_str(cJSON_GetArrayItem(a, 5), 1, &l->message) != 0)
		return -1;
	return 0;
}

static int decode_locs(const cJSON *a, struct dv_location **v, size_t *n)
{
	const cJSON *e;
	size_t i = 0, count;

	if (!cJSON_IsArray(a))
		return -1;
	count = (size_t)cJSON_GetArraySize(a);
	if (!count)
		return 0;
	*v = xcalloc(count, sizeof(**v));
	*n = count;
	cJSON_ArrayForEach(e, a)
		if (decode_loc(e, &(*v)[i++]) != 0)
			return -1;
	return 0;
}

static int get_level(const cJSON *j, enum dv_level *out)
{
	unsigned v;

	if (get_uint(j, &v) != 0 || v > DV_LEVEL_ERROR)
		return -1;
	*out = (enum dv_level)v;
	return 0;
}

static int decode_finding(const cJSON *o, struct dv_finding *f)
{
	if (!cJSON_IsObject(o))
		return -1;
	if (get_str(cJSON_GetObjectItemCaseSensitive(o, "rule"), 0, &f->rule_id) != 0 ||
	    get_level(cJSON_GetObjectItemCaseSensitive(o, "level"), &f->level) != 0 ||
	    get_str(cJSON_GetObjectItemCaseSensitive(o, "message"), 1, &f->message) != 0 ||
	    decode_loc(cJSON_GetObjectItemCaseSensitive(o, "primary"), &f->primary) != 0 ||
	    decode_locs(cJSON_GetObjectItemCaseSensitive(o, "related"), &f->related,
			&f->n_related) != 0 ||
	    decode_locs(cJSON_GetObjectItemCaseSensitive(o, "flow"), &f->flow, &f->n_flow) != 0 ||
	    get_str(cJSON_GetObjectItemCaseSensitive(o, "function"), 1, &f->function) != 0 ||
	    get_str(cJSON_GetObjectItemCaseSensitive(o, "fpx"), 1, &f->fingerprint_extra) != 0)
		return -1;
	return 0;
}

static int decode_note(const cJSON *a, struct dv_notification *n)
{
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != 5)
		return -1;
	if (get_level(cJSON_GetArrayItem(a, 0), &n->level) != 0 ||
	    get_str(cJSON_GetArrayItem(a, 1), 0, &n->message) != 0 ||
	    get_str(cJSON_GetArrayItem(a, 2), 1, &n->path) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 3), &n->line) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 4), &n->col) != 0)
		return -1;
	return 0;
}

static int decode_gap(const cJSON *a, struct dv_coverage_gap *g)
{
	unsigned state;

	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != 8)
		return -1;
	if (get_str(cJSON_GetArrayItem(a, 0), 0, &g->path) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 1), &g->first_line) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 2), &g->last_line) != 0 ||
	    get_str(cJSON_GetArrayItem(a, 3), 1, &g->function) != 0 ||
	    get_str(cJSON_GetArrayItem(a, 4), 1, &g->checker) != 0 ||
	    get_str(cJSON_GetArrayItem(a, 5), 0, &g->reason) != 0 ||
	    get_uint(cJSON_GetArrayItem(a, 6), &state) != 0 || state > DV_COV_NOT_ANALYSED ||
	    get_uint(cJSON_GetArrayItem(a, 7), &g->changed_lines) != 0)
		return -1;
	g->state = (enum dv_cov_state)state;
	return 0;
}

static void release_gaps(struct dv_coverage_gap *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].function);
		free(v[i].checker);
		free(v[i].reason);
	}
	free(v);
}

int dv_rcache_decode_results(const cJSON *j, struct work_item *it)
{
	const cJSON *parsed, *fa, *na, *ca, *sa, *e;
	struct dv_findings findings;
	struct dv_notifications notes;
	struct dv_coverage_gap *gaps = NULL;
	struct line_span *funcs = NULL;
	size_t n_gaps = 0, n_funcs = 0, i;
	int ok = 0;

	dv_findings_init(&findings);
	memset(&notes, 0, sizeof(notes));
	if (!cJSON_IsObject(j))
		return -1;
	parsed = cJSON_GetObjectItemCaseSensitive(j, "parsed");
	fa = cJSON_GetObjectItemCaseSensitive(j, "findings");
	na = cJSON_GetObjectItemCaseSensitive(j, "notes");
	ca = cJSON_GetObjectItemCaseSensitive(j, "coverage");
	sa = cJSON_GetObjectItemCaseSensitive(j, "funcs");
	if (!cJSON_IsBool(parsed) || !cJSON_IsArray(fa) || !cJSON_IsArray(na) ||
	    !cJSON_IsArray(ca) || !cJSON_IsArray(sa))
		return -1;
	cJSON_ArrayForEach(e, fa)
		if (decode_finding(e, dv_findings_push(&findings)) != 0)
			goto cleanup;
	cJSON_ArrayForEach(e, na) {
		DV_GROW(notes.items, notes.count + 1, notes.alloc);
		memset(&notes.items[notes.count], 0, sizeof(notes.items[0]));
		if (decode_note(e, &notes.items[notes.count++]) != 0)
			goto cleanup;
	}
	n_gaps = (size_t)cJSON_GetArraySize(ca);
	gaps = xcalloc(n_gaps + 1, sizeof(*gaps));
	i = 0;
	cJSON_ArrayForEach(e, ca)
		if (decode_gap(e, &gaps[i++]) != 0)
			goto cleanup;
	n_funcs = (size_t)cJSON_GetArraySize(sa);
	funcs = n_funcs ? xcalloc(n_funcs, sizeof(*funcs)) : NULL;
	i = 0;
	cJSON_ArrayForEach(e, sa) {
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2 ||
		    get_uint(cJSON_GetArrayItem(e, 0), &funcs[i].first) != 0 ||
		    get_uint(cJSON_GetArrayItem(e, 1), &funcs[i].last) != 0)
			goto cleanup;
		i++;
	}
	/* all of it decoded: hand it over */
	it->parsed = cJSON_IsTrue(parsed);
	dv_findings_move(&it->findings, &findings);
	for (i = 0; i < notes.count; i++) {
		DV_GROW(it->notes.items, it->notes.count + 1, it->notes.alloc);
		it->notes.items[it->notes.count++] = notes.items[i];
	}
	notes.count = 0;
	for (i = 0; i < n_gaps; i++) {
		DV_GROW(it->coverage.gaps, it->coverage.n_gaps + 1, it->coverage.gaps_alloc);
		it->coverage.gaps[it->coverage.n_gaps++] = gaps[i];
	}
	free(gaps);
	gaps = NULL;
	n_gaps = 0;
	free(it->funcs);
	it->funcs = funcs;
	it->n_funcs = n_funcs;
	funcs = NULL;
	ok = 1;
cleanup:
	dv_findings_release(&findings);
	dv_notifications_release(&notes);
	release_gaps(gaps, n_gaps);
	free(funcs);
	return ok ? 0 : -1;
}

/* ---- context hashes ---------------------------------------------------- */

/* A field with its length, so that no two field lists hash alike. */
static void put(struct dv_sha256 *h, const char *s)
{
	unsigned long long n = s ? strlen(s) : ~0ull;

	dv_sha256_update(h, &n, sizeof(n));
	if (s)
		dv_sha256_update(h, s, strlen(s));
}

static void put_num(struct dv_sha256 *h, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.17g", v);
	put(h, buf);
}

static void put_strs(struct dv_sha256 *h, char *const *v, size_t n)
{
	size_t i;

	put_num(h, (double)n);
	for (i = 0; i < n; i++)
		put(h, v[i]);
}

/* Everything the rule set holds: a rule disabled, a level, an API entry,
 * an ignored path or a gate option changed is another context. */
void dv_rcache_hash_rules(const struct dv_ruleset *rs, char out[65])
{
	struct dv_sha256 h;
	size_t i, k;

	dv_sha256_init(&h);
	put(&h, "rules");
	if (rs) {
		char *api = rs->api ? cJSON_PrintUnformatted(rs->api) : NULL;

		put_num(&h, (double)rs->n_rules);
		for (i = 0; i < rs->n_rules; i++) {
			const struct dv_rule *r = &rs->rules[i];

			put(&h, r->id);
			put(&h, r->family);
			put(&h, r->name);
			put(&h, r->short_desc);
			put(&h, r->full_desc);
			put(&h, r->help);
			put(&h, r->precision);
			put(&h, r->source);
			put_num(&h, (double)r->n_cwe);
			for (k = 0; k < r->n_cwe; k++)
				put_num(&h, r->cwe[k]);
			put_strs(&h, r->tags, r->n_tags);
			put_num(&h, r->default_level);
			put_num(&h, r->level);
			put_num(&h, r->security_severity);
			put_num(&h, r->enabled);
			put_num(&h, r->gate);
		}
		put(&h, api ? api : "");
		free(api);
		put_strs(&h, rs->ignore_paths, rs->n_ignore_paths);
		put_strs(&h, rs->critical_paths, rs->n_critical_paths);
		put_strs(&h, rs->rule_files, rs->n_rule_files);
		put(&h, rs->config_path);
		put_num(&h, rs->gate.critical_severity);
		put_num(&h, rs->gate.error_verdict);
		put_num(&h, rs->gate.warning_verdict);
		put_num(&h, rs->gate.max_changed_lines);
		put_num(&h, rs->gate.large_change_verdict);
	}
	dv_sha256_hex(&h, out);
}

/* The facts the run imported from the index (--index), in their order
 * (sorted by the import). */
void dv_rcache_hash_imports(const struct dv_exports *x, char out[65])
{
	struct dv_sha256 h;
	size_t i;

	dv_sha256_init(&h);
	put(&h, x ? "imports" : "no imports");
	for (i = 0; x && i < x->n; i++) {
		const struct dv_export *e = &x->items[i];

		put(&h, e->function);
		put(&h, e->family);
		put_num(&h, e->kind);
		put_num(&h, e->param);
		put(&h, e->rule);
		put(&h, e->what);
		put_num(&h, e->param2);
		put_num(&h, e->op);
		put_num(&h, e->depth);
		put_num(&h, e->line);
		put(&h, e->file);
	}
	dv_sha256_hex(&h, out);
}
