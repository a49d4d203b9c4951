/*
 * Markdown review gate, for a pull-request comment: the verdict and every
 * reason for it (computed by src/gate/, see gate.h for the policy), a
 * table of the findings, and what diffvet did not analyse.  Suppressed
 * findings are counted, not listed; findings whose suppression the change
 * itself added are listed and marked.
 */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "util/strbuf.h"

/* Escapes text for a table cell: markdown punctuation gets a backslash,
 * HTML specials become entities, line breaks and other controls become
 * spaces (a newline would end the table row). */
static void append_escaped(struct strbuf *sb, const char *s)
{
	struct strbuf valid;
	const char *p;

	strbuf_init(&valid);
	dv_utf8_append_valid(&valid, s);
	for (p = valid.buf; *p; p++) {
		unsigned char c = (unsigned char)*p;

		switch (c) {
		case '\\':
		case '|':
		case '`':
		case '*':
		case '_':
		case '[':
		case ']':
		case '#':
		case '~':
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, (char)c);
			break;
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		default:
			strbuf_addch(sb, c < 0x20 || c == 0x7F ? ' ' : (char)c);
			break;
		}
	}
	strbuf_release(&valid);
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

int dv_report_markdown(FILE *out, const struct dv_report_input *in)
{
	const struct dv_findings *fs = in->findings;
	size_t count = fs ? fs->count : 0;
	size_t shown = 0, suppressed = 0, at_fail = 0, i;
	struct dv_gate local;
	const struct dv_gate *gate = in->gate;
	struct strbuf reasons, table;
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
		strbuf_addstr(&table, "| ");
		append_escaped(&table, f->rule_id ? f->rule_id : "");
		strbuf_addf(&table, " | %s | ", dv_level_name(f->level));
		append_escaped(&table, f->primary.path ? f->primary.path : "");
		strbuf_addf(&table, ":%u:%u | ", f->primary.line, f->primary.col);
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
	}
	if (suppressed)
		fprintf(out, "%zu suppressed %s not shown.\n\n", suppressed,
			plural(suppressed, "finding", "findings"));
	print_not_analysed(out, in->coverage, in->diff_mode);
	if (fflush(out) != 0 || ferror(out))
		ret = DV_ERR_IO;
	strbuf_release(&reasons);
	strbuf_release(&table);
	if (gate == &local)
		dv_gate_release(&local);
	return ret;
}
