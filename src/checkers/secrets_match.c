/*
 * Secrets: allowlists, value tests and token matching, shared by the text
 * scanner and the libclang side.
 */
#include "checkers/secrets.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int secrets_regex_hits(const pcre2_code *re, const char *s, size_t n)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc;

	if (!md)
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

static int alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* `word` occurs in `lower` (n bytes) as a word of its own: at the start
 * or the end of the value or next to a non-alphanumeric byte
 * (`ghp_xxxx…`, `<TODO>`, `your-token-here`, `…7EXAMPLE`), or anywhere in a
 * value without digits (`myFakeToken`).  A random token that happens to
 * hold a short word (`todo`, `fake`, `xxxx`) between random characters is
 * no placeholder; a word of six letters or more (`example`, `changeme`)
 * is one anywhere: a random token holds one with negligible chance. */
static int placeholder_word(const char *lower, size_t n, const char *word)
{
	size_t len = strlen(word);
	const char *p = lower;
	int digits = 0;
	size_t i;

	for (i = 0; i < n; i++)
		digits |= lower[i] >= '0' && lower[i] <= '9';
	while ((p = strstr(p, word)) != NULL) {
		size_t at = (size_t)(p - lower);

		if (len >= 6 || !digits || !alnum(word[0]) || !alnum(word[len - 1]) || at == 0 ||
		    at + len >= n || !alnum((unsigned char)lower[at - 1]) ||
		    !alnum((unsigned char)lower[at + len]))
			return 1;
		p++;
	}
	return 0;
}

int secrets_is_allowlisted(const struct secrets_state *st, const char *s, size_t n)
{
	char *lower, *hash;
	int hit = 0;
	size_t i;

	if (n == 0)
		return 1;
	lower = secrets_lower(s, n);
	for (i = 0; i < st->n_stopwords && !hit; i++)
		hit = strcmp(lower, st->stopwords[i]) == 0;
	for (i = 0; i < st->n_placeholders && !hit; i++)
		hit = placeholder_word(lower, n, st->placeholders[i]);
	free(lower);
	for (i = 0; i < st->n_placeholder_res && !hit; i++)
		hit = secrets_regex_hits(st->placeholder_res[i], s, n);
	if (!hit && st->n_allow_hashes) {
		hash = secrets_hash(s, n);
		for (i = 0; i < st->n_allow_hashes && !hit; i++)
			hit = strcmp(hash, st->allow_hashes[i]) == 0;
		free(hash);
	}
	return hit;
}

int secrets_path_skipped(const struct secrets_state *st, const char *path)
{
	size_t i;

	for (i = 0; i < st->n_skip_paths; i++)
		if (fnmatch(st->skip_paths[i], path, 0) == 0)
			return 1;
	return 0;
}

int secrets_test_muted(const struct secrets_state *st, const char *path, const char *rule_id)
{
	size_t i;
	int test = 0;

	if (!path || !rule_id)
		return 0;
	for (i = 0; i < st->n_test_paths && !test; i++)
		test = fnmatch(st->test_paths[i], path, 0) == 0;
	for (i = 0; i < st->n_test_rules && test; i++)
		if (fnmatch(st->test_rules[i], rule_id, 0) == 0)
			return 1;
	return 0;
}

/* Nonzero when `word` (lower-case) occurs in `name` at the start of a
 * word: after a non-letter, at a camelCase hump, or at the very start;
 * so "min_" excludes "min_length" but not "admin_passwd". */
static int has_word(const char *name, const char *lower, const char *word)
{
	const char *p = lower;
	size_t k = strlen(word);

	if (!k)
		return 0;
	while ((p = strstr(p, word)) != NULL) {
		size_t i = (size_t)(p - lower);
		int prev_letter = i > 0 && ((lower[i - 1] >= 'a' && lower[i - 1] <= 'z'));
		int hump = i > 0 && name[i] >= 'A' && name[i] <= 'Z' && name[i - 1] >= 'a' &&
			   name[i - 1] <= 'z';
		if (!prev_letter || hump || !(word[0] >= 'a' && word[0] <= 'z'))
			return 1;
		p++;
	}
	return 0;
}

int secrets_name_excluded(const struct secrets_state *st, const char *name)
{
	char *lower = secrets_lower(name, strlen(name));
	int hit = 0;
	size_t i;

	for (i = 0; i < st->n_name_excludes && !hit; i++)
		hit = has_word(name, lower, st->name_excludes[i]);
	free(lower);
	return hit;
}

int secrets_name_is_passwordish(const struct secrets_state *st, const char *name)
{
	char *lower = secrets_lower(name, strlen(name));
	int hit = 0;
	size_t i;

	for (i = 0; i < st->n_password_names && !hit; i++)
		hit = strstr(lower, st->password_names[i]) != NULL;
	free(lower);
	return hit && !secrets_name_excluded(st, name);
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int looks_like_path(const char *lower, size_t n)
{
	static const char *const exts[] = {".pem",  ".key",  ".crt",  ".cer",  ".der", ".p12",
					   ".pfx",  ".txt",  ".json", ".conf", ".cfg", ".ini",
					   ".env",  ".yaml", ".yml",  ".toml", ".db",  ".jks",
					   ".kdbx", ".gpg",  ".asc"};
	size_t i;

	if (lower[0] == '/' || lower[0] == '~' || strncmp(lower, "./", 2) == 0 ||
	    strncmp(lower, "../", 3) == 0 || (n > 2 && lower[1] == ':' && lower[2] == '\\'))
		return 1;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (ends_with(lower, n, exts[i]))
			return 1;
	return 0;
}

/* "DB_PASSWORD", "X-Api-Token", "api_key": the name of a key, not a key. */
static int looks_like_key_name(const struct secrets_state *st, const char *lower, size_t n)
{
	size_t i;
	int named = 0;

	for (i = 0; i < n; i++) {
		char c = lower[i];
		if (!((c >= 'a' && c <= 'z') || c == '_' || c == '-' || c == '.'))
			return 0;
	}
	for (i = 0; i < st->n_password_names && !named; i++)
		named = strstr(lower, st->password_names[i]) != NULL;
	return named;
}

int secrets_password_value_ok(const struct secrets_state *st, const char *value, size_t n)
{
	char *lower;
	int ok = 1;
	size_t i;

	if (n < st->password_min_length || n < 1 || secrets_is_allowlisted(st, value, n))
		return 0;
	for (i = 0; i < n && ok; i++) {
		unsigned char c = (unsigned char)value[i];
		/* prompts, messages and SQL have spaces; passwords rarely do */
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c < 0x20)
			ok = 0;
	}
	if (!ok || value[n - 1] == ':' || value[n - 1] == '?' || value[n - 1] == '=')
		return 0;
	lower = secrets_lower(value, n);
	if (strstr(lower, "://") || looks_like_path(lower, n) || looks_like_key_name(st, lower, n))
		ok = 0;
	free(lower);
	if (ok && secrets_entropy(value, n) < st->password_min_entropy)
		ok = 0;
	return ok;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */

int secrets_keywords_hit(const struct secrets_pattern *p, const char *lower)
{
	size_t i;

	if (!p->n_keywords)
		return 1;
	for (i = 0; i < p->n_keywords; i++)
		if (strstr(lower, p->keywords[i]))
			return 1;
	return 0;
}

int secrets_first_set_group(const PCRE2_SIZE *ov, uint32_t n_pairs, const int *groups, size_t n,
			    size_t *off, size_t *len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t g = (uint32_t)groups[i];
		if (g < n_pairs && ov[2 * g] != PCRE2_UNSET) {
			*off = ov[2 * g];
			*len = ov[2 * g + 1] - ov[2 * g];
			return 1;
		}
	}
	return 0;
}

int secrets_match_allowed(const struct secrets_pattern *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < p->n_allow_match; i++)
		if (secrets_regex_hits(p->allow_match[i], s, n))
			return 1;
	return 0;
}

int secrets_pattern_allows(const struct secrets_pattern *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < p->n_allow; i++)
		if (secrets_regex_hits(p->allow[i], s, n))
			return 1;
	return 0;
}

/* Filters common to the token formats: minimum length and entropy of the
 * secret part, allowlists. */
int secrets_token_value_ok(const struct secrets_state *st, const struct secrets_pattern *p,
			   const char *s, size_t n)
{
	if (n < p->min_length || n == 0)
		return 0;
	if (p->min_entropy > 0 && secrets_entropy(s, n) < p->min_entropy)
		return 0;
	return !secrets_is_allowlisted(st, s, n) && !secrets_pattern_allows(p, s, n);
}

const struct secrets_pattern *secrets_match_token(const struct secrets_state *st, const char *value,
						  size_t n, size_t *secret_off, size_t *secret_len)
{
	char *lower = secrets_lower(value, n);
	const struct secrets_pattern *found = NULL;
	size_t i;

	for (i = 0; i < st->n_patterns && !found; i++) {
		const struct secrets_pattern *p = &st->patterns[i];
		pcre2_match_data *md;
		PCRE2_SIZE start = 0;

		if (!secrets_keywords_hit(p, lower))
			continue;
		md = pcre2_match_data_create_from_pattern(p->re, NULL);
		if (!md)
			continue;
		while (!found && start <= n &&
		       pcre2_match(p->re, (PCRE2_SPTR)value, n, start, 0, md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			uint32_t pairs = pcre2_get_ovector_count(md);
			size_t off = ov[0], len = ov[1] - ov[0];

			secrets_first_set_group(ov, pairs, p->secret_groups, p->n_secret_groups, &off,
					&len);
			if (secrets_token_value_ok(st, p, value + off, len)) {
				found = p;
				*secret_off = off;
				*secret_len = len;
			}
			start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
		pcre2_match_data_free(md);
	}
	free(lower);
	return found;
}

static int char_class(char c)
{
	if (c >= 'A' && c <= 'Z')
		return 0;
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c >= '0' && c <= '9')
		return 2;
	return 3;
}

static size_t class_transitions(const char *s, size_t n)
{
	size_t i, t = 0;

	for (i = 1; i < n; i++)
		t += char_class(s[i]) != char_class(s[i - 1]);
	return t;
}

int secrets_generic_value_ok(const struct secrets_state *st, const char *s, size_t n,
			     double *entropy)
{
	const struct secrets_pattern *p = &st->generic;
	int letters = 0, digits = 0;
	size_t i;
	double min;

	if (n < p->min_length || secrets_is_allowlisted(st, s, n) || secrets_pattern_allows(p, s, n))
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		letters |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		digits |= c >= '0' && c <= '9';
	}
	if (!letters || !digits)
		return 0;
	if (p->min_class_transitions > 0 && n > 1 &&
	    (double)class_transitions(s, n) / (double)(n - 1) < p->min_class_transitions)
		return 0;
	*entropy = secrets_entropy(s, n);
	min = secrets_is_hex(s, n) && p->min_entropy_hex > 0 ? p->min_entropy_hex : p->min_entropy;
	return *entropy >= min;
}
