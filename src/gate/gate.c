/* The review gate: see gate.h for the policy. */
#include "gate/gate.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"


static const char *const verdict_names[] = {"pass", "review", "dual-review", "senior-approval"};

const char *dv_verdict_name(enum dv_verdict v)
{
	if ((unsigned)v < sizeof(verdict_names) / sizeof(verdict_names[0]))
		return verdict_names[v];
	return "pass";
}

int dv_verdict_parse(const char *name, enum dv_verdict *out)
{
	unsigned i;

	for (i = 0; i < sizeof(verdict_names) / sizeof(verdict_names[0]); i++)
		if (strcmp(name, verdict_names[i]) == 0) {
			*out = (enum dv_verdict)i;
			return 0;
		}
	return -1;
}

const char *dv_reason_kind_name(enum dv_reason_kind k)
{
	switch (k) {
	case DV_REASON_FINDINGS:
		return "findings";
	case DV_REASON_CRITICAL_RULE:
		return "critical-rule";
	case DV_REASON_CRITICAL_PATH:
		return "critical-path";
	case DV_REASON_RULE_DEMANDS:
		return "rule-demands";
	case DV_REASON_NOT_ANALYSED:
		return "not-analysed";
	case DV_REASON_SUPPRESSION_ADDED:
		return "suppression-added";
	case DV_REASON_CONFIG_CHANGED:
		return "config-changed";
	case DV_REASON_CHANGE_SIZE:
		return "change-size";
	case DV_REASON_GUARD_REMOVED:
		return "guard-removed";
	}
	return "unknown";
}

int dv_gate_counts(const struct dv_finding *f)
{
	return !f->suppressed || f->suppressed_in_change;
}

static struct dv_gate_reason *add_reason(struct dv_gate *g, enum dv_verdict demands,
					 enum dv_reason_kind kind, const char *path, unsigned line,
					 const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

static struct dv_gate_reason *add_reason(struct dv_gate *g, enum dv_verdict demands,
					 enum dv_reason_kind kind, const char *path, unsigned line,
					 const char *fmt, ...)
{
	struct dv_gate_reason *r;
	va_list ap;

	DV_GROW(g->reasons, g->n_reasons + 1, g->reasons_alloc);
	r = &g->reasons[g->n_reasons++];
	memset(r, 0, sizeof(*r));
	r->demands = demands;
	r->kind = kind;
	r->path = path ? xstrdup(path) : NULL;
	r->line = line;
	va_start(ap, fmt);
	r->message = xvasprintf(fmt, ap);
	va_end(ap);
	if (demands > g->verdict)
		g->verdict = demands;
	return r;
}

static int has_reason(const struct dv_gate *g, enum dv_reason_kind kind, const char *key)
{
	size_t i;

	for (i = 0; i < g->n_reasons; i++) {
		const struct dv_gate_reason *r = &g->reasons[i];
		if (r->kind != kind)
			continue;
		if (kind == DV_REASON_CRITICAL_PATH && r->path && strcmp(r->path, key) == 0)
			return 1;
		if (kind != DV_REASON_CRITICAL_PATH && strstr(r->message, key))
			return 1;
	}
	return 0;
}

static const struct dv_gate_policy *policy_of(const struct dv_gate_input *in,
					      struct dv_gate_policy *fallback)
{
	if (in->rules)
		return &in->rules->gate;
	dv_gate_policy_default(fallback);
	return fallback;
}

static void finding_reasons(const struct dv_gate_input *in, struct dv_gate *g)
{
	const struct dv_findings *fs = in->findings;
	struct dv_gate_policy defaults;
	const struct dv_gate_policy *pol = policy_of(in, &defaults);
	size_t i;

	for (i = 0; fs && i < fs->count; i++) {
		const struct dv_finding *f = &fs->items[i];
		const struct dv_rule *rule;

		if (!dv_gate_counts(f)) {
			g->suppressed++;
			continue;
		}
		if ((unsigned)f->level < 4)
			g->by_level[f->level]++;
		if (f->suppressed_in_change) {
			g->suppressed_in_change++;
			add_reason(g, DV_VERDICT_REVIEW, DV_REASON_SUPPRESSION_ADDED, f->primary.path,
				   f->primary.line, "the change adds a suppression of %s at %s:%u",
				   f->rule_id, f->primary.path, f->primary.line);
		}
		rule = in->rules ? dv_ruleset_find(in->rules, f->rule_id) : NULL;
		if (f->level == DV_LEVEL_ERROR && rule &&
		    rule->security_severity >= pol->critical_severity &&
		    !has_reason(g, DV_REASON_CRITICAL_RULE, f->rule_id))
			add_reason(g, DV_VERDICT_SENIOR_APPROVAL, DV_REASON_CRITICAL_RULE, NULL, 0,
				   "critical-severity error: %s (security-severity %.1f)", f->rule_id,
				   rule->security_severity);
		if (rule && rule->gate > DV_VERDICT_PASS && f->level > DV_LEVEL_NONE &&
		    !has_reason(g, DV_REASON_RULE_DEMANDS, f->rule_id))
			add_reason(g, (enum dv_verdict)rule->gate, DV_REASON_RULE_DEMANDS, NULL, 0,
				   "%s needs %s: %s", f->rule_id,
				   dv_verdict_name((enum dv_verdict)rule->gate),
				   rule->short_desc ? rule->short_desc : "see the rule's help");
		if (in->rules && f->primary.path &&
		    dv_ruleset_path_critical(in->rules, f->primary.path) &&
		    !has_reason(g, DV_REASON_CRITICAL_PATH, f->primary.path))
			add_reason(g, DV_VERDICT_SENIOR_APPROVAL, DV_REASON_CRITICAL_PATH,
				   f->primary.path, 0, "critical path touched: %s", f->primary.path);
	}
	if (g->by_level[DV_LEVEL_ERROR])
		add_reason(g, (enum dv_verdict)pol->error_verdict, DV_REASON_FINDINGS, NULL, 0,
			   "%zu error%s",
			   g->by_level[DV_LEVEL_ERROR], g->by_level[DV_LEVEL_ERROR] == 1 ? "" : "s");
	if (g->by_level[DV_LEVEL_WARNING])
		add_reason(g, (enum dv_verdict)pol->warning_verdict, DV_REASON_FINDINGS, NULL, 0,
			   "%zu warning%s",
			   g->by_level[DV_LEVEL_WARNING],
			   g->by_level[DV_LEVEL_WARNING] == 1 ? "" : "s");
	if (g->by_level[DV_LEVEL_NOTE] + g->by_level[DV_LEVEL_NONE])
		add_reason(g, DV_VERDICT_PASS, DV_REASON_FINDINGS, NULL, 0,
			   "%zu note%s (informational)",
			   g->by_level[DV_LEVEL_NOTE] + g->by_level[DV_LEVEL_NONE],
			   g->by_level[DV_LEVEL_NOTE] + g->by_level[DV_LEVEL_NONE] == 1 ? "" : "s");
}

static int same_function_gap(const struct dv_coverage_gap *a, const struct dv_coverage_gap *b)
{
	return a->function && b->function && a->first_line == b->first_line &&
	       strcmp(a->function, b->function) == 0 && strcmp(a->path, b->path) == 0 &&
	       strcmp(a->reason, b->reason) == 0;
}

static void coverage_reasons(const struct dv_gate_input *in, struct dv_gate *g)
{
	const struct dv_coverage *cov = in->coverage;
	size_t i;

	g->complete = !cov || dv_coverage_complete(cov);
	if (!cov)
		return;
	for (i = 0; i < cov->n_gaps; i++) {
		const struct dv_coverage_gap *gap = &cov->gaps[i];

		/* In diff mode only gaps over changed lines hold the gate; in
		 * check mode every gap does (the user asked for whole files). */
		if (in->diff_mode && gap->changed_lines == 0)
			continue;
		if (gap->first_line == 0)
			add_reason(g, DV_VERDICT_REVIEW, DV_REASON_NOT_ANALYSED, gap->path, 0,
				   "%s was not analysed: %s", gap->path, gap->reason);
		else if (gap->function) {
			/* one reason per function and cause, naming every checker */
			struct strbuf who;
			size_t j;
			int dup = 0;

			for (j = 0; j < i && !dup; j++)
				dup = same_function_gap(&cov->gaps[j], gap);
			if (dup)
				continue;
			strbuf_init(&who);
			strbuf_addstr(&who, gap->checker ? gap->checker : "diffvet");
			for (j = i + 1; j < cov->n_gaps; j++)
				if (same_function_gap(&cov->gaps[j], gap) && cov->gaps[j].checker)
					strbuf_addf(&who, ", %s", cov->gaps[j].checker);
			add_reason(g, DV_VERDICT_REVIEW, DV_REASON_NOT_ANALYSED, gap->path,
				   gap->first_line, "%s:%u: %s() was %s by %s: %s", gap->path,
				   gap->first_line, gap->function,
				   gap->state == DV_COV_PARTIAL ? "not fully analysed" : "not analysed",
				   who.buf, gap->reason);
			strbuf_release(&who);
		}
		else
			add_reason(g, DV_VERDICT_REVIEW, DV_REASON_NOT_ANALYSED, gap->path,
				   gap->first_line, "%s:%u-%u was not analysed: %s", gap->path,
				   gap->first_line, gap->last_line, gap->reason);
	}
}

/* What the change itself did, findings or not: a change under a critical
 * path needs a senior's approval even when diffvet finds nothing there
 * (the critical code is where a reviewer's judgement is the gate). */
static void change_reasons(const struct dv_gate_input *in, struct dv_gate *g)
{
	struct dv_gate_policy defaults;
	const struct dv_gate_policy *pol = policy_of(in, &defaults);
	size_t i;

	if (in->diff_mode && pol->max_changed_lines && in->changed_lines > pol->max_changed_lines)
		add_reason(g, (enum dv_verdict)pol->large_change_verdict, DV_REASON_CHANGE_SIZE, NULL,
			   0, "a large change: %zu lines added or deleted (more than %u)",
			   in->changed_lines, pol->max_changed_lines);

	for (i = 0; i < in->n_removed_guards; i++)
		add_reason(g, DV_VERDICT_DUAL_REVIEW, DV_REASON_GUARD_REMOVED,
			   in->removed_guards[i].path, in->removed_guards[i].line, "%s",
			   in->removed_guards[i].message);
	for (i = 0; in->rules && i < in->n_changed_paths; i++) {
		const char *path = in->changed_paths[i];

		if (path && dv_ruleset_path_critical(in->rules, path) &&
		    !has_reason(g, DV_REASON_CRITICAL_PATH, path))
			add_reason(g, DV_VERDICT_SENIOR_APPROVAL, DV_REASON_CRITICAL_PATH, path, 0,
				   "the change modifies a critical path: %s", path);
	}
}

void dv_gate_compute(const struct dv_gate_input *in, struct dv_gate *g)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	for (i = 0; in->config_changes && i < in->config_changes->count; i++) {
		const struct dv_config_change *c = &in->config_changes->items[i];
		add_reason(g,
			   c->severity == DV_CHANGE_SENIOR_APPROVAL ? DV_VERDICT_SENIOR_APPROVAL
								    : DV_VERDICT_REVIEW,
			   DV_REASON_CONFIG_CHANGED, NULL, 0,
			   "the change modifies diffvet's configuration: %s", c->message);
	}
	coverage_reasons(in, g);
	finding_reasons(in, g);
	change_reasons(in, g);
	if (g->n_reasons == 0)
		add_reason(g, DV_VERDICT_PASS, DV_REASON_FINDINGS, NULL, 0,
			   in->diff_mode ? "no findings on the change" : "no findings");
}

void dv_gate_release(struct dv_gate *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->n_reasons; i++) {
		free(g->reasons[i].message);
		free(g->reasons[i].path);
	}
	free(g->reasons);
	memset(g, 0, sizeof(*g));
}
