/*
 * A line diff of two texts in memory, as the unified diff `git diff -U0`
 * prints for one file, for the editor's diff awareness (the LSP server
 * compares an unsaved buffer with its blob at HEAD or a base revision,
 * neither of which is a file git could diff).
 *
 * The common prefix and suffix are trimmed; the lines between are aligned
 * by a longest common subsequence when the table stays small (at most
 * DV_LINEDIFF_MAX_CELLS line pairs), else the whole middle is taken as
 * replaced.  That fallback reports more lines as changed than git would,
 * never fewer: a change's lines are what diffvet must look at.  Lines are
 * compared byte for byte.
 */
#ifndef DV_DIFF_LINEDIFF_H
#define DV_DIFF_LINEDIFF_H

#include <stddef.h>

#define DV_LINEDIFF_MAX_CELLS 4000000u

/*
 * The diff of `old_text` into `new_text` for the file `path` (relative,
 * as in the diff's a/ and b/ names).  old_text NULL: the file is new (every
 * line added).  Returns malloc'd NUL-terminated text; "" when the texts
 * are equal.  Never fails (allocation failure aborts, as xalloc does).
 */
char *dv_line_diff(const char *path, const char *old_text, size_t old_len, const char *new_text,
		   size_t new_len);

#endif
