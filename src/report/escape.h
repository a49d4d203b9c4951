/*
 * Text helpers shared by the reporters.
 *
 * Analyzed code and file names are arbitrary bytes; JSON needs valid
 * UTF-8 and URIs need percent-encoding.  Every function appends to a
 * caller-owned strbuf or returns a malloc'd string the caller frees.
 */
#ifndef DV_REPORT_ESCAPE_H
#define DV_REPORT_ESCAPE_H

#include "util/strbuf.h"

/* Appends `s` with every invalid UTF-8 sequence (overlong forms,
 * surrogates, code points past U+10FFFF, truncated sequences) replaced by
 * U+FFFD.  NULL appends nothing. */
void dv_utf8_append_valid(struct strbuf *out, const char *s);
/* Same, as a malloc'd string; NULL -> "". */
char *dv_utf8_valid_dup(const char *s);

/* Appends `s` percent-encoded per RFC 3986: unreserved characters
 * (ALPHA DIGIT - . _ ~) and '/' stay, every other byte becomes %XX. */
void dv_uri_append_encoded(struct strbuf *out, const char *s);

/* The rule's help: DIFFVET_INFORMATION_URI's docs/rules.md with the
 * anchor GitHub gives the rule's heading (lower-case; punctuation other
 * than '-' and '_' dropped: "injection/command" -> "#injectioncommand"). */
void dv_rule_help_uri(struct strbuf *out, const char *rule_id);

/* Number of UTF-16 code units in the first `nbytes` bytes of `s` (bytes
 * past the end of `s` count one each): converts libclang's byte columns
 * to the columns SARIF and LSP consumers count. */
unsigned dv_utf16_units(const char *s, unsigned nbytes);

/* Prints `tree` (may be NULL: out of memory) and a newline to `out`, then
 * deletes the tree.  Returns 0, DV_ERR_INTERNAL or DV_ERR_IO. */
#include <stdio.h>
struct cJSON;
int dv_json_print_and_free(FILE *out, struct cJSON *tree);
/* Adds key: value as valid UTF-8, or key: null when value is NULL. */
void dv_json_add_text(struct cJSON *obj, const char *key, const char *value);

#endif
