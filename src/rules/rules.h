/*
 * Rules and project configuration.
 *
 * A rules directory holds one JSON file per checker family
 * (rules/<family>.json, format in docs/rules-format.md):
 *
 *   { "family": "injection",
 *     "rules": [ { "id": "injection/command", "name": "CommandInjection",
 *                  "short": "...", "full": "...", "help": "markdown",
 *                  "cwe": [78], "level": "error", "security_severity": 9.8,
 *                  "precision": "high", "tags": ["security"] } ],
 *     "api": { ...family-specific API knowledge... } }
 *
 * The project config (.diffvet.json) may disable rules, override levels,
 * add API knowledge (arrays are appended, objects merged by key, scalars
 * replaced), ignore paths (glob patterns), name critical paths, and name
 * rule files inside the repository (`rule_files`).
 *
 * Trust: the shipped rules directory, `--rules DIR` and `--config FILE`
 * are trusted and read from disk.  The repository's own config is not: in
 * diff mode the session reads it, and the rule files it names, from the
 * base revision's blobs and hands the bytes to dv_ruleset_load_config;
 * dv_ruleset_compare (rules/compare.h) then says what the change did to it.
 *
 * Ownership: dv_ruleset_load returns a ruleset freed with
 * dv_ruleset_free; every pointer obtained from it lives as long as it.
 * A ruleset is read-only after loading and may be shared by threads.
 */
#ifndef DV_RULES_H
#define DV_RULES_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "diffvet/diffvet.h"

struct dv_rule {
	char *id;          /* "family/name" */
	char *family;
	char *name;        /* PascalCase, SARIF reportingDescriptor.name */
	char *short_desc;
	char *full_desc;
	char *help;        /* markdown, with a bad and a good example */
	char *help_text;   /* plain-text help (markdown stripped of fences), derived */
	int *cwe;
	size_t n_cwe;
	char **tags;       /* extra tags besides "security" and the CWE tags */
	size_t n_tags;
	enum dv_level default_level;
	enum dv_level level; /* after config overrides */
	double security_severity; /* 0.0 - 10.0 */
	char *precision;   /* "very-high" | "high" | "medium" | "low" */
	int enabled;       /* 0 when the config disables it */
	int gate;          /* review verdict a finding of this rule demands at least
			      (enum dv_verdict of gate/gate.h; 0 = none), from "gate" */
	char *source;      /* rules file it came from */
};

/* Where an api node was written (see dv_api_where). */
struct dv_api_origin {
	const cJSON *node;
	size_t file; /* index into origin_files */
	size_t line;
};

struct dv_ruleset {
	struct dv_rule *rules; /* sorted by id */
	size_t n_rules;
	cJSON *api;            /* object: family -> merged API knowledge (owned) */
	char **ignore_paths;   /* glob patterns (fnmatch with FNM_PATHNAME off) */
	size_t n_ignore_paths;
	char **critical_paths;
	size_t n_critical_paths;
	char **rule_files;     /* the config's rule_files, repository-relative */
	size_t n_rule_files;
	char *config_path;     /* the config file used (its name), or NULL */
	/* The review gate's thresholds: the config's "gate" object over the
	 * defaults of dv_gate_policy_default (docs/rules-format.md). */
	struct dv_gate_policy {
		double critical_severity;  /* an error of a rule with security_severity at
					      or above demands senior-approval */
		int error_verdict;         /* enum dv_verdict an error demands */
		int warning_verdict;       /* ... and a warning */
		unsigned max_changed_lines; /* diff mode: a change adding and deleting more
					       lines demands large_change_verdict; 0 = none */
		int large_change_verdict;
	} gate;
	/* where each node of `api` was written, oldest first */
	struct dv_api_origin *api_origins;
	size_t n_api_origins, api_origins_alloc;
	char **origin_files;
	size_t n_origin_files, origin_files_alloc;
};

/* critical_severity 9.0, error dual-review, warning review, changes of
 * more than 1000 lines: review. */
void dv_gate_policy_default(struct dv_gate_policy *p);

/*
 * Loads every *.json in `rules_dir` (required), then every *.json in
 * `extra_dir` (may be NULL), then the project config `config_path` (may be
 * NULL; a missing file is an error only when `config_required`) from disk.
 * Rule files the config names are read relative to the config's directory.
 * Errors name the file, the line and the field:
 *   "rules/locks.json:12: field 'level': expected one of error, warning, note"
 * and return NULL with err->code = DV_ERR_INPUT.
 */
struct dv_ruleset *dv_ruleset_load(const char *rules_dir, const char *extra_dir,
				   const char *config_path, int config_required,
				   struct dv_error *err);
void dv_ruleset_free(struct dv_ruleset *rs);

/*
 * Reads a file the project config names, given relative to the
 * repository root (never absolute, never with '..': the loader rejects
 * those before calling).  On success returns 0 and sets *bytes (malloc'd,
 * the caller of the reader frees it; need not be NUL-terminated) and
 * *len; returns 1 when the file does not exist, a negative dv_result on
 * any other failure (the loader then reports the config field naming
 * the file).
 */
typedef int (*dv_rule_file_reader)(void *ctx, const char *repo_relative_path, char **bytes,
				   size_t *len);

/* A project config held in memory (e.g. a git blob of the base revision). */
struct dv_config_input {
	const char *name;  /* shown in messages ("origin/main:.diffvet.json");
			      NULL = ".diffvet.json" */
	const char *text;  /* the config's bytes; NULL = no project config */
	size_t len;
	dv_rule_file_reader read; /* rule_files; NULL = naming any is an error */
	void *read_ctx;
};

/*
 * As dv_ruleset_load, with the project config (and the rule files it
 * names) from memory; `config` may be NULL.  Errors name config->name or
 * the rule file's repository-relative path, the line and the field:
 *   "base:.diffvet.json:3: field 'disable[0]': unknown rule id 'x/y'"
 * The caller keeps ownership of `config` and its bytes.
 */
struct dv_ruleset *dv_ruleset_load_config(const char *rules_dir, const char *extra_dir,
					  const struct dv_config_input *config,
					  struct dv_error *err);

const struct dv_rule *dv_ruleset_find(const struct dv_ruleset *rs, const char *id);
/* A known rule id close to `id` (same name part, or a near spelling), or
 * NULL; points into the ruleset. */
const char *dv_ruleset_suggest(const struct dv_ruleset *rs, const char *id);
/* Index of the rule in rs->rules, or -1. */
long dv_ruleset_index(const struct dv_ruleset *rs, const char *id);

/*
 * "FILE:LINE" of where `node` (any node of a family's merged api: an
 * object, an array, a member's value, an element) was written, into buf
 * (NUL-terminated); returns buf, or NULL when unknown.  For messages about
 * a value the loader accepted but a checker rejects.
 */
const char *dv_api_where(const struct dv_ruleset *rs, const cJSON *node, char *buf, size_t size);

/* The merged "api" object of a family, or NULL when the family has none. */
const cJSON *dv_ruleset_api(const struct dv_ruleset *rs, const char *family);

/*
 * Nonzero when `path` matches one of the config's ignore_paths (resp.
 * critical_paths).  Patterns are fnmatch globs without FNM_PATHNAME (`*`
 * crosses `/`); a pattern ending in a slash or in a slash and two stars
 * matches everything under the directory; a leading two stars and a slash
 * may also match nothing; a leading "./" of `path` is ignored.  See
 * docs/rules-format.md.
 */
int dv_ruleset_path_ignored(const struct dv_ruleset *rs, const char *path);
int dv_ruleset_path_critical(const struct dv_ruleset *rs, const char *path);

/*
 * Typed readers for API knowledge, for checkers' init functions.  `field`
 * may be missing (empty result).  A wrong type is an error naming the
 * family and the field.  dv_api_strings returns a malloc'd array of
 * pointers into the ruleset's JSON (free the array only).
 */
int dv_api_strings(const struct dv_ruleset *rs, const char *family, const cJSON *obj,
		   const char *field, const char ***out, size_t *n, struct dv_error *err);

#endif
