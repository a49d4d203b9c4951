/*
 * The session API: everything a client (the CLI, the LSP server, a test)
 * needs to run diffvet, and nothing else.  No libclang, pcre2 or cJSON
 * type appears here.
 *
 *   struct dv_session *s = dv_session_new(&opts, &err);     rules, config, flags
 *   dv_session_set_buffer(s, "src/a.c", text, len);          editor buffer / git blob
 *   dv_session_check(s, paths, n, &a, &err);                 whole files
 *   dv_session_check_change(s, &change, &a, &err);           a change (git or a patch)
 *   dv_analysis_findings(a), dv_analysis_verdict(a), ...      results, coverage, gate
 *   dv_analysis_write(a, "sarif", out, &wo);                 any output format
 *   dv_analysis_free(a); dv_session_free(s);
 *
 * A session is used by one thread at a time (it runs its own worker
 * threads inside an analysis).  Paths are relative to the session's root
 * or absolute; findings name them relative to the root.
 */
#ifndef DIFFVET_SESSION_H
#define DIFFVET_SESSION_H

#include <stddef.h>
#include <stdio.h>
#include "diffvet/diffvet.h"
#include "diffvet/finding.h"

enum dv_scope {
	DV_SCOPE_LINES,     /* a location of the finding is on an added line */
	DV_SCOPE_FUNCTIONS, /* the finding is in a function the change touches */
	DV_SCOPE_FILES,     /* anywhere in a changed file */
};

struct dv_session_options {
	const char *root;            /* project root; NULL = current directory */
	const char *rules_dir;       /* shipped rules (required) */
	const char *extra_rules_dir; /* --rules, may be NULL */
	const char *config_path;     /* --config (trusted, CI-owned); NULL = the project's
					.diffvet.json at the root (from the base revision
					when a change is checked against git) */
	const char *compdb_dir;      /* -p; NULL = look in root, then root/build */
	const char *std;
	const char *const *includes;
	size_t n_includes;
	const char *const *defines;
	size_t n_defines;
	unsigned jobs;               /* 0 = number of cores */
	int progress;                /* progress lines on stderr */
	int verbose;
	enum dv_scope scope;
	unsigned shard, n_shards;    /* --shard K/N: shard = K - 1; n_shards 0 = no sharding;
					a stable hash of each file's path picks its shard */
	/* --index: read the project index in this directory (written by
	 * dv_session_index) for calls into files the run does not parse;
	 * NULL = none.  Only ever adds knowledge. */
	const char *index_dir;
	/* Check mode: the result cache (per-file results keyed by content,
	 * headers, flags, rules and diffvet's build) in this directory; NULL =
	 * <index_dir>/results when index_dir is set, else none.  no_cache:
	 * none at all.  As trusted as the index: a forged entry hides findings. */
	const char *cache_dir;
	int no_cache;
	/* `diffvet cc`: the exact compiler command a build runs (argv[0] the
	 * compiler, possibly behind ccache/distcc) in `compile_directory`
	 * (NULL = the current directory).  Its C/C++ inputs are then analysed
	 * with its flags, as a compile database entry would give them
	 * (dv_session_n_command_inputs); compdb_dir is ignored, and a NULL root
	 * becomes the repository holding the first input.  NULL = none. */
	const char *const *compile_command;
	size_t n_compile_command;
	const char *compile_directory;
};

struct dv_session;
struct dv_analysis;

struct dv_session *dv_session_new(const struct dv_session_options *opt, struct dv_error *err);
void dv_session_free(struct dv_session *s);

/* Directory the session reports paths relative to (absolute). */
const char *dv_session_root(const struct dv_session *s);
/* Directory of the compile_commands.json the session uses, or NULL when
 * it found none (then fallback flags apply); belongs to the session. */
const char *dv_session_compdb_dir(const struct dv_session *s);

/* The C/C++ source inputs of the options' compile_command (absolute
 * paths, owned by the session); 0 for a command that compiles none (a
 * link) or without a compile_command. */
size_t dv_session_n_command_inputs(const struct dv_session *s);
const char *dv_session_command_input(const struct dv_session *s, size_t i);

/* Replaces what the analysis reads for `path` by `len` bytes (an editor's
 * unsaved buffer, a git blob); copied.  NULL bytes removes the override. */
int dv_session_set_buffer(struct dv_session *s, const char *path, const char *bytes, size_t len);

/* Editor mode (the LSP server): keep each file's translation unit between
 * analyses and reparse it with a precompiled preamble, so that analysing
 * an edited buffer again costs a fraction of a full parse.  Analyses then
 * run on the calling thread only.  Setting a buffer to NULL also drops the
 * file's unit. */
void dv_session_set_live(struct dv_session *s, int on);

/* Whole files or directories (searched for C/C++ files). */
int dv_session_check(struct dv_session *s, const char *const *paths, size_t n,
		     struct dv_analysis **out, struct dv_error *err);

/* The functions the main files of `paths` declare or define (parsed with
 * the session's compile flags; headers included by them are not walked),
 * each handed to `cb` with a coarse kind of its return type.  Parse
 * problems are not errors here (the walk takes what libclang recovered);
 * returns 0 or a dv_result.  For `diffvet init`. */
enum dv_return_kind {
	DV_RETURNS_VOID,
	DV_RETURNS_BOOL,
	DV_RETURNS_INTEGER, /* integers, characters and enums */
	DV_RETURNS_POINTER,
	DV_RETURNS_OTHER,
};
typedef void (*dv_function_cb)(void *ctx, const char *name, enum dv_return_kind kind,
			       int is_definition);
int dv_session_list_functions(struct dv_session *s, const char *const *paths, size_t n,
			      dv_function_cb cb, void *ctx, struct dv_error *err);

/* What change to vet. */
struct dv_change_source {
	const char *patch_text;      /* a unified diff (git diff or diff -u) ... */
	size_t patch_len;
	const char *patch_name;      /* ... named in messages ("<stdin>", a path) */
	int from_git;                /* or: ask git (patch_text unused) */
	const char *base;            /* git: merge base with this revision; NULL = HEAD and
					the working tree, untracked files counting as added */
	int new_only;                /* git: drop findings the base revision already has
					(its changed files analysed from git blobs in memory) */
	int staged;                  /* git: the index against HEAD, files read from their
					staged blobs (not the working tree); no base */
};

int dv_session_check_change(struct dv_session *s, const struct dv_change_source *src,
			    struct dv_analysis **out, struct dv_error *err);

/* Editor diff awareness: `path`'s buffer (else the file on disk) as a
 * change against its blob at revision `rev` (e.g. "HEAD"; a file the
 * revision lacks is new), analysed and filtered as dv_session_check_change
 * would for that change of that one file (the session's scope, removed
 * guards).  The diff is computed in memory: the buffer need not be saved.
 * Errors: DV_ERR_IO when the root is not in a git repository or git
 * fails, DV_ERR_USAGE for a path outside the root. */
int dv_session_check_file_change(struct dv_session *s, const char *path, const char *rev,
				 struct dv_analysis **out, struct dv_error *err);

/* ---- results ---- */

const struct dv_findings *dv_analysis_findings(const struct dv_analysis *a);
enum dv_verdict dv_analysis_verdict(const struct dv_analysis *a);
const char *dv_analysis_verdict_name(const struct dv_analysis *a);
size_t dv_analysis_n_reasons(const struct dv_analysis *a);
const char *dv_analysis_reason(const struct dv_analysis *a, size_t i);
/* Nonzero when nothing that holds the gate went unanalysed. */
int dv_analysis_complete(const struct dv_analysis *a);
/* What was not (fully) analysed, as plain data (strings belong to the
 * analysis; secrets in them are masked). */
struct dv_gap_info {
	const char *path;            /* relative to the root, as findings */
	unsigned first_line, last_line; /* 1-based, inclusive; 0/0 = the whole file */
	const char *function;        /* may be NULL */
	const char *checker;         /* family that gave up; NULL when nothing ran */
	const char *reason;
	int partial;                 /* some checks ran on it, others did not */
};
size_t dv_analysis_n_gaps(const struct dv_analysis *a);
void dv_analysis_gap(const struct dv_analysis *a, size_t i, struct dv_gap_info *out);

/* Problems met while analysing (a file that did not parse, read errors). */
struct dv_note_info {
	enum dv_level level;
	const char *path;            /* may be NULL */
	unsigned line, col;          /* 1-based; 0 when unknown */
	const char *message;
};
size_t dv_analysis_n_notes(const struct dv_analysis *a);
void dv_analysis_note(const struct dv_analysis *a, size_t i, struct dv_note_info *out);

/* Diagnostics about the analysis (notifications, gaps, verdict) for a
 * human, one per line, to `out` (the CLI's stderr). */
void dv_analysis_print_problems(const struct dv_analysis *a, FILE *out, int verbose);

/* 0 when nothing at or above fail_on (DV_LEVEL_NONE = never) counts for
 * the gate and, with require_complete, coverage is complete; else 1. */
int dv_analysis_exit_status(const struct dv_analysis *a, enum dv_level fail_on,
			    int require_complete);

struct dv_write_options {
	enum dv_level fail_on;
	int color;
	const char *command_line;  /* SARIF invocation, may be NULL */
	/* markdown: findings link to LINK_BASE/PATH#LLINE (a repository's
	 * file view at the analysed commit, e.g.
	 * https://github.com/OWNER/REPO/blob/SHA); NULL = no links */
	const char *link_base;
};
/* format: "text", "sarif", "json", "markdown", "html", "gitlab" (GitLab SAST
 * report).  Returns 0 or a dv_result. */
int dv_analysis_write(const struct dv_analysis *a, const char *format, FILE *out,
		      const struct dv_write_options *wo, struct dv_error *err);

/* The same into `path`, atomically: a temporary file beside it renamed
 * over it once complete, so a crash or Ctrl-C never leaves half a report. */
int dv_analysis_write_file(const struct dv_analysis *a, const char *format, const char *path,
			   const struct dv_write_options *wo, struct dv_error *err);

void dv_analysis_free(struct dv_analysis *a);

/* ---- shards ---- */

/* `diffvet merge`: the SARIF logs at `inputs` (shard outputs, `diffvet cc`
 * results) into one run at `output`: rules deduplicated by id (ruleIndex
 * renumbered), every result kept, most severe first, at most 25,000 (what
 * GitHub code scanning accepts per run; a notification says how many were
 * dropped), notifications concatenated, the review gate's verdict the
 * strongest of the inputs with all their reasons.  Returns 0 or a
 * dv_result. */
int dv_sarif_merge(const char *const *inputs, size_t n, const char *output, struct dv_error *err);

/* ---- rules ---- */

/* `diffvet rules` and `diffvet explain ID` as text on `out`. */
/*
 * The project index (`diffvet index`): computes the cross-file facts of
 * every C/C++ file under `paths` (files or directories) and stores them in
 * `dir` (NULL = .diffvet/index under the root), one entry per file keyed
 * by content, flags and rules version.  A file whose key is already there
 * is not analysed again.  Findings are not reported.  Stats may be NULL.
 */
struct dv_index_stats {
	unsigned files;    /* C/C++ files indexed */
	unsigned analysed; /* of which analysed in this run */
	unsigned reused;   /* of which unchanged: their entry was reused */
	size_t facts;      /* facts stored by this run */
};
int dv_session_index(struct dv_session *s, const char *const *paths, size_t n, const char *dir,
		     struct dv_index_stats *stats, struct dv_error *err);

int dv_session_list_rules(const struct dv_session *s, FILE *out);
/* The ruleset in `format`: "text" (as dv_session_list_rules), "json" or
 * "markdown" (the rules reference, docs/rules.md).  0 or a dv_result. */
int dv_session_write_rules(const struct dv_session *s, const char *format, FILE *out,
			   struct dv_error *err);
int dv_session_explain_rule(const struct dv_session *s, const char *id, FILE *out,
			    struct dv_error *err);

#endif
