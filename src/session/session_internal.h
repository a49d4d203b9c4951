/*
 * What session.c, results.c and the other files of session/ share: the
 * session and analysis objects behind include/diffvet/session.h.  Private
 * to src/session/.
 */
#ifndef DV_SESSION_INTERNAL_H
#define DV_SESSION_INTERNAL_H

#include "diffvet/session.h"
#include "diff/diff.h"
#include "front/front.h"
#include "gate/gate.h"
#include "model/overlay.h"
#include "rules/compare.h"
#include "rules/rules.h"
#include "session/guards.h"
#include "session/launcher.h"
#include "session/newonly.h"
#include "session/run.h"

struct dv_session {
	struct dv_session_options opt; /* path strings below are the session's copies;
					  arrays (includes, defines) are only used in dv_session_new */
	char *rules_dir, *extra_rules_dir, *config_path, *index_dir;
	char *cache_dir; /* the result cache's, absolute, or NULL */
	/* The working tree's .diffvet.json did not load (code 0: it did).
	 * Check mode fails with it; diff mode against git takes the config
	 * from the base revision and makes the breakage a gate reason: a
	 * change must not switch the gate off by breaking its config. */
	struct dv_error config_error;
	char *root;                    /* absolute */
	struct dv_front *front;
	struct dv_ruleset *rules;      /* shipped + extra + trusted/project config */
	struct dv_overlay overlay;
	struct dv_units *units;        /* editor mode: units kept between analyses */
	struct secrets_state *live_mask; /* editor mode: the masker of `rules`, built once */
	struct dv_launch launch;       /* diffvet cc: the compiler command's database */
};

struct dv_analysis {
	struct dv_run_result res;
	struct dv_gate gate;
	const struct dv_ruleset *rules; /* the session's, or owned_rules */
	struct dv_ruleset *owned_rules; /* the base revision's (diff mode against git) */
	struct dv_config_changes config_changes;
	struct dv_changeset *changeset;  /* diff mode: the change (owned), for reports */
	char *base;                      /* what the change is against, may be NULL */
	char *head;                      /* what the changed side is, may be NULL */
	char *root;
	int diff_mode;
	struct dv_overlay *overlay;     /* the session's, for source lines */
	struct dv_baseline *baseline;   /* --new-only: the base revision's findings */
	struct dv_guards *guards;       /* diff mode: removed guards */
	struct dv_notifications pending; /* notes from before the run, added after it */
	struct dv_overlay own_overlay;  /* --staged: the session's buffers + staged blobs */
	int has_own_overlay;
};

/* Per file, before the scope filter (session/run.h). */
struct dv_front *dv_session_front(struct dv_session *s);
const struct dv_overlay *dv_session_overlay(const struct dv_session *s);

struct dv_analysis *dv_analysis_new(void);
/* One analysis of `paths` (check mode) or of the changeset `cs` (diff
 * mode) under `root`, into `a`: the run, the scope filter, the gate. */
int dv_session_run(struct dv_session *s, const char *root, const struct dv_changeset *cs,
		   const char *const *paths, size_t n, struct dv_analysis *a, struct dv_error *err);

#endif
