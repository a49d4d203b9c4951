/*
 * What the transfer functions derive from cursors, computed once per
 * function: the dataflow solve visits every event once per iteration and
 * the replay once more, and rendering a key or a text re-tokenises the
 * source (clang_tokenize), which was most of the typestate families' time
 * on generated scanners.  Values are interned per TU, so a memoised
 * result is the very pointer the direct computation would intern.
 */
#include "engine/typestate_internal.h"
#include "front/tokens.h"

#include <stdlib.h>

enum { MEMO_KEY = 1, MEMO_TEXT, MEMO_DISPLAY };

static const char *memo(struct ts_fn *fn, CXCursor e, unsigned tag)
{
	const void *v;
	char *s;
	if (dv_cursor_memo_get(&fn->memo, e, tag, &v))
		return v;
	if (tag == MEMO_KEY)
		s = ts_expr_key(fn->func, e);
	else if (tag == MEMO_TEXT) {
		if (!fn->t->tokens)
			fn->t->tokens = dv_tokens_new();
		s = dv_tokens_text(fn->t->tokens, e);
	}
	else
		s = ts_display_text(e);
	v = ts_in_take(fn, s);
	dv_cursor_memo_put(&fn->memo, e, tag, v);
	return v;
}

const char *ts_key_of(struct ts_fn *fn, CXCursor e)
{
	return memo(fn, e, MEMO_KEY);
}

const char *ts_text_of(struct ts_fn *fn, CXCursor e)
{
	return memo(fn, e, MEMO_TEXT);
}

const char *ts_display_of(struct ts_fn *fn, CXCursor e)
{
	return memo(fn, e, MEMO_DISPLAY);
}
