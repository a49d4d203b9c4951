/* Line diff of two texts in memory, printed as `git diff -U0` would (linediff.h). */
#include "diff/linediff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

struct lines {
	const char **text;  /* start of each line */
	size_t *len;        /* without its '\n' */
	size_t n;
	int last_unterminated; /* the last line has no '\n' */
};

static void split(const char *t, size_t len, struct lines *out)
{
	size_t i, start = 0, alloc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i <= len; i++) {
		if (i < len && t[i] != '\n')
			continue;
		if (i == len && start == len)
			break; /* no text after the last '\n' */
		DV_GROW(out->text, out->n + 1, alloc);
		out->len = xreallocarray(out->len, alloc, sizeof(*out->len));
		out->text[out->n] = t + start;
		out->len[out->n] = i - start;
		out->n++;
		out->last_unterminated = i == len;
		start = i + 1;
	}
}

static void lines_release(struct lines *l)
{
	free(l->text);
	free(l->len);
}

static int same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->text[i], b->text[j], a->len[i]) == 0;
}

enum op { KEEP, DEL, ADD };

/* The edit script of the middle old[p, p+na) -> new[p, p+nb): by a
 * longest common subsequence when the table is small, else everything
 * deleted, then everything added. */
static enum op *middle_script(const struct lines *o, const struct lines *n, size_t p, size_t na,
			      size_t nb, size_t *n_ops)
{
	enum op *ops = xmalloc((na + nb + 1) * sizeof(*ops));
	size_t k = 0, i, j;

	if (na && nb && na * nb <= DV_LINEDIFF_MAX_CELLS && na < 65535 && nb < 65535) {
		/* lcs[i][j]: the LCS length of old[i..] and new[j..] (at most
		 * min(na, nb) <= 2000 under the cell limit: uint16_t holds it) */
		size_t w = nb + 1;
		uint16_t *lcs = xcalloc((na + 1) * w, sizeof(*lcs));

		for (i = na; i-- > 0;)
			for (j = nb; j-- > 0;)
				lcs[i * w + j] = same(o, p + i, n, p + j)
							 ? (uint16_t)(lcs[(i + 1) * w + j + 1] + 1)
						 : lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]
							 ? lcs[(i + 1) * w + j]
							 : lcs[i * w + j + 1];
		i = j = 0;
		while (i < na || j < nb) {
			if (i < na && j < nb && same(o, p + i, n, p + j)) {
				ops[k++] = KEEP;
				i++;
				j++;
			} else if (j == nb || (i < na && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
				ops[k++] = DEL;
				i++;
			} else {
				ops[k++] = ADD;
				j++;
			}
		}
		free(lcs);
	} else {
		for (i = 0; i < na; i++)
			ops[k++] = DEL;
		for (j = 0; j < nb; j++)
			ops[k++] = ADD;
	}
	*n_ops = k;
	return ops;
}

static void add_line(struct strbuf *sb, char sign, const struct lines *l, size_t i)
{
	strbuf_addch(sb, sign);
	strbuf_add(sb, l->text[i], l->len[i]);
	strbuf_addch(sb, '\n');
	if (i + 1 == l->n && l->last_unterminated)
		strbuf_addstr(sb, "\\ No newline at end of file\n");
}

/* "-start,count": for an empty range, the line before it (git's form). */
static void add_range(struct strbuf *sb, char sign, size_t first, size_t count)
{
	strbuf_addf(sb, "%c%zu,%zu", sign, count ? first : first - 1, count);
}

char *dv_line_diff(const char *path, const char *old_text, size_t old_len, const char *new_text,
		   size_t new_len)
{
	struct lines o, n;
	struct strbuf sb;
	enum op *ops;
	size_t p = 0, s = 0, n_ops, k, oi, ni;

	split(old_text ? old_text : "", old_text ? old_len : 0, &o);
	split(new_text ? new_text : "", new_text ? new_len : 0, &n);
	while (p < o.n && p < n.n && same(&o, p, &n, p))
		p++;
	while (s < o.n - p && s < n.n - p && same(&o, o.n - 1 - s, &n, n.n - 1 - s))
		s++;
	strbuf_init(&sb);
	if (old_text && p == o.n && p == n.n)
		goto done; /* equal */
	if (old_text)
		strbuf_addf(&sb, "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n", path, path, path, path);
	else
		strbuf_addf(&sb, "diff --git a/%s b/%s\nnew file mode 100644\n--- /dev/null\n+++ b/%s\n",
			    path, path, path);
	ops = middle_script(&o, &n, p, o.n - p - s, n.n - p - s, &n_ops);
	/* one hunk per run of changed lines (no context) */
	oi = ni = p; /* 0-based indexes of the next old / new line */
	for (k = 0; k < n_ops;) {
		size_t old_first, new_first, dels = 0, adds = 0, e, i;

		if (ops[k] == KEEP) {
			oi++;
			ni++;
			k++;
			continue;
		}
		for (e = k; e < n_ops && ops[e] != KEEP; e++)
			*(ops[e] == DEL ? &dels : &adds) += 1;
		old_first = oi + 1;
		new_first = ni + 1;
		strbuf_addstr(&sb, "@@ ");
		add_range(&sb, '-', old_first, dels);
		strbuf_addch(&sb, ' ');
		add_range(&sb, '+', new_first, adds);
		strbuf_addstr(&sb, " @@\n");
		for (i = 0; i < dels; i++)
			add_line(&sb, '-', &o, oi + i);
		for (i = 0; i < adds; i++)
			add_line(&sb, '+', &n, ni + i);
		oi += dels;
		ni += adds;
		k = e;
	}
	free(ops);
done:
	lines_release(&o);
	lines_release(&n);
	return strbuf_detach(&sb);
}
