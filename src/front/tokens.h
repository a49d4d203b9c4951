/*
 * A per-TU index of files' tokens, so that rendering a long extent's text
 * does not re-tokenise it.
 *
 * dv_tokens_text(tk, c) returns exactly what dv_ast_text(c) returns.  It
 * differs only in how: an extent spelled over many bytes (a cursor
 * spelled inside a macro body has an extent from the macro's definition
 * to its use, 61 KB of text for one condition in a generated scanner) is
 * rendered from the file's tokens, which clang_tokenize lexed once per
 * file and TU, instead of lexing that range again for every such cursor.
 * Short extents, and any whose start is not a token of the index, go to
 * dv_ast_text itself.
 *
 * Like clang_tokenize, the text holds the tokens lexed from the extent's
 * start (spelling location) while the previous token ended before the
 * extent's end, and nothing when start and end are in different files.
 *
 * Ownership: dv_tokens_new's index is freed with dv_tokens_free; it is
 * valid for the translation unit of the cursors first given to it (one
 * index per TU, used by one thread).  Returned text is malloc'd.
 */
#ifndef DV_TOKENS_H
#define DV_TOKENS_H

#include <clang-c/Index.h>

struct dv_tokens;

struct dv_tokens *dv_tokens_new(void);
void dv_tokens_free(struct dv_tokens *tk);

/* dv_ast_text(c), through the index when the extent is long; a NULL
 * index renders directly. */
char *dv_tokens_text(struct dv_tokens *tk, CXCursor c);

#endif
