/*
 * Secrets: masking of arbitrary text (contract in checkers/secrets.h).
 *
 * The scanner decides what to report; masking decides what may leave
 * the process, so it errs the other way: a token-format match is masked
 * even when the scanner would call it a placeholder, and a random-looking
 * word is masked wherever it stands, not only after `key =`.
 */
#include "checkers/secrets.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

struct mask_span {
	size_t start, end;
};

struct spans {
	struct mask_span *v;
	size_t n, alloc;
};

static void add_span(struct spans *s, size_t start, size_t end)
{
	if (end <= start)
		return;
	DV_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n].start = start;
	s->v[s->n].end = end;
	s->n++;
}

enum mask_kind { MASK_TOKEN, MASK_PASSWORD, MASK_GENERIC };

static void mask_pattern(const struct secrets_state *st, const struct secrets_pattern *p,
			 enum mask_kind kind, const char *text, size_t len, const char *lower,
			 struct spans *out)
{
	pcre2_match_data *md;
	PCRE2_SIZE start = 0;

	if (!p->re || !secrets_keywords_hit(p, lower))
		return;
	md = pcre2_match_data_create_from_pattern(p->re, NULL);
	if (!md)
		return;
	while (start <= len && pcre2_match(p->re, (PCRE2_SPTR)text, len, start, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		uint32_t pairs = pcre2_get_ovector_count(md);
		size_t off = ov[0], n = ov[1] - ov[0];
		size_t name_off, name_len;
		double entropy;
		char *name = NULL;
		int ok = 0;

		start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		secrets_first_set_group(ov, pairs, p->secret_groups, p->n_secret_groups, &off, &n);
		if (secrets_first_set_group(ov, pairs, p->name_groups, p->n_name_groups, &name_off,
					    &name_len))
			name = xstrndup(text + name_off, name_len);
		switch (kind) {
		case MASK_TOKEN:
			ok = n >= p->min_length && n > 0;
			break;
		case MASK_PASSWORD:
			ok = name && secrets_name_is_passwordish(st, name) &&
			     secrets_password_value_ok(st, text + off, n);
			break;
		default:
			ok = secrets_generic_value_ok(st, text + off, n, &entropy);
			break;
		}
		if (ok)
			add_span(out, off, off + n);
		free(name);
	}
	pcre2_match_data_free(md);
}

static int token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/' || c == '_' || c == '-' || c == '=' || c == '.' || c == '~';
}

/* A relative file path: a word with a '/' whose last component ends in
 * a short lowercase extension ("src/lib/x.c").  Base64 values hold '/'
 * too, but do not end like a file name; a path is judged component by
 * component, so a random-looking component is still masked. */
static int relative_file_path(const char *text, size_t len, size_t i)
{
	size_t j = i, slash = 0, dot = 0;
	while (j < len && token_char(text[j])) {
		if (text[j] == '/')
			slash = j + 1;
		else if (text[j] == '.')
			dot = j;
		j++;
	}
	if (!slash || dot < slash || j - dot < 2 || j - dot > 5)
		return 0;
	for (dot++; dot < j; dot++)
		if (!(text[dot] >= 'a' && text[dot] <= 'z'))
			return 0;
	return 1;
}

/* A long C identifier made of words: three or more '_'-separated parts
 * of at most 12 characters ("CWE134_Uncontrolled_Format_String__bad").  A
 * token with underscores (`sk_live_<24 random>`, base64url) has few, or
 * a long random part, and is still masked. */
static int worded_identifier(const char *s, size_t n)
{
	size_t i, parts = 1, run = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '_') {
			parts++;
			run = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			if (++run > 12)
				return 0;
		} else {
			return 0;
		}
	}
	return parts >= 3;
}

/* Random-looking words anywhere: an identifier clang quotes, a value in
 * a message. */
static void mask_words(const struct secrets_state *st, const char *text, size_t len,
		       struct spans *out)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		double entropy;
		/* A file path (clang names headers, diffvet names its flags) is
		 * judged component by component: a whole path is long and
		 * varied but no secret; a random component still is one. */
		int path;

		/* a compiler flag naming a directory: -I/x, -isystem/x */
		if (text[i] == '-') {
			size_t k = i + 1;
			while (k < len && k - i < 12 &&
			       ((text[k] >= 'a' && text[k] <= 'z') || (text[k] >= 'A' && text[k] <= 'Z')))
				k++;
			if (k > i + 1 && k < len && text[k] == '/') {
				i = k;
				continue;
			}
		}
		path = text[i] == '/' ||
		       (text[i] == '.' && i + 1 < len && (text[i + 1] == '/' || text[i + 1] == '.')) ||
		       ((i == 0 || !token_char(text[i - 1])) && relative_file_path(text, len, i));
		while (j < len && token_char(text[j]) && !(path && j > i && text[j] == '/'))
			j++;
		if (path && j < len && text[j] == '/' && j > i) {
			/* the component just read, then go on after the slash */
			size_t start = text[i] == '/' ? i + 1 : i;
			if (j - start >= st->generic.min_length &&
			    !worded_identifier(text + start, j - start) &&
			    secrets_generic_value_ok(st, text + start, j - start, &entropy))
				add_span(out, start, j);
			i = j;
			continue;
		}
		if (j == i) {
			i++;
			continue;
		}
		if (path && text[i] == '/') {
			i++; /* the last component, without its slash */
			if (j == i)
				continue;
		}
		if (j - i >= st->generic.min_length && !worded_identifier(text + i, j - i) &&
		    secrets_generic_value_ok(st, text + i, j - i, &entropy))
			add_span(out, i, j);
		i = j;
	}
}

static int compare_spans(const void *a, const void *b)
{
	size_t x = ((const struct mask_span *)a)->start, y = ((const struct mask_span *)b)->start;

	return x < y ? -1 : x > y;
}

char *dv_secrets_mask_text(const void *secrets_state, const char *text)
{
	const struct secrets_state *st = secrets_state;
	struct spans spans = {NULL, 0, 0};
	struct strbuf sb;
	size_t len, i, at = 0;
	char *lower;

	if (!text)
		return NULL;
	if (!st)
		return xstrdup(text);
	len = strlen(text);
	lower = secrets_lower(text, len);
	for (i = 0; i < st->n_patterns; i++)
		mask_pattern(st, &st->patterns[i], MASK_TOKEN, text, len, lower, &spans);
	if (st->have_password_text)
		mask_pattern(st, &st->password_text, MASK_PASSWORD, text, len, lower, &spans);
	if (st->have_generic) {
		mask_pattern(st, &st->generic, MASK_GENERIC, text, len, lower, &spans);
		mask_words(st, text, len, &spans);
	}
	free(lower);
	if (spans.n)
		qsort(spans.v, spans.n, sizeof(*spans.v), compare_spans);
	strbuf_init(&sb);
	for (i = 0; i < spans.n;) {
		/* Overlapping candidates (a token inside a generic value) are
		 * masked as their union: no part of either stays clear. */
		size_t start = spans.v[i].start, end = spans.v[i].end;
		char *red;

		for (i++; i < spans.n && spans.v[i].start < end; i++)
			if (spans.v[i].end > end)
				end = spans.v[i].end;
		red = secrets_redact(text + start, end - start);
		strbuf_add(&sb, text + at, start - at);
		strbuf_addstr(&sb, red);
		free(red);
		at = end;
	}
	strbuf_addstr(&sb, text + at);
	free(spans.v);
	return strbuf_detach(&sb);
}
