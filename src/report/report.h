/*
 * Output formats: text (compiler style), SARIF 2.1.0, JSON, markdown,
 * GitLab SAST.
 *
 * Reporters never decide what is a finding; they print what the run
 * gives them, in the order given (the run sorts findings first).
 * Suppressed findings appear only in SARIF (with a suppressions entry)
 * and JSON (with "suppressed": true); text and markdown leave them out.
 */
#ifndef DV_REPORT_H
#define DV_REPORT_H

#include <stdio.h>
#include "diffvet/finding.h"
#include "rules/rules.h"
#include "model/notify.h"
#include "model/coverage.h"
#include "gate/gate.h"


struct dv_report_input {
	const struct dv_findings *findings;
	const struct dv_ruleset *rules;
	const struct dv_notifications *notes;
	const char *srcroot;       /* absolute directory that relative paths are relative to */
	int execution_successful;  /* 0 when the run hit an internal error */
	const char *command_line;  /* for SARIF invocations, may be NULL */
	/* Source text for carets and snippets: returns the line without its
	 * newline, or NULL.  The pointer stays valid until the next call. */
	dv_line_reader read_line;
	void *read_line_ctx;
	int color;                 /* text only: ANSI colors */
	enum dv_level fail_on;     /* markdown gate and summaries */
	/* What was not analysed and the gate's verdict; every format shows
	 * both.  May be NULL (then the format says nothing of them). */
	const struct dv_coverage *coverage;
	const struct dv_gate *gate;
	int diff_mode;             /* the run vetted a change (not whole files) */
	/* Diff mode: nonzero when `line` of `path` was added by the change (the
	 * HTML report marks such lines); may be NULL.  base names what the
	 * change is against (a commit, "the patch"), may be NULL. */
	int (*line_changed)(void *ctx, const char *path, unsigned line);
	void *line_changed_ctx;
	const char *base;
	const char *head;          /* the changed side ("the working tree"), may be NULL */
	const char *link_base;     /* markdown: LINK_BASE/PATH#LLINE links; may be NULL */
};

/* The gate and the coverage record as JSON objects (shared by the JSON
 * report and SARIF's run properties); NULL-safe, caller deletes. */
struct cJSON *dv_report_gate_json(const struct dv_gate *gate);
struct cJSON *dv_report_coverage_json(const struct dv_coverage *cov);

/* Each returns 0 or a negative dv_result (write error). */
int dv_report_text(FILE *out, const struct dv_report_input *in);
int dv_report_sarif(FILE *out, const struct dv_report_input *in);
int dv_report_json(FILE *out, const struct dv_report_input *in);
int dv_report_markdown(FILE *out, const struct dv_report_input *in);
/* One self-contained HTML page (inline CSS and script, nothing fetched). */
int dv_report_html(FILE *out, const struct dv_report_input *in);
/* GitLab SAST report (gl-sast-report.json, schema 15.0.x), see gitlab.c. */
int dv_report_gitlab(FILE *out, const struct dv_report_input *in);

/* `diffvet rules` (one line per rule) and `diffvet explain ID`. */
void dv_report_rules_list(FILE *out, const struct dv_ruleset *rs);
/* `diffvet rules --format json`: an array of rule objects (id, name,
 * level, default_level, enabled, cwe, security_severity, precision,
 * short, full, help).  Returns 0 or a negative dv_result. */
int dv_report_rules_json(FILE *out, const struct dv_ruleset *rs);
/* `diffvet rules --format markdown`: the rules reference docs/rules.md is
 * generated from (a `## id` heading per rule: SARIF helpUri anchors point
 * at them).  Shipped defaults only, so the page does not depend on the
 * project config of whoever generates it. */
int dv_report_rules_markdown(FILE *out, const struct dv_ruleset *rs);
int dv_report_rule_explain(FILE *out, const struct dv_ruleset *rs, const char *id,
			   struct dv_error *err);

/* The SARIF log as a cJSON tree (for tests and the LSP); caller deletes. */
struct cJSON *dv_sarif_build(const struct dv_report_input *in);

#endif
