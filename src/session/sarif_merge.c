/*
 * `diffvet merge`: shard outputs (SARIF) into one run (session.h
 * dv_sarif_merge).  Rules are deduplicated by id and every result's
 * ruleIndex points into the merged list; results are all kept, most
 * severe first, up to GitHub code scanning's 25,000 per run, with a
 * notification when some were dropped; notifications are concatenated;
 * the review gate's verdict is the strongest of the inputs, with every
 * input's reasons.
 */
#include "diffvet/session.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gate/gate.h"
#include "util/atomic_file.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAX_RESULTS 25000

static cJSON *read_sarif(const char *path, struct dv_error *err)
{
	FILE *in = fopen(path, "rb");
	struct strbuf sb;
	char chunk[65536];
	size_t n;
	cJSON *doc;

	if (!in) {
		dv_error_set(err, DV_ERR_IO, "'%s': cannot read: %s", path, strerror(errno));
		return NULL;
	}
	strbuf_init(&sb);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		strbuf_add(&sb, chunk, n);
	fclose(in);
	doc = cJSON_ParseWithLength(sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	if (!doc || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "runs"))) {
		cJSON_Delete(doc);
		dv_error_set(err, DV_ERR_INPUT, "'%s': not a SARIF log (no \"runs\" array)", path);
		return NULL;
	}
	return doc;
}

static cJSON *child(cJSON *obj, const char *name, int array)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, name);

	if (!c)
		c = array ? cJSON_AddArrayToObject(obj, name) : cJSON_AddObjectToObject(obj, name);
	return c;
}

static cJSON *driver_rules(cJSON *run)
{
	return child(child(child(run, "tool", 0), "driver", 0), "rules", 1);
}

static int rule_index(cJSON *rules, const char *id)
{
	cJSON *r;
	int i = 0;

	cJSON_ArrayForEach(r, rules)
	{
		const char *rid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "id"));
		if (rid && strcmp(rid, id) == 0)
			return i;
		i++;
	}
	return -1;
}

static cJSON *notifications(cJSON *run)
{
	cJSON *inv = child(run, "invocations", 1);

	if (!cJSON_GetArrayItem(inv, 0))
		cJSON_AddItemToArray(inv, cJSON_CreateObject());
	return child(cJSON_GetArrayItem(inv, 0), "toolExecutionNotifications", 1);
}

/* The strongest verdict, every reason. */
static void merge_verdict(cJSON *into_run, cJSON *run)
{
	cJSON *props = cJSON_GetObjectItemCaseSensitive(run, "properties");
	cJSON *v = cJSON_GetObjectItemCaseSensitive(props, "diffvet/verdict"), *mine, *r;
	enum dv_verdict a, b;

	if (!v)
		return;
	mine = cJSON_GetObjectItemCaseSensitive(child(into_run, "properties", 0), "diffvet/verdict");
	if (!mine) {
		cJSON_AddItemToObject(child(into_run, "properties", 0), "diffvet/verdict",
				      cJSON_Duplicate(v, 1));
		return;
	}
	if (dv_verdict_parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "verdict"))
				     ?: "",
			     &b) == 0 &&
	    (dv_verdict_parse(cJSON_GetStringValue(
				      cJSON_GetObjectItemCaseSensitive(mine, "verdict")) ?: "",
			      &a) != 0 ||
	     b > a))
		cJSON_ReplaceItemInObjectCaseSensitive(mine, "verdict",
						       cJSON_CreateString(dv_verdict_name(b)));
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(v, "reasons"))
	{
		cJSON_AddItemToArray(child(mine, "reasons", 1), cJSON_Duplicate(r, 1));
	}
}

/* Moves run's rules and results into `into`, renumbering ruleIndex. */
static void merge_run(cJSON *into, cJSON *run)
{
	cJSON *rules = driver_rules(into), *r, *res;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(
				      cJSON_GetObjectItemCaseSensitive(
					      cJSON_GetObjectItemCaseSensitive(run, "tool"), "driver"),
				      "rules"))
	{
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "id"));
		if (id && rule_index(rules, id) < 0)
			cJSON_AddItemToArray(rules, cJSON_Duplicate(r, 1));
	}
	cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(run, "results"))
	{
		cJSON *copy = cJSON_Duplicate(res, 1);
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(copy, "ruleId"));
		int idx = id ? rule_index(rules, id) : -1;

		cJSON_DeleteItemFromObjectCaseSensitive(copy, "ruleIndex");
		if (idx >= 0)
			cJSON_AddNumberToObject(copy, "ruleIndex", idx);
		cJSON_AddItemToArray(child(into, "results", 1), copy);
	}
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(
				      cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(run,
											  "invocations"),
							 0),
				      "toolExecutionNotifications"))
	{
		cJSON_AddItemToArray(notifications(into), cJSON_Duplicate(r, 1));
	}
	merge_verdict(into, run);
}

struct ranked {
	cJSON *item;
	int rank;
	size_t order;
};

static int level_rank(const cJSON *res)
{
	const char *l = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "level"));

	if (!l || strcmp(l, "warning") == 0) /* SARIF's default level is warning */
		return 1;
	return strcmp(l, "error") == 0 ? 0 : strcmp(l, "note") == 0 ? 2 : 3;
}

static int compare_ranked(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	if (a->rank != b->rank)
		return a->rank - b->rank;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Most severe first (stable), at most MAX_RESULTS. */
static void rank_and_cap(cJSON *run)
{
	cJSON *results = child(run, "results", 1), *fresh;
	size_t n = (size_t)cJSON_GetArraySize(results), i;
	struct ranked *all = xcalloc(n + 1, sizeof(*all));

	for (i = 0; i < n; i++) {
		all[i].item = cJSON_DetachItemFromArray(results, 0);
		all[i].rank = level_rank(all[i].item);
		all[i].order = i;
	}
	qsort(all, n, sizeof(*all), compare_ranked);
	fresh = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		if (i < MAX_RESULTS)
			cJSON_AddItemToArray(fresh, all[i].item);
		else
			cJSON_Delete(all[i].item);
	}
	cJSON_ReplaceItemInObjectCaseSensitive(run, "results", fresh);
	if (n > MAX_RESULTS) {
		cJSON *note = cJSON_CreateObject();
		char *text = xasprintf("%zu results dropped: GitHub code scanning accepts at most "
				       "%d results per run; the most severe were kept",
				       n - MAX_RESULTS, MAX_RESULTS);
		cJSON_AddStringToObject(note, "level", "warning");
		cJSON_AddStringToObject(child(note, "message", 0), "text", text);
		cJSON_AddItemToArray(notifications(run), note);
		free(text);
	}
	free(all);
}

/* Atomically (util/atomic_file.h: a device or a fifo is written in place). */
static int write_output(const char *path, const char *text, struct dv_error *err)
{
	struct dv_atomic_file af;

	if (dv_atomic_open(&af, path) != 0)
		return dv_error_set(err, DV_ERR_IO, "'%s': cannot write: %s", path, strerror(errno));
	fputs(text, af.fp);
	fputc('\n', af.fp);
	if (dv_atomic_commit(&af) != 0)
		return dv_error_set(err, DV_ERR_IO, "'%s': write failed: %s", path, strerror(errno));
	return 0;
}

int dv_sarif_merge(const char *const *inputs, size_t n, const char *output,
		   struct dv_error *err)
{
	cJSON *out = NULL, *into, *run;
	char *text = NULL;
	size_t i;
	int rc = 0;

	if (!n)
		return dv_error_set(err, DV_ERR_USAGE, "no SARIF file to merge");
	for (i = 0; i < n; i++) {
		cJSON *doc = read_sarif(inputs[i], err);
		int first = 1;

		if (!doc) {
			rc = err->code;
			goto cleanup;
		}
		if (!out) {
			out = doc;
			into = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(out, "runs"), 0);
			if (!into) {
				rc = dv_error_set(err, DV_ERR_INPUT, "'%s': a SARIF log with no run",
						  inputs[i]);
				goto cleanup;
			}
			/* the first run is the skeleton; later runs of the same file merge in */
			cJSON_ArrayForEach(run, cJSON_GetObjectItemCaseSensitive(out, "runs"))
			{
				if (!first)
					merge_run(into, run);
				first = 0;
			}
			while (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(out, "runs")) > 1)
				cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(out, "runs"),
							  1);
			continue;
		}
		cJSON_ArrayForEach(run, cJSON_GetObjectItemCaseSensitive(doc, "runs"))
		{
			merge_run(into, run);
		}
		cJSON_Delete(doc);
	}
	rank_and_cap(into);
	text = cJSON_Print(out);
	if (!text) {
		rc = dv_error_set(err, DV_ERR_INTERNAL, "out of memory writing the merged SARIF");
		goto cleanup;
	}
	rc = write_output(output, text, err);
cleanup:
	free(text);
	cJSON_Delete(out);
	return rc;
}
