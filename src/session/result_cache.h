/*
 * The result cache: what the checkers produced for one input file, kept
 * on disk so that a re-run over unchanged files does not parse or analyse
 * them again (`diffvet check --cache DIR`, or <index>/results with
 * --index).  Private to src/session/.
 *
 * What is cached is the work item's state at the end of the worker: its
 * own findings (with flows), notifications, coverage gaps and function
 * spans, before anything run-specific (scope filter, new-only,
 * suppressions, finalisation, masking of source text, the gate) is
 * applied: a hit is handed to exactly the code a cold result goes
 * through, so the output is byte-identical.  Only check mode uses it (diff
 * mode results depend on the change: inactive blocks, touched functions,
 * scoped text checks).
 *
 * Key (SHA-256, collision resistant: a change must not be able to forge
 * a key that reuses a clean result): the run context (cache format,
 * diffvet's own executable, libclang's version, the effective rule set
 * and config with disabled rules and gate options, the imported index
 * facts, root, working directory, include-path environment variables),
 * the file's paths, its compiler arguments and its content.  An entry
 * also records every file the translation unit read (clang_getInclusions,
 * with the hash of the bytes libclang parsed) and the listing of every
 * directory an #include could have been resolved in (the search
 * directories of the arguments and of the included files, with the
 * subdirectories include names use): on lookup a changed or missing
 * header, or a file added where it would shadow one, is a miss.  Units
 * whose result depends on more than that are never stored: a parse that
 * failed or produced notifications (missing headers, inferred flags and
 * stand-ins, blanked includes), content libclang read that differs from
 * the disk (an overlay, a race with an editor).
 *
 * Entries are written atomically (temporary file + rename: concurrent
 * -jN writers and runs are safe), read through the confined reader (no
 * links), and validated whole: a malformed or inconsistent entry is a
 * miss, never partly used.  Trust: as the project index (index/index.h),
 * an entry is an input as trusted as the tree it was computed from; a
 * forged entry can hide findings.
 *
 * Thread safety: one cache per run, shared by the workers (its memo of
 * file hashes is locked); one dv_rcache_item per work item.
 */
#ifndef DV_SESSION_RESULT_CACHE_H
#define DV_SESSION_RESULT_CACHE_H

#include <clang-c/Index.h>
#include <cjson/cJSON.h>

#include "session/run_internal.h"

struct dv_rcache;
struct dv_rcache_item;

/* The run's cache in `dir` (created when missing), or NULL when the run
 * cannot use one (a message on stderr when verbose). */
struct dv_rcache *dv_rcache_open(const char *dir, const struct dv_run_options *opt,
				 const char *root_abs, int verbose);
/* Prints the hit/miss/store counts when verbose; frees. */
void dv_rcache_close(struct dv_rcache *c, int verbose);

/* 1: `it` now holds its cached results (nothing to analyse); 0: a miss
 * (it->rcache then keeps the key for dv_rcache_store). */
int dv_rcache_lookup(struct dv_rcache *c, struct work_item *it, unsigned confine_flags);
/* After the parse, before the unit is disposed: what the unit read. */
void dv_rcache_note_tu(struct dv_rcache *c, struct work_item *it, CXTranslationUnit tu);
/* After the worker finished `it` (a miss): stores its results. */
void dv_rcache_store(struct dv_rcache *c, struct work_item *it, unsigned confine_flags);
void dv_rcache_item_free(struct dv_rcache_item *ri);

/* Serialisation of a work item's results (result_cache_json.c), for the
 * cache and its tests.  decode fills it only when the whole of `j` is
 * valid (returns 0), else leaves it untouched and returns -1. */
cJSON *dv_rcache_encode_results(const struct work_item *it);
int dv_rcache_decode_results(const cJSON *j, struct work_item *it);

/* Hashes of the run context (exposed for the tests). */
void dv_rcache_hash_rules(const struct dv_ruleset *rs, char out[65]);
void dv_rcache_hash_imports(const struct dv_exports *x, char out[65]);

#endif
