/*
 * In-code suppressions: `diffvet-ignore[rule-id]: reason` (several ids
 * separated by commas; `family/` + `*` and a lone `*` allowed) on the
 * finding's line, or on the line above in a comment of its own (a
 * trailing comment on the line above is about that line's code).  The
 * reason is required: a reviewer must learn why a finding was waved
 * through.
 *
 * Trust: a suppression the change under review adds does not lower the
 * gate.  In diff mode the caller says which lines the change added; a
 * finding whose only suppression sits on an added line is marked
 * suppressed and suppressed_in_change with the comment's reason: shown
 * as "suppressed in this change", still counted by the gate and the exit
 * status (dv_gate_counts), and the suppression is listed as a
 * notification.  Suppressions
 * already present at the base work as before (one above a line the change
 * wrote is listed too: the reason may no longer hold).
 *
 * A comment that suppresses nothing because it is wrong (no reason, an
 * unknown rule id, a bare family name, no closing ']') is a note-level
 * notification, never silently ignored: on the lines that could
 * suppress a finding, and in diff mode on every added line.  (Other
 * lines are left alone: there a mention of the syntax in prose or in a
 * string is not a suppression anybody relies on.)
 */
#ifndef DV_SESSION_SUPPRESS_H
#define DV_SESSION_SUPPRESS_H

#include <stddef.h>

#include "diffvet/finding.h"
#include "model/notify.h"
#include "rules/rules.h"

#define DV_SUPPRESSION_MAX_IDS 16

/* One `diffvet-ignore[...]` marker as written, pointing into the text. */
struct dv_suppression {
	size_t offset;           /* of the marker in the parsed text */
	struct {
		const char *text; /* trimmed id or pattern; not NUL-terminated */
		size_t len;
	} ids[DV_SUPPRESSION_MAX_IDS];
	size_t n_ids;            /* ids beyond the maximum are dropped (too_many_ids) */
	int too_many_ids;
	int unterminated;        /* no ']': nothing after the marker is parsed */
	const char *reason;      /* trimmed, without a block comment's end; NULL
				    when missing or empty; not NUL-terminated */
	size_t reason_len;
};

/*
 * Finds the first marker in text[0..len) (one line: the reason runs to
 * the end of it) and parses it into *out.  Returns the offset just after
 * the marker's ']' (where the next search starts), or 0 when there is no
 * marker; an unterminated marker returns len.  Never reads past len; the
 * text need not be NUL-terminated.
 */
size_t dv_suppression_parse(const char *text, size_t len, struct dv_suppression *out);

/* Nonzero when the marker's id list covers rule_id. */
int dv_suppression_matches(const struct dv_suppression *s, const char *rule_id);

/* Nonzero when `line` (1-based) of `path` is an added line of the change. */
typedef int (*dv_line_added_fn)(void *ctx, const char *path, unsigned line);

struct dv_suppress_options {
	dv_line_reader read_line; /* source lines (required) */
	void *read_ctx;
	/* Rule ids named in comments are checked against this ruleset; NULL
	 * checks only the form. */
	const struct dv_ruleset *rules;
	/* Diff mode: which lines the change added; NULL in check mode. */
	dv_line_added_fn line_added;
	void *added_ctx;
	/* Diff mode: the changed files, whose every added line's comments
	 * are checked (any other line only when it could suppress a
	 * finding: a finding's line and the line above); may be empty. */
	const char *const *paths;
	size_t n_paths;
};

/*
 * Marks suppressed findings (suppressed, suppression_reason) and those
 * suppressed only by a comment the change adds (suppressed too, plus
 * suppressed_in_change); adds notifications for such comments and for
 * wrong ones.  Findings stay in the list either way.
 */
void dv_apply_suppressions(struct dv_findings *list, const struct dv_suppress_options *opt,
			   struct dv_notifications *notes);

#endif
