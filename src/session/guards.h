/*
 * Removed guards: a change that deletes the unlock, the fclose/free, the
 * authorization check or the sanitizer a checker relies on makes a
 * finding of that checker in the same function the change's, even when
 * no added line is involved (the finding sits on an unchanged line).
 *
 * What counts as a guard is the checkers' own API knowledge in the rules
 * (rules/<family>.json): "release" functions of locks and resources,
 * permission "checks" and "noreturn_checks", injection "sanitizers" and
 * "validators" (limited to the rules they name).  The deleted lines are
 * read with libclang from the base revision, rebuilt from the file and
 * the diff (the diff keeps deleted lines' text), so this works for git
 * and patch input alike: a call counts when it starts on a deleted line.
 */
#ifndef DV_SESSION_GUARDS_H
#define DV_SESSION_GUARDS_H

#include "diff/diff.h"
#include "diffvet/finding.h"
#include "front/front.h"
#include "gate/gate.h"
#include "model/overlay.h"
#include "rules/rules.h"

struct dv_guards;

/* `head`: what the change's files read as, may be NULL; `root` absolute. */
struct dv_guards *dv_guards_new(const struct dv_ruleset *rules, struct dv_front *front,
				const struct dv_overlay *head, const char *root);
void dv_guards_free(struct dv_guards *g);

/* For one file's findings (before the scope filter): a finding of a
 * family whose guard the change deleted in the finding's function gets
 * the deleted line as a related location, a message saying so, and
 * keep[i] = 1.  Returns how many findings were marked. */
size_t dv_guards_mark(struct dv_guards *g, const char *path, const struct dv_file_change *fc,
		      struct dv_findings *findings, unsigned char *keep);

/* Every guard removal marked so far, for the gate (owned by g). */
const struct dv_gate_guard *dv_guards_removed(const struct dv_guards *g, size_t *n);

#endif
