/*
 * Confined file access: reading the repository under review without
 * letting it point anywhere else.
 *
 * A path is opened from the root one component at a time with openat()
 * and O_NOFOLLOW, so no symbolic link is ever followed, wherever it sits
 * on the path; a ".." component or an absolute path that is not below
 * the root is refused before anything is opened.  A link as the last
 * component is a file whose content is its link text, as git stores it
 * (mode 120000): a committed link to /proc/self/environ reads as the 18
 * bytes "/proc/self/environ", never as the runner's environment.  A link
 * on the way (dir/file with dir a link) is outside the root: git never
 * tracks a file below a link, so only a hostile patch can name one.
 *
 * The root itself is trusted as given (the command line or git chose
 * it).  Paths may be relative (to the root) or absolute.  With
 * DV_CONFINE_NAMED, a path the user named on the command line that is
 * not below the root (`diffvet check ../lib/x.c`) is confined to its own
 * directory instead: the user chose that directory, but a link as the
 * file itself is still not followed.
 *
 * Nothing here keeps state: safe to call from several threads.
 */
#ifndef DV_CONFINED_H
#define DV_CONFINED_H

#include "diffvet/diffvet.h"
#include "util/strbuf.h"

enum dv_confined_kind {
	DV_CONFINED_FILE,    /* a regular file reached without any link */
	DV_CONFINED_LINK,    /* the last component is a symbolic link */
	DV_CONFINED_DIR,
	DV_CONFINED_SPECIAL, /* fifo, socket, device: never opened */
	DV_CONFINED_MISSING, /* no such file, or a file on the way */
	DV_CONFINED_OUTSIDE, /* not below the root, "..", or a link on the way */
};

#define DV_CONFINE_NAMED 1u /* named by the user: outside the root, confine to its directory */

/* What `path` is, seen from the root without following links. */
enum dv_confined_kind dv_confined_kind(const char *root, const char *path, unsigned flags);

/* Nonzero when `path` may be handed to a parser that opens files by name
 * (libclang): a regular file below the root, reached without links.  A
 * link or a path leaving the root must never be parsed: the parser would
 * follow it. */
int dv_confined_parsable(const char *root, const char *path, unsigned flags);

/*
 * Reads `path` into `out` (appended; reset it first when needed): a
 * regular file's bytes, or a link's text with *is_link set (is_link may be
 * NULL).  Returns 0, or DV_ERR_IO with err saying why nothing was read
 * ("'x': not read: ...").  Never opens a fifo or device, never follows a
 * link.
 */
int dv_confined_read(const char *root, const char *path, unsigned flags, struct strbuf *out,
		     int *is_link, struct dv_error *err);

#endif
