/*
 * Running git.  git is started with posix_spawnp and an argv array, never
 * through a shell, so no argument is ever interpreted by /bin/sh.
 */
#ifndef DV_GIT_H
#define DV_GIT_H

#include <stddef.h>
#include "diffvet/diffvet.h"

/*
 * Runs `git argv[0] argv[1] ...` (argv NULL-terminated, without "git")
 * in directory `cwd` (NULL = current) and collects its standard output.
 * On success returns 0 and *out (caller frees) with *out_len bytes,
 * NUL-terminated.  When git cannot be started or exits non-zero, returns
 * DV_ERR_IO with git's first stderr line in err.
 */
int dv_git_run(const char *const *argv, const char *cwd, char **out, size_t *out_len,
	       struct dv_error *err);

/* The repository's top-level directory (git rev-parse --show-toplevel),
 * malloc'd, or NULL with err set. */
char *dv_git_toplevel(const char *cwd, struct dv_error *err);

#endif
