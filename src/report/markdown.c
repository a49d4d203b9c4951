/*
 * Markdown review gate, for a pull-request comment: the verdict and every
 * reason for it (computed by src/gate/, see gate.h for the policy), a
 * table of the findings, and what diffvet did not analyse.  Suppressed
 * findings are counted, not listed; findings whose suppression the change
 * itself added are listed and marked.
 */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Escapes text: HTML specials become entities, line breaks and other
 * controls become spaces (a newline would end a table row); in markdown
 * text (`markdown`) its punctuation also gets a backslash, while inside an
 * HTML element (<summary>), where markdown is not rendered, '"' becomes an
 * entity instead. */
static void append_text(struct strbuf *sb, const char *s, int markdown)
{
	struct strbuf valid;
	const char *p;

	strbuf_init(&valid);
	dv_utf8_append_valid(&valid, s);
	for (p = valid.buf; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '<')
			strbuf_addstr(sb, "&lt;");
		else if (c == '>')
			strbuf_addstr(sb, "&gt;");
		else if (c == '&')
			strbuf_addstr(sb, "&amp;");
		else if (c == '"' && !markdown)
			strbuf_addstr(sb, "&quot;");
		else if (markdown && strchr("\\|`*_[]#~", c)) {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, (char)c);
		} else
			strbuf_addch(sb, c < 0x20 || c == 0x7F ? ' ' : (char)c);
	}
	strbuf_release(&valid);
}

static void append_escaped(struct strbuf *sb, const char *s)
{
	append_text(sb, s, 1);
}

static void append_html(struct strbuf *sb, const char *s)
{
	append_text(sb, s, 0);
}

/* The link target LINK_BASE/PATH#LLINE.  The base comes from the command
 * line or the CI's environment; bytes that would end a markdown link
 * target are encoded. */
static void append_file_link(struct strbuf *sb, const char *base, const char *path,
			     unsigned line)
{
	const char *p;
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		n--;
	for (p = base; p < base + n; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7F || strchr("()<>\"'`[]|\\", c))
			strbuf_addf(sb, "%%%02X", c);
		else
			strbuf_addch(sb, (char)c);
	}
	strbuf_addch(sb, '/');
	dv_uri_append_encoded(sb, path);
	if (line)
		strbuf_addf(sb, "#L%u", line);
}

/* "path:line:col", a link to the line when the base is known. */
static void append_location(struct strbuf *sb, const char *link_base, const char *path,
			    unsigned line, unsigned col)
{
	if (link_base && path && *path) {
		strbuf_addch(sb, '[');
		append_escaped(sb, path);
		strbuf_addf(sb, ":%u:%u](", line, col);
		append_file_link(sb, link_base, path, line);
		strbuf_addch(sb, ')');
		return;
	}
	append_escaped(sb, path ? path : "");
	strbuf_addf(sb, ":%u:%u", line, col);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void print_not_analysed(FILE *out, const struct dv_coverage *cov, int diff_mode)
{
	struct strbuf sb;
	size_t i;

	if (!cov || cov->n_gaps == 0)
		return;
	strbuf_init(&sb);
	for (i = 0; i < cov->n_gaps; i++) {
		const struct dv_coverage_gap *g = &cov->gaps[i];

		strbuf_addstr(&sb, "- ");
		append_escaped(&sb, g->path);
		if (g->first_line)
			strbuf_addf(&sb, ":%u-%u", g->first_line, g->last_line);
		if (g->function) {
			strbuf_addstr(&sb, " `");
			append_escaped(&sb, g->function);
			strbuf_addstr(&sb, "()`");
		}
		strbuf_addf(&sb, " (%s", dv_cov_state_name(g->state));
		if (g->checker) {
			strbuf_addstr(&sb, ", ");
			append_escaped(&sb, g->checker);
		}
		strbuf_addstr(&sb, "): ");
		append_escaped(&sb, g->reason);
		if (diff_mode)
			strbuf_addf(&sb, " — %u changed %s", g->changed_lines,
				    plural(g->changed_lines, "line", "lines"));
		strbuf_addch(&sb, '\n');
	}
	fprintf(out, "### Not analysed\n\n");
	if (diff_mode)
		fprintf(out, "%u of %u changed lines were not analysed.\n\n",
			cov->changed_lines_not_analysed, cov->changed_lines_total);
	fputs(sb.buf, out);
	fputc('\n', out);
	strbuf_release(&sb);
}

/* Findings per family (the rule id up to its '/'), in order of first
 * appearance; a report has a handful of families, so a linear scan. */
struct family_count {
	const char *name; /* points into a rule id */
	size_t len, n;
};

struct family_counts {
	struct family_count *items;
	size_t count, alloc;
};

static void count_family(struct family_counts *fc, const char *rule_id)
{
	const char *id = rule_id ? rule_id : "";
	const char *slash = strchr(id, '/');
	size_t len = slash ? (size_t)(slash - id) : strlen(id);
	size_t i;

	for (i = 0; i < fc->count; i++)
		if (fc->items[i].len == len && strncmp(fc->items[i].name, id, len) == 0) {
			fc->items[i].n++;
			return;
		}
	DV_GROW(fc->items, fc->count + 1, fc->alloc);
	fc->items[fc->count].name = id;
	fc->items[fc->count].len = len;
	fc->items[fc->count].n = 1;
	fc->count++;
}

static void print_families(FILE *out, const struct family_counts *fc)
{
	struct strbuf line, name;
	size_t i;

	strbuf_init(&line);
	for (i = 0; i < fc->count; i++) {
		strbuf_init(&name);
		strbuf_add(&name, fc->items[i].name, fc->items[i].len);
		if (i)
			strbuf_addstr(&line, " · ");
		append_escaped(&line, name.buf);
		strbuf_addf(&line, " %zu", fc->items[i].n);
		strbuf_release(&name);
	}
	if (fc->count)
		fprintf(out, "By family: %s\n\n", line.buf);
	strbuf_release(&line);
}

/* The code flow of a finding, folded: a summary line, then the steps. */
static void add_flow(struct strbuf *sb, const char *link_base, const struct dv_finding *f)
{
	size_t i;

	strbuf_addstr(sb, "<details><summary>");
	append_html(sb, f->rule_id ? f->rule_id : "");
	strbuf_addstr(sb, " at ");
	append_html(sb, f->primary.path ? f->primary.path : "");
	strbuf_addf(sb, ":%u: %zu steps</summary>\n\n", f->primary.line, f->n_flow);
	for (i = 0; i < f->n_flow; i++) {
		const struct dv_location *step = &f->flow[i];

		strbuf_addf(sb, "%zu. ", i + 1);
		append_location(sb, link_base, step->path, step->line, step->col);
		if (step->message && *step->message) {
			strbuf_addstr(sb, " ");
			append_escaped(sb, step->message);
		}
		strbuf_addch(sb, '\n');
	}
	strbuf_addstr(sb, "\n</details>\n\n");
}

int dv_report_markdown(FILE *out, const struct dv_report_input *in)
{
	const struct dv_findings *fs = in->findings;
	size_t count = fs ? fs->count : 0;
	size_t shown = 0, suppressed = 0, at_fail = 0, i;
	struct dv_gate local;
	const struct dv_gate *gate = in->gate;
	struct strbuf reasons, table, flows;
	struct family_counts families = {NULL, 0, 0};
	int ret = DV_OK;

	if (!gate) {
		struct dv_gate_input gi;

		memset(&gi, 0, sizeof(gi));
		gi.findings = fs;
		gi.rules = in->rules;
		gi.coverage = in->coverage;
		gi.diff_mode = in->diff_mode;
		dv_gate_compute(&gi, &local);
		gate = &local;
	}
	strbuf_init(&reasons);
	strbuf_init(&table);
	strbuf_init(&flows);
	for (i = 0; i < gate->n_reasons; i++) {
		strbuf_addstr(&reasons, "- ");
		append_escaped(&reasons, gate->reasons[i].message);
		strbuf_addch(&reasons, '\n');
	}
	for (i = 0; i < count; i++) {
		const struct dv_finding *f = &fs->items[i];

		if (f->suppressed && !f->suppressed_in_change) {
			suppressed++;
			continue;
		}
		shown++;
		if (in->fail_on != DV_LEVEL_NONE && f->level >= in->fail_on)
			at_fail++;
		strbuf_addstr(&table, "| [");
		append_escaped(&table, f->rule_id ? f->rule_id : "");
		strbuf_addstr(&table, "](");
		dv_rule_help_uri(&table, f->rule_id);
		strbuf_addf(&table, ") | %s | ", dv_level_name(f->level));
		append_location(&table, in->link_base, f->primary.path, f->primary.line,
				f->primary.col);
		strbuf_addstr(&table, " | ");
		count_family(&families, f->rule_id);
		if (f->n_flow > 1)
			add_flow(&flows, in->link_base, f);
		if (f->suppressed_in_change)
			strbuf_addstr(&table, "(suppressed in this change) ");
		append_escaped(&table, f->message ? f->message : "");
		strbuf_addstr(&table, " |\n");
	}

	fprintf(out, "## diffvet review gate: %s\n\n", dv_verdict_name(gate->verdict));
	fprintf(out, "**Verdict:** `%s`\n\n", dv_verdict_name(gate->verdict));
	fprintf(out, "Reasons:\n\n%s\n", reasons.buf);
	if (in->fail_on != DV_LEVEL_NONE)
		fprintf(out, "%zu %s at or above `%s` (the failure threshold).\n\n", at_fail,
			plural(at_fail, "finding", "findings"), dv_level_name(in->fail_on));
	if (shown) {
		fprintf(out, "| Rule | Level | Location | Message |\n");
		fprintf(out, "| --- | --- | --- | --- |\n");
		fputs(table.buf, out);
		fputc('\n', out);
		print_families(out, &families);
		fputs(flows.buf, out);
	}
	if (suppressed)
		fprintf(out, "%zu suppressed %s not shown.\n\n", suppressed,
			plural(suppressed, "finding", "findings"));
	print_not_analysed(out, in->coverage, in->diff_mode);
	if (fflush(out) != 0 || ferror(out))
		ret = DV_ERR_IO;
	strbuf_release(&reasons);
	strbuf_release(&table);
	strbuf_release(&flows);
	free(families.items);
	if (gate == &local)
		dv_gate_release(&local);
	return ret;
}
