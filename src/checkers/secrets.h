/*
 * Hard-coded secrets: internal interface of the secrets checker family
 * (secrets.c: the checker and the libclang side; secrets_load.c: the
 * state from the rules; secrets_match.c: allowlists, value tests and token
 * matching; secrets_scan.c: the text scanner and masking;
 * secrets_entropy.c: entropy, redaction and hashing).
 *
 * Ownership: secrets_state_new builds a state from the ruleset's
 * "secrets" api object; everything in it is owned by the state and
 * released by secrets_state_free.  Strings that come from the ruleset
 * (rule ids, labels) point into the ruleset, which outlives the state.
 * The state is read-only after init: scans allocate per call (pcre2
 * match data included), so threads may share it.
 *
 * A secret value never leaves this family in clear text: findings carry
 * secrets_redact() in their message and secrets_hash() as
 * fingerprint_extra.
 */
#ifndef DV_CHECKERS_SECRETS_H
#define DV_CHECKERS_SECRETS_H

#include <stddef.h>
#include <stdint.h>

#include <clang-c/Index.h>
#include <pcre2.h>

#include "util/strbuf.h"

#include "checkers/checker.h"

/* The checker (secrets.c); listed in checkers.def. */
extern const struct dv_checker dv_checker_secrets;

#define SECRETS_MAX_GROUPS 4

/* One compiled pattern: a token-format rule, the text password rule or
 * the generic high-entropy rule. */
struct secrets_pattern {
	const char *rule_id; /* points into the ruleset */
	const char *label;   /* "GitHub personal access token" */
	pcre2_code *re;
	/* Capture numbers of the groups named "secret" / "name" (a pattern
	 * may name several alternatives alike; the first one set counts).
	 * No secret group: the whole match is the secret. */
	int secret_groups[SECRETS_MAX_GROUPS];
	size_t n_secret_groups;
	int name_groups[SECRETS_MAX_GROUPS];
	size_t n_name_groups;
	char **keywords; /* lower-case; empty = always run */
	size_t n_keywords;
	double min_entropy;	/* of the secret part; 0 = no minimum */
	double min_entropy_hex; /* generic: minimum for hex-only values */
	size_t min_length;
	int report_at_match; /* location = start of the whole match (PEM blocks) */
	pcre2_code **allow;  /* per-rule allow regexes (whole secret) */
	size_t n_allow;
	pcre2_code **allow_match; /* per-rule allow regexes (whole match: example hosts) */
	size_t n_allow_match;
	/* generic: minimum rate of character-class changes (upper, lower,
	 * digit, other) between neighbours; random keys change class often,
	 * camelCase words and identifiers seldom */
	double min_class_transitions;
	int quoted_in_code; /* in code files only quoted values count */
};

struct secrets_call_arg {
	char *function;
	unsigned arg;
};

struct secrets_state {
	struct secrets_pattern *patterns; /* token formats, in rules-file order */
	size_t n_patterns;
	struct secrets_pattern password_text; /* key = value in non-C files */
	struct secrets_pattern generic;
	int have_password_text, have_generic;
	/* extensions of programming languages: there an unquoted value of
	 * `password = value` is a variable, not a literal */
	char **code_exts;
	size_t n_code_exts;

	/* name-based password detection */
	char **password_names, **name_excludes; /* lower-case substrings */
	size_t n_password_names, n_name_excludes;
	size_t password_min_length;
	double password_min_entropy;
	struct secrets_call_arg *password_args;
	size_t n_password_args;
	char **curl_options;
	size_t n_curl_options;

	struct secrets_call_arg *crypto_args;
	size_t n_crypto_args;
	size_t crypto_min_bytes;

	/* allowlists, applied to every rule */
	char **placeholders; /* lower-case substrings */
	size_t n_placeholders;
	char **stopwords; /* lower-case whole values */
	size_t n_stopwords;
	pcre2_code **placeholder_res;
	size_t n_placeholder_res;
	char **allow_hashes; /* secrets_hash() values of documentation keys */
	size_t n_allow_hashes;
	char **skip_paths; /* fnmatch globs: files never scanned */
	size_t n_skip_paths;
	/* test files (fnmatch globs on the run-relative path) and the rules
	 * (globs on rule ids) they do not report: test vectors and fixtures
	 * (passwords, keys, connection strings) are test data there, while a
	 * live provider token is a leak wherever it is */
	char **test_paths, **test_rules;
	size_t n_test_paths, n_test_rules;
};

/* ---- secrets_load.c ---- */

/* Builds the state from rules' "secrets" api; NULL + err on a bad field
 * or a pattern that does not compile (the message names the rule). */
struct secrets_state *secrets_state_new(const struct dv_ruleset *rules, struct dv_error *err);
void secrets_state_free(struct secrets_state *st);

/* ---- secrets_match.c ---- */

/* Nonzero when `s` (n bytes) is a placeholder, stopword, all-same run,
 * template reference or documentation key: never a secret. */
int secrets_is_allowlisted(const struct secrets_state *st, const char *s, size_t n);

/* Nonzero when `path` is excluded by the api's skip_paths. */
int secrets_path_skipped(const struct secrets_state *st, const char *path);

/* Nonzero when `rule_id` is not reported in `path` because the path is a
 * test file (allowlist.test_paths) and the rule one of allowlist.test_rules. */
int secrets_test_muted(const struct secrets_state *st, const char *path, const char *rule_id);

/* Nonzero when a lower-cased name says password/secret/token/... and is
 * not excluded (password_len, token_type, password_prompt, ...). */
int secrets_name_is_passwordish(const struct secrets_state *st, const char *name);

/* Nonzero when a name contains one of password.name_excludes (key_id,
 * token_len, key_path, ...): it names metadata, not a secret. */
int secrets_name_excluded(const struct secrets_state *st, const char *name);

/* Nonzero when `value` would be a credential if stored under a
 * password-ish name: long enough, not allowlisted, not a format string,
 * prompt, path, URL or the name of a key. */
int secrets_password_value_ok(const struct secrets_state *st, const char *value, size_t n);

/* A token-format match inside a string value: returns the pattern and
 * the secret's span, or NULL.  Used by the libclang side to skip values
 * the text scan reports and to catch tokens split over literals. */
const struct secrets_pattern *secrets_match_token(const struct secrets_state *st, const char *value,
						  size_t n, size_t *secret_off, size_t *secret_len);

/* Nonzero when `re` matches somewhere in s[0..n). */
int secrets_regex_hits(const pcre2_code *re, const char *s, size_t n);
/* Nonzero when the pattern has no keywords or `lower` contains one. */
int secrets_keywords_hit(const struct secrets_pattern *p, const char *lower);
/* The span of the first of `groups` that is set in the ovector. */
int secrets_first_set_group(const PCRE2_SIZE *ov, uint32_t n_pairs, const int *groups, size_t n,
			    size_t *off, size_t *len);
/* The pattern's allow regexes: on the whole match / on the secret. */
int secrets_match_allowed(const struct secrets_pattern *p, const char *s, size_t n);
int secrets_pattern_allows(const struct secrets_pattern *p, const char *s, size_t n);
/* Filters common to the token formats: minimum length and entropy of
 * the secret part, allowlists. */
int secrets_token_value_ok(const struct secrets_state *st, const struct secrets_pattern *p,
			   const char *s, size_t n);

/* The generic rule's value test: long enough, letters and digits, not
 * allowlisted, random-looking (class changes), entropy at or above the
 * minimum (the hex one for hex values); *entropy gets the entropy. */
int secrets_generic_value_ok(const struct secrets_state *st, const char *s, size_t n,
			     double *entropy);

/* ---- secrets_keys.c ---- */

struct secrets_key_bytes {
	char *data;
	size_t n;
	CXCursor origin; /* where the constant is written */
};
/* Appends the integer constants of an initializer list as bytes; 0 when
 * an element is not a constant. */
int secrets_init_list_bytes(CXCursor list, struct strbuf *out);
/* The constant bytes behind a key argument: a literal, or a variable
 * initialised by a literal / an initializer list of integer constants
 * (out->data malloc'd). */
int secrets_constant_key(CXCursor arg, struct secrets_key_bytes *out);
int secrets_all_same(const char *s, size_t n);
/* A word of the name says key, iv, secret, hmac or psk, and no
 * password.name_excludes entry says metadata (key_len, pubkey, ...). */
int secrets_name_is_keyish(const struct secrets_state *st, const char *name);
/* A name that says hash, digest, sha, md5, crypt or hmac. */
int secrets_digest_word(const char *name);
/* Hex or base64 of the size of an MD5..SHA-512 digest. */
int secrets_digest_shaped(const char *v, size_t n);
/* Nonzero when needle[0..len) occurs in hay[0..n). */
int secrets_contains(const char *hay, size_t n, const char *needle, size_t len);

/* ---- secrets_scan.c ---- */

/* Scans one file's text with the token formats, the password rule
 * (non-C files) and the generic rule, reporting to txt->sink. */
void secrets_scan_text(const struct secrets_state *st, struct dv_text_ctx *txt);

/* ---- secrets_mask.c ---- */

/*
 * A copy of `text` (NUL-terminated) in which every secret candidate is
 * replaced by its redaction, exactly as findings show literals
 * (secrets_redact: "ghp_", an ellipsis, "(40 chars)"), for any text that
 * leaves the process: clang diagnostics quoted in notifications ("use of undeclared
 * identifier 'ghp_...'" for a token pasted without quotes), messages,
 * suppression reasons.  `secrets_state` is a struct secrets_state (from
 * secrets_state_new; const void so that callers need not see it).
 *
 * Masked (overlapping candidates as one span, their union): every match of a token format
 * whose secret part has the format's minimum length (entropy and
 * allowlists are not consulted: masking a placeholder costs nothing);
 * `key = value` pairs the password and generic rules would report; and
 * every run of token characters ([A-Za-z0-9+/_=.~-]) the generic rule's
 * value test accepts, wherever it stands.
 *
 * Returns a malloc'd string the caller frees; NULL when text is NULL.
 * With a NULL state the text is copied unchanged.
 */
char *dv_secrets_mask_text(const void *secrets_state, const char *text);

/* ---- secrets_entropy.c ---- */

/* Shannon entropy in bits per byte of s[0..n). */
double secrets_entropy(const char *s, size_t n);
/* Nonzero when every byte is a hex digit. */
int secrets_is_hex(const char *s, size_t n);
/* "ghp_…(40 chars)": at most the first 4 bytes (fewer for short values,
 * never cutting a UTF-8 sequence) and the length.  Caller frees. */
char *secrets_redact(const char *s, size_t n);
/* Stable hex hash of the value ("s1:" + 16 hex digits), for fingerprints
 * and allow_hashes.  Caller frees. */
char *secrets_hash(const char *s, size_t n);
/* Lower-case ASCII copy (caller frees). */
char *secrets_lower(const char *s, size_t n);

#endif
