/*
 * Positions in a document's text.  LSP counts columns in UTF-16 code
 * units; libclang and the findings count bytes (1-based).  Invalid UTF-8
 * counts one unit per byte, so that every byte maps somewhere.
 */
#ifndef DV_LSP_TEXT_H
#define DV_LSP_TEXT_H

#include <stddef.h>

/* Byte offset of the start of 0-based `line` (len when past the end). */
size_t text_line_start(const char *text, size_t len, unsigned line);
/* Byte offset of (0-based line, UTF-16 character); clamped to the line. */
size_t text_offset(const char *text, size_t len, unsigned line, unsigned character);
/* UTF-16 column of 1-based byte column `col` on 1-based `line`. */
unsigned text_utf16_col(const char *text, size_t len, unsigned line, unsigned col);
/* UTF-16 length of 1-based `line` without its end of line. */
unsigned text_line_utf16_len(const char *text, size_t len, unsigned line);

/* file:// URI <-> absolute path (percent-decoding / encoding); NULL for
 * anything but a local file URI. */
char *uri_to_path(const char *uri);
char *path_to_uri(const char *path);

#endif
