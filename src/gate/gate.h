/*
 * The review gate: the policy as data.  From the run's findings, its
 * coverage record and what the change did to diffvet's own configuration,
 * it computes a verdict and every reason for it.  Every reporter prints
 * the same gate; the CLI's exit status and the LSP server read it too.
 *
 * Verdicts, weakest first (each reason demands one; the verdict is the
 * strongest demanded):
 *
 *   pass             nothing above note level, everything analysed
 * The thresholds below are the defaults; the project config's "gate"
 * object changes them (rules.h, struct dv_gate_policy).
 *
 *   review           a warning; a change of more than 1000 lines; a changed line diffvet could not analyse;
 *                    a suppression added by the change; any change to the
 *                    project config or its rule files
 *   dual-review      an error; a guard the change removed (an unlock, an
 *                    fclose, an authorization check, a sanitizer) that a
 *                    reported finding relies on
 *   senior-approval  an error of a rule with security-severity >= 9.0; any
 *                    finding in a config critical path, and in diff mode any
 *                    change under a critical path at all; a rule whose
 *                    metadata demands it (destructive operations); a config
 *                    change that lowers the gate (disables a rule, widens
 *                    ignore_paths, lowers a level)
 *
 * Findings suppressed at the base do not count.  Findings suppressed by a
 * comment the change itself added still count (the change cannot lower
 * its own gate) and add a reason of their own.
 */
#ifndef DV_GATE_H
#define DV_GATE_H

#include <stddef.h>
#include "diffvet/finding.h"
#include "model/coverage.h"
#include "rules/rules.h"
#include "rules/compare.h"

enum dv_reason_kind {
	DV_REASON_FINDINGS,        /* counts of findings by level */
	DV_REASON_CRITICAL_RULE,   /* critical-severity error */
	DV_REASON_CRITICAL_PATH,   /* finding in a critical path */
	DV_REASON_RULE_DEMANDS,    /* rule metadata "gate" */
	DV_REASON_NOT_ANALYSED,    /* changed lines or files not analysed */
	DV_REASON_SUPPRESSION_ADDED,
	DV_REASON_CONFIG_CHANGED,
	DV_REASON_GUARD_REMOVED,   /* the change deleted a guard a finding relies on */
	DV_REASON_CHANGE_SIZE,     /* more changed lines than the config's max_changed_lines */
};

struct dv_gate_reason {
	enum dv_verdict demands;
	enum dv_reason_kind kind;
	char *message;   /* one line, plain text */
	char *path;      /* may be NULL */
	unsigned line;   /* 0 when not tied to a line */
};

struct dv_gate_guard {
	const char *message; /* "the change removed 'fclose' in first()" */
	const char *path;
	unsigned line;       /* of the finding that relies on it */
};

struct dv_gate_input {
	const struct dv_findings *findings;
	const struct dv_ruleset *rules;
	const struct dv_coverage *coverage;
	/* what the change did to diffvet's configuration (base vs. head), may be NULL */
	const struct dv_config_changes *config_changes;
	int diff_mode;             /* coverage of changed lines vs. whole files */
	/* diff mode, may be NULL/0: every path the change touches (new and
	 * old names), for critical_paths */
	const char *const *changed_paths;
	size_t n_changed_paths;
	/* diff mode, may be NULL/0: one line per removed guard, with where */
	const struct dv_gate_guard *removed_guards;
	size_t n_removed_guards;
	/* diff mode: lines the change adds plus lines it deletes */
	size_t changed_lines;
};

struct dv_gate {
	enum dv_verdict verdict;
	struct dv_gate_reason *reasons;
	size_t n_reasons, reasons_alloc;
	size_t by_level[4];        /* counted findings by level */
	size_t suppressed;         /* suppressed at the base: not counted */
	size_t suppressed_in_change; /* counted, suppression added by the change */
	int complete;              /* the coverage record has no gap */
};

void dv_gate_compute(const struct dv_gate_input *in, struct dv_gate *out);
void dv_gate_release(struct dv_gate *g);

const char *dv_verdict_name(enum dv_verdict v); /* "pass", "review", ... */
/* Parses a verdict name; returns -1 when unknown. */
int dv_verdict_parse(const char *name, enum dv_verdict *out);
const char *dv_reason_kind_name(enum dv_reason_kind k); /* "findings", "not-analysed", ... */

/* Nonzero when the finding counts for the gate (not suppressed at the base). */
int dv_gate_counts(const struct dv_finding *f);

#endif
