/* Findings and coverage gaps as LSP diagnostics: see diagnostics.h. */
#include "lsp/diagnostics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp/mem.h"
#include "lsp/text.h"

enum { SEV_ERROR = 1, SEV_WARNING = 2, SEV_INFORMATION = 3, SEV_HINT = 4 };

char *lsp_rule_href(const char *rule_id)
{
	/* GitHub's heading slug, as the SARIF helpUri: "injection/command"
	 * -> "injectioncommand" */
	static const char base[] = DIFFVET_INFORMATION_URI "/blob/main/docs/rules.md#";
	char *out = lsp_alloc(sizeof(base) + strlen(rule_id)), *o;
	const unsigned char *p;

	memcpy(out, base, sizeof(base));
	o = out + sizeof(base) - 1;
	for (p = (const unsigned char *)rule_id; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*o++ = (char)(*p - 'A' + 'a');
		else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
			 *p == '_' || *p >= 0x80)
			*o++ = (char)*p;
		else if (*p == ' ')
			*o++ = '-';
	}
	*o = '\0';
	return out;
}

/* Absolute form of a path as findings name it. */
static char *absolute(const struct diag_doc *doc, const char *path)
{
	char *abs;

	if (path[0] == '/')
		return lsp_strdup(path);
	abs = lsp_alloc(strlen(doc->root) + strlen(path) + 2);
	sprintf(abs, "%s/%s", doc->root, path);
	return abs;
}

static int is_doc(const struct diag_doc *doc, const char *path)
{
	char *abs = absolute(doc, path);
	int same = strcmp(abs, doc->path) == 0;

	free(abs);
	return same;
}

static cJSON *position(const struct diag_doc *doc, int in_doc, unsigned line, unsigned col)
{
	cJSON *p = lsp_check(cJSON_CreateObject());
	unsigned character = 0;

	if (line && col)
		character = in_doc ? text_utf16_col(doc->text, doc->len, line, col) : col - 1;
	cJSON_AddNumberToObject(p, "line", line ? line - 1 : 0);
	cJSON_AddNumberToObject(p, "character", character);
	return p;
}

/* A location's range; without an end, to the end of its line (what an
 * editor can underline). */
static cJSON *range(const struct diag_doc *doc, int in_doc, const struct dv_location *loc)
{
	cJSON *r = lsp_check(cJSON_CreateObject());
	unsigned end_line = loc->end_line, end_col = loc->end_col;

	cJSON_AddItemToObject(r, "start", position(doc, in_doc, loc->line, loc->col ? loc->col : 1));
	if (!end_line || end_line < loc->line || (end_line == loc->line && end_col <= loc->col)) {
		cJSON *e = lsp_check(cJSON_CreateObject());
		unsigned eol = in_doc ? text_line_utf16_len(doc->text, doc->len, loc->line) : 0;
		unsigned start = in_doc && loc->col ? text_utf16_col(doc->text, doc->len, loc->line,
								    loc->col) : 0;

		cJSON_AddNumberToObject(e, "line", loc->line ? loc->line - 1 : 0);
		cJSON_AddNumberToObject(e, "character", eol > start ? eol : start + 1);
		cJSON_AddItemToObject(r, "end", e);
	} else {
		cJSON_AddItemToObject(r, "end", position(doc, in_doc, end_line, end_col));
	}
	return r;
}

static cJSON *line_range(unsigned first_line, unsigned last_line, unsigned last_len)
{
	cJSON *r = lsp_check(cJSON_CreateObject());
	cJSON *s = cJSON_AddObjectToObject(r, "start"), *e = cJSON_AddObjectToObject(r, "end");

	cJSON_AddNumberToObject(s, "line", first_line ? first_line - 1 : 0);
	cJSON_AddNumberToObject(s, "character", 0);
	cJSON_AddNumberToObject(e, "line", last_line ? last_line - 1 : 0);
	cJSON_AddNumberToObject(e, "character", last_len);
	return r;
}

static void add_related(cJSON *list, const struct diag_doc *doc, const struct dv_location *loc,
			const char *fallback)
{
	cJSON *info = lsp_check(cJSON_CreateObject()), *where;
	char *abs = absolute(doc, loc->path), *uri = path_to_uri(abs);
	int in_doc = strcmp(abs, doc->path) == 0;

	where = cJSON_AddObjectToObject(info, "location");
	cJSON_AddStringToObject(where, "uri", uri);
	cJSON_AddItemToObject(where, "range", range(doc, in_doc, loc));
	cJSON_AddStringToObject(info, "message", loc->message ? loc->message : fallback);
	cJSON_AddItemToArray(list, info);
	free(abs);
	free(uri);
}

static int severity(enum dv_level level)
{
	return level == DV_LEVEL_ERROR ? SEV_ERROR
	       : level == DV_LEVEL_WARNING ? SEV_WARNING
	       : level == DV_LEVEL_NOTE ? SEV_INFORMATION
				       : SEV_HINT;
}

static void add_finding(cJSON *out, const struct diag_doc *doc, const struct dv_finding *f)
{
	cJSON *d = lsp_check(cJSON_CreateObject()), *related;
	char *href = lsp_rule_href(f->rule_id);
	size_t i;

	cJSON_AddItemToObject(d, "range", range(doc, 1, &f->primary));
	cJSON_AddNumberToObject(d, "severity", severity(f->level));
	cJSON_AddStringToObject(d, "code", f->rule_id);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(d, "codeDescription"), "href", href);
	cJSON_AddStringToObject(d, "source", "diffvet");
	cJSON_AddStringToObject(d, "message", f->message ? f->message : f->rule_id);
	if (f->n_flow || f->n_related) {
		related = cJSON_AddArrayToObject(d, "relatedInformation");
		for (i = 0; i < f->n_flow; i++) {
			char step[32];
			snprintf(step, sizeof(step), "step %zu", i + 1);
			add_related(related, doc, &f->flow[i], step);
		}
		for (i = 0; i < f->n_related; i++)
			add_related(related, doc, &f->related[i], "related location");
	}
	cJSON_AddItemToArray(out, d);
	free(href);
}

static void add_info(cJSON *out, cJSON *rng, const char *code, const char *message, int sev)
{
	cJSON *d = lsp_check(cJSON_CreateObject());

	cJSON_AddItemToObject(d, "range", rng);
	cJSON_AddNumberToObject(d, "severity", sev);
	cJSON_AddStringToObject(d, "code", code);
	cJSON_AddStringToObject(d, "source", "diffvet");
	cJSON_AddStringToObject(d, "message", message);
	cJSON_AddItemToArray(out, d);
}

/* Gaps of this document: one on each region, and one at the top of the
 * file saying the analysis is incomplete. */
static void add_gaps(cJSON *out, const struct dv_analysis *a, const struct diag_doc *doc)
{
	size_t i, n = dv_analysis_n_gaps(a), mine = 0;
	int whole = 0;
	char msg[1536];

	for (i = 0; i < n; i++) {
		struct dv_gap_info g;

		dv_analysis_gap(a, i, &g);
		if (!g.path || !is_doc(doc, g.path))
			continue;
		mine++;
		if (g.first_line == 0) {
			whole = 1;
			snprintf(msg, sizeof(msg), "not analysed: %s", g.reason ? g.reason : "");
			add_info(out, line_range(1, 1, 0), "diffvet/coverage", msg, SEV_WARNING);
			continue;
		}
		if (g.function)
			snprintf(msg, sizeof(msg), "%s() not %sanalysed by %s: %s", g.function,
				 g.partial ? "fully " : "", g.checker ? g.checker : "diffvet",
				 g.reason ? g.reason : "");
		else
			snprintf(msg, sizeof(msg), "lines %u-%u not analysed: %s", g.first_line,
				 g.last_line, g.reason ? g.reason : "");
		add_info(out,
			 line_range(g.first_line, g.first_line,
				    text_line_utf16_len(doc->text, doc->len, g.first_line)),
			 "diffvet/coverage", msg, SEV_INFORMATION);
	}
	if (mine && !whole) {
		snprintf(msg, sizeof(msg),
			 "diffvet: analysis of this file is incomplete (%zu region%s not analysed); "
			 "no finding there does not mean clean",
			 mine, mine == 1 ? "" : "s");
		add_info(out, line_range(1, 1, 0), "diffvet/coverage", msg, SEV_INFORMATION);
	}
}

static void add_notes(cJSON *out, const struct dv_analysis *a, const struct diag_doc *doc)
{
	size_t i, n = dv_analysis_n_notes(a);

	for (i = 0; i < n; i++) {
		struct dv_note_info note;
		unsigned line;

		dv_analysis_note(a, i, &note);
		if (note.path && !is_doc(doc, note.path))
			continue;
		line = note.line ? note.line : 1;
		add_info(out, line_range(line, line, text_line_utf16_len(doc->text, doc->len, line)),
			 "diffvet/parse", note.message ? note.message : "",
			 note.level >= DV_LEVEL_ERROR ? SEV_WARNING : SEV_INFORMATION);
	}
}

cJSON *lsp_diagnostics(const struct dv_analysis *a, const struct diag_doc *doc)
{
	cJSON *out = lsp_check(cJSON_CreateArray());
	const struct dv_findings *fs = dv_analysis_findings(a);
	size_t i;

	for (i = 0; i < fs->count; i++) {
		const struct dv_finding *f = &fs->items[i];
		if (!f->suppressed && f->primary.path && is_doc(doc, f->primary.path))
			add_finding(out, doc, f);
	}
	add_gaps(out, a, doc);
	add_notes(out, a, doc);
	return out;
}
