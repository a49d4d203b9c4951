/*
 * Unified diff reader.
 *
 * Parses the output of `git diff` (a/ b/ prefixes, --no-prefix, renames
 * and copies, new and deleted files, mode changes, binary files,
 * "\ No newline at end of file", CRLF, several hunks, zero-length ranges)
 * and of plain `diff -u` into a changeset: for each file of the new
 * revision, the set of added line numbers and the deleted-line anchors
 * (for each run of deleted lines, the new-file line number it sits at:
 * the number of the first new-file line after the deletion).
 *
 * Ownership: dv_changeset_parse returns a changeset the caller frees with
 * dv_changeset_free; all strings and arrays inside belong to it.
 */
#ifndef DV_DIFF_H
#define DV_DIFF_H

#include <stddef.h>
#include <stdint.h>
#include "diffvet/diffvet.h"

enum dv_file_status {
	DV_FILE_MODIFIED,
	DV_FILE_ADDED,
	DV_FILE_DELETED,
	DV_FILE_RENAMED,
	DV_FILE_COPIED,
};

/* A line the change deleted: where it was in the old file, its anchor in
 * the new file, and its text (without the '-' and the line end). */
struct dv_deleted_line {
	unsigned old_line;
	unsigned anchor;
	char *text;
};

struct dv_line_range {
	unsigned start, end; /* inclusive, 1-based new-file line numbers */
};

struct dv_file_change {
	char *old_path;  /* NULL for an added file; prefix (a/) stripped */
	char *new_path;  /* NULL for a deleted file; prefix (b/) stripped */
	enum dv_file_status status;
	int binary;      /* "Binary files ... differ" or GIT binary patch */
	int mode_change; /* old mode / new mode lines present */
	/* Added lines of the new file, as sorted, merged, disjoint ranges. */
	struct dv_line_range *added;
	size_t n_added;
	/* Deleted-line anchors, sorted ascending, one per deleted run; the
	 * value is the new-file line just after the deleted run (a deletion at
	 * the end of file anchors at last line + 1). */
	unsigned *deleted_anchors;
	size_t n_deleted_anchors;
	/* Every deleted line, in diff order (old_line ascending). */
	struct dv_deleted_line *deleted;
	size_t n_deleted;
	/* dv_diff_line_hash of each added line's text, in line order (one per
	 * added line): enough to tell whether the patch was made against the
	 * file it is applied to (dv_file_change_verify). */
	uint32_t *added_hashes;
	size_t n_added_hashes;
};

struct dv_changeset {
	struct dv_file_change *files;
	size_t n_files;
};

/*
 * Parses `len` bytes of diff text.  `name` names the input in messages
 * ("<stdin>", a path).  On a malformed diff returns NULL and sets err to
 * "NAME:LINE: what is wrong" with code DV_ERR_INPUT.  An empty input is a
 * valid, empty changeset.
 */
struct dv_changeset *dv_changeset_parse(const char *text, size_t len, const char *name,
					struct dv_error *err);
void dv_changeset_free(struct dv_changeset *cs);

/* The entry whose new_path equals `path` (exact string match), or NULL. */
const struct dv_file_change *dv_changeset_find(const struct dv_changeset *cs, const char *path);

/* Nonzero when `line` of the new file is an added line. */
int dv_file_change_has_line(const struct dv_file_change *fc, unsigned line);

/* A hash of a line's text that ignores whitespace (spaces, tabs, CR,
 * FF, VT): mail, web forms and editors rewrite whitespace (CRLF, trailing
 * blanks, tabs to spaces) without moving a line, and the check below is
 * about which lines the patch's numbers point at, not about layout. */
uint32_t dv_diff_line_hash(const char *s, size_t len);

/* Compares the added lines with the new file's text (`len` bytes).
 * Returns 0 when every added line is there, at its number; otherwise
 * the first added line number that is missing or holds other text. */
unsigned dv_file_change_verify(const struct dv_file_change *fc, const char *text, size_t len);

/* Nonzero when some added line or deleted anchor falls in [first, last]. */
int dv_file_change_touches(const struct dv_file_change *fc, unsigned first, unsigned last);

#endif
