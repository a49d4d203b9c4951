/*
 * Atomic output files: a report is written to a temporary file in the
 * destination's directory, flushed to disk (fsync) and renamed over the
 * destination, so a crash, a full disk or Ctrl-C never leaves half a
 * SARIF file where CI expects one: readers see the old file or the whole
 * new one.  On failure the temporary file is removed.  (A process killed
 * outright may leave its temporary `.NAME.tmpXXXXXX` behind, never a
 * truncated NAME.)
 *
 * The new file takes the mode of the file it replaces, else 0666 less the
 * umask, as fopen would give it.  A symbolic link at `path` is replaced by
 * the file (rename does not follow links), never written through.  A
 * destination that is neither a regular file nor absent (a device such
 * as /dev/null, a fifo) is written in place, never replaced.
 *
 * Errors: functions return 0, or -1 with errno set; nothing is printed.
 * Not thread-safe on one struct dv_atomic_file; distinct ones are fine.
 */
#ifndef DV_ATOMIC_FILE_H
#define DV_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

struct dv_atomic_file {
	FILE *fp;    /* write the contents here; owned until commit/abort */
	char *path;  /* destination (owned) */
	char *tmp;   /* temporary file in the same directory (owned) */
};

/* Creates the temporary file; on success af->fp is open for writing.  On
 * failure *af is left empty (commit and abort are then no-ops that fail
 * and succeed respectively). */
int dv_atomic_open(struct dv_atomic_file *af, const char *path);
/* Flushes, fsyncs and closes the file, renames it over the destination
 * and fsyncs the directory.  Any write error seen on af->fp fails the
 * commit.  On failure the temporary file is removed and the destination
 * is untouched.  Always releases af. */
int dv_atomic_commit(struct dv_atomic_file *af);
/* Closes and removes the temporary file; the destination is untouched.
 * Releases af; safe on an empty or already released af. */
void dv_atomic_abort(struct dv_atomic_file *af);

/* Writes `len` bytes to `path` atomically (open + write + commit). */
int dv_atomic_write(const char *path, const void *data, size_t len);

/* Creates dir and its missing parents (mode 0777 less the umask), like
 * `mkdir -p`; 0, or -1 when some level could not be made. */
int dv_mkdirs(const char *dir);

#endif
