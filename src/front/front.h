/*
 * Front end: compile flags and parsing with libclang.
 *
 * Flags come from compile_commands.json through libclang's
 * compilation-database API; a header takes the flags of a sibling source
 * file of the database (same stem, else same directory); other files get
 * the fallback flags (--std, -I, -D) and, when headers are missing,
 * include directories and stand-ins inferred from the tree (infer.h; a
 * note says which).  Every parse downgrades the errors clang 16+ made of
 * C99-era code (implicit declarations, implicit int, int and pointer
 * conversions) to warnings.  Parsing keeps going after errors:
 * the partial AST is analysed and the problem becomes a notification.
 *
 * Thread model: a dv_front is read-only after dv_front_new; compute each
 * file's arguments (dv_front_args) before starting workers, then parse in
 * workers, each with its own CXIndex.
 *
 * Deep input: clang recurses on expression depth, so a generated
 * 100,000-term expression needs far more than a default 8 MB stack.
 * dv_front_parse parses on a thread with a large stack (as clang's driver
 * does), which only works when libclang parses on the calling thread:
 * dv_front_process_init (called by dv_front_new) arranges that, and must
 * run before the process starts other threads.
 */
#ifndef DV_FRONT_H
#define DV_FRONT_H

#include <clang-c/Index.h>
#include <stddef.h>
#include "diffvet/diffvet.h"
#include "model/notify.h"
#include "model/overlay.h"

struct dv_front_options {
	const char *compdb_dir;   /* -p; NULL = look in ".", then "build/" */
	const char *std;          /* --std value for fallback flags, or NULL */
	const char *const *includes; /* -I values */
	size_t n_includes;
	const char *const *defines;  /* -D values */
	size_t n_defines;
	const char *root;         /* directory of relative paths (where to look for the database) */
};

struct dv_front;

/* Makes libclang parse on the calling thread (sets LIBCLANG_NOTHREADS in
 * the process environment when absent).  Call once, before any thread is
 * started; dv_front_new calls it. */
void dv_front_process_init(void);

/* Runs fn(arg) on a thread with a large stack (1 GB of address space,
 * committed only as used), or directly when the calling thread already
 * has one; returns -1 when no such thread could be started (fn then ran
 * on the calling thread). */
int dv_front_on_large_stack(void (*fn)(void *), void *arg);

/* Errors only for an explicit -p whose database cannot be loaded. */
struct dv_front *dv_front_new(const struct dv_front_options *opt, struct dv_error *err);
void dv_front_free(struct dv_front *fr);
/* Path of the loaded compile_commands.json directory, or NULL. */
const char *dv_front_compdb_dir(const struct dv_front *fr);

struct dv_args {
	char **argv;  /* owned */
	int argc;
	int from_database;
	/* No database: the root below which include directories and header
	 * stand-ins are inferred when headers are missing (front/infer.h);
	 * owned, NULL with a database. */
	char *infer_root;
	/* The analysis root: an included file that resolves outside it (and
	 * outside every trusted include directory) is parsed as empty
	 * (front/includes.h).  Owned; NULL: no such check. */
	char *confine_root;
};
/* Arguments to parse `abs_path` with (no compiler name, no input file). */
void dv_front_args(struct dv_front *fr, const char *abs_path, struct dv_args *out);
void dv_args_release(struct dv_args *a);

/*
 * Parses (on a large stack, see above); returns NULL only when libclang
 * produced no AST at all or crashed (then a notification says why).  Problems in the code (errors, missing headers)
 * become one notification per file.  `display_path` names the file in
 * notifications.  `overlay` (may be NULL) gives file contents that replace
 * the disk (unsaved editor buffers, git blobs).  An include outside
 * args->confine_root is parsed as an empty file, with a notification
 * naming it (front/includes.h).
 */
CXTranslationUnit dv_front_parse(CXIndex index, const char *abs_path, const char *display_path,
				 const struct dv_args *args, unsigned extra_flags,
				 const struct dv_overlay *overlay, struct dv_notifications *notes);

/* Flags for a unit kept across edits (the LSP server): reparsing then
 * reuses a precompiled preamble (the #include block) and only recompiles
 * the rest of the file. */
#define DV_FRONT_LIVE_FLAGS \
	(CXTranslationUnit_PrecompiledPreamble | CXTranslationUnit_CreatePreambleOnFirstParse)

/* Reparses a unit from dv_front_parse (with the live flags) against the
 * current `overlay`, on a large stack; problems in the code become
 * notifications as in dv_front_parse.  Returns 0, or -1 when libclang
 * failed or the unit now includes a file outside args->confine_root: the
 * unit must then be disposed (and parsed again). */
int dv_front_reparse(CXTranslationUnit tu, const char *abs_path, const char *display_path,
		     const struct dv_args *args, const struct dv_overlay *overlay,
		     struct dv_notifications *notes);

#endif
