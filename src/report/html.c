/*
 * HTML report: one self-contained page per run (inline CSS and a small
 * inline script; nothing is fetched), readable offline and attachable as a
 * CI artefact.
 *
 * Top: the gate verdict and its reasons, counts per family and level, the
 * coverage record, diffvet's version and what the change is against.  Per
 * finding (anchor `finding-<fingerprint>`, stable across line shifts): the
 * rule id linked to its help, the message, the source around the primary
 * location with the change's added lines marked and the code-flow steps as
 * numbered markers on their lines; steps and related locations outside the
 * excerpt are listed with links.  Family and level checkboxes filter the
 * list without a server.
 *
 * Everything from the analysed code (paths, names, messages, source text)
 * is HTML-escaped; secrets in source lines are masked as in the text report.
 */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "report/mask.h"
#include "util/strbuf.h"

#define EXCERPT_CONTEXT 3 /* lines shown above and below the primary line */

struct html_ctx {
	FILE *out;
	const struct dv_report_input *in;
	struct strbuf sb;
};

/* Appends s escaped for HTML text and attribute values (valid UTF-8). */
static void esc(struct strbuf *sb, const char *s)
{
	struct strbuf valid;
	const char *p;

	strbuf_init(&valid);
	dv_utf8_append_valid(&valid, s ? s : "");
	for (p = valid.buf; *p; p++) {
		switch (*p) {
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		case '"':
			strbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			strbuf_addstr(sb, "&#39;");
			break;
		default:
			if ((unsigned char)*p < 0x20 && *p != '\t')
				strbuf_addch(sb, ' ');
			else
				strbuf_addch(sb, *p);
		}
	}
	strbuf_release(&valid);
}

/* The family of a rule id ("injection/command" -> "injection"), escaped. */
static void family_of(struct strbuf *sb, const char *rule)
{
	const char *slash = rule ? strchr(rule, '/') : NULL;
	struct strbuf tmp;

	strbuf_init(&tmp);
	if (slash)
		strbuf_add(&tmp, rule, (size_t)(slash - rule));
	else
		strbuf_addstr(&tmp, rule ? rule : "");
	esc(sb, tmp.buf);
	strbuf_release(&tmp);
}

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>diffvet report</title>\n<style>\n"
	"body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;"
	"color:#1d2430}\n"
	"h1{font-size:1.4em} .verdict{display:inline-block;padding:.2em .6em;border-radius:4px;"
	"font-weight:600;color:#fff}\n"
	".v-pass{background:#2d7d46}.v-review{background:#b8860b}.v-dual-review{background:#c05621}"
	".v-senior-approval{background:#b91c1c}\n"
	"table{border-collapse:collapse} td,th{border:1px solid #d0d7de;padding:.2em .5em;"
	"text-align:left}\n"
	".finding{border:1px solid #d0d7de;border-radius:6px;margin:1em 0;padding:.6em 1em}\n"
	".l-error{border-left:5px solid #b91c1c}.l-warning{border-left:5px solid #b8860b}"
	".l-note{border-left:5px solid #57606a}\n"
	"pre.src{background:#f6f8fa;padding:.4em;overflow-x:auto;margin:.4em 0}\n"
	"pre.src span.ln{color:#8c959f;display:inline-block;width:4em;user-select:none}\n"
	".chg{background:#e6ffec}.prim{background:#fff8c5}"
	".path{box-shadow:inset 3px 0 #0969da}\n"
	".step{display:inline-block;min-width:1.3em;border-radius:1em;background:#0969da;color:#fff;"
	"text-align:center;font-size:.8em;margin-left:.5em}\n"
	".gap{color:#8a4600} .filters label{margin-right:1em}\n"
	"</style></head>\n<body>\n";

/* Filtering by family and level in the page: every finding carries
 * data-family and data-level; unchecked boxes hide theirs. */
static const char page_script[] =
	"<script>\n"
	"(function(){\n"
	"  function apply(){\n"
	"    var off={};\n"
	"    document.querySelectorAll('.filters input').forEach(function(b){\n"
	"      if(!b.checked){off[b.dataset.kind+':'+b.value]=true;}});\n"
	"    document.querySelectorAll('.finding').forEach(function(f){\n"
	"      var hide=off['family:'+f.dataset.family]||off['level:'+f.dataset.level];\n"
	"      f.style.display=hide?'none':'';});\n"
	"  }\n"
	"  document.querySelectorAll('.filters input').forEach(function(b){\n"
	"    b.addEventListener('change',apply);});\n"
	"})();\n"
	"</script>\n";

static int counted(const struct dv_finding *f)
{
	return !f->suppressed || f->suppressed_in_change;
}

static void header(struct html_ctx *h)
{
	const struct dv_report_input *in = h->in;
	const struct dv_findings *fs = in->findings;
	struct strbuf *sb = &h->sb;
	size_t i;

	strbuf_addstr(sb, "<h1>diffvet report</h1>\n<p>");
	if (in->gate) {
		const char *v = dv_verdict_name(in->gate->verdict);
		strbuf_addf(sb, "Review gate: <span class=\"verdict v-%s\" id=\"verdict\">%s</span> ",
			    v, v);
	}
	strbuf_addstr(sb, "&middot; diffvet " DIFFVET_VERSION);
	if (in->rules) {
		size_t on = 0;
		for (i = 0; i < in->rules->n_rules; i++)
			on += in->rules->rules[i].enabled != 0;
		strbuf_addf(sb, " (rules of this version: %zu of %zu enabled)", on, in->rules->n_rules);
	}
	strbuf_addstr(sb, " &middot; ");
	strbuf_addstr(sb, in->diff_mode ? "change" : "whole files");
	if (in->base) {
		strbuf_addstr(sb, " against <code>");
		esc(sb, in->base);
		strbuf_addstr(sb, "</code>");
	}
	if (in->head) {
		strbuf_addstr(sb, " (changed side: ");
		esc(sb, in->head);
		strbuf_addstr(sb, ")");
	}
	strbuf_addstr(sb, "</p>\n");
	if (in->gate && in->gate->n_reasons) {
		strbuf_addstr(sb, "<h2>Reasons</h2>\n<ul id=\"reasons\">\n");
		for (i = 0; i < in->gate->n_reasons; i++) {
			strbuf_addstr(sb, "<li>");
			esc(sb, in->gate->reasons[i].message);
			strbuf_addstr(sb, "</li>\n");
		}
		strbuf_addstr(sb, "</ul>\n");
	}
	/* counts per family and level */
	strbuf_addstr(sb, "<h2>Findings</h2>\n<table id=\"counts\"><tr><th>family</th><th>error</th>"
			  "<th>warning</th><th>note</th></tr>\n");
	{
		struct strbuf seen;
		strbuf_init(&seen);
		for (i = 0; fs && i < fs->count; i++) {
			struct strbuf fam;
			size_t j, by[4] = {0, 0, 0, 0};

			if (!counted(&fs->items[i]))
				continue;
			strbuf_init(&fam);
			family_of(&fam, fs->items[i].rule_id);
			strbuf_addch(&fam, '|');
			if (strstr(seen.buf ? seen.buf : "", fam.buf)) {
				strbuf_release(&fam);
				continue;
			}
			strbuf_addstr(&seen, fam.buf);
			for (j = i; j < fs->count; j++) {
				struct strbuf other;
				strbuf_init(&other);
				family_of(&other, fs->items[j].rule_id);
				strbuf_addch(&other, '|');
				if (counted(&fs->items[j]) && strcmp(other.buf, fam.buf) == 0 &&
				    (unsigned)fs->items[j].level < 4)
					by[fs->items[j].level]++;
				strbuf_release(&other);
			}
			fam.buf[fam.len - 1] = '\0';
			strbuf_addf(sb, "<tr><td>%s</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
				    fam.buf, by[DV_LEVEL_ERROR], by[DV_LEVEL_WARNING],
				    by[DV_LEVEL_NOTE] + by[DV_LEVEL_NONE]);
			strbuf_release(&fam);
		}
		strbuf_release(&seen);
	}
	strbuf_addstr(sb, "</table>\n");
	if (in->coverage && in->coverage->n_gaps) {
		const struct dv_coverage *cov = in->coverage;
		strbuf_addstr(sb, "<h2>Not analysed</h2>\n");
		if (in->diff_mode)
			strbuf_addf(sb, "<p>%u of %u changed lines were not analysed.</p>\n",
				    cov->changed_lines_not_analysed, cov->changed_lines_total);
		strbuf_addstr(sb, "<ul id=\"coverage\">\n");
		for (i = 0; i < cov->n_gaps; i++) {
			const struct dv_coverage_gap *g = &cov->gaps[i];
			strbuf_addstr(sb, "<li class=\"gap\">");
			esc(sb, g->path);
			if (g->first_line)
				strbuf_addf(sb, ":%u-%u", g->first_line, g->last_line);
			if (g->function) {
				strbuf_addstr(sb, " <code>");
				esc(sb, g->function);
				strbuf_addstr(sb, "()</code>");
			}
			strbuf_addf(sb, " (%s", dv_cov_state_name(g->state));
			if (g->checker) {
				strbuf_addstr(sb, ", ");
				esc(sb, g->checker);
			}
			strbuf_addstr(sb, "): ");
			esc(sb, g->reason);
			strbuf_addstr(sb, "</li>\n");
		}
		strbuf_addstr(sb, "</ul>\n");
	}
}

static void filters(struct html_ctx *h)
{
	const struct dv_findings *fs = h->in->findings;
	struct strbuf *sb = &h->sb;
	struct strbuf seen;
	size_t i;

	strbuf_init(&seen);
	strbuf_addstr(sb, "<p class=\"filters\">Show: ");
	for (i = 0; fs && i < fs->count; i++) {
		struct strbuf fam;

		strbuf_init(&fam);
		family_of(&fam, fs->items[i].rule_id);
		strbuf_addch(&fam, '|');
		if (!strstr(seen.buf ? seen.buf : "", fam.buf)) {
			strbuf_addstr(&seen, fam.buf);
			fam.buf[fam.len - 1] = '\0';
			strbuf_addf(sb, "<label><input type=\"checkbox\" checked data-kind=\"family\" "
					"value=\"%s\"> %s</label>", fam.buf, fam.buf);
		}
		strbuf_release(&fam);
	}
	strbuf_addstr(sb, " &middot; ");
	for (i = DV_LEVEL_ERROR; i >= DV_LEVEL_NOTE; i--)
		strbuf_addf(sb, "<label><input type=\"checkbox\" checked data-kind=\"level\" "
				"value=\"%s\"> %s</label>", dv_level_name((enum dv_level)i),
			    dv_level_name((enum dv_level)i));
	strbuf_addstr(sb, "</p>\n");
	strbuf_release(&seen);
}

static int same_path(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The secrets finding whose primary location is (path, line), if any:
 * its line is masked wherever it is shown. */
static const struct dv_finding *secret_on_line(const struct dv_report_input *in, const char *path,
					       unsigned line)
{
	size_t i;

	for (i = 0; in->findings && i < in->findings->count; i++) {
		const struct dv_finding *f = &in->findings->items[i];
		if (f->primary.line == line && same_path(f->primary.path, path) &&
		    dv_report_is_secret_finding(in->rules, f))
			return f;
	}
	return NULL;
}

static void excerpt(struct html_ctx *h, const struct dv_finding *f)
{
	const struct dv_report_input *in = h->in;
	struct strbuf *sb = &h->sb;
	unsigned first, last, line, path_first = 0, path_last = 0;
	size_t k;

	if (!in->read_line || !f->primary.path || !f->primary.line)
		return;
	first = f->primary.line > EXCERPT_CONTEXT ? f->primary.line - EXCERPT_CONTEXT : 1;
	last = f->primary.line + EXCERPT_CONTEXT;
	/* stretch to flow steps of the same file when they are close */
	for (k = 0; k < f->n_flow; k++) {
		const struct dv_location *s = &f->flow[k];
		if (!same_path(s->path, f->primary.path) || !s->line)
			continue;
		if (s->line < first && f->primary.line - s->line <= 30)
			first = s->line;
		if (s->line > last && s->line - f->primary.line <= 30)
			last = s->line;
	}
	/* the path between the flow's steps in this excerpt, drawn as a bar */
	for (k = 0; k < f->n_flow; k++) {
		const struct dv_location *s = &f->flow[k];
		if (!same_path(s->path, f->primary.path) || s->line < first || s->line > last)
			continue;
		if (!path_first || s->line < path_first)
			path_first = s->line;
		if (s->line > path_last)
			path_last = s->line;
	}
	strbuf_addstr(sb, "<pre class=\"src\">");
	for (line = first; line <= last; line++) {
		const char *text = in->read_line(in->read_line_ctx, f->primary.path, line);
		const struct dv_finding *secret;
		struct strbuf l;
		int changed;

		if (!text)
			break;
		strbuf_init(&l);
		strbuf_addstr(&l, text);
		secret = secret_on_line(in, f->primary.path, line);
		if (secret)
			dv_report_mask_secret(&l, &secret->primary);
		changed = in->line_changed &&
			  in->line_changed(in->line_changed_ctx, f->primary.path, line);
		strbuf_addf(sb, "<span class=\"%s%s%s\"><span class=\"ln\">%u%s</span>",
			    changed ? "chg " : "", line == f->primary.line ? "prim " : "",
			    path_first && path_first < path_last && line >= path_first &&
					    line <= path_last
				    ? "path"
				    : "",
			    line, changed ? "+" : "");
		esc(sb, l.buf);
		for (k = 0; k < f->n_flow; k++)
			if (f->flow[k].line == line && same_path(f->flow[k].path, f->primary.path))
				strbuf_addf(sb, "<span class=\"step\" title=\"step %zu\">%zu</span>", k + 1,
					    k + 1);
		strbuf_addstr(sb, "</span>\n");
		strbuf_release(&l);
	}
	strbuf_addstr(sb, "</pre>\n");
}

static void location_list(struct html_ctx *h, const char *title, const struct dv_location *locs,
			  size_t n, int numbered)
{
	struct strbuf *sb = &h->sb;
	size_t i;

	if (!n)
		return;
	strbuf_addf(sb, "<div>%s:</div><ol>\n", title);
	for (i = 0; i < n; i++) {
		strbuf_addstr(sb, "<li>");
		if (numbered)
			strbuf_addf(sb, "<span class=\"step\">%zu</span> ", i + 1);
		strbuf_addstr(sb, "<code>");
		esc(sb, locs[i].path);
		strbuf_addf(sb, ":%u</code> ", locs[i].line);
		esc(sb, locs[i].message);
		strbuf_addstr(sb, "</li>\n");
	}
	strbuf_addstr(sb, "</ol>\n");
}

static void finding(struct html_ctx *h, const struct dv_finding *f)
{
	struct strbuf *sb = &h->sb;
	const char *level = dv_level_name(f->level);

	strbuf_addstr(sb, "<div class=\"finding l-");
	strbuf_addstr(sb, level);
	strbuf_addstr(sb, "\" id=\"finding-");
	esc(sb, f->fingerprint ? f->fingerprint : "");
	strbuf_addstr(sb, "\" data-family=\"");
	family_of(sb, f->rule_id);
	strbuf_addf(sb, "\" data-level=\"%s\">\n<div><strong>%s</strong> <a href=\"", level, level);
	dv_rule_help_uri(sb, f->rule_id);
	strbuf_addstr(sb, "\"><code>");
	esc(sb, f->rule_id);
	strbuf_addstr(sb, "</code></a> <code>");
	esc(sb, f->primary.path);
	strbuf_addf(sb, ":%u:%u</code>", f->primary.line, f->primary.col);
	if (f->suppressed_in_change)
		strbuf_addstr(sb, " <em>(suppressed in this change: still counted)</em>");
	strbuf_addstr(sb, "</div>\n<div class=\"msg\">");
	esc(sb, f->message);
	strbuf_addstr(sb, "</div>\n");
	excerpt(h, f);
	location_list(h, "Code flow", f->flow, f->n_flow, 1);
	location_list(h, "Related", f->related, f->n_related, 0);
	strbuf_addstr(sb, "</div>\n");
}

int dv_report_html(FILE *out, const struct dv_report_input *in)
{
	struct html_ctx h;
	size_t i, shown = 0, suppressed = 0;

	h.out = out;
	h.in = in;
	strbuf_init(&h.sb);
	strbuf_addstr(&h.sb, page_head);
	header(&h);
	filters(&h);
	strbuf_addstr(&h.sb, "<div id=\"findings\">\n");
	for (i = 0; in->findings && i < in->findings->count; i++) {
		const struct dv_finding *f = &in->findings->items[i];
		if (!counted(f)) {
			suppressed++;
			continue;
		}
		finding(&h, f);
		shown++;
	}
	if (!shown)
		strbuf_addstr(&h.sb, "<p>No findings.</p>\n");
	strbuf_addstr(&h.sb, "</div>\n");
	if (suppressed)
		strbuf_addf(&h.sb, "<p>%zu suppressed finding%s not shown.</p>\n", suppressed,
			    suppressed == 1 ? "" : "s");
	strbuf_addstr(&h.sb, page_script);
	strbuf_addstr(&h.sb, "</body></html>\n");
	fwrite(h.sb.buf, 1, h.sb.len, out);
	strbuf_release(&h.sb);
	if (fflush(out) != 0 || ferror(out))
		return DV_ERR_IO;
	return DV_OK;
}
