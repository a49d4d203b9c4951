/*
 * Internal to src/rules/: the state of one ruleset load and the pieces
 * that share it.
 *
 *   json_doc.c   JSON documents (from a file or from bytes) and typed
 *                field readers whose errors name file, line and field
 *   rule_file.c  rules/<family>.json files and directories of them
 *   api_check.c  where api nodes were written; the check of a config's
 *                api block against the loaded api
 *   config.c     the project config (.diffvet.json) and the rule files
 *                it names inside the repository
 *   rules.c      the public loader entry points and ruleset queries
 *
 * A json_file owns its text and its cJSON document; every string read
 * from it points into the document and lives as long as the json_file.
 */
#ifndef DV_RULES_LOADER_H
#define DV_RULES_LOADER_H

#include <stddef.h>

#include "rules/json_pos.h"
#include "rules/rules.h"
#include "util/strbuf.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

enum rule_origin {
	ORIGIN_RULES_DIR = 0,
	ORIGIN_EXTRA_DIR = 1,
	ORIGIN_PROJECT = 2, /* rule files named by the project config */
};

struct loader {
	struct dv_ruleset *rs;
	size_t rules_alloc;
	/* Parallel to rs->rules while rule files load: which layer each
	 * rule came from (a duplicate id is an error only within one). */
	enum rule_origin *origin;
	size_t origin_alloc;
	char **families;
	size_t n_families, families_alloc;
	struct dv_error *err;
};

struct json_file {
	const char *path; /* as shown in messages */
	struct strbuf buf;
	const char *text; /* buf.buf after a UTF-8 byte order mark */
	cJSON *doc;
};

/* ---- json_doc.c ---- */

/* The candidate closest to `word`, or NULL when none is close enough to
 * be a plausible typo. */
const char *closest_word(const char *word, const char *const *cands, size_t n);
int in_list(const char *word, const char *const *list, size_t n);
void string_list_free(char **list, size_t n);

void json_file_init(struct json_file *f, const char *path);
void json_file_release(struct json_file *f);
/* Reads and parses a file.  With `missing_ok`, a file that does not exist
 * sets *missing and returns 0. */
int json_file_load(struct json_file *f, struct dv_error *err, int missing_ok, int *missing);
/* Parses `len` bytes (copied; need not be NUL-terminated). */
int json_file_load_bytes(struct json_file *f, const char *bytes, size_t len,
			 struct dv_error *err);

/* "FILE:LINE: field 'PATH': MESSAGE", DV_ERR_INPUT. */
int field_error(const struct json_file *f, struct dv_error *err, struct json_path path,
		const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Unknown members (typos; `allowed` NULL accepts any name) and members
 * given twice are errors. */
int check_members(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		  struct json_path path, const char *const *allowed, size_t n_allowed);
/* *out is NULL when an optional field is absent. */
int get_string(const struct json_file *f, struct dv_error *err, const cJSON *obj,
	       struct json_path path, const char *key, int required, const char **out);
/* Index in `choices` of a string field; *out is -1 when optional and absent. */
int get_choice(const struct json_file *f, struct dv_error *err, const cJSON *obj,
	       struct json_path path, const char *key, int required, const char *const *choices,
	       size_t n, int *out);
/* A field holding an array of non-empty strings, copied into *out. */
int get_strings(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		struct json_path path, const char *key, char ***out, size_t *n);

/* ---- rule_file.c ---- */

void rule_release(struct dv_rule *r);
/* Loads one parsed rule file into the ruleset. */
int load_rule_doc(struct loader *ld, struct json_file *f, enum rule_origin origin);
/* Every *.json of `dir`, in sorted name order. */
int load_rule_dir(struct loader *ld, const char *dir, enum rule_origin origin);
/* Merges `api` (detached, owned; always consumed) into the family's API. */
int merge_api(struct loader *ld, const char *path, const char *family, cJSON *api);
/* Sorts rs->rules by id (and the origins with them). */
void sort_rules(struct loader *ld);

/* ---- gate_policy.c ---- */

/* The config's "gate" object (absent: the defaults stay). */
int load_gate_policy(struct loader *ld, const struct json_file *f);

/* ---- api_check.c ---- */

/* Records where every node of the api value at `path` of f (its "api",
 * or a config's "api"."family") was written, for dv_api_where. */
int api_note_origins(struct loader *ld, const struct json_file *f, struct json_path path,
		     const cJSON *api);
/* Checks a config's api block for `family` (at `path` of f) against the
 * api the rule files loaded so far define: an unknown key or a value of
 * another JSON type is an error naming f's file and line. */
int api_check_block(struct loader *ld, const struct json_file *f, struct json_path path,
		    const char *family, const cJSON *block);

/* ---- config.c ---- */

/*
 * Applies a parsed project config.  Rule files it names (`rule_files`)
 * are read through `read` (see dv_rule_file_reader in rules.h) and loaded
 * before its levels, disables and api apply.
 */
int load_config_doc(struct loader *ld, struct json_file *f, dv_rule_file_reader read,
		    void *read_ctx);

#endif
