/*
 * Loop forest over the natural loops of a CFG: parent links by header
 * containment (loops are sorted smallest first, so the first larger loop
 * holding a loop's header is its parent), the innermost loop per block,
 * and the statement that names each loop.
 */
#include "engine/loops.h"
#include "util/xalloc.h"

#include <stdlib.h>

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return x < y ? -1 : x > y;
}

static int raw_contains(const struct dv_loop *l, unsigned block)
{
	return bsearch(&block, l->blocks, l->n_blocks, sizeof(unsigned), cmp_unsigned) != NULL;
}

/* A loop without a loop statement: the label of a backward goto into its
 * header, when one of the back edges is a goto. */
static CXCursor goto_label(const struct dv_cfg *cfg, const struct dv_loop *l)
{
	unsigned i, j;
	const struct dv_block *h = &cfg->blocks[l->header];
	for (i = 0; i < h->n_pred; i++) {
		const struct dv_block *p = &cfg->blocks[h->pred[i]];
		if (!raw_contains(l, h->pred[i]) ||
		    clang_getCursorKind(p->terminator) != CXCursor_GotoStmt)
			continue;
		for (j = 0; j < p->n_succ; j++) {
			if (p->succ[j].to == l->header) {
				CXCursor label = clang_getCursorReferenced(p->terminator);
				if (clang_getCursorKind(label) == CXCursor_LabelStmt)
					return label;
			}
		}
	}
	return clang_getNullCursor();
}

static enum dv_loop_kind kind_of_stmt(CXCursor s)
{
	switch (clang_getCursorKind(s)) {
	case CXCursor_ForStmt: return DV_LOOP_FOR;
	case CXCursor_WhileStmt: return DV_LOOP_WHILE;
	case CXCursor_DoStmt: return DV_LOOP_DO;
	case CXCursor_CXXForRangeStmt: return DV_LOOP_RANGE_FOR;
	case CXCursor_LabelStmt: return DV_LOOP_GOTO;
	default: return DV_LOOP_OTHER;
	}
}

struct dv_loopnest *dv_loopnest_build(const struct dv_cfg *cfg)
{
	struct dv_loopnest *ln;
	unsigned i, j;
	if (!cfg)
		return NULL;
	ln = xcalloc(1, sizeof(*ln));
	ln->cfg = cfg;
	ln->n_loops = dv_cfg_loops(cfg, &ln->raw);
	ln->loops = xcalloc(ln->n_loops ? ln->n_loops : 1, sizeof(*ln->loops));
	ln->innermost = xmalloc((cfg->n_blocks ? cfg->n_blocks : 1) * sizeof(unsigned));
	for (i = 0; i < cfg->n_blocks; i++)
		ln->innermost[i] = DV_LOOP_NONE;
	for (i = 0; i < ln->n_loops; i++) {
		const struct dv_loop *r = &ln->raw[i];
		struct dv_loopinfo *l = &ln->loops[i];
		l->header = r->header;
		l->blocks = r->blocks;
		l->n_blocks = r->n_blocks;
		l->parent = DV_LOOP_NONE;
		for (j = i + 1; j < ln->n_loops; j++) {
			if (ln->raw[j].header != r->header && raw_contains(&ln->raw[j], r->header)) {
				l->parent = j;
				break;
			}
		}
		l->stmt = r->stmt;
		if (clang_Cursor_isNull(l->stmt))
			l->stmt = goto_label(cfg, r);
		if (clang_Cursor_isNull(l->stmt) && cfg->blocks[r->header].n_elems)
			l->stmt = cfg->blocks[r->header].elems[0].cursor;
		l->kind = clang_Cursor_isNull(l->stmt) ? DV_LOOP_OTHER : kind_of_stmt(l->stmt);
		/* smallest first: the first loop to claim a block is its innermost */
		for (j = 0; j < r->n_blocks; j++)
			if (ln->innermost[r->blocks[j]] == DV_LOOP_NONE)
				ln->innermost[r->blocks[j]] = i;
	}
	/* parents come later in the array, so depths are filled outermost
	 * first by walking the array backwards */
	for (i = ln->n_loops; i-- > 0;)
		ln->loops[i].depth =
			ln->loops[i].parent == DV_LOOP_NONE ? 1 : ln->loops[ln->loops[i].parent].depth + 1;
	return ln;
}

void dv_loopnest_free(struct dv_loopnest *ln)
{
	if (!ln)
		return;
	dv_loops_free(ln->raw, ln->n_loops);
	free(ln->loops);
	free(ln->innermost);
	free(ln);
}

int dv_loopnest_contains(const struct dv_loopnest *ln, unsigned loop, unsigned block)
{
	if (!ln || loop >= ln->n_loops)
		return 0;
	return raw_contains(&ln->raw[loop], block);
}

unsigned dv_loopnest_of_block(const struct dv_loopnest *ln, unsigned block, unsigned *out,
			      unsigned max)
{
	unsigned n = 0, l;
	if (!ln || block >= ln->cfg->n_blocks)
		return 0;
	for (l = ln->innermost[block]; l != DV_LOOP_NONE; l = ln->loops[l].parent) {
		if (out && n < max)
			out[n] = l;
		n++;
	}
	return n;
}

unsigned dv_loopnest_of_cursor(const struct dv_loopnest *ln, CXCursor c, unsigned *out,
			       unsigned max)
{
	if (!ln)
		return 0;
	return dv_loopnest_of_block(ln, dv_cfg_block_of(ln->cfg, c), out, max);
}

unsigned dv_loopnest_innermost_of(const struct dv_loopnest *ln, CXCursor c)
{
	unsigned b;
	if (!ln)
		return DV_LOOP_NONE;
	b = dv_cfg_block_of(ln->cfg, c);
	return b < ln->cfg->n_blocks ? ln->innermost[b] : DV_LOOP_NONE;
}

int dv_loopnest_is_exit_edge(const struct dv_loopnest *ln, unsigned loop, unsigned from,
			     unsigned to)
{
	return dv_loopnest_contains(ln, loop, from) && !dv_loopnest_contains(ln, loop, to);
}

const char *dv_loop_kind_name(enum dv_loop_kind k)
{
	switch (k) {
	case DV_LOOP_FOR: return "for loop";
	case DV_LOOP_WHILE: return "while loop";
	case DV_LOOP_DO: return "do-while loop";
	case DV_LOOP_RANGE_FOR: return "range-for loop";
	case DV_LOOP_GOTO: return "goto loop";
	case DV_LOOP_OTHER: return "loop";
	}
	return "loop";
}
