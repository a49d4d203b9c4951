/*
 * Unified diff reader: one pass over the lines, one state machine.
 *
 *   PREAMBLE  not inside any file: commit messages, format-patch headers,
 *             diffstat, `git log` commit lines.  Skipped, except what starts
 *             a file: "diff --git", or a "--- " line directly followed by a
 *             "+++ " line (plain diff -u).
 *   HEADER    after "diff --git X Y": git's extended header lines (index,
 *             modes, similarity, rename/copy from/to, binary markers) and
 *             the ---/+++ pair, until the first "@@".
 *   BODY      a file whose headers are done, between hunks: "@@" opens a
 *             hunk, "\ No newline" is skipped; a '+', '-' or ' ' line here
 *             means the hunk counts lie, which is an error.  Other text ends
 *             the file (back to PREAMBLE): blank lines and "commit ..." in
 *             `git log -p`, the "-- " signature of format-patch, the base85
 *             lines of a "GIT binary patch".
 *   HUNK      inside "@@ -a,b +c,d @@": exactly b old and d new lines must
 *             follow, then back to BODY.
 *   COMBINED  a "diff --cc" merge section, skipped up to the next "diff ".
 *
 * A file is settled when the next one starts or the input ends, because
 * its prefix (a/ b/, the i/ w/ of diff.mnemonicPrefix, none with
 * --no-prefix) is decided from the "diff --git" names, the rename lines and
 * the ---/+++ lines together.  Hunks must come in order (an overlapping
 * or out-of-order hunk is an error, as for git apply), so the added ranges
 * and anchors come out sorted and merged as they are appended.  Each line
 * is read at most twice (the "---" lookahead): parsing is linear.
 */
#include "diff/diff.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DV_MAX_LINE 0x3fffffffu /* start + count stays far from UINT_MAX */

enum parse_state { ST_PREAMBLE, ST_HEADER, ST_BODY, ST_HUNK, ST_COMBINED };

struct line {
	const char *s;
	size_t len; /* without "\n" or "\r\n" */
};

struct file_builder {
	struct dv_file_change fc; /* flags, status, lines and anchors so far */
	size_t alloc_added, alloc_anchors, alloc_deleted, alloc_hashes, first_line;
	int is_git, git_names_exact, dashes_seen, new_file, deleted_file; /* dashes: ---/+++ */
	unsigned next_new_line; /* first new line after the last hunk */
	char *git_old, *git_new, *from, *to, *minus, *plus; /* minus/plus NULL: /dev/null */
};

struct parser {
	const char *name, *pos, *end;
	struct dv_error *err;
	size_t lineno, hunk_lineno;
	enum parse_state state;
	int have_file;
	struct file_builder cur;
	struct dv_changeset *cs;
	size_t alloc_files;
	unsigned old_left, new_left, new_line, old_line;
};

static int starts(const struct line *ln, const char *prefix)
{
	size_t n = strlen(prefix);
	return ln->len >= n && memcmp(ln->s, prefix, n) == 0;
}

static int read_line(const char **pos, const char *end, struct line *ln)
{
	const char *nl;

	if (*pos >= end)
		return 0;
	nl = memchr(*pos, '\n', (size_t)(end - *pos));
	ln->s = *pos;
	ln->len = (size_t)((nl ? nl : end) - *pos);
	*pos = nl ? nl + 1 : end;
	if (ln->len && ln->s[ln->len - 1] == '\r')
		ln->len--;
	return 1;
}

/* "NAME:LINE: what 'line text'" (the text is left out when ln is NULL). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int fail(struct parser *p, size_t lineno, const struct line *ln, const char *fmt, ...)
{
	char what[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!ln)
		return dv_error_set(p->err, DV_ERR_INPUT, "%s:%zu: %s", p->name, lineno, what);
	return dv_error_set(p->err, DV_ERR_INPUT, "%s:%zu: %s '%.*s'", p->name, lineno, what,
			    (int)(ln->len > 60 ? 60 : ln->len), ln->s);
}

/* Decodes a git C-style quoted name at s (s[0] == '"').  Returns the end of
 * the quoted part, or NULL when it is malformed. */
static const char *unquote(const char *s, const char *end, char **out)
{
	static const char esc_in[] = "abfnrtv\"\\", esc_out[] = "\a\b\f\n\r\t\v\"\\";
	char *buf = xmalloc((size_t)(end - s)); /* never longer than the quoted text */
	const char *p = s + 1;
	size_t n = 0;

	while (p < end && *p != '"') {
		if (*p != '\\') {
			buf[n++] = *p++;
		} else if (end - p >= 4 && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
			   p[3] >= '0' && p[3] <= '7') {
			buf[n++] = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 4;
		} else if (end - p >= 2 && p[1] && strchr(esc_in, p[1])) {
			buf[n++] = esc_out[strchr(esc_in, p[1]) - esc_in];
			p += 2;
		} else {
			break;
		}
	}
	if (p >= end || *p != '"' || n == 0 || memchr(buf, '\0', n)) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*out = buf;
	return p + 1;
}

/* A path on a ---/+++/rename line: quoted, or up to a tab (git's trailing
 * tab after names with spaces; diff -u's timestamp).  "/dev/null" gives
 * *out == NULL.  Returns 0 or -1. */
static int parse_path(const char *s, size_t len, char **out)
{
	const char *tab = memchr(s, '\t', len);

	*out = NULL;
	if (len && s[0] == '"')
		return unquote(s, s + len, out) ? 0 : -1;
	if (tab)
		len = (size_t)(tab - s);
	if (len == 0 || memchr(s, '\0', len))
		return -1;
	if (len != 9 || memcmp(s, "/dev/null", 9) != 0)
		*out = xstrndup(s, len);
	return 0;
}

static const char *after_slash(const char *s)
{
	const char *slash = strchr(s, '/');
	return slash ? slash + 1 : NULL;
}

/* One name under two different one-component prefixes (a/ b/, c/ w/). */
static int same_under_prefixes(const char *x, const char *y)
{
	const char *tx = after_slash(x), *ty = after_slash(y);
	return tx && ty && *tx && strcmp(tx, ty) == 0 && strcmp(x, y) != 0;
}

static char *name_or_null(const char *s, size_t len)
{
	return len && (len != 9 || memcmp(s, "/dev/null", 9) != 0) ? xstrndup(s, len) : NULL;
}

/* Splits the unquoted "X Y" of a "diff --git" line.  Exact when both halves
 * name the same file, even with spaces in the name; otherwise a guess at
 * the first space, which rename lines or ---/+++ lines override. */
static void split_git_names(const char *s, size_t len, struct file_builder *f)
{
	const char *space = memchr(s, ' ', len);
	size_t half = len / 2;

	if (len % 2 && s[half] == ' ') {
		f->git_old = name_or_null(s, half);
		f->git_new = name_or_null(s + half + 1, half);
		f->git_names_exact = f->git_old && f->git_new &&
				     (strcmp(f->git_old, f->git_new) == 0 ||
				      same_under_prefixes(f->git_old, f->git_new));
		if (f->git_names_exact)
			return;
		free(f->git_old);
		free(f->git_new);
	}
	f->git_old = name_or_null(s, space ? (size_t)(space - s) : len);
	f->git_new = space ? name_or_null(space + 1, (size_t)(s + len - space - 1)) : name_or_null(s, len);
}

/* "diff --git X Y" where either name may be quoted.  An unquoted name never
 * holds a '"' (git would have quoted it), so a quote starts the second. */
static void parse_git_names(const char *s, size_t len, struct file_builder *f)
{
	const char *end = s + len, *q = memchr(s, '"', len), *rest;

	if (q == s) {
		rest = unquote(s, end, &f->git_old);
		if (rest && end - rest >= 2 && rest[0] == ' ')
			f->git_names_exact = rest[1] == '"' ? unquote(rest + 1, end, &f->git_new) == end
							    : !parse_path(rest + 1, (size_t)(end - rest - 1),
									  &f->git_new);
	} else if (q && q[-1] == ' ' && unquote(q, end, &f->git_new) == end) {
		f->git_old = name_or_null(s, (size_t)(q - 1 - s));
		f->git_names_exact = 1;
	} else {
		free(f->git_new);
		f->git_new = NULL;
		split_git_names(s, len, f);
	}
}

static void deleted_release(struct dv_file_change *fc)
{
	size_t i;

	for (i = 0; i < fc->n_deleted; i++)
		free(fc->deleted[i].text);
	free(fc->deleted);
	fc->deleted = NULL;
	fc->n_deleted = 0;
}

static void builder_release(struct file_builder *f)
{
	free(f->git_old);
	free(f->git_new);
	free(f->from);
	free(f->to);
	free(f->minus);
	free(f->plus);
	free(f->fc.added);
	free(f->fc.deleted_anchors);
	deleted_release(&f->fc);
	free(f->fc.added_hashes);
	memset(f, 0, sizeof(*f));
}

/* Drops the prefix decided for the file, when this path has it. */
static char *stripped(const char *path, size_t strip)
{
	if (path && strip && strlen(path) > strip && path[strip - 1] == '/')
		path += strip;
	return xstrdup(path);
}

/* A path in a patch names a file below the root: absolute paths and ".."
 * components would make diffvet read outside the repository (a patch
 * with "+++ b//etc/shadow" is not a change to review).  Returns NULL when
 * the path is fine, else what is wrong with it. */
static const char *path_escape(const char *path)
{
	const char *p = path;

	if (!path)
		return NULL;
	if (path[0] == '/')
		return "is absolute";
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return "has a '..' component";
		p += n;
		if (*p)
			p++;
	}
	return NULL;
}

static int check_paths(struct parser *p, size_t first_line, const struct dv_file_change *fc)
{
	const char *paths[2] = {fc->old_path, fc->new_path}, *why;
	size_t i;

	for (i = 0; i < 2; i++)
		if ((why = path_escape(paths[i])) != NULL)
			return fail(p, first_line, NULL,
				    "file name '%.120s' %s: a patch must name files relative to "
				    "the repository root, and diffvet reads nothing outside it "
				    "(make the patch with 'git diff' inside the repository)",
				    paths[i], why);
	return 0;
}

/* Settles the current file's paths and status and appends it. */
static int finish_file(struct parser *p)
{
	struct file_builder *f = &p->cur;
	const char *x = f->minus, *y = f->plus;
	size_t strip_old = 0, strip_new = 0, first_line = f->first_line;

	if (!p->have_file)
		return 0;
	p->have_file = 0;
	if (f->is_git && (f->git_names_exact || !f->dashes_seen)) {
		x = f->git_old;
		y = f->git_new;
	}
	if (f->is_git && x && y && same_under_prefixes(x, y)) {
		strip_old = (size_t)(after_slash(x) - x);
		strip_new = (size_t)(after_slash(y) - y);
	} else if (!(f->is_git && x && y && strcmp(x, y) == 0) && (!x || strncmp(x, "a/", 2) == 0) &&
		   (!y || strncmp(y, "b/", 2) == 0)) {
		strip_old = strip_new = 2; /* plain diff, or a git diff not saying otherwise */
	}
	if (!f->new_file)
		f->fc.old_path = f->from ? xstrdup(f->from)
					 : stripped(f->dashes_seen ? f->minus : f->git_old, strip_old);
	if (!f->deleted_file)
		f->fc.new_path = f->to ? xstrdup(f->to)
				       : stripped(f->dashes_seen ? f->plus : f->git_new, strip_new);
	if (!f->fc.old_path && !f->fc.new_path) {
		builder_release(f);
		return fail(p, first_line, NULL, "no file name in the diff of the file starting here");
	}
	if (check_paths(p, first_line, &f->fc)) {
		free(f->fc.old_path);
		free(f->fc.new_path);
		builder_release(f);
		return DV_ERR_INPUT;
	}
	if (!f->fc.old_path)
		f->fc.status = DV_FILE_ADDED;
	else if (!f->fc.new_path)
		f->fc.status = DV_FILE_DELETED;
	DV_GROW(p->cs->files, p->cs->n_files + 1, p->alloc_files);
	p->cs->files[p->cs->n_files++] = f->fc;
	memset(&f->fc, 0, sizeof(f->fc));
	builder_release(f);
	return 0;
}

static int start_file(struct parser *p, int is_git)
{
	int rc = finish_file(p);

	p->have_file = !rc;
	p->cur.first_line = p->lineno;
	p->cur.is_git = is_git;
	return rc;
}

static void add_new_line(struct file_builder *f, unsigned n, const struct line *ln)
{
	struct dv_file_change *fc = &f->fc;

	DV_GROW(fc->added_hashes, fc->n_added_hashes + 1, f->alloc_hashes);
	fc->added_hashes[fc->n_added_hashes++] = dv_diff_line_hash(ln->s + 1, ln->len - 1);

	if (fc->n_added && fc->added[fc->n_added - 1].end + 1 == n) {
		fc->added[fc->n_added - 1].end = n;
		return;
	}
	DV_GROW(fc->added, fc->n_added + 1, f->alloc_added);
	fc->added[fc->n_added].start = fc->added[fc->n_added].end = n;
	fc->n_added++;
}

static void add_anchor(struct file_builder *f, unsigned n)
{
	struct dv_file_change *fc = &f->fc;

	/* new_line does not move over '-' lines: a run of them gives one anchor */
	if (fc->n_deleted_anchors && fc->deleted_anchors[fc->n_deleted_anchors - 1] == n)
		return;
	DV_GROW(fc->deleted_anchors, fc->n_deleted_anchors + 1, f->alloc_anchors);
	fc->deleted_anchors[fc->n_deleted_anchors++] = n;
}

/* Keeps a deleted line's text: the removed-guard analysis names it. */
static void add_deleted(struct file_builder *f, unsigned old_line, unsigned anchor,
			const struct line *ln)
{
	struct dv_file_change *fc = &f->fc;
	size_t n = ln->len ? ln->len - 1 : 0; /* ln has no line end */
	struct dv_deleted_line *d;

	DV_GROW(fc->deleted, fc->n_deleted + 1, f->alloc_deleted);
	d = &fc->deleted[fc->n_deleted++];
	d->old_line = old_line;
	d->anchor = anchor;
	d->text = xmalloc(n + 1);
	memcpy(d->text, ln->s + 1, n);
	d->text[n] = '\0';
}

/* The digits after the sign or comma at **pp. */
static int number_after(const char **pp, const char *end, unsigned *out)
{
	unsigned long v = 0;
	const char *s = *pp + 1;

	if (s >= end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (unsigned long)(*s - '0')) > DV_MAX_LINE)
			return -1;
	*out = (unsigned)v;
	*pp = s;
	return 0;
}

/* "-start[,count]" or "+start[,count]"; an omitted count means 1. */
static int parse_range(const char **pp, const char *end, char sign, unsigned *start, unsigned *count)
{
	*count = 1;
	if (*pp >= end || **pp != sign || number_after(pp, end, start))
		return -1;
	if (*pp < end && **pp == ',' && number_after(pp, end, count))
		return -1;
	return *count && !*start ? -1 : 0; /* line 0 only for an empty range */
}

static int parse_hunk_header(const struct line *ln, unsigned *old_start, unsigned *old_count,
			     unsigned *new_start, unsigned *new_count)
{
	const char *s = ln->s + 3, *end = ln->s + ln->len;

	if (!starts(ln, "@@ ") || parse_range(&s, end, '-', old_start, old_count) || s >= end ||
	    *s++ != ' ' || parse_range(&s, end, '+', new_start, new_count))
		return -1;
	return end - s >= 3 && memcmp(s, " @@", 3) == 0 ? 0 : -1;
}

static int open_hunk(struct parser *p, const struct line *ln)
{
	unsigned new_start, old_start;

	if (parse_hunk_header(ln, &old_start, &p->old_left, &new_start, &p->new_left))
		return fail(p, p->lineno, ln, "malformed hunk header");
	/* "+6,0" means "after line 6": the next new line would be 7. */
	p->new_line = p->new_left ? new_start : new_start + 1;
	p->old_line = p->old_left ? old_start : old_start + 1;
	/* Ordered hunks keep the line arrays sorted and disjoint as they grow. */
	if (p->new_line < p->cur.next_new_line)
		return fail(p, p->lineno, ln, "hunk overlaps or precedes the previous one:");
	p->hunk_lineno = p->lineno;
	p->cur.next_new_line = p->new_line;
	p->state = p->old_left || p->new_left ? ST_HUNK : ST_BODY;
	return 0;
}

static int hunk_line(struct parser *p, const struct line *ln)
{
	char c = ln->len ? ln->s[0] : ' '; /* an empty line is mangled context */

	if (c == '\\')
		return 0;
	if (c == ' ' && p->old_left && p->new_left) {
		p->old_left--;
		p->new_left--;
		p->new_line++;
		p->old_line++;
	} else if (c == '-' && p->old_left) {
		add_anchor(&p->cur, p->new_line);
		add_deleted(&p->cur, p->old_line++, p->new_line, ln);
		p->old_left--;
	} else if (c == '+' && p->new_left) {
		add_new_line(&p->cur, p->new_line++, ln);
		p->new_left--;
	} else {
		return fail(p, p->lineno, ln, "hunk of line %zu expects %u more old and %u more new lines, not",
			    p->hunk_lineno, p->old_left, p->new_left);
	}
	if (!p->old_left && !p->new_left) {
		p->state = ST_BODY;
		p->cur.next_new_line = p->new_line;
	}
	return 0;
}

enum git_header_kind { GH_SKIP, GH_MODE, GH_NEW, GH_DELETED, GH_BINARY, GH_FROM, GH_TO };

static const struct {
	const char *prefix;
	enum git_header_kind kind;
	enum dv_file_status status;
} git_headers[] = {
	{"index ", GH_SKIP, 0},		{"similarity index ", GH_SKIP, 0},
	{"dissimilarity index ", GH_SKIP, 0}, {"old mode ", GH_MODE, 0},
	{"new mode ", GH_MODE, 0},	{"new file mode ", GH_NEW, 0},
	{"deleted file mode ", GH_DELETED, 0}, {"GIT binary patch", GH_BINARY, 0},
	{"Binary files ", GH_BINARY, 0}, {"rename from ", GH_FROM, DV_FILE_RENAMED},
	{"rename to ", GH_TO, DV_FILE_RENAMED}, {"copy from ", GH_FROM, DV_FILE_COPIED},
	{"copy to ", GH_TO, DV_FILE_COPIED},
};

/* Returns 1 when `ln` is a git extended header line, 0 when it is not, or
 * an error code. */
static int git_header_line(struct parser *p, const struct line *ln)
{
	struct file_builder *f = &p->cur;
	size_t i, n = sizeof(git_headers) / sizeof(git_headers[0]);
	enum git_header_kind kind;
	char **dst;

	for (i = 0; i < n && !starts(ln, git_headers[i].prefix); i++)
		;
	if (i == n)
		return 0;
	kind = git_headers[i].kind;
	f->fc.mode_change |= kind == GH_MODE;
	f->new_file |= kind == GH_NEW;
	f->deleted_file |= kind == GH_DELETED;
	f->fc.binary |= kind == GH_BINARY;
	if (kind == GH_BINARY)
		p->state = ST_BODY; /* base85 data or nothing follows, never hunks */
	if (kind != GH_FROM && kind != GH_TO)
		return 1;
	f->fc.status = git_headers[i].status;
	dst = kind == GH_FROM ? &f->from : &f->to;
	n = strlen(git_headers[i].prefix);
	free(*dst);
	if (parse_path(ln->s + n, ln->len - n, dst) || !*dst)
		return fail(p, p->lineno, ln, "bad file name in");
	return 1;
}

/* "--- X" directly followed by "+++ Y": the current git file's names, or
 * a new plain diff file. */
static int minus_plus_pair(struct parser *p, const struct line *minus, const struct line *plus)
{
	struct file_builder *f = &p->cur;
	int rc = 0;

	if (p->state != ST_HEADER || f->dashes_seen)
		rc = start_file(p, 0);
	if (!rc && parse_path(minus->s + 4, minus->len - 4, &f->minus))
		rc = fail(p, p->lineno, minus, "bad file name in");
	p->lineno++;
	if (!rc && parse_path(plus->s + 4, plus->len - 4, &f->plus))
		rc = fail(p, p->lineno, plus, "bad file name in");
	f->dashes_seen = 1;
	p->state = ST_BODY;
	return rc;
}

/* Every line outside a hunk. */
static int other_line(struct parser *p, const struct line *ln)
{
	const char *peek = p->pos;
	unsigned ignored[4];
	struct line next;
	int rc;

	if (starts(ln, "diff --git ")) {
		rc = start_file(p, 1);
		parse_git_names(ln->s + 11, ln->len - 11, &p->cur);
		p->state = ST_HEADER;
		return rc;
	}
	if (starts(ln, "diff --cc ") || starts(ln, "diff --combined ")) {
		p->state = ST_COMBINED;
		return finish_file(p);
	}
	if (p->state == ST_COMBINED)
		return 0;
	if (starts(ln, "--- ") && read_line(&peek, p->end, &next) && starts(&next, "+++ ")) {
		p->pos = peek;
		return minus_plus_pair(p, ln, &next);
	}
	if (p->have_file && starts(ln, "@@"))
		return open_hunk(p, ln);
	if (p->state == ST_HEADER && (rc = git_header_line(p, ln)) != 0)
		return rc < 0 ? rc : 0;
	if (p->state == ST_PREAMBLE) {
		if (!parse_hunk_header(ln, &ignored[0], &ignored[1], &ignored[2], &ignored[3]))
			return fail(p, p->lineno, ln, "hunk header outside a file:");
		return 0;
	}
	if (ln->len && ln->s[0] == '\\')
		return 0;
	if (ln->len && strchr("+- ", ln->s[0]) && !(ln->len <= 3 && starts(ln, "--") &&
						     (ln->len == 2 || ln->s[2] == ' '))) {
		if (p->state == ST_BODY && p->hunk_lineno > p->cur.first_line)
			return fail(p, p->lineno, ln, "line past the end of the hunk of line %zu "
						      "(its line counts are wrong):", p->hunk_lineno);
		return fail(p, p->lineno, ln, "line outside a hunk:");
	}
	p->state = ST_PREAMBLE; /* "-- " signature, blank line, "commit ...": file done */
	return finish_file(p);
}

struct dv_changeset *dv_changeset_parse(const char *text, size_t len, const char *name,
					struct dv_error *err)
{
	struct parser p;
	struct line ln;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.name = name ? name : "<diff>";
	p.err = err;
	p.pos = text;
	p.end = text ? text + len : text;
	p.cs = xcalloc(1, sizeof(*p.cs));
	while (!rc && read_line(&p.pos, p.end, &ln)) {
		p.lineno++;
		rc = p.state == ST_HUNK ? hunk_line(&p, &ln) : other_line(&p, &ln);
	}
	if (!rc && p.state == ST_HUNK)
		rc = fail(&p, p.hunk_lineno, NULL,
			  "hunk ends early: the input ends with %u old and %u new lines missing",
			  p.old_left, p.new_left);
	if (!rc)
		rc = finish_file(&p);
	if (!rc)
		return p.cs;
	builder_release(&p.cur);
	dv_changeset_free(p.cs);
	return NULL;
}

void dv_changeset_free(struct dv_changeset *cs)
{
	size_t i;

	if (!cs)
		return;
	for (i = 0; i < cs->n_files; i++) {
		free(cs->files[i].old_path);
		free(cs->files[i].new_path);
		free(cs->files[i].added);
		free(cs->files[i].deleted_anchors);
		deleted_release(&cs->files[i]);
		free(cs->files[i].added_hashes);
	}
	free(cs->files);
	free(cs);
}

const struct dv_file_change *dv_changeset_find(const struct dv_changeset *cs, const char *path)
{
	size_t i;

	for (i = 0; cs && path && i < cs->n_files; i++)
		if (cs->files[i].new_path && strcmp(cs->files[i].new_path, path) == 0)
			return &cs->files[i];
	return NULL;
}

/* Binary searches: the first added range ending at or after `first`, the
 * first anchor at or after it; either must start at or before `last`. */
static int added_in(const struct dv_file_change *fc, unsigned first, unsigned last)
{
	size_t lo = 0, hi = fc->n_added, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (fc->added[mid].end < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fc->n_added && fc->added[lo].start <= last;
}

static int anchor_in(const struct dv_file_change *fc, unsigned first, unsigned last)
{
	size_t lo = 0, hi = fc->n_deleted_anchors, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (fc->deleted_anchors[mid] < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fc->n_deleted_anchors && fc->deleted_anchors[lo] <= last;
}

int dv_file_change_has_line(const struct dv_file_change *fc, unsigned line)
{
	return fc && added_in(fc, line, line);
}

int dv_file_change_touches(const struct dv_file_change *fc, unsigned first, unsigned last)
{
	return fc && first <= last && (added_in(fc, first, last) || anchor_in(fc, first, last));
}

uint32_t dv_diff_line_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
			continue;
		h = (h ^ c) * 16777619u;
	}
	return h;
}

unsigned dv_file_change_verify(const struct dv_file_change *fc, const char *text, size_t len)
{
	size_t r, k = 0, pos = 0;
	unsigned line = 1, n;

	if (!fc)
		return 0;
	for (r = 0; r < fc->n_added; r++) {
		for (n = fc->added[r].start; n <= fc->added[r].end; n++, k++) {
			const char *nl;
			size_t end;

			while (line < n && pos < len) { /* skip to line n */
				nl = memchr(text + pos, '\n', len - pos);
				pos = nl ? (size_t)(nl - text) + 1 : len;
				line++;
			}
			if (line < n || (pos == len && !(n == 1 && len == 0)) || k >= fc->n_added_hashes)
				return n; /* the file is shorter than the patch says */
			nl = memchr(text + pos, '\n', len - pos);
			end = nl ? (size_t)(nl - text) : len;
			if (dv_diff_line_hash(text + pos, end - pos) != fc->added_hashes[k])
				return n;
		}
	}
	return 0;
}
