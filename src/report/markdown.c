/*
 * Markdown review gate, for a pull-request comment.
 *
 * The verdict is the strictest that applies to the unsuppressed findings:
 *
 *   senior-approval  an error whose rule has security-severity >= 9.0
 *                    (critical by GitHub's scale), or any finding in a
 *                    file matching one of the config's critical_paths
 *   dual-review      any error
 *   review           any warning
 *   pass             nothing above note level
 *
 * followed by every reason that applies (not only the deciding one) and
 * a table of the findings.  Suppressed findings are counted, not listed.
 * Critical paths match as dv_ruleset_path_critical says, against the path
 * relative to srcroot.
 */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "report/escape.h"
#include "util/strbuf.h"

#define CRITICAL_SEVERITY 9.0

enum gate_verdict {
	GATE_PASS,
	GATE_REVIEW,
	GATE_DUAL_REVIEW,
	GATE_SENIOR_APPROVAL,
};

static const char *verdict_name(enum gate_verdict v)
{
	switch (v) {
	case GATE_SENIOR_APPROVAL:
		return "senior-approval";
	case GATE_DUAL_REVIEW:
		return "dual-review";
	case GATE_REVIEW:
		return "review";
	case GATE_PASS:
		break;
	}
	return "pass";
}

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

static const struct dv_rule *find_rule(const struct dv_ruleset *rs, const char *id)
{
	size_t i;

	if (!rs || !id)
		return NULL;
	for (i = 0; i < rs->n_rules; i++) {
		if (rs->rules[i].id && strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	}
	return NULL;
}

/* The path as the config's patterns see it: relative to srcroot. */
static const char *config_relative(const char *path, const char *srcroot)
{
	size_t n;

	if (srcroot && path[0] == '/') {
		n = strlen(srcroot);
		while (n > 1 && srcroot[n - 1] == '/')
			n--;
		if (strncmp(path, srcroot, n) == 0 && path[n] == '/')
			path += n + 1;
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static int is_critical(const struct dv_report_input *in, const char *path)
{
	if (!in->rules || !path)
		return 0;
	return dv_ruleset_path_critical(in->rules, config_relative(path, in->srcroot));
}

/* Has an earlier unsuppressed finding already produced this reason?
 * Keeps the reasons list to one line per rule and per file. */
static int seen_before(const struct dv_findings *fs, size_t upto, const char *rule,
		       const char *path, const struct dv_report_input *in, int by_path)
{
	size_t i;

	for (i = 0; i < upto; i++) {
		const struct dv_finding *g = &fs->items[i];

		if (g->suppressed)
			continue;
		if (by_path) {
			if (g->primary.path && path && strcmp(g->primary.path, path) == 0 &&
			    is_critical(in, g->primary.path))
				return 1;
		} else if (g->rule_id && rule && strcmp(g->rule_id, rule) == 0 &&
			   g->level == DV_LEVEL_ERROR) {
			return 1;
		}
	}
	return 0;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int dv_report_markdown(FILE *out, const struct dv_report_input *in)
{
	const struct dv_findings *fs = in->findings;
	size_t count = fs ? fs->count : 0;
	size_t by_level[4] = {0, 0, 0, 0};
	size_t shown = 0, suppressed = 0, at_fail = 0, i;
	enum gate_verdict verdict = GATE_PASS;
	struct strbuf reasons, table;
	int ret = DV_OK;

	strbuf_init(&reasons);
	strbuf_init(&table);
	for (i = 0; i < count; i++) {
		const struct dv_finding *f = &fs->items[i];
		const struct dv_rule *rule;

		if (f->suppressed) {
			suppressed++;
			continue;
		}
		shown++;
		if ((unsigned)f->level < 4)
			by_level[f->level]++;
		if (in->fail_on != DV_LEVEL_NONE && f->level >= in->fail_on)
			at_fail++;
		rule = find_rule(in->rules, f->rule_id);
		if (f->level == DV_LEVEL_ERROR && rule && rule->security_severity >= CRITICAL_SEVERITY) {
			verdict = GATE_SENIOR_APPROVAL;
			if (!seen_before(fs, i, f->rule_id, NULL, in, 0)) {
				strbuf_addstr(&reasons, "- critical-severity error: ");
				append_escaped(&reasons, f->rule_id);
				strbuf_addf(&reasons, " (security-severity %.1f)\n", rule->security_severity);
			}
		}
		if (is_critical(in, f->primary.path)) {
			verdict = GATE_SENIOR_APPROVAL;
			if (!seen_before(fs, i, NULL, f->primary.path, in, 1)) {
				strbuf_addstr(&reasons, "- critical path touched: ");
				append_escaped(&reasons, f->primary.path);
				strbuf_addch(&reasons, '\n');
			}
		}
		if (f->level == DV_LEVEL_ERROR && verdict < GATE_DUAL_REVIEW)
			verdict = GATE_DUAL_REVIEW;
		else if (f->level == DV_LEVEL_WARNING && verdict < GATE_REVIEW)
			verdict = GATE_REVIEW;

		strbuf_addstr(&table, "| ");
		append_escaped(&table, f->rule_id ? f->rule_id : "");
		strbuf_addf(&table, " | %s | ", dv_level_name(f->level));
		append_escaped(&table, f->primary.path ? f->primary.path : "");
		strbuf_addf(&table, ":%u:%u | ", f->primary.line, f->primary.col);
		append_escaped(&table, f->message ? f->message : "");
		strbuf_addstr(&table, " |\n");
	}
	if (by_level[DV_LEVEL_ERROR])
		strbuf_addf(&reasons, "- %zu %s\n", by_level[DV_LEVEL_ERROR],
			    plural(by_level[DV_LEVEL_ERROR], "error", "errors"));
	if (by_level[DV_LEVEL_WARNING])
		strbuf_addf(&reasons, "- %zu %s\n", by_level[DV_LEVEL_WARNING],
			    plural(by_level[DV_LEVEL_WARNING], "warning", "warnings"));
	if (by_level[DV_LEVEL_NOTE] + by_level[DV_LEVEL_NONE])
		strbuf_addf(&reasons, "- %zu %s (informational)\n",
			    by_level[DV_LEVEL_NOTE] + by_level[DV_LEVEL_NONE],
			    plural(by_level[DV_LEVEL_NOTE] + by_level[DV_LEVEL_NONE], "note", "notes"));
	if (reasons.len == 0)
		strbuf_addstr(&reasons, "- no findings on the change\n");

	fprintf(out, "## diffvet review gate: %s\n\n", verdict_name(verdict));
	fprintf(out, "**Verdict:** `%s`\n\n", verdict_name(verdict));
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
	if (fflush(out) != 0 || ferror(out))
		ret = DV_ERR_IO;
	strbuf_release(&reasons);
	strbuf_release(&table);
	return ret;
}
