/*
 * Token index per file (see tokens.h).  The index holds, per token of the
 * file as clang_tokenize lexes the whole file, its start and end offsets
 * and its spelling; a long extent is rendered by finding its start token
 * (binary search) and copying spellings.  Lexing is deterministic from a
 * token boundary, so the tokens from there on are the ones clang_tokenize
 * would lex from that offset; an extent whose start is no token of the
 * index is rendered by dv_ast_text.
 */
#include "front/tokens.h"
#include "front/ast.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Below this many bytes between an extent's start and end, lexing the
 * extent costs less than looking it up. */
enum { INDEX_MIN_BYTES = 1024 };

struct tok_file {
	CXFile file;
	unsigned n;
	unsigned *start, *end; /* offsets of each token */
	size_t *sp;            /* offset of each token's spelling in buf */
	char *buf;             /* the spellings joined by single spaces, as
				  dv_ast_text joins them: a text is one copy */
	size_t len;            /* of buf */
	int unusable;          /* the file could not be tokenised whole */
};

struct dv_tokens {
	struct tok_file *files;
	size_t n_files, alloc_files;
};

struct dv_tokens *dv_tokens_new(void)
{
	return xcalloc(1, sizeof(struct dv_tokens));
}

void dv_tokens_free(struct dv_tokens *tk)
{
	size_t i;
	if (!tk)
		return;
	for (i = 0; i < tk->n_files; i++) {
		free(tk->files[i].start);
		free(tk->files[i].end);
		free(tk->files[i].sp);
		free(tk->files[i].buf);
	}
	free(tk->files);
	free(tk);
}

static void index_file(CXTranslationUnit tu, struct tok_file *f)
{
	CXToken *toks = NULL;
	unsigned n = 0, i;
	size_t size = 0;
	struct strbuf sb;
	CXSourceRange whole;
	if (!clang_getFileContents(tu, f->file, &size)) {
		f->unusable = 1;
		return;
	}
	whole = clang_getRange(clang_getLocationForOffset(tu, f->file, 0),
			       clang_getLocationForOffset(tu, f->file, (unsigned)size));
	clang_tokenize(tu, whole, &toks, &n);
	if (!n) {
		f->unusable = 1;
		return;
	}
	f->start = xcalloc(n, sizeof(unsigned));
	f->end = xcalloc(n, sizeof(unsigned));
	f->sp = xcalloc(n, sizeof(size_t));
	strbuf_init(&sb);
	for (i = 0; i < n; i++) {
		CXSourceRange r = clang_getTokenExtent(tu, toks[i]);
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *cs = clang_getCString(s);
		clang_getSpellingLocation(clang_getRangeStart(r), NULL, NULL, NULL, &f->start[i]);
		clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &f->end[i]);
		if (i)
			strbuf_addch(&sb, ' ');
		f->sp[i] = sb.len;
		strbuf_addstr(&sb, cs ? cs : "");
		clang_disposeString(s);
		/* offsets must ascend for the binary search */
		if (i && f->start[i] < f->start[i - 1])
			f->unusable = 1;
	}
	clang_disposeTokens(tu, toks, n);
	f->n = n;
	f->len = sb.len;
	f->buf = strbuf_detach(&sb);
}

static struct tok_file *file_index(struct dv_tokens *tk, CXTranslationUnit tu, CXFile file)
{
	size_t i;
	for (i = 0; i < tk->n_files; i++)
		if (clang_File_isEqual(tk->files[i].file, file))
			return &tk->files[i];
	DV_GROW(tk->files, tk->n_files + 1, tk->alloc_files);
	memset(&tk->files[tk->n_files], 0, sizeof(tk->files[0]));
	tk->files[tk->n_files].file = file;
	index_file(tu, &tk->files[tk->n_files]);
	return &tk->files[tk->n_files++];
}

/* The token starting at `off`, or UINT_MAX. */
static unsigned token_at(const struct tok_file *f, unsigned off)
{
	unsigned lo = 0, hi = f->n;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (f->start[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n && f->start[lo] == off ? lo : (unsigned)-1;
}

char *dv_tokens_text(struct dv_tokens *tk, CXCursor c)
{
	CXSourceRange r;
	CXFile fa = NULL, fe = NULL;
	unsigned a = 0, e = 0, i, k;
	struct tok_file *f;
	size_t to;
	char *text;
	if (!tk || clang_Cursor_isNull(c))
		return dv_ast_text(c);
	r = clang_getCursorExtent(c);
	clang_getSpellingLocation(clang_getRangeStart(r), &fa, NULL, NULL, &a);
	clang_getSpellingLocation(clang_getRangeEnd(r), &fe, NULL, NULL, &e);
	if (!fa || !fe || !clang_File_isEqual(fa, fe) || e < a || e - a < INDEX_MIN_BYTES)
		return dv_ast_text(c);
	f = file_index(tk, clang_Cursor_getTranslationUnit(c), fa);
	if (f->unusable || (i = token_at(f, a)) == (unsigned)-1)
		return dv_ast_text(c);
	/* tokens i .. k-1: each lexed while the previous ended before e */
	for (k = i + 1; k < f->n && f->end[k - 1] < e; k++)
		;
	to = k < f->n ? f->sp[k] - 1 : f->len;
	text = xmalloc(to - f->sp[i] + 1);
	memcpy(text, f->buf + f->sp[i], to - f->sp[i]);
	text[to - f->sp[i]] = 0;
	return text;
}
