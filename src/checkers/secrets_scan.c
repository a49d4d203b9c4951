/*
 * Secrets: the text scanner.
 *
 * The text scanner sees every changed (or named) file, C included, so
 * token formats are found in comments, configs, scripts and .env files
 * alike.  Precision comes from three layers: a cheap case-insensitive
 * keyword test per file before any regex runs, the token's published
 * shape (pcre2), then entropy and allowlists on the secret part.  A span
 * claimed by a precise rule is never reported again by a vaguer one.
 */
#include "checkers/secrets.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct span {
	size_t start, end;
};

struct scan {
	const struct secrets_state *st;
	struct dv_text_ctx *txt;
	int is_code;	     /* a programming language other than C */
	const char *lower;   /* lower-cased text, for keyword tests */
	size_t *line_starts; /* byte offset of each line */
	size_t n_lines;
	struct span *claimed; /* secret spans a more precise rule owns */
	size_t n_claimed, alloc_claimed;
};

static void index_lines(struct scan *sc)
{
	const char *text = sc->txt->text;
	size_t alloc = 0, i;

	sc->line_starts = NULL;
	sc->n_lines = 0;
	DV_GROW(sc->line_starts, 1, alloc);
	sc->line_starts[sc->n_lines++] = 0;
	for (i = 0; i < sc->txt->len; i++) {
		if (text[i] == '\n') {
			DV_GROW(sc->line_starts, sc->n_lines + 1, alloc);
			sc->line_starts[sc->n_lines++] = i + 1;
		}
	}
}

/* 1-based line of a byte offset. */
static unsigned line_of(const struct scan *sc, size_t off)
{
	size_t lo = 0, hi = sc->n_lines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (sc->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)(lo + 1);
}

/* Whether `off` sits after a comment opener on its line, or on a line
 * that continues a block comment (" * ..."): in C an unquoted value is
 * code (an identifier, a call) except in comments, where prose and pasted
 * configuration live. */
static int in_comment_line(const struct scan *sc, size_t off)
{
	const char *text = sc->txt->text;
	size_t i = sc->line_starts[line_of(sc, off) - 1];

	while (i < off && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i < off && text[i] == '*')
		return 1;
	for (; i + 1 < off; i++)
		if (text[i] == '/' && (text[i + 1] == '/' || text[i + 1] == '*'))
			return 1;
	return 0;
}

static int span_in_scope(const struct scan *sc, size_t start, size_t end)
{
	unsigned first, last, line;

	if (!sc->txt->line_in_scope)
		return 1;
	first = line_of(sc, start);
	last = line_of(sc, end > start ? end - 1 : start);
	for (line = first; line <= last; line++)
		if (sc->txt->line_in_scope(sc->txt->scope, line))
			return 1;
	return 0;
}

static int claimed(const struct scan *sc, size_t start, size_t end)
{
	size_t i;

	for (i = 0; i < sc->n_claimed; i++)
		if (start < sc->claimed[i].end && sc->claimed[i].start < end)
			return 1;
	return 0;
}

static void claim(struct scan *sc, size_t start, size_t end)
{
	DV_GROW(sc->claimed, sc->n_claimed + 1, sc->alloc_claimed);
	sc->claimed[sc->n_claimed].start = start;
	sc->claimed[sc->n_claimed].end = end;
	sc->n_claimed++;
}

/* Reports at byte offset `at`; the message gets only the redacted value. */
static void report(struct scan *sc, const struct secrets_pattern *p, size_t at, const char *secret,
		   size_t n, const char *name, double entropy)
{
	unsigned line = line_of(sc, at);
	unsigned col = (unsigned)(at - sc->line_starts[line - 1]) + 1;
	unsigned end_col = 0;
	const char *nl = memchr(sc->txt->text + at, '\n', sc->txt->len - at);
	size_t line_end = nl ? (size_t)(nl - sc->txt->text) : sc->txt->len;
	char *red;
	struct dv_finding *f;

	if (secrets_test_muted(sc->st, sc->txt->path, p->rule_id))
		return;
	red = secrets_redact(secret, n);
	if ((size_t)(secret - sc->txt->text) + n <= line_end)
		end_col = (unsigned)((size_t)(secret - sc->txt->text) + n -
				     sc->line_starts[line - 1]) +
			  1;
	if (p == &sc->st->generic)
		f = dv_sink_report_at(sc->txt->sink, p->rule_id, sc->txt->path, line, col, end_col,
				      "high-entropy value (%.1f bits/char) assigned to '%s': '%s'; "
				      "if it is a credential, revoke it and load it at run time",
				      entropy, name ? name : "?", red);
	else if (p == &sc->st->password_text)
		f = dv_sink_report_at(sc->txt->sink, p->rule_id, sc->txt->path, line, col, end_col,
				      "hard-coded credential in '%s': '%s'; load it from the "
				      "environment or a secret store",
				      name ? name : "?", red);
	else
		f = dv_sink_report_at(sc->txt->sink, p->rule_id, sc->txt->path, line, col, end_col,
				      "hard-coded %s '%s'; revoke it and load it at run time",
				      p->label, red);
	if (f)
		f->fingerprint_extra = secrets_hash(secret, n);
	free(red);
}

enum pass { PASS_TOKEN, PASS_PASSWORD, PASS_GENERIC };

static char *group_text(const struct scan *sc, const PCRE2_SIZE *ov, uint32_t pairs,
			const int *groups, size_t n_groups)
{
	size_t off, len;

	if (!secrets_first_set_group(ov, pairs, groups, n_groups, &off, &len))
		return NULL;
	return xstrndup(sc->txt->text + off, len);
}

static void run_pattern(struct scan *sc, const struct secrets_pattern *p, enum pass pass)
{
	const char *text = sc->txt->text;
	size_t len = sc->txt->len;
	pcre2_match_data *md;
	PCRE2_SIZE start = 0;

	if (!p->re || !secrets_keywords_hit(p, sc->lower))
		return;
	md = pcre2_match_data_create_from_pattern(p->re, NULL);
	if (!md)
		return;
	while (start <= len && pcre2_match(p->re, (PCRE2_SPTR)text, len, start, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		uint32_t pairs = pcre2_get_ovector_count(md);
		size_t m_start = ov[0], m_end = ov[1];
		size_t off = m_start, n = m_end - m_start;
		char *name = NULL;
		double entropy = 0;
		int ok, quoted;

		start = m_end > m_start ? m_end : m_start + 1;
		secrets_first_set_group(ov, pairs, p->secret_groups, p->n_secret_groups, &off, &n);
		if (claimed(sc, off, off + n) || !span_in_scope(sc, m_start, m_end))
			continue;
		quoted = off > 0 &&
			 (text[off - 1] == '"' || text[off - 1] == '\'' || text[off - 1] == '`');
		name = group_text(sc, ov, pairs, p->name_groups, p->n_name_groups);
		switch (pass) {
		case PASS_TOKEN:
			/* keyword-anchored formats: heroku_app_id is not a key */
			ok = !(name && secrets_name_excluded(sc->st, name)) &&
			     secrets_token_value_ok(sc->st, p, text + off, n) &&
			     !secrets_match_allowed(p, text + m_start, m_end - m_start);
			/* even a rejected (placeholder) token keeps the vaguer
			 * rules off its span */
			claim(sc, off, off + n);
			break;
		case PASS_PASSWORD:
			/* in a programming language an unquoted value is a name */
			ok = name && secrets_name_is_passwordish(sc->st, name) &&
			     !(sc->is_code && !quoted) &&
			     secrets_password_value_ok(sc->st, text + off, n);
			if (name && secrets_name_is_passwordish(sc->st, name))
				claim(sc, off, off + n);
			break;
		default:
			/* In C the libclang side owns password-named literals. */
			ok = !(name && secrets_name_excluded(sc->st, name)) &&
			     !(p->quoted_in_code && sc->is_code && !quoted) &&
			     !(sc->txt->is_c_family && !quoted && !in_comment_line(sc, off)) &&
			     !(sc->txt->is_c_family && name &&
			       secrets_name_is_passwordish(sc->st, name)) &&
			     secrets_generic_value_ok(sc->st, text + off, n, &entropy);
			break;
		}
		if (ok)
			report(sc, p, p->report_at_match ? m_start : off, text + off, n, name,
			       entropy);
		free(name);
	}
	pcre2_match_data_free(md);
}

static int has_code_extension(const struct secrets_state *st, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	char *ext;
	size_t i;
	int hit = 0;

	if (!dot)
		return 0;
	ext = secrets_lower(dot + 1, strlen(dot + 1));
	for (i = 0; i < st->n_code_exts && !hit; i++)
		hit = strcmp(ext, st->code_exts[i]) == 0;
	free(ext);
	return hit;
}

void secrets_scan_text(const struct secrets_state *st, struct dv_text_ctx *txt)
{
	struct scan sc;
	char *lower;
	size_t i;

	if (!txt->text || secrets_path_skipped(st, txt->path))
		return;
	memset(&sc, 0, sizeof(sc));
	sc.st = st;
	sc.txt = txt;
	lower = secrets_lower(txt->text, txt->len);
	sc.lower = lower;
	sc.is_code = has_code_extension(st, txt->path);
	index_lines(&sc);
	for (i = 0; i < st->n_patterns; i++)
		run_pattern(&sc, &st->patterns[i], PASS_TOKEN);
	if (st->have_password_text && !txt->is_c_family)
		run_pattern(&sc, &st->password_text, PASS_PASSWORD);
	if (st->have_generic)
		run_pattern(&sc, &st->generic, PASS_GENERIC);
	free(sc.claimed);
	free(sc.line_starts);
	free(lower);
}

