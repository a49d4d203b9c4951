/*
 * What a change did to the project's rules and config, for the review
 * gate: the base revision's ruleset against the head's (both loaded with
 * the same trusted rule directories, so only the project's own files can
 * differ).  The effective rulesets are compared, not the texts, so a
 * change is seen wherever it was made (config, a rule file it names).
 *
 * Severity (the gate's verdict floor for the change):
 *   senior-approval  the change can hide findings: a rule disabled or
 *                    removed, a level lowered (error > warning > note),
 *                    a security_severity lowered, ignore_paths gained a
 *                    pattern, critical_paths lost one, API knowledge
 *                    removed or changed in place, or API knowledge added
 *                    anywhere but where it can only add findings
 *                    (sources, sinks, entry_points, secret patterns,
 *                    crypto_key_args); sanitizers, validators,
 *                    allowlists, borrow/guard/release functions and
 *                    thresholds all silence findings; a gate threshold
 *                    lowered (critical_severity raised, a level's verdict
 *                    lowered, max_changed_lines raised or removed).
 *   review           any other change: a rule enabled or added, a level
 *                    or severity raised, other rule metadata, a path
 *                    pattern removed from ignore_paths or added to
 *                    critical_paths, rule_files changed, API knowledge
 *                    added where it only adds findings.
 *
 * Messages are one line, quote the subject and never exceed ~200 bytes
 * (long JSON values are cut): "rule 'injection/command' disabled",
 * "ignore_paths gained 'vendor/'".  The caller owns the list and frees it
 * with dv_config_changes_release.
 */
#ifndef DV_RULES_COMPARE_H
#define DV_RULES_COMPARE_H

#include <stddef.h>

#include "rules/rules.h"

enum dv_change_severity {
	DV_CHANGE_REVIEW = 1,
	DV_CHANGE_SENIOR_APPROVAL = 2,
};

struct dv_config_change {
	enum dv_change_severity severity;
	char *message; /* owned */
};

struct dv_config_changes {
	struct dv_config_change *items; /* in a stable order: rules by id, then paths, then api */
	size_t count, alloc;
};

/* Appends every difference between `base` and `head` to `out` (which the
 * caller zero-initialises); both may be NULL (nothing to compare). */
void dv_ruleset_compare(const struct dv_ruleset *base, const struct dv_ruleset *head,
			struct dv_config_changes *out);
/* The strictest severity in the list, 0 when it is empty. */
enum dv_change_severity dv_config_changes_max(const struct dv_config_changes *c);
void dv_config_changes_release(struct dv_config_changes *c);

#endif
