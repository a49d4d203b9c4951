/*
 * The session API (include/diffvet/session.h): rules, configuration,
 * compile flags and buffers held across analyses; each analysis runs the
 * checkers (session/run.c), computes the gate and keeps what the
 * reporters need.
 */
#include "diffvet/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "front/front.h"
#include "gate/gate.h"
#include "index/index.h"
#include "model/confined.h"
#include "model/overlay.h"
#include "model/paths.h"
#include "model/source.h"
#include "report/report.h"
#include "rules/rules.h"
#include "checkers/secrets.h"
#include "diff/git.h"
#include "rules/compare.h"
#include "session/change_input.h"
#include "session/guards.h"
#include "session/newonly.h"
#include "session/staged.h"
#include "session/session_internal.h"
#include "session/run.h"
#include "session/units.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"

#include "session/session_internal.h"

static void change_filter(void *ctx, const char *path, const struct dv_file_change *fc,
			  struct dv_findings *findings, unsigned char *keep)
{
	struct dv_analysis *a = ctx;

	if (a->baseline)
		dv_baseline_drop_known(a->baseline, path, fc, findings, keep);
	if (a->guards)
		dv_guards_mark(a->guards, path, fc, findings, keep);
}

const char *dv_session_root(const struct dv_session *s)
{
	return s->root;
}

const char *dv_session_compdb_dir(const struct dv_session *s)
{
	return dv_front_compdb_dir(s->front);
}

struct dv_front *dv_session_front(struct dv_session *s)
{
	return s->front;
}

const struct dv_overlay *dv_session_overlay(const struct dv_session *s)
{
	return &s->overlay;
}

static struct dv_ruleset *load_rules(const struct dv_session_options *o, const char *root,
				     struct dv_error *err)
{
	char *config = NULL;
	struct dv_ruleset *rs;
	int required = 0;

	if (o->config_path) {
		config = xstrdup(o->config_path);
		required = 1;
	} else {
		config = dv_path_join(root, ".diffvet.json");
		if (access(config, F_OK) != 0) {
			free(config);
			config = NULL;
		}
	}
	rs = dv_ruleset_load(o->rules_dir, o->extra_rules_dir, config, required, err);
	free(config);
	return rs;
}

static int start_launch(struct dv_session *s, const struct dv_session_options *opt,
			struct dv_error *err)
{
	char cwd[4096];
	char *dir;
	int rc;

	if (!opt->n_compile_command)
		return dv_error_set(err, DV_ERR_USAGE, "no compiler command given");
	if (!getcwd(cwd, sizeof(cwd)))
		return dv_error_set(err, DV_ERR_IO, "cannot determine the current directory");
	dir = dv_path_absolute(opt->compile_directory ? opt->compile_directory : cwd, cwd);
	rc = dv_launch_prepare(opt->compile_command, opt->n_compile_command, dir, &s->launch, err);
	free(dir);
	return rc;
}

size_t dv_session_n_command_inputs(const struct dv_session *s)
{
	return s->launch.n_inputs;
}

const char *dv_session_command_input(const struct dv_session *s, size_t i)
{
	return i < s->launch.n_inputs ? s->launch.inputs[i] : NULL;
}

struct dv_session *dv_session_new(const struct dv_session_options *opt, struct dv_error *err)
{
	struct dv_session *s = xcalloc(1, sizeof(*s));
	struct dv_front_options fo;
	char cwd[4096];

	s->opt = *opt;
	if (!opt->rules_dir) {
		dv_error_set(err, DV_ERR_USAGE, "no rules directory given");
		goto fail;
	}
	s->opt.rules_dir = s->rules_dir = xstrdup(opt->rules_dir);
	s->opt.extra_rules_dir = s->extra_rules_dir =
		opt->extra_rules_dir ? xstrdup(opt->extra_rules_dir) : NULL;
	s->opt.config_path = s->config_path = opt->config_path ? xstrdup(opt->config_path) : NULL;
	s->opt.index_dir = s->index_dir =
		opt->index_dir ? dv_path_absolute(opt->index_dir, NULL) : NULL;
	if (opt->no_cache)
		s->cache_dir = NULL;
	else if (opt->cache_dir)
		s->cache_dir = dv_path_absolute(opt->cache_dir, NULL);
	else if (s->index_dir)
		s->cache_dir = dv_path_join(s->index_dir, "results");
	s->opt.cache_dir = s->cache_dir;
	s->opt.includes = NULL;
	s->opt.n_includes = 0;
	s->opt.defines = NULL;
	s->opt.n_defines = 0;
	s->opt.root = NULL;
	s->opt.compile_command = NULL;
	s->opt.n_compile_command = 0;
	s->opt.compile_directory = NULL;
	if (opt->compile_command && start_launch(s, opt, err) != 0)
		goto fail;
	if (!opt->root && s->launch.root) {
		s->root = xstrdup(s->launch.root);
	} else if (opt->root) {
		s->root = dv_path_absolute(opt->root, NULL);
		s->opt.root = s->root; /* given by the caller: patch paths are relative to it */
	} else {
		if (!getcwd(cwd, sizeof(cwd))) {
			dv_error_set(err, DV_ERR_IO, "cannot determine the current directory");
			goto fail;
		}
		s->root = xstrdup(cwd);
	}
	dv_overlay_init(&s->overlay);
	s->rules = load_rules(opt, s->root, err);
	if (!s->rules && !opt->config_path && err->code == DV_ERR_INPUT) {
		s->config_error = *err;
		memset(err, 0, sizeof(*err));
		s->rules = dv_ruleset_load(opt->rules_dir, opt->extra_rules_dir, NULL, 0, err);
	}
	if (!s->rules)
		goto fail;
	memset(&fo, 0, sizeof(fo));
	fo.compdb_dir = s->launch.db_dir ? s->launch.db_dir : opt->compdb_dir;
	fo.std = opt->std;
	fo.includes = opt->includes;
	fo.n_includes = opt->n_includes;
	fo.defines = opt->defines;
	fo.n_defines = opt->n_defines;
	fo.root = s->root;
	s->front = dv_front_new(&fo, err);
	if (!s->front)
		goto fail;
	if (opt->verbose && dv_front_compdb_dir(s->front))
		fprintf(stderr, "diffvet: using %s/compile_commands.json\n",
			dv_front_compdb_dir(s->front));
	return s;
fail:
	dv_session_free(s);
	return NULL;
}

void dv_session_free(struct dv_session *s)
{
	if (!s)
		return;
	dv_units_free(s->units);
	secrets_state_free(s->live_mask);
	dv_front_free(s->front);
	dv_launch_release(&s->launch);
	dv_ruleset_free(s->rules);
	dv_overlay_release(&s->overlay);
	free(s->rules_dir);
	free(s->extra_rules_dir);
	free(s->config_path);
	free(s->index_dir);
	free(s->cache_dir);
	free(s->root);
	free(s);
}

int dv_session_set_buffer(struct dv_session *s, const char *path, const char *bytes, size_t len)
{
	char *abs = dv_path_absolute(path, s->root);

	dv_overlay_set(&s->overlay, abs, bytes, len);
	if (!bytes)
		dv_units_forget(s->units, abs);
	free(abs);
	return 0;
}

void dv_session_set_live(struct dv_session *s, int on)
{
	if (on && !s->units) {
		s->units = dv_units_new();
	} else if (!on) {
		dv_units_free(s->units);
		s->units = NULL;
		secrets_state_free(s->live_mask);
		s->live_mask = NULL;
	}
}

/* No text derived from the analysed source leaves the process with a full
 * secret in it: clang diagnostics quote identifiers (a token pasted without
 * quotes), suppression reasons and gap reasons are source text too. */
static void mask_text(const struct secrets_state *sec, char **text)
{
	char *masked;

	if (!*text)
		return;
	masked = dv_secrets_mask_text(sec, *text);
	if (masked) {
		free(*text);
		*text = masked;
	}
}

static void mask_source_text(struct dv_session *s, struct dv_analysis *a)
{
	struct dv_error err = {0};
	/* editor mode analyses at every edit: the session's rules do not
	 * change, nor does their masker (its patterns are compiled once) */
	int keep = s->units && a->rules == s->rules;
	struct secrets_state *sec = keep && s->live_mask ? s->live_mask
							 : secrets_state_new(a->rules, &err);
	size_t i;

	if (!sec)
		return;
	if (keep)
		s->live_mask = sec;
	for (i = 0; i < a->res.notes.count; i++)
		mask_text(sec, &a->res.notes.items[i].message);
	for (i = 0; i < a->res.coverage.n_gaps; i++)
		mask_text(sec, &a->res.coverage.gaps[i].reason);
	for (i = 0; i < a->res.findings.count; i++) {
		struct dv_finding *f = &a->res.findings.items[i];
		size_t k;

		/* checkers quote source text (a callee's argument, a value) */
		mask_text(sec, &f->message);
		mask_text(sec, &f->primary.message);
		for (k = 0; k < f->n_related; k++)
			mask_text(sec, &f->related[k].message);
		for (k = 0; k < f->n_flow; k++)
			mask_text(sec, &f->flow[k].message);
		mask_text(sec, &f->suppression_reason);
	}
	if (!keep)
		secrets_state_free(sec);
}

/* The facts of the index's entries that are fresh for this tree, flags
 * and rules (the base revision's rules in diff mode: the key says so). */
static int load_index(struct dv_session *s, const char *root, const struct dv_ruleset *rules,
		      struct dv_exports *imports, struct dv_error *err)
{
	char *version = dv_index_rules_version(rules);
	unsigned fresh, stale;
	int rc = dv_index_import(s->index_dir, root, s->front, version, imports, &fresh, &stale,
				 err);
	free(version);
	if (rc == 0 && s->opt.verbose)
		fprintf(stderr, "diffvet: index: %zu facts from %u files (%u stale or unreadable, "
			"not used)\n", imports->n, fresh, stale);
	return rc;
}

int dv_session_run(struct dv_session *s, const char *root, const struct dv_changeset *cs,
		   const char *const *paths, size_t n, struct dv_analysis *a, struct dv_error *err)
{
	struct dv_run_options ro;
	struct dv_gate_input gi;
	const char **changed = NULL;
	size_t i, n_changed = 0;
	struct dv_exports imports;
	int rc;

	memset(&imports, 0, sizeof(imports));
	if (!a->rules)
		a->rules = s->rules;
	memset(&ro, 0, sizeof(ro));
	ro.files = paths;
	ro.n_files = n;
	ro.changeset = cs;
	ro.root = root;
	ro.scope = s->opt.scope;
	ro.rules = a->rules;
	ro.front = s->front;
	ro.jobs = s->opt.jobs;
	ro.progress = s->opt.progress;
	ro.timing = s->opt.verbose;
	ro.overlay = a->has_own_overlay ? &a->own_overlay : &s->overlay;
	ro.shard = s->opt.shard;
	ro.n_shards = s->opt.n_shards;
	if (cs)
		a->guards = dv_guards_new(a->rules, s->front, ro.overlay, root);
	if (a->baseline || a->guards) {
		ro.file_filter = change_filter;
		ro.filter_ctx = a;
	}
	if (s->units && !a->has_own_overlay) { /* editor mode, on the session's buffers */
		ro.units = s->units;
		ro.jobs = 1; /* the unit cache is single-threaded */
	}
	if (s->index_dir && (rc = load_index(s, root, a->rules, &imports, err)) != 0)
		return rc;
	ro.imports = s->index_dir ? &imports : NULL;
	ro.cache_dir = s->cache_dir;
	rc = dv_run(&ro, &a->res, err);
	dv_exports_release(&imports);
	if (rc != 0)
		return err->code ? err->code : DV_ERR_INTERNAL;
	for (i = 0; i < a->pending.count; i++)
		dv_notifications_add(&a->res.notes, a->pending.items[i].level, a->pending.items[i].path,
				     a->pending.items[i].line, a->pending.items[i].col, "%s",
				     a->pending.items[i].message);
	a->root = xstrdup(root);
	a->diff_mode = cs != NULL;
	a->overlay = a->has_own_overlay ? &a->own_overlay : &s->overlay;
	mask_source_text(s, a);
	memset(&gi, 0, sizeof(gi));
	gi.findings = &a->res.findings;
	gi.rules = a->rules;
	gi.coverage = &a->res.coverage;
	gi.diff_mode = a->diff_mode;
	gi.config_changes = &a->config_changes;
	if (cs) {
		changed = xcalloc(2 * cs->n_files + 1, sizeof(*changed));
		for (i = 0; i < cs->n_files; i++) {
			if (cs->files[i].new_path)
				changed[n_changed++] = cs->files[i].new_path;
			if (cs->files[i].old_path && (!cs->files[i].new_path ||
						      strcmp(cs->files[i].old_path,
							     cs->files[i].new_path) != 0))
				changed[n_changed++] = cs->files[i].old_path;
			gi.changed_lines += cs->files[i].n_added_hashes + cs->files[i].n_deleted;
		}
		gi.changed_paths = changed;
		gi.n_changed_paths = n_changed;
		gi.removed_guards = dv_guards_removed(a->guards, &gi.n_removed_guards);
	}
	dv_gate_compute(&gi, &a->gate);
	free(changed);
	return 0;
}

struct dv_analysis *dv_analysis_new(void)
{
	return xcalloc(1, sizeof(struct dv_analysis));
}

/* Rule files the base revision's config names, read from its blobs. */
struct blob_reader {
	const char *root, *rev;
};

static int read_base_file(void *ctx, const char *path, char **bytes, size_t *len)
{
	const struct blob_reader *br = ctx;
	struct dv_git_blob blob;
	struct dv_error err = {0};
	int rc = dv_git_read_blob(br->root, br->rev, path, &blob, &err);

	if (rc != 0)
		return rc > 0 ? 1 : -1;
	if (blob.is_link) { /* a link is its link text, never a rules file */
		dv_git_blob_release(&blob);
		return -1;
	}
	*bytes = blob.data;
	*len = blob.len;
	blob.data = NULL;
	dv_git_blob_release(&blob);
	return 0;
}

/*
 * Diff mode against git: the change under review must not lower its own
 * gate, so the project config (and the rule files it names) come from the
 * base revision; what the change did to them becomes gate reasons.  A
 * trusted --config replaces all of this.
 */
static int load_base_rules(struct dv_session *s, const char *root, const char *base_rev,
			   struct dv_analysis *a, struct dv_error *err)
{
	struct blob_reader br = {root, base_rev};
	struct dv_config_input cfg;
	struct dv_git_blob blob;
	char *name;
	int rc;

	memset(&blob, 0, sizeof(blob));
	/* no base commit (a repository without commits): no trusted project config */
	rc = base_rev ? dv_git_read_blob(root, base_rev, ".diffvet.json", &blob, err) : 1;
	if (rc < 0)
		return rc;
	memset(&cfg, 0, sizeof(cfg));
	name = xasprintf("%.12s:.diffvet.json", base_rev ? base_rev : "(no base)");
	cfg.name = name;
	if (rc == 0 && !blob.is_link) {
		cfg.text = blob.data;
		cfg.len = blob.len;
	}
	cfg.read = read_base_file;
	cfg.read_ctx = &br;
	a->owned_rules = dv_ruleset_load_config(s->opt.rules_dir, s->opt.extra_rules_dir, &cfg, err);
	free(name);
	dv_git_blob_release(&blob);
	if (!a->owned_rules)
		return err->code ? err->code : DV_ERR_INPUT;
	a->rules = a->owned_rules;
	/* the working tree's config is the change's: compare, never obey */
	if (!s->config_error.code)
		dv_ruleset_compare(a->owned_rules, s->rules, &a->config_changes);
	else {
		struct dv_config_changes *cc = &a->config_changes;
		DV_GROW(cc->items, cc->count + 1, cc->alloc);
		cc->items[cc->count].severity = DV_CHANGE_SENIOR_APPROVAL;
		cc->items[cc->count++].message =
			xasprintf("the change breaks it: %.160s", s->config_error.msg);
	}
	return 0;
}

int dv_session_check(struct dv_session *s, const char *const *paths, size_t n,
		     struct dv_analysis **out, struct dv_error *err)
{
	struct dv_analysis *a;
	int rc;

	if (s->config_error.code) { /* nothing else to take it from */
		*err = s->config_error;
		*out = NULL;
		return err->code;
	}
	a = dv_analysis_new();
	rc = dv_session_run(s, s->root, NULL, paths, n, a, err);

	if (rc) {
		dv_analysis_free(a);
		a = NULL;
	}
	*out = a;
	return rc;
}

/* --staged: what the analysis reads is the index, over the session's
 * own buffers. */
static int staged_overlay(struct dv_session *s, const struct dv_change_input *in,
			  struct dv_analysis *a, struct dv_error *err)
{
	size_t i;

	dv_overlay_init(&a->own_overlay);
	a->has_own_overlay = 1;
	for (i = 0; i < s->overlay.count; i++)
		dv_overlay_set(&a->own_overlay, s->overlay.files[i].path, s->overlay.files[i].bytes,
			       s->overlay.files[i].len);
	return dv_staged_overlay(in->root, in->changeset, &a->own_overlay, err);
}

/* --new-only needs the base revision's blobs: git mode only (a patch
 * names no base commit that is sure to be its own). */
static int build_baseline(struct dv_session *s, const struct dv_change_input *in,
			  const char *base_rev, const struct dv_change_source *src,
			  struct dv_analysis *a, struct dv_error *err)
{
	struct dv_baseline_input bi;

	if (!src->from_git)
		return dv_error_set(err, DV_ERR_USAGE,
				    "--new-only needs the base revision from git: use 'diffvet diff' "
				    "or 'diffvet diff --base REV' instead of --patch");
	memset(&bi, 0, sizeof(bi));
	bi.root = in->root;
	bi.base_rev = base_rev;
	bi.cs = in->changeset;
	bi.head = a->has_own_overlay ? &a->own_overlay : &s->overlay;
	bi.rules = a->rules ? a->rules : s->rules;
	bi.front = s->front;
	bi.jobs = s->opt.jobs;
	return dv_baseline_build(&bi, &a->baseline, &a->pending, err);
}

int dv_session_check_change(struct dv_session *s, const struct dv_change_source *src,
			    struct dv_analysis **out, struct dv_error *err)
{
	struct dv_change_input in;
	struct dv_analysis *a = dv_analysis_new();
	struct dv_error no_git = {0};
	const char *base_rev = NULL;
	int rc;

	*out = NULL;
	if ((rc = dv_change_input_read(src, s->opt.root ? s->root : NULL, &in, err)) != 0)
		goto done;
	if (in.base_commit)
		base_rev = in.base_commit;
	else if (!src->from_git && dv_git_rev_exists(in.root, "HEAD", &no_git) == 1)
		base_rev = "HEAD"; /* a patch applied to a checkout: its base is HEAD */
	if (!s->opt.config_path && (base_rev || src->from_git) &&
	    (rc = load_base_rules(s, in.root, base_rev, a, err)) != 0)
		goto done;
	if (src->staged && (rc = staged_overlay(s, &in, a, err)) != 0)
		goto done;
	if (src->new_only && (rc = build_baseline(s, &in, base_rev, src, a, err)) != 0)
		goto done;
	if (s->config_error.code && !a->owned_rules) { /* no base config to fall back on */
		*err = s->config_error;
		rc = err->code;
		goto done;
	}
	rc = dv_session_run(s, in.root, in.changeset, NULL, 0, a, err);
	/* the reports mark the change's lines */
	a->changeset = in.changeset;
	in.changeset = NULL;
	a->base = in.base_commit ? xstrdup(in.base_commit)
				 : xstrdup(src->from_git ? "an empty tree" : src->patch_name ? src->patch_name : "a patch");
	/* what the reports call the changed side */
	a->head = xstrdup(!src->from_git ? "the tree the patch applies to"
			  : src->staged  ? "the index (staged changes)"
					 : "the working tree");
	if (!rc && a->baseline && dv_baseline_dropped(a->baseline))
		dv_notifications_add(&a->res.notes, DV_LEVEL_NOTE, NULL, 0, 0,
				     "--new-only: %zu finding%s of the changed files already at the "
				     "base revision %.12s, not reported",
				     dv_baseline_dropped(a->baseline),
				     dv_baseline_dropped(a->baseline) == 1 ? "" : "s", base_rev);
done:
	dv_change_input_release(&in);
	if (rc) {
		dv_analysis_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* ---- results ---- */

void dv_analysis_free(struct dv_analysis *a)
{
	if (!a)
		return;
	dv_run_result_release(&a->res);
	dv_gate_release(&a->gate);
	dv_config_changes_release(&a->config_changes);
	dv_ruleset_free(a->owned_rules);
	dv_changeset_free(a->changeset);
	free(a->base);
	free(a->head);
	dv_baseline_free(a->baseline);
	dv_guards_free(a->guards);
	dv_notifications_release(&a->pending);
	if (a->has_own_overlay)
		dv_overlay_release(&a->own_overlay);
	free(a->root);
	free(a);
}

int dv_session_list_rules(const struct dv_session *s, FILE *out)
{
	dv_report_rules_list(out, s->rules);
	return 0;
}

int dv_session_write_rules(const struct dv_session *s, const char *format, FILE *out,
			   struct dv_error *err)
{
	int rc;

	if (strcmp(format, "text") == 0) {
		dv_report_rules_list(out, s->rules);
		rc = fflush(out) != 0 || ferror(out) ? DV_ERR_IO : 0;
	} else if (strcmp(format, "json") == 0) {
		rc = dv_report_rules_json(out, s->rules);
	} else if (strcmp(format, "markdown") == 0) {
		rc = dv_report_rules_markdown(out, s->rules);
	} else {
		return dv_error_set(err, DV_ERR_USAGE,
				    "unknown rules format '%s': expected text, json or markdown",
				    format);
	}
	if (rc)
		dv_error_set(err, DV_ERR_IO, "writing the rules as %s failed", format);
	return rc;
}

int dv_session_explain_rule(const struct dv_session *s, const char *id, FILE *out,
			    struct dv_error *err)
{
	return dv_report_rule_explain(out, s->rules, id, err);
}

/* ---- the project index ------------------------------------------------ */

struct index_run {
	const char *root, *dir;
	char *version;
	struct dv_index_manifest manifest; /* the index's, updated */
	char **abs, **keys;                /* per C/C++ file of the run: its key */
	size_t n, alloc;
};

static int index_reuse(void *ctx, const char *abs, const char *display, const struct dv_args *args)
{
	struct index_run *ir = ctx;
	char *key = dv_index_key(ir->root, abs, DV_CONFINE_NAMED, args, ir->version);
	if (!key)
		return 0; /* unreadable here: the analysis says why */
	if (dv_index_has(ir->dir, key)) {
		dv_index_manifest_set(&ir->manifest, display, key);
		free(key);
		return 1;
	}
	if (ir->n + 1 > ir->alloc) {
		ir->alloc = ir->alloc ? 2 * ir->alloc : 16;
		ir->abs = xreallocarray(ir->abs, ir->alloc, sizeof(*ir->abs));
		ir->keys = xreallocarray(ir->keys, ir->alloc, sizeof(*ir->keys));
	}
	ir->abs[ir->n] = xstrdup(abs);
	ir->keys[ir->n++] = key;
	return 0;
}

static const char *index_key_of(const struct index_run *ir, const char *abs)
{
	size_t i;
	for (i = 0; i < ir->n; i++)
		if (!strcmp(ir->abs[i], abs))
			return ir->keys[i];
	return NULL;
}

int dv_session_index(struct dv_session *s, const char *const *paths, size_t n, const char *dir,
		     struct dv_index_stats *stats, struct dv_error *err)
{
	struct index_run ir;
	struct dv_run_options ro;
	struct dv_run_result res;
	struct dv_index_stats local;
	char *dir_abs = dir ? dv_path_absolute(dir, NULL) : dv_path_join(s->root, ".diffvet/index");
	size_t i;
	int rc;

	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	memset(&ir, 0, sizeof(ir));
	ir.root = s->root;
	ir.dir = dir_abs;
	ir.version = dv_index_rules_version(s->rules);
	if (dv_index_manifest_read(dir_abs, &ir.manifest) != 0)
		memset(&ir.manifest, 0, sizeof(ir.manifest)); /* rebuilt from the entries */
	memset(&ro, 0, sizeof(ro));
	ro.files = paths;
	ro.n_files = n;
	ro.root = s->root;
	ro.scope = s->opt.scope;
	ro.rules = s->rules;
	ro.front = s->front;
	ro.jobs = s->opt.jobs;
	ro.progress = s->opt.progress;
	ro.overlay = &s->overlay;
	ro.collect_exports = 1;
	ro.reuse = index_reuse;
	ro.reuse_ctx = &ir;
	rc = dv_run(&ro, &res, err);
	if (rc != 0) {
		rc = err->code ? err->code : DV_ERR_INTERNAL;
		dv_run_result_release(&res);
		goto cleanup;
	}
	stats->reused = res.files_reused;
	for (i = 0; i < res.n_exports && rc == 0; i++) {
		const struct dv_run_exports *e = &res.exports[i];
		const char *key = index_key_of(&ir, e->abs);
		char *display;
		if (!key || !e->parsed)
			continue; /* not parsed: nothing known, analysed again next time */
		display = dv_path_relative(e->abs, s->root);
		rc = dv_index_store(dir_abs, key, display, &e->x, err);
		if (rc == 0)
			dv_index_manifest_set(&ir.manifest, display, key);
		free(display);
		stats->analysed++;
		stats->facts += e->x.n;
	}
	stats->files = stats->analysed + stats->reused;
	if (rc == 0)
		rc = dv_index_manifest_write(dir_abs, &ir.manifest, err);
	dv_run_result_release(&res);
cleanup:
	for (i = 0; i < ir.n; i++) {
		free(ir.abs[i]);
		free(ir.keys[i]);
	}
	free(ir.abs);
	free(ir.keys);
	dv_index_manifest_release(&ir.manifest);
	free(ir.version);
	free(dir_abs);
	return rc;
}
