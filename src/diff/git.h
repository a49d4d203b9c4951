/*
 * Running git, hardened against the repository it reads.
 *
 * git is started with posix_spawnp and an argv array, never through a
 * shell, so no argument is ever interpreted by /bin/sh.  The repository
 * under review is untrusted, and so is its .git/config (a repository can
 * arrive as an archive with its .git, or be a directory someone else
 * owns), so every invocation runs with:
 *   - the system and global configuration ignored (GIT_CONFIG_NOSYSTEM,
 *     GIT_CONFIG_GLOBAL=/dev/null, GIT_ATTR_NOSYSTEM), and the caller's
 *     GIT_CONFIG_PARAMETERS / GIT_CONFIG_COUNT entries, GIT_EXTERNAL_DIFF,
 *     GIT_PAGER, GIT_SSH*, editors and askpass programs removed;
 *   - command-scope configuration (GIT_CONFIG_COUNT, which outranks every
 *     file, including [include]d ones) that switches off what would run a
 *     program: core.fsmonitor=false, core.hooksPath=/dev/null,
 *     core.pager=cat, protocol.allow=never (no lazy fetch of a partial
 *     clone), credential.helper reset; diff output is made canonical
 *     (no noprefix, mnemonic prefixes, relative paths or colour);
 *   - every filter driver configured for the repository (filter.NAME.clean,
 *     .smudge, .process) emptied and made not required, for every command
 *     that may convert working-tree files (a `git diff` of the working
 *     tree runs clean filters on stat-dirty files); found first with `git
 *     config --get-regexp`;
 *   - `--no-ext-diff --no-textconv` inserted after `diff`, `log` and `show`
 *     (an empty diff.external or textconv value would be run as a program,
 *     so these are switched off by option, not by configuration);
 *   - GIT_OPTIONAL_LOCKS=0 (no index refresh written behind our back),
 *     GIT_NO_REPLACE_OBJECTS=1, GIT_LITERAL_PATHSPECS=1,
 *     GIT_TERMINAL_PROMPT=0, GIT_PAGER=cat, LC_ALL=C, stdin from /dev/null.
 * One value is kept from the real system and global configuration:
 * safe.directory (git honours it only there), so that a CI checkout owned
 * by another user and marked safe keeps working; it is read with one
 * `git config --show-scope` from outside any repository, when the
 * directory git runs in is not ours or git refused it for its owner.
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
 * malloc'd, or NULL with err set.  A top level without a .git entry (a
 * core.worktree in the repository's config pointing elsewhere, e.g. at
 * /etc) is refused unless GIT_DIR or GIT_WORK_TREE in the environment
 * asked for it. */
char *dv_git_toplevel(const char *cwd, struct dv_error *err);

/* A file of a revision, exactly as stored: no filter, no textconv. */
struct dv_git_blob {
	char *data;    /* NUL-terminated (may hold other NULs); owned */
	size_t len;
	unsigned mode; /* 0100644, 0100755 or 0120000 (octal, as git prints) */
	int is_link;   /* mode 120000: data is the link's target text */
};

/*
 * Reads `path` (relative to the top level, no "..", no leading '/') of
 * revision `rev` (a commit or tree name not starting with '-') in the
 * repository at `root`.  Returns 0 and fills *out (release with
 * dv_git_blob_release), 1 when the revision has no such path, or a
 * negative error: DV_ERR_USAGE for a bad rev or path, DV_ERR_INPUT when
 * the path is a directory or a submodule there, DV_ERR_IO when git fails
 * (e.g. an unknown revision).
 */
int dv_git_read_blob(const char *root, const char *rev, const char *path, struct dv_git_blob *out,
		     struct dv_error *err);
void dv_git_blob_release(struct dv_git_blob *blob);

/* 1 when `rev` names a commit or tree of the repository at `root` (what
 * dv_git_read_blob can read from), 0 when it does not, negative with err
 * set when git cannot be run there. */
int dv_git_rev_exists(const char *root, const char *rev, struct dv_error *err);

#endif
