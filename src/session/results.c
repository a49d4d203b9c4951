/*
 * The results of an analysis (include/diffvet/session.h): findings, the
 * gate, coverage, the exit status, and every output format.
 */
#include "session/session_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/source.h"
#include "report/report.h"
#include "util/atomic_file.h"

const struct dv_findings *dv_analysis_findings(const struct dv_analysis *a)
{
	return &a->res.findings;
}

enum dv_verdict dv_analysis_verdict(const struct dv_analysis *a)
{
	return a->gate.verdict;
}

const char *dv_analysis_verdict_name(const struct dv_analysis *a)
{
	return dv_verdict_name(a->gate.verdict);
}

size_t dv_analysis_n_reasons(const struct dv_analysis *a)
{
	return a->gate.n_reasons;
}

const char *dv_analysis_reason(const struct dv_analysis *a, size_t i)
{
	return i < a->gate.n_reasons ? a->gate.reasons[i].message : NULL;
}

static int gate_incomplete(const struct dv_gate *gate)
{
	size_t i;

	for (i = 0; i < gate->n_reasons; i++)
		if (gate->reasons[i].kind == DV_REASON_NOT_ANALYSED)
			return 1;
	return 0;
}

int dv_analysis_complete(const struct dv_analysis *a)
{
	return !gate_incomplete(&a->gate);
}

int dv_analysis_exit_status(const struct dv_analysis *a, enum dv_level fail_on,
			    int require_complete)
{
	size_t i;

	if (require_complete && gate_incomplete(&a->gate))
		return 1;
	if (fail_on == DV_LEVEL_NONE)
		return 0;
	for (i = 0; i < a->res.findings.count; i++) {
		const struct dv_finding *f = &a->res.findings.items[i];
		if (dv_gate_counts(f) && f->level >= fail_on)
			return 1;
	}
	return 0;
}

size_t dv_analysis_n_gaps(const struct dv_analysis *a)
{
	return a->res.coverage.n_gaps;
}

void dv_analysis_gap(const struct dv_analysis *a, size_t i, struct dv_gap_info *out)
{
	const struct dv_coverage_gap *g = &a->res.coverage.gaps[i];

	out->path = g->path;
	out->first_line = g->first_line;
	out->last_line = g->last_line;
	out->function = g->function;
	out->checker = g->checker;
	out->reason = g->reason;
	out->partial = g->state == DV_COV_PARTIAL;
}

size_t dv_analysis_n_notes(const struct dv_analysis *a)
{
	return a->res.notes.count;
}

void dv_analysis_note(const struct dv_analysis *a, size_t i, struct dv_note_info *out)
{
	const struct dv_notification *n = &a->res.notes.items[i];

	out->level = n->level;
	out->path = n->path;
	out->line = n->line;
	out->col = n->col;
	out->message = n->message;
}

/* "diffvet: review gate: VERDICT: reason; reason" with the reasons not
 * printed above (gaps, config changes, added suppressions), at most a few. */
static void print_verdict(const struct dv_analysis *a, FILE *out)
{
	enum { SHOWN_MAX = 4 };
	size_t i, shown = 0, more = 0;

	fprintf(out, "diffvet: review gate: %s%s", dv_verdict_name(a->gate.verdict),
		gate_incomplete(&a->gate) ? " (coverage incomplete)" : "");
	for (i = 0; i < a->gate.n_reasons; i++) {
		const struct dv_gate_reason *r = &a->gate.reasons[i];

		if (r->demands == DV_VERDICT_PASS || r->kind == DV_REASON_NOT_ANALYSED ||
		    r->kind == DV_REASON_CONFIG_CHANGED || r->kind == DV_REASON_SUPPRESSION_ADDED)
			continue;
		if (shown == SHOWN_MAX) {
			more++;
			continue;
		}
		fprintf(out, "%s%s", shown ? "; " : ": ", r->message);
		shown++;
	}
	if (more)
		fprintf(out, "; and %zu more reason%s", more, more == 1 ? "" : "s");
	fputc('\n', out);
}

void dv_analysis_print_problems(const struct dv_analysis *a, FILE *out, int verbose)
{
	const struct dv_coverage *cov = &a->res.coverage;
	size_t i;

	for (i = 0; i < a->res.notes.count; i++) {
		const struct dv_notification *n = &a->res.notes.items[i];
		if (n->path && n->line)
			fprintf(out, "diffvet: %s:%u: %s\n", n->path, n->line, n->message);
		else if (n->path)
			fprintf(out, "diffvet: %s: %s\n", n->path, n->message);
		else
			fprintf(out, "diffvet: %s\n", n->message);
	}
	for (i = 0; i < cov->n_gaps; i++) {
		const struct dv_coverage_gap *g = &cov->gaps[i];

		if (a->diff_mode && g->changed_lines == 0 && !verbose)
			continue;
		if (g->first_line == 0)
			fprintf(out, "diffvet: %s: not analysed: %s\n", g->path, g->reason);
		else if (g->function)
			fprintf(out, "diffvet: %s:%u: %s() not %sanalysed by %s: %s\n", g->path,
				g->first_line, g->function, g->state == DV_COV_PARTIAL ? "fully " : "",
				g->checker ? g->checker : "diffvet", g->reason);
		else
			fprintf(out, "diffvet: %s:%u-%u: not analysed: %s\n", g->path, g->first_line,
				g->last_line, g->reason);
	}
	if (cov->functions_total &&
	    (verbose || cov->functions_partial || cov->functions_not_analysed))
		fprintf(out,
			"diffvet: %s%u functions: %u fully analysed, %u partly, %u not at all\n",
			a->diff_mode ? "changed " : "", cov->functions_total,
			cov->functions_analysed, cov->functions_partial,
			cov->functions_not_analysed);
	if (a->diff_mode && cov->changed_lines_not_analysed)
		fprintf(out, "diffvet: %u of %u changed lines were not analysed\n",
			cov->changed_lines_not_analysed, cov->changed_lines_total);
	for (i = 0; i < a->gate.n_reasons; i++)
		if (a->gate.reasons[i].kind == DV_REASON_CONFIG_CHANGED ||
		    a->gate.reasons[i].kind == DV_REASON_SUPPRESSION_ADDED)
			fprintf(out, "diffvet: %s\n", a->gate.reasons[i].message);
	if (a->gate.verdict != DV_VERDICT_PASS || gate_incomplete(&a->gate))
		print_verdict(a, out);
}

static int line_changed(void *ctx, const char *path, unsigned line)
{
	const struct dv_file_change *fc = dv_changeset_find(ctx, path);
	return fc && dv_file_change_has_line(fc, line);
}

int dv_analysis_write(const struct dv_analysis *a, const char *format, FILE *out,
		      const struct dv_write_options *wo, struct dv_error *err)
{
	struct dv_report_input in;
	struct dv_sources sources;
	int rc;

	memset(&in, 0, sizeof(in));
	dv_sources_init(&sources, a->root);
	sources.overlay = a->overlay;
	in.findings = &a->res.findings;
	in.rules = a->rules;
	in.notes = &a->res.notes;
	in.srcroot = a->root;
	in.execution_successful = 1;
	in.command_line = wo ? wo->command_line : NULL;
	in.link_base = wo ? wo->link_base : NULL;
	in.read_line = dv_sources_line;
	in.read_line_ctx = &sources;
	in.color = wo ? wo->color : 0;
	in.fail_on = wo ? wo->fail_on : DV_LEVEL_ERROR;
	in.coverage = &a->res.coverage;
	in.gate = &a->gate;
	in.diff_mode = a->diff_mode;
	if (a->changeset) {
		in.line_changed = line_changed;
		in.line_changed_ctx = a->changeset;
	}
	in.base = a->base;
	in.head = a->head;
	if (strcmp(format, "sarif") == 0)
		rc = dv_report_sarif(out, &in);
	else if (strcmp(format, "json") == 0)
		rc = dv_report_json(out, &in);
	else if (strcmp(format, "markdown") == 0)
		rc = dv_report_markdown(out, &in);
	else if (strcmp(format, "html") == 0)
		rc = dv_report_html(out, &in);
	else if (strcmp(format, "gitlab") == 0)
		rc = dv_report_gitlab(out, &in);
	else if (strcmp(format, "text") == 0)
		rc = dv_report_text(out, &in);
	else
		rc = dv_error_set(err, DV_ERR_USAGE, "unknown format '%s'", format);
	dv_sources_release(&sources);
	if (rc && !err->code)
		dv_error_set(err, DV_ERR_IO, "writing the %s report failed", format);
	return rc;
}

int dv_analysis_write_file(const struct dv_analysis *a, const char *format, const char *path,
			   const struct dv_write_options *wo, struct dv_error *err)
{
	struct dv_atomic_file af;
	int rc;

	if (dv_atomic_open(&af, path) != 0)
		return dv_error_set(err, DV_ERR_IO, "'%s': cannot write: %s", path, strerror(errno));
	rc = dv_analysis_write(a, format, af.fp, wo, err);
	if (rc) {
		dv_atomic_abort(&af);
		return rc;
	}
	if (dv_atomic_commit(&af) != 0)
		return dv_error_set(err, DV_ERR_IO, "'%s': write failed: %s", path, strerror(errno));
	return 0;
}

