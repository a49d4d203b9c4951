/*
 * A memo keyed by cursor identity: (cursor, tag) -> a pointer the caller
 * owns (typically an interned string), so that something derived from a
 * cursor (an lvalue key, its source text) is computed once per analysis
 * instead of on every transfer of every dataflow iteration.
 *
 * Cursors compare with clang_equalCursors and hash with clang_hashCursor:
 * the same AST node is the same entry however it was reached.  A stored
 * value may be NULL ("computed, nothing"): dv_cursor_memo_get tells a
 * NULL value from a missing entry by its return value.
 *
 * Ownership: the memo owns only its table; values are borrowed.  Zeroed
 * memory is an empty memo; dv_cursor_memo_release frees the table (call it
 * when the per-function analysis ends, so memory does not grow with the
 * TU).  Not thread-safe; one memo per analysis.
 */
#ifndef DV_ENGINE_CURSOR_MEMO_H
#define DV_ENGINE_CURSOR_MEMO_H

#include <stddef.h>
#include <clang-c/Index.h>

struct dv_cursor_memo_slot;

struct dv_cursor_memo {
	struct dv_cursor_memo_slot *slots;
	size_t cap, n;
};

/* 1 and *out set when (c, tag) was stored, else 0 */
int dv_cursor_memo_get(const struct dv_cursor_memo *m, CXCursor c, unsigned tag,
		       const void **out);
/* stores (or replaces) the value of (c, tag) */
void dv_cursor_memo_put(struct dv_cursor_memo *m, CXCursor c, unsigned tag, const void *value);
void dv_cursor_memo_release(struct dv_cursor_memo *m);

#endif
