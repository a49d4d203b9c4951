/*
 * The project index on disk: per file, the facts its functions export to
 * other files (engine/exports.h), so that a run checking a change knows
 * the wrappers defined in files it does not parse.
 *
 * Facts are keyed by the function's identity across TUs (front/cxx.h):
 * a C function (or one with C language linkage) by its name, any other
 * C++ function (methods, namespaced functions, overloads) by the clang
 * USR of its canonical declaration; a checker looks a call's targets up
 * the same way (engine/callgraph.h, dv_callgraph_targets).
 *
 * Layout of an index directory (default .diffvet/index under the root):
 *   <key>.json      one file's exports: {"format", "path", "exports": [...]}
 *   manifest.json   {"format", "files": {"<path relative to the root>": "<key>"}}
 * A key is a 64-bit FNV-1a hash, in hex, over the file's content, the
 * compiler flags it is parsed with, and the rules version (a hash of the
 * API knowledge of the families that export, diffvet's version and this
 * format's number):
 * an entry is reused only for the very same input, so an unchanged file is
 * never re-analysed and a changed file, flag or rule never reads a stale
 * summary.  Entries are content-addressed, hence safe to share as a CI
 * cache artefact.
 *
 * Trust: the index is read only when the user names it (--index).  Its
 * facts are extra knowledge of the lowest priority (after the rules, the
 * declarations' attributes and the TU's own summaries).  Most facts only
 * add findings; the few that can remove one (engine/exports.h: a lock
 * wrapper's release, a logger, an authorization check wrapper, callers
 * that all check) are what makes cross-file analysis precise, so a forged
 * entry can hide a finding of those kinds: an index is an input as
 * trusted as the tree it was built from (build it in the same CI job, or
 * restore it from that job's own cache).  Constants (engine/consts.h): a
 * const global or a function that returns one constant is trusted from
 * its defining file's entry; a non-const global is constant only when
 * the manifest names every file of the project, every entry but the
 * analysed file's is fresh and complete (a stale, unreadable or
 * erroneous file may write it) and no entry writes it or takes its
 * address: the manifest is trusted to list the whole project, so index
 * every file of it.  A stale entry is never read:
 * the key is the content.  Manifest paths are read through the confined
 * reader: nothing outside the root.
 *
 * Ownership: every function copies what it keeps; strings returned are
 * the caller's to free.  No state; thread-safe.
 */
#ifndef DV_INDEX_INDEX_H
#define DV_INDEX_INDEX_H

#include <stddef.h>

#include "diffvet/diffvet.h"
#include "engine/exports.h"
#include "front/front.h"
#include "rules/rules.h"

/* Part of every key with DIFFVET_VERSION: bump it whenever what a fact
 * means or how it is computed changes, so that old entries go stale. */
#define DV_INDEX_FORMAT 7

/* The rules version part of every key (16 hex digits). Caller frees. */
char *dv_index_rules_version(const struct dv_ruleset *rs);

/* The key of `path` (read through the confined reader with
 * confine_flags, model/confined.h) parsed with args; NULL when the file
 * cannot be read.  Caller frees. */
char *dv_index_key(const char *root, const char *path, unsigned confine_flags,
		   const struct dv_args *args, const char *rules_version);

/* Nonzero when dir holds an entry for key. */
int dv_index_has(const char *dir, const char *key);

/* Writes the entry of key (display_path names the file inside it). */
int dv_index_store(const char *dir, const char *key, const char *display_path,
		   const struct dv_exports *x, struct dv_error *err);

/* Adds the entry's facts to *into (unsorted); -1 when absent or malformed. */
int dv_index_load_entry(const char *dir, const char *key, struct dv_exports *into);

/* The manifest: path -> key pairs, relative paths. */
struct dv_index_manifest {
	char **paths, **keys;
	size_t n, alloc;
};
/* Reads dir/manifest.json (missing: empty, 0); -1 when malformed. */
int dv_index_manifest_read(const char *dir, struct dv_index_manifest *m);
/* Sets path's key (replacing an older one). */
void dv_index_manifest_set(struct dv_index_manifest *m, const char *path, const char *key);
int dv_index_manifest_write(const char *dir, const struct dv_index_manifest *m,
			    struct dv_error *err);
void dv_index_manifest_release(struct dv_index_manifest *m);

/*
 * The facts of every manifest file whose current key (its content on
 * disk now, the flags fr gives it, rules_version) matches the stored one:
 * added to *out, then sorted.  *fresh / *stale count the files.  A
 * missing index is an error (the user named it); a malformed or stale
 * entry is only counted.
 */
int dv_index_import(const char *dir, const char *root, struct dv_front *fr,
		    const char *rules_version, struct dv_exports *out, unsigned *fresh,
		    unsigned *stale, struct dv_error *err);

#endif
