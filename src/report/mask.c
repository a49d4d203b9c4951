/*
 * Masking secrets in source snippets, shared by the reporters that print
 * source text (text, HTML): a finding of the secrets family gets its range
 * masked with '*' after a short prefix, one '*' per character so a caret
 * still lines up.  Secrets are never printed in full.
 */
#include "report/mask.h"

#include <string.h>

static int is_utf8_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Shown characters of a secret in a snippet, after any opening quote. */
#define SECRET_SHOWN_CHARS 4

/* Secrets are never printed in full, and the snippet would print the
 * source line that holds one: a finding of the secrets family gets its
 * highlighted range masked with '*' after a short prefix, one '*' per
 * character so the caret still lines up. */
int dv_report_is_secret_finding(const struct dv_ruleset *rs, const struct dv_finding *f)
{
	size_t i, j;

	if (!f->rule_id)
		return 0;
	if (strncmp(f->rule_id, "secrets/", 8) == 0)
		return 1;
	for (i = 0; rs && i < rs->n_rules; i++) {
		const struct dv_rule *r = &rs->rules[i];

		if (!r->id || strcmp(r->id, f->rule_id) != 0)
			continue;
		if (r->family && strcmp(r->family, "secrets") == 0)
			return 1;
		for (j = 0; j < r->n_tags; j++) {
			if (r->tags[j] && strcmp(r->tags[j], "secrets") == 0)
				return 1;
		}
	}
	return 0;
}

static size_t utf8_char_len(const char *s, size_t i, size_t len)
{
	size_t n = 1;

	while (i + n < len && is_utf8_continuation((unsigned char)s[i + n]))
		n++;
	return n;
}

/* Appends s[i, end) with all but a short prefix replaced by '*', one per
 * character.  Short secrets show less (never more than the checkers'
 * own redaction, which shows 4 characters of long values, 2 of short). */
static void mask_chars(struct strbuf *out, const char *s, size_t i, size_t end)
{
	size_t count = 0, shown = 0, limit, j;

	for (j = i; j < end; j += utf8_char_len(s, j, end))
		count++;
	limit = count >= 12 ? SECRET_SHOWN_CHARS : count / 5;
	while (i < end) {
		size_t n = utf8_char_len(s, i, end);

		if (shown++ < limit)
			strbuf_add(out, s + i, n);
		else
			strbuf_addch(out, '*');
		i += n;
	}
}

/* When byte `pos` of a C source line is inside a string literal, returns
 * the index just past its opening quote; otherwise (size_t)-1.  Scans from
 * the start of the line, skipping character literals and escapes; a line
 * comment ends the scan. */
static size_t string_literal_start(const char *s, size_t pos)
{
	size_t i = 0, open = (size_t)-1;

	while (i < pos && s[i]) {
		if (open != (size_t)-1) {
			if (s[i] == '\\' && s[i + 1])
				i++;
			else if (s[i] == '"')
				open = (size_t)-1;
		} else if (s[i] == '"') {
			open = i + 1;
		} else if (s[i] == '\'') {
			for (i++; s[i] && s[i] != '\'' && i < pos; i++) {
				if (s[i] == '\\' && s[i + 1])
					i++;
			}
		} else if (s[i] == '/' && s[i + 1] == '/') {
			return (size_t)-1;
		}
		i++;
	}
	return open;
}

/*
 * Masks the finding's range of the line.  A string literal the range
 * touches is masked whole, since the rest of it belongs to the credential
 * too (the id in a webhook URL), and the code around stays readable
 * (`#define PW "hunt******"`, `(const char *)"k3Y!******"`); a range with
 * no literal in it (a token in a comment, a config value, a byte array)
 * is masked whole after the prefix.
 */
void dv_report_mask_secret(struct strbuf *line, const struct dv_location *loc)
{
	struct strbuf out;
	const char *s = line->buf;
	size_t start = loc->col > 0 ? (size_t)loc->col - 1 : 0;
	size_t end = line->len, i, open;
	int in_lit = 0;

	if (loc->end_line == loc->line && loc->end_col > loc->col && loc->end_col - 1 < end)
		end = (size_t)loc->end_col - 1;
	if (start >= end)
		return;
	open = string_literal_start(s, start);
	if (open != (size_t)-1) {
		start = open;
		in_lit = 1;
	}
	strbuf_init(&out);
	strbuf_add(&out, s, start);
	i = start;
	while (i < end) {
		size_t lit;

		if (in_lit) {
			/* The literal's contents up to its closing quote, which
			 * may lie past the range. */
			for (lit = i; lit < line->len && s[lit] != '"'; lit++) {
				if (s[lit] == '\\' && lit + 1 < line->len)
					lit++;
			}
			mask_chars(&out, s, i, lit);
			i = lit;
			if (i < line->len)
				strbuf_addch(&out, s[i++]);
			in_lit = 0;
		} else if (!memchr(s + i, '"', end - i)) {
			mask_chars(&out, s, i, end);
			i = end;
		} else {
			if (s[i] == '"')
				in_lit = 1;
			strbuf_addch(&out, s[i++]);
		}
	}
	strbuf_addstr(&out, s + i);
	strbuf_release(line);
	*line = out;
}

