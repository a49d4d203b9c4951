/*
 * libFuzzer target for finding fingerprints and their normaliser
 * (src/model/findings.c): the input is cut at NUL bytes into a rule id,
 * paths, a function name, extra material and source lines (any bytes:
 * invalid UTF-8, control characters, blank runs), from which up to 16
 * findings are built and finalised.  Checked: no crash or leak; the list
 * comes out sorted and free of duplicates; every fingerprint is 32 hex
 * digits (plus ":N" for repeats) and unique in the run; re-indenting the
 * line (whitespace runs changed) keeps a fingerprint.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diffvet/finding.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define N_FIELDS 8

struct fields {
	char *f[N_FIELDS]; /* owned, NUL-terminated, never NULL */
};

static void split(const uint8_t *data, size_t size, struct fields *out)
{
	size_t start = 0, i, k = 0;

	for (i = 0; i <= size && k < N_FIELDS; i++) {
		if (i == size || data[i] == 0) {
			out->f[k++] = xstrndup((const char *)data + start, i - start);
			start = i + 1;
		}
	}
	for (; k < N_FIELDS; k++)
		out->f[k] = xstrdup("");
}

/* Lines of the "file": field 4 on odd lines, field 5 on even ones, none
 * past line 12 (a file shorter than the finding's line). */
static const char *read_line(void *ctx, const char *path, unsigned line)
{
	const struct fields *fl = ctx;

	(void)path;
	if (line > 12)
		return NULL;
	return fl->f[line % 2 ? 4 : 5];
}

static int is_fingerprint(const char *s)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!s[i] || !strchr("0123456789abcdef", s[i]))
			return 0;
	if (!s[32])
		return 1;
	if (s[32] != ':' || !s[33])
		return 0;
	for (i = 33; s[i]; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Same text with every blank run doubled and the ends padded. */
static char *reindent(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addstr(&sb, " \t");
	for (; *s; s++) {
		strbuf_addch(&sb, *s);
		if (*s == ' ' || *s == '\t')
			strbuf_addch(&sb, '\t');
	}
	strbuf_addstr(&sb, "\r\n");
	return strbuf_detach(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dv_findings list;
	struct fields fl;
	unsigned n, i, j;
	const uint8_t *shape;

	if (size < 2)
		return 0;
	n = data[0] % 16 + 1;
	shape = data + 1;
	split(data + 2, size - 2, &fl);
	dv_findings_init(&list);
	for (i = 0; i < n; i++) {
		struct dv_finding *f = dv_findings_push(&list);
		unsigned bits = shape[0] + i * 37u;

		f->rule_id = xstrdup(bits & 1 ? fl.f[0] : "injection/command");
		f->level = DV_LEVEL_WARNING;
		f->message = xstrdup(fl.f[6]);
		dv_location_set(&f->primary, bits & 2 ? fl.f[1] : fl.f[2], 1 + (bits >> 2) % 14,
				1 + i % 3, 0, 0, NULL);
		if (bits & 64)
			f->function = xstrdup(fl.f[3]);
		if (bits & 128)
			f->fingerprint_extra = xstrdup(fl.f[7]);
	}
	dv_findings_finalize(&list, read_line, &fl);

	for (i = 0; i < list.count; i++) {
		const struct dv_finding *f = &list.items[i];

		if (!f->fingerprint || !is_fingerprint(f->fingerprint))
			abort();
		if (i) {
			const struct dv_finding *p = &list.items[i - 1];
			int c = strcmp(p->primary.path, f->primary.path);
			if (c > 0 || (c == 0 && p->primary.line > f->primary.line))
				abort(); /* not sorted */
		}
		for (j = 0; j < i; j++)
			if (strcmp(list.items[j].fingerprint, f->fingerprint) == 0)
				abort(); /* not unique */
	}
	if (list.count) {
		/* the normaliser: re-indenting keeps the base hash */
		const struct dv_finding *f = &list.items[0];
		char *moved = reindent(fl.f[4]);
		char *a = dv_finding_fingerprint(f, fl.f[4]);
		char *b = dv_finding_fingerprint(f, moved);

		if (strcmp(a, b) != 0)
			abort();
		free(a);
		free(b);
		free(moved);
	}
	dv_findings_release(&list);
	for (i = 0; i < N_FIELDS; i++)
		free(fl.f[i]);
	return 0;
}
