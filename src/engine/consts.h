/*
 * Values that are constant across the project: what a branch on them can
 * be evaluated with, beyond one translation unit.
 *
 * A file exports (engine/exports.h, family DV_CONSTS_FAMILY):
 *   DV_EXPORT_CONSTANT  `function` the USR of a global variable with
 *                       external linkage that the file defines with an
 *                       integer constant initialiser (op 1: const
 *                       qualified, op 2: not), or of a function it
 *                       defines whose every return returns the same
 *                       integer constant (op 3); `what` the value in
 *                       decimal.
 *   DV_EXPORT_WRITES    `function` the USR of a global with external
 *                       linkage that the file (any code of its TU,
 *                       headers included) assigns, increments, takes the
 *                       address of or binds to a C++ reference.
 *   DV_EXPORT_UNINDEXED `function` "*", `what` a file whose facts are
 *                       not all known: exported for a TU with compile
 *                       errors in its main file, added by the import for
 *                       every manifest file whose entry is stale or
 *                       unreadable (index/index.c).
 *
 * Trust (see also index/index.h): a const global and a constant function
 * are trusted from their defining file's fact alone (a const object
 * cannot be written; a function's returns are in its body).  A non-const
 * global is constant only when the index covers the whole project: the
 * manifest names the project's files, every one of them but the file
 * being analysed (whose writes the TU itself shows) has a fresh entry,
 * and no entry writes it.  Facts that disagree (two definitions with
 * different values) make nothing constant.
 *
 * No state; thread-safe (imports are read-only).
 */
#ifndef DV_ENGINE_CONSTS_H
#define DV_ENGINE_CONSTS_H

#include <clang-c/Index.h>

#include "engine/exports.h"
#include "engine/sink.h"

#define DV_CONSTS_FAMILY "constants"

/* Integer, bool or enum type (the values the conditions compare). */
int dv_consts_integer_type(CXType t);

/* A function definition (FunctionDecl with a body): 0 and *out when its
 * body's last statement is a return and every return in it returns the
 * same integer constant (what else the body does is the call's own
 * business: the call is still an event of its own). */
int dv_consts_function_value(CXCursor def, long long *out);

/* Calls note(ctx, var) for every variable that the TU (headers included,
 * system headers excepted) assigns, increments or decrements, takes the
 * address of or binds to a C++ reference. */
void dv_consts_scan_writes(CXTranslationUnit tu, void (*note)(void *ctx, CXCursor var),
			   void *ctx);

/* Adds the TU's facts to tu->exports (nothing when NULL). */
void dv_consts_export(struct dv_tu_ctx *tu);

/* The import's marker for a file whose entry is stale or unreadable. */
void dv_consts_note_unindexed(struct dv_exports *x, const char *path);

/* Nonzero when a loaded fact of the family is well-formed. */
int dv_consts_fact_valid(const struct dv_export *e);

/*
 * What the project says about the global variable or function `usr`
 * (imports sorted; own_path the file analysed, as the index names it):
 * 0 and *out when it is constant project-wide by the rules above.
 * local_init: the TU's own definition has this constant initialiser
 * (NULL: none); locally_written: the TU writes it.
 */
int dv_consts_global(const struct dv_exports *imports, const char *usr, const char *own_path,
		     const long long *local_init, int locally_written, long long *out);
int dv_consts_function(const struct dv_exports *imports, const char *usr, long long *out);

#endif
