/*
 * GitLab SAST report (gl-sast-report.json, security report schema 15.0.x),
 * so that merge requests show diffvet's findings in GitLab's security
 * widget.  A CI job declares the file as `artifacts:reports:sast`.
 *
 * Fields written, and only these (tests/cli/gitlab_report.sh checks the
 * output against this list and the schema's required fields and types):
 *
 *   {"version": "15.0.7",
 *    "scan": {"analyzer": TOOL, "scanner": TOOL, "type": "sast",
 *             "start_time": "YYYY-MM-DDTHH:MM:SS", "end_time": same,
 *             "status": "success" | "failure",
 *             "messages": [{"level": "info" | "warning" | "fatal", "value": "..."}]},
 *    "vulnerabilities": [{
 *        "id": UUID-shaped, stable for the same finding,
 *        "name": the rule's short description (<= 255 bytes),
 *        "description": the finding's message and its flow steps,
 *        "severity": "Critical" | "High" | "Medium" | "Low" | "Info",
 *        "solution": the rule's help as plain text (<= 7000 bytes),
 *        "identifiers": [{"type": "diffvet_rule_id", "name", "value", "url"},
 *                        {"type": "cwe", "name": "CWE-78", "value": "78", "url"}],
 *        "links": [{"name", "url"}],
 *        "location": {"file", "start_line", "end_line", "method"?}}]}
 *   TOOL = {"id": "diffvet", "name": "diffvet", "version", "vendor": {"name": "diffvet"}}
 *
 * Choices: severity follows the rule's security-severity the way GitHub
 * ranks it (>= 9 Critical, >= 7 High, >= 4 Medium, > 0 Low), falling back
 * on the level; suppressed findings are left out unless the change itself
 * added the suppression (the gate still counts those); what was not
 * analysed and the gate's verdict become scan messages, since GitLab shows
 * them with the scan; times are the time of writing (the run keeps none).
 */
#include "report/report.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report/escape.h"
#include "util/strbuf.h"

#define GITLAB_SCHEMA_VERSION "15.0.7"
#define GITLAB_NAME_MAX 255
#define GITLAB_SOLUTION_MAX 7000

/* Adds `s` as valid UTF-8, cut to at most `max` bytes (0 = no limit)
 * without splitting a character. */
static void add_text(cJSON *obj, const char *key, const char *s, size_t max)
{
	struct strbuf sb;

	strbuf_init(&sb);
	dv_utf8_append_valid(&sb, s ? s : "");
	if (max && sb.len > max) {
		size_t cut = max;

		while (cut > 0 && ((unsigned char)sb.buf[cut] & 0xC0) == 0x80)
			cut--;
		sb.buf[cut] = '\0';
		sb.len = cut;
	}
	cJSON_AddStringToObject(obj, key, sb.buf);
	strbuf_release(&sb);
}

static cJSON *tool_object(void)
{
	cJSON *t = cJSON_CreateObject();

	cJSON_AddStringToObject(t, "id", "diffvet");
	cJSON_AddStringToObject(t, "name", "diffvet");
	cJSON_AddStringToObject(t, "version", DIFFVET_VERSION);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(t, "vendor"), "name", "diffvet");
	return t;
}

static const char *severity(const struct dv_rule *r, enum dv_level level)
{
	if (r && r->security_severity > 0.0) {
		if (r->security_severity >= 9.0)
			return "Critical";
		if (r->security_severity >= 7.0)
			return "High";
		if (r->security_severity >= 4.0)
			return "Medium";
		return "Low";
	}
	switch (level) {
	case DV_LEVEL_ERROR:
		return "High";
	case DV_LEVEL_WARNING:
		return "Medium";
	case DV_LEVEL_NOTE:
		return "Low";
	default:
		return "Info";
	}
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* A UUID-shaped id (version 4 and variant bits set, so strict consumers
 * accept it) derived from the fingerprint and position: the same finding
 * keeps its id across runs, two findings never share one. */
static void add_id(cJSON *obj, const struct dv_finding *f)
{
	char pos[64], text[40];
	uint64_t a = 14695981039346656037ULL, b = 1469598103934665603ULL;

	snprintf(pos, sizeof(pos), ":%u:%u:", f->primary.line, f->primary.col);
	a = fnv1a(fnv1a(fnv1a(fnv1a(a, f->rule_id), f->fingerprint), pos), f->primary.path);
	b = fnv1a(fnv1a(fnv1a(fnv1a(b, f->primary.path), pos), f->fingerprint), f->rule_id);
	a = (a & ~0xF000ULL) | 0x4000ULL;                           /* version 4 */
	b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  /* variant 1 */
	snprintf(text, sizeof(text), "%08x-%04x-%04x-%04x-%012llx", (unsigned)(a >> 32),
		 (unsigned)((a >> 16) & 0xFFFF), (unsigned)(a & 0xFFFF), (unsigned)(b >> 48),
		 (unsigned long long)(b & 0xFFFFFFFFFFFFULL));
	cJSON_AddStringToObject(obj, "id", text);
}

static cJSON *identifier(const char *type, const char *name, const char *value, const char *url)
{
	cJSON *id = cJSON_CreateObject();

	add_text(id, "type", type, 0);
	add_text(id, "name", name, 0);
	add_text(id, "value", value, 0);
	if (url)
		add_text(id, "url", url, 0);
	return id;
}

static cJSON *vulnerability(const struct dv_finding *f, const struct dv_rule *r)
{
	cJSON *v = cJSON_CreateObject(), *ids, *links, *loc, *link;
	struct strbuf sb, uri;
	char name[64], value[32], cwe_uri[96];
	unsigned line;
	size_t i;

	strbuf_init(&sb);
	strbuf_init(&uri);
	dv_rule_help_uri(&uri, f->rule_id);
	add_id(v, f);
	add_text(v, "name", r && r->short_desc ? r->short_desc : f->rule_id, GITLAB_NAME_MAX);
	strbuf_addstr(&sb, f->message ? f->message : f->rule_id);
	if (f->suppressed_in_change)
		strbuf_addstr(&sb, " (suppressed by a comment this change adds; still counted)");
	for (i = 0; i < f->n_flow; i++)
		strbuf_addf(&sb, "\n- %s:%u: %s", f->flow[i].path, f->flow[i].line,
			    f->flow[i].message ? f->flow[i].message : "");
	for (i = 0; i < f->n_related; i++)
		strbuf_addf(&sb, "\n- %s:%u: %s", f->related[i].path, f->related[i].line,
			    f->related[i].message ? f->related[i].message : "");
	add_text(v, "description", sb.buf, 0);
	cJSON_AddStringToObject(v, "severity", severity(r, f->level));
	if (r && (r->help_text || r->full_desc))
		add_text(v, "solution", r->help_text ? r->help_text : r->full_desc,
			 GITLAB_SOLUTION_MAX);

	ids = cJSON_AddArrayToObject(v, "identifiers");
	strbuf_reset(&sb);
	strbuf_addf(&sb, "diffvet %s", f->rule_id);
	cJSON_AddItemToArray(ids, identifier("diffvet_rule_id", sb.buf, f->rule_id, uri.buf));
	for (i = 0; r && i < r->n_cwe; i++) {
		snprintf(name, sizeof(name), "CWE-%d", r->cwe[i]);
		snprintf(value, sizeof(value), "%d", r->cwe[i]);
		snprintf(cwe_uri, sizeof(cwe_uri), "https://cwe.mitre.org/data/definitions/%d.html",
			 r->cwe[i]);
		cJSON_AddItemToArray(ids, identifier("cwe", name, value, cwe_uri));
	}
	links = cJSON_AddArrayToObject(v, "links");
	link = cJSON_CreateObject();
	add_text(link, "name", "diffvet rule reference", 0);
	add_text(link, "url", uri.buf, 0);
	cJSON_AddItemToArray(links, link);

	loc = cJSON_AddObjectToObject(v, "location");
	add_text(loc, "file", f->primary.path, 0);
	/* the schema wants lines from 1; a whole-file finding has line 0 */
	line = f->primary.line ? f->primary.line : 1;
	cJSON_AddNumberToObject(loc, "start_line", line);
	cJSON_AddNumberToObject(loc, "end_line",
				f->primary.end_line >= line ? f->primary.end_line : line);
	if (f->function)
		add_text(loc, "method", f->function, 0);
	strbuf_release(&sb);
	strbuf_release(&uri);
	return v;
}

static void add_message(cJSON *arr, const char *level, const char *text)
{
	cJSON *m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "level", level);
	add_text(m, "value", text, 0);
	cJSON_AddItemToArray(arr, m);
}

static void add_scan_messages(cJSON *arr, const struct dv_report_input *in)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	for (i = 0; in->notes && i < in->notes->count; i++) {
		const struct dv_notification *n = &in->notes->items[i];

		strbuf_reset(&sb);
		if (n->path)
			strbuf_addf(&sb, "%s:%u: ", n->path, n->line);
		strbuf_addstr(&sb, n->message ? n->message : "");
		add_message(arr, n->level == DV_LEVEL_ERROR ? "warning" : "info", sb.buf);
	}
	for (i = 0; in->coverage && i < in->coverage->n_gaps; i++) {
		const struct dv_coverage_gap *g = &in->coverage->gaps[i];

		strbuf_reset(&sb);
		strbuf_addstr(&sb, g->path ? g->path : "");
		if (g->first_line)
			strbuf_addf(&sb, ":%u-%u", g->first_line, g->last_line);
		if (g->function)
			strbuf_addf(&sb, " %s()", g->function);
		strbuf_addf(&sb, ": not analysed (%s%s%s): %s", dv_cov_state_name(g->state),
			    g->checker ? ", " : "", g->checker ? g->checker : "",
			    g->reason ? g->reason : "");
		add_message(arr, "warning", sb.buf);
	}
	if (in->gate) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "review gate: %s", dv_verdict_name(in->gate->verdict));
		for (i = 0; i < in->gate->n_reasons; i++)
			strbuf_addf(&sb, "%s %s", i ? ";" : ":", in->gate->reasons[i].message);
		add_message(arr, "info", sb.buf);
	}
	strbuf_release(&sb);
}

int dv_report_gitlab(FILE *out, const struct dv_report_input *in)
{
	cJSON *root = cJSON_CreateObject(), *scan, *vulns;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	size_t i;

	if (!root)
		return DV_ERR_INTERNAL;
	if (!gmtime_r(&t, &tm) || strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(now, sizeof(now), "1970-01-01T00:00:00");
	cJSON_AddStringToObject(root, "version", GITLAB_SCHEMA_VERSION);
	scan = cJSON_AddObjectToObject(root, "scan");
	cJSON_AddItemToObject(scan, "analyzer", tool_object());
	cJSON_AddItemToObject(scan, "scanner", tool_object());
	cJSON_AddStringToObject(scan, "type", "sast");
	cJSON_AddStringToObject(scan, "start_time", now);
	cJSON_AddStringToObject(scan, "end_time", now);
	cJSON_AddStringToObject(scan, "status", in->execution_successful ? "success" : "failure");
	add_scan_messages(cJSON_AddArrayToObject(scan, "messages"), in);
	vulns = cJSON_AddArrayToObject(root, "vulnerabilities");
	for (i = 0; in->findings && i < in->findings->count; i++) {
		const struct dv_finding *f = &in->findings->items[i];

		if (f->suppressed && !f->suppressed_in_change)
			continue;
		cJSON_AddItemToArray(vulns,
				     vulnerability(f, in->rules ? dv_ruleset_find(in->rules, f->rule_id)
								: NULL));
	}
	return dv_json_print_and_free(out, root);
}
