/*
 * SARIF 2.1.0 writer, shaped for GitHub code scanning and checked with
 * Microsoft's validator (`Sarif.Multitool validate --rule-kind "Gh;Sarif"`,
 * tests/sarif/validate.sh).
 *
 * Choices worth knowing:
 * - Paths under srcroot become relative URIs with uriBaseId %SRCROOT%;
 *   others become absolute file:// URIs (code scanning accepts those when
 *   they fall under invocations[0].workingDirectory, which we fill with the
 *   current directory).
 * - Columns: libclang gives byte columns; SARIF consumers count UTF-16
 *   code units, so columns are converted with the source line when it can
 *   be read (run.columnKind says so).  For ASCII lines nothing changes.
 * - No region snippets: a snippet of a secrets finding would leak the
 *   secret the finding is about.
 * - helpUri anchors follow GitHub's heading slugs: the heading
 *   "injection/command" in docs/rules.md gets the anchor "injectioncommand".
 */
#include "report/report.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_SRCROOT "%SRCROOT%"
#define SARIF_FINGERPRINT_KEY "diffvet/v1"

/* One reportingDescriptor we emit: a rule of the ruleset, or (for a
 * finding whose rule the ruleset lacks or disables) just its id. */
struct emitted_rule {
	const struct dv_rule *rule; /* may be NULL */
	const char *id;
	enum dv_level level; /* used when rule is NULL */
};

struct sarif_ctx {
	const struct dv_report_input *in;
	char *root; /* normalized absolute srcroot, no trailing slash ("" for "/") */
	struct emitted_rule *rules;
	size_t n_rules, alloc_rules;
};

/* ---- small cJSON helpers: every string goes through UTF-8 repair ---- */

static cJSON *add_string(cJSON *obj, const char *key, const char *value)
{
	char *valid = dv_utf8_valid_dup(value);
	cJSON *item = cJSON_AddStringToObject(obj, key, valid);

	free(valid);
	return item;
}

static cJSON *string_item(const char *value)
{
	char *valid = dv_utf8_valid_dup(value);
	cJSON *item = cJSON_CreateString(valid);

	free(valid);
	return item;
}

static cJSON *add_message(cJSON *obj, const char *key, const char *text)
{
	cJSON *msg = cJSON_AddObjectToObject(obj, key);

	add_string(msg, "text", text);
	return msg;
}

/* ---- paths and URIs ---- */

/* Lexically resolves "." and ".." and repeated slashes in an absolute
 * path; never touches the file system (the file may not exist any more). */
static char *normalize_abs_path(const char *path)
{
	struct strbuf out;
	const char *p = path;

	strbuf_init(&out);
	while (*p) {
		const char *seg;
		size_t len;

		while (*p == '/')
			p++;
		seg = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - seg);
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out.len > 0 && out.buf[out.len - 1] != '/')
				out.len--;
			if (out.len > 0)
				out.len--; /* the slash before the dropped segment */
			out.buf[out.len] = '\0';
			continue;
		}
		strbuf_addch(&out, '/');
		strbuf_add(&out, seg, len);
	}
	return strbuf_detach(&out); /* "" stands for "/" */
}

static char *absolute_path(const struct sarif_ctx *s, const char *path)
{
	char *joined, *norm;

	if (path[0] == '/')
		return normalize_abs_path(path);
	joined = xasprintf("%s/%s", s->root, path);
	norm = normalize_abs_path(joined);
	free(joined);
	return norm;
}

static char *file_uri(const char *abs_norm, int trailing_slash)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, "file://");
	if (abs_norm[0] == '\0')
		strbuf_addch(&sb, '/');
	else
		dv_uri_append_encoded(&sb, abs_norm);
	if (trailing_slash && sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	return strbuf_detach(&sb);
}

static cJSON *artifact_location(const struct sarif_ctx *s, const char *path)
{
	cJSON *art = cJSON_CreateObject();
	char *abs = absolute_path(s, path ? path : "");
	size_t root_len = strlen(s->root);
	struct strbuf uri;

	strbuf_init(&uri);
	if (strncmp(abs, s->root, root_len) == 0 && abs[root_len] == '/' && abs[root_len + 1]) {
		dv_uri_append_encoded(&uri, abs + root_len + 1);
		add_string(art, "uri", uri.buf);
		add_string(art, "uriBaseId", SARIF_SRCROOT);
	} else {
		char *u = file_uri(abs, 0);

		add_string(art, "uri", u);
		free(u);
	}
	strbuf_release(&uri);
	free(abs);
	return art;
}

/* ---- regions ---- */

/* A byte column converted to UTF-16 code units with the line's text;
 * unchanged when the line cannot be read. */
static unsigned utf16_column(const struct sarif_ctx *s, const char *path, unsigned line,
			     unsigned byte_col)
{
	const char *text;

	if (byte_col <= 1 || !s->in->read_line || !path || line == 0)
		return byte_col;
	text = s->in->read_line(s->in->read_line_ctx, path, line);
	if (!text)
		return byte_col;
	return dv_utf16_units(text, byte_col - 1) + 1;
}

static cJSON *region(const struct sarif_ctx *s, const struct dv_location *loc)
{
	cJSON *reg = cJSON_CreateObject();
	unsigned line = loc->line ? loc->line : 1;
	unsigned end_line = loc->end_line ? loc->end_line : (loc->end_col ? line : 0);
	unsigned col = 0, end_col = 0;

	cJSON_AddNumberToObject(reg, "startLine", line);
	if (loc->col) {
		col = utf16_column(s, loc->path, line, loc->col);
		cJSON_AddNumberToObject(reg, "startColumn", col);
	}
	if (end_line < line)
		return reg;
	if (loc->end_col)
		end_col = utf16_column(s, loc->path, end_line, loc->end_col);
	/* An end before the start on one line is a bug upstream; dropping it
	 * keeps the log valid (SARIF1013). */
	if (end_line == line && end_col && col && end_col < col)
		return reg;
	if (end_line)
		cJSON_AddNumberToObject(reg, "endLine", end_line);
	if (end_col)
		cJSON_AddNumberToObject(reg, "endColumn", end_col);
	return reg;
}

static cJSON *physical_location(const struct sarif_ctx *s, const struct dv_location *loc)
{
	cJSON *phys = cJSON_CreateObject();

	cJSON_AddItemToObject(phys, "artifactLocation", artifact_location(s, loc->path));
	if (loc->line)
		cJSON_AddItemToObject(phys, "region", region(s, loc));
	return phys;
}

/* ---- rules ---- */

static const char *level_string(enum dv_level level)
{
	return dv_level_name(level); /* the SARIF level names are ours */
}

static const char *problem_severity(enum dv_level level)
{
	switch (level) {
	case DV_LEVEL_ERROR:
		return "error";
	case DV_LEVEL_WARNING:
		return "warning";
	case DV_LEVEL_NOTE:
	case DV_LEVEL_NONE:
		break;
	}
	return "recommendation";
}

/* "injection/command" -> "InjectionCommand", for rules without a name. */
static char *pascal_case(const char *id)
{
	struct strbuf sb;
	int upper = 1;
	const char *p;

	strbuf_init(&sb);
	for (p = id; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			upper = 1;
			continue;
		}
		if (upper && c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		strbuf_addch(&sb, (char)c);
		upper = 0;
	}
	if (sb.len == 0)
		strbuf_addstr(&sb, "UnnamedRule");
	return strbuf_detach(&sb);
}

static void add_tag(cJSON *tags, const char *tag)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, tags) {
		if (cJSON_IsString(t) && strcmp(t->valuestring, tag) == 0)
			return;
	}
	cJSON_AddItemToArray(tags, string_item(tag));
}

static const char *first_nonempty(const char *a, const char *b, const char *c)
{
	if (a && *a)
		return a;
	if (b && *b)
		return b;
	return c;
}

static cJSON *rule_descriptor(const struct emitted_rule *er)
{
	const struct dv_rule *r = er->rule;
	cJSON *desc = cJSON_CreateObject();
	cJSON *help, *props, *tags;
	struct strbuf sb;
	char *name = NULL;
	const char *short_desc, *full_desc;
	size_t i;

	strbuf_init(&sb);
	short_desc = first_nonempty(r ? r->short_desc : NULL, r ? r->full_desc : NULL, er->id);
	full_desc = first_nonempty(r ? r->full_desc : NULL, short_desc, er->id);

	add_string(desc, "id", er->id);
	if (r && r->name && *r->name) {
		add_string(desc, "name", r->name);
	} else {
		name = pascal_case(er->id);
		add_string(desc, "name", name);
	}
	add_message(desc, "shortDescription", short_desc);
	add_message(desc, "fullDescription", full_desc);

	help = cJSON_AddObjectToObject(desc, "help");
	add_string(help, "text", first_nonempty(r ? r->help_text : NULL, full_desc, er->id));
	add_string(help, "markdown", first_nonempty(r ? r->help : NULL, full_desc, er->id));

	dv_rule_help_uri(&sb, er->id);
	add_string(desc, "helpUri", sb.buf);

	add_string(cJSON_AddObjectToObject(desc, "defaultConfiguration"), "level",
		   level_string(r ? r->level : er->level));

	props = cJSON_AddObjectToObject(desc, "properties");
	tags = cJSON_AddArrayToObject(props, "tags");
	add_tag(tags, "security");
	if (r) {
		for (i = 0; i < r->n_cwe; i++) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "external/cwe/cwe-%d", r->cwe[i]);
			add_tag(tags, sb.buf);
		}
		for (i = 0; i < r->n_tags; i++) {
			if (r->tags[i] && *r->tags[i])
				add_tag(tags, r->tags[i]);
		}
		if (r->precision && *r->precision)
			add_string(props, "precision", r->precision);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%.1f", r->security_severity);
		add_string(props, "security-severity", sb.buf);
	}
	add_string(props, "problem.severity", problem_severity(r ? r->level : er->level));

	free(name);
	strbuf_release(&sb);
	return desc;
}

static long find_emitted(const struct sarif_ctx *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n_rules; i++) {
		if (strcmp(s->rules[i].id, id) == 0)
			return (long)i;
	}
	return -1;
}

static void emit_rule(struct sarif_ctx *s, const struct dv_rule *rule, const char *id,
		      enum dv_level level)
{
	DV_GROW(s->rules, s->n_rules + 1, s->alloc_rules);
	s->rules[s->n_rules].rule = rule;
	s->rules[s->n_rules].id = id;
	s->rules[s->n_rules].level = level;
	s->n_rules++;
}

static const struct dv_rule *ruleset_rule(const struct dv_ruleset *rs, const char *id)
{
	size_t i;

	if (!rs)
		return NULL;
	for (i = 0; i < rs->n_rules; i++) {
		if (rs->rules[i].id && strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	}
	return NULL;
}

/* Every enabled rule in ruleset order, then any rule a finding names that
 * is not among them, so that each result's ruleIndex is valid. */
static void collect_rules(struct sarif_ctx *s)
{
	const struct dv_ruleset *rs = s->in->rules;
	const struct dv_findings *fs = s->in->findings;
	size_t i;

	if (rs) {
		for (i = 0; i < rs->n_rules; i++) {
			if (rs->rules[i].enabled && rs->rules[i].id)
				emit_rule(s, &rs->rules[i], rs->rules[i].id, rs->rules[i].level);
		}
	}
	if (!fs)
		return;
	for (i = 0; i < fs->count; i++) {
		const struct dv_finding *f = &fs->items[i];
		const char *id = f->rule_id ? f->rule_id : "";

		if (find_emitted(s, id) < 0)
			emit_rule(s, ruleset_rule(rs, id), id, f->level);
	}
}

/* ---- results ---- */

static cJSON *result_location(const struct sarif_ctx *s, const struct dv_finding *f)
{
	cJSON *loc = cJSON_CreateObject();

	cJSON_AddItemToObject(loc, "physicalLocation", physical_location(s, &f->primary));
	if (f->function && *f->function) {
		cJSON *logical = cJSON_AddArrayToObject(loc, "logicalLocations");
		cJSON *fn = cJSON_CreateObject();

		add_string(fn, "name", f->function);
		add_string(fn, "kind", "function");
		cJSON_AddItemToArray(logical, fn);
	}
	return loc;
}

static cJSON *code_flows(const struct sarif_ctx *s, const struct dv_finding *f)
{
	cJSON *flows = cJSON_CreateArray();
	cJSON *flow = cJSON_CreateObject();
	cJSON *thread_flows, *thread_flow, *locations;
	size_t i;

	cJSON_AddItemToArray(flows, flow);
	thread_flows = cJSON_AddArrayToObject(flow, "threadFlows");
	thread_flow = cJSON_CreateObject();
	cJSON_AddItemToArray(thread_flows, thread_flow);
	locations = cJSON_AddArrayToObject(thread_flow, "locations");
	for (i = 0; i < f->n_flow; i++) {
		const struct dv_location *step = &f->flow[i];
		cJSON *tfl = cJSON_CreateObject();
		cJSON *loc = cJSON_AddObjectToObject(tfl, "location");

		cJSON_AddItemToObject(loc, "physicalLocation", physical_location(s, step));
		if (step->message && *step->message)
			add_message(loc, "message", step->message);
		cJSON_AddItemToArray(locations, tfl);
	}
	return flows;
}

static cJSON *result(const struct sarif_ctx *s, const struct dv_finding *f)
{
	cJSON *res = cJSON_CreateObject();
	const char *id = f->rule_id ? f->rule_id : "";
	cJSON *locs, *fp;
	size_t i;

	add_string(res, "ruleId", id);
	cJSON_AddNumberToObject(res, "ruleIndex", (double)find_emitted(s, id));
	add_string(res, "level", level_string(f->level));
	add_message(res, "message", f->message && *f->message ? f->message : id);

	locs = cJSON_AddArrayToObject(res, "locations");
	cJSON_AddItemToArray(locs, result_location(s, f));

	fp = cJSON_AddObjectToObject(res, "partialFingerprints");
	if (f->fingerprint)
		add_string(fp, SARIF_FINGERPRINT_KEY, f->fingerprint);

	if (f->n_related) {
		cJSON *related = cJSON_AddArrayToObject(res, "relatedLocations");

		for (i = 0; i < f->n_related; i++) {
			const struct dv_location *rel = &f->related[i];
			cJSON *loc = cJSON_CreateObject();

			cJSON_AddNumberToObject(loc, "id", (double)(i + 1));
			cJSON_AddItemToObject(loc, "physicalLocation", physical_location(s, rel));
			add_message(loc, "message",
				    rel->message && *rel->message ? rel->message : "Related location.");
			cJSON_AddItemToArray(related, loc);
		}
	}
	if (f->n_flow)
		cJSON_AddItemToObject(res, "codeFlows", code_flows(s, f));
	if (f->suppressed) {
		cJSON *sups = cJSON_AddArrayToObject(res, "suppressions");
		cJSON *sup = cJSON_CreateObject();

		add_string(sup, "kind", "inSource");
		/* added by the change under review: not accepted until a human
		 * approves it (the gate still counts the finding) */
		if (f->suppressed_in_change)
			add_string(sup, "status", "underReview");
		if (f->suppression_reason && *f->suppression_reason)
			add_string(sup, "justification", f->suppression_reason);
		cJSON_AddItemToArray(sups, sup);
	}
	return res;
}

/* ---- invocation ---- */

static cJSON *notification(const struct sarif_ctx *s, const struct dv_notification *n)
{
	cJSON *note = cJSON_CreateObject();

	add_string(note, "level", level_string(n->level));
	add_message(note, "message", n->message ? n->message : "");
	if (n->path && *n->path) {
		struct dv_location loc = {0};
		cJSON *locs = cJSON_AddArrayToObject(note, "locations");
		cJSON *l = cJSON_CreateObject();

		loc.path = n->path;
		loc.line = n->line;
		loc.col = n->col;
		cJSON_AddItemToObject(l, "physicalLocation", physical_location(s, &loc));
		cJSON_AddItemToArray(locs, l);
	}
	return note;
}

/* A coverage gap is a tool execution notification too: the code scanning
 * dashboard must show what diffvet did not look at. */
static cJSON *gap_notification(const struct sarif_ctx *s, const struct dv_coverage_gap *g)
{
	cJSON *note = cJSON_CreateObject();
	cJSON *locs, *l, *props;
	struct dv_location loc = {0};
	char *text;

	add_string(note, "level", "warning");
	if (g->function)
		text = xasprintf("not analysed%s: %s() (%s): %s",
				 g->state == DV_COV_PARTIAL ? " in part" : "", g->function,
				 g->checker ? g->checker : "diffvet", g->reason);
	else
		text = xasprintf("not analysed: %s", g->reason);
	add_message(note, "message", text);
	free(text);
	locs = cJSON_AddArrayToObject(note, "locations");
	l = cJSON_CreateObject();
	loc.path = g->path;
	loc.line = g->first_line;
	loc.end_line = g->first_line ? g->last_line : 0;
	cJSON_AddItemToObject(l, "physicalLocation", physical_location(s, &loc));
	cJSON_AddItemToArray(locs, l);
	props = cJSON_AddObjectToObject(note, "properties");
	add_string(props, "coverage", dv_cov_state_name(g->state));
	cJSON_AddNumberToObject(props, "changedLines", g->changed_lines);
	return note;
}

static char *current_dir(void)
{
	size_t size = 256;

	for (;;) {
		char *buf = xmalloc(size);

		if (getcwd(buf, size))
			return buf;
		free(buf);
		if (size > 65536)
			return NULL;
		size *= 2;
	}
}

static cJSON *invocation(const struct sarif_ctx *s)
{
	cJSON *inv = cJSON_CreateObject();
	const struct dv_notifications *notes = s->in->notes;
	char *cwd = current_dir();

	cJSON_AddBoolToObject(inv, "executionSuccessful", s->in->execution_successful != 0);
	if (s->in->command_line && *s->in->command_line)
		add_string(inv, "commandLine", s->in->command_line);
	if (cwd && cwd[0] == '/') {
		char *norm = normalize_abs_path(cwd);
		char *uri = file_uri(norm, 1);

		add_string(cJSON_AddObjectToObject(inv, "workingDirectory"), "uri", uri);
		free(uri);
		free(norm);
	}
	free(cwd);
	if ((notes && notes->count) || (s->in->coverage && s->in->coverage->n_gaps)) {
		cJSON *arr = cJSON_AddArrayToObject(inv, "toolExecutionNotifications");
		size_t i;

		for (i = 0; notes && i < notes->count; i++)
			cJSON_AddItemToArray(arr, notification(s, &notes->items[i]));
		for (i = 0; s->in->coverage && i < s->in->coverage->n_gaps; i++)
			cJSON_AddItemToArray(arr, gap_notification(s, &s->in->coverage->gaps[i]));
	}
	return inv;
}

/* ---- the log ---- */

static cJSON *driver(const struct sarif_ctx *s)
{
	cJSON *drv = cJSON_CreateObject();
	cJSON *rules;
	size_t i;

	add_string(drv, "name", "diffvet");
	add_string(drv, "version", DIFFVET_VERSION);
	add_string(drv, "semanticVersion", DIFFVET_VERSION);
	add_string(drv, "informationUri", DIFFVET_INFORMATION_URI);
	rules = cJSON_AddArrayToObject(drv, "rules");
	for (i = 0; i < s->n_rules; i++)
		cJSON_AddItemToArray(rules, rule_descriptor(&s->rules[i]));
	return drv;
}

static char *source_root(const struct dv_report_input *in)
{
	char *cwd, *root;

	if (in->srcroot && in->srcroot[0] == '/')
		return normalize_abs_path(in->srcroot);
	/* No (or a relative) srcroot: paths are relative to where we run. */
	cwd = current_dir();
	if (!cwd)
		return xstrdup("");
	if (in->srcroot && *in->srcroot) {
		char *joined = xasprintf("%s/%s", cwd, in->srcroot);

		root = normalize_abs_path(joined);
		free(joined);
	} else {
		root = normalize_abs_path(cwd);
	}
	free(cwd);
	return root;
}

cJSON *dv_sarif_build(const struct dv_report_input *in)
{
	struct sarif_ctx s = {in, NULL, NULL, 0, 0};
	cJSON *log = cJSON_CreateObject();
	cJSON *runs, *run, *results, *tool, *base_ids, *invocations;
	char *root_uri;
	size_t i;

	if (!log)
		return NULL;
	s.root = source_root(in);
	collect_rules(&s);

	add_string(log, "$schema", SARIF_SCHEMA);
	add_string(log, "version", "2.1.0");
	runs = cJSON_AddArrayToObject(log, "runs");
	run = cJSON_CreateObject();
	cJSON_AddItemToArray(runs, run);

	tool = cJSON_AddObjectToObject(run, "tool");
	cJSON_AddItemToObject(tool, "driver", driver(&s));

	invocations = cJSON_AddArrayToObject(run, "invocations");
	cJSON_AddItemToArray(invocations, invocation(&s));

	base_ids = cJSON_AddObjectToObject(run, "originalUriBaseIds");
	root_uri = file_uri(s.root, 1);
	add_string(cJSON_AddObjectToObject(base_ids, SARIF_SRCROOT), "uri", root_uri);
	free(root_uri);

	add_string(run, "columnKind", "utf16CodeUnits");
	if (in->gate || in->coverage) {
		cJSON *props = cJSON_AddObjectToObject(run, "properties");
		if (in->gate)
			cJSON_AddItemToObject(props, "diffvet/verdict", dv_report_gate_json(in->gate));
		if (in->coverage)
			cJSON_AddItemToObject(props, "diffvet/coverage",
					      dv_report_coverage_json(in->coverage));
	}

	results = cJSON_AddArrayToObject(run, "results");
	if (in->findings) {
		for (i = 0; i < in->findings->count; i++)
			cJSON_AddItemToArray(results, result(&s, &in->findings->items[i]));
	}

	free(s.rules);
	free(s.root);
	return log;
}

int dv_report_sarif(FILE *out, const struct dv_report_input *in)
{
	return dv_json_print_and_free(out, dv_sarif_build(in));
}
