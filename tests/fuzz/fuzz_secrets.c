/*
 * libFuzzer target for the secrets text scanner and for masking: any
 * bytes as a file's text (C or not, whole file or a diff's lines) must
 * scan without a crash, a leak or undefined behaviour, and masking must
 * leave no token-format secret the scanner reports whole in its output.
 * The first input byte picks the file kind and the scope; the state is
 * built once from the shipped rules (DV_FUZZ_RULES_DIR).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkers/secrets.h"
#include "util/xalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Built once: a fuzz harness may keep read-only state. */
static struct dv_ruleset *rules;
static struct secrets_state *state;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dv_error err = {0};

	(void)argc;
	(void)argv;
	rules = dv_ruleset_load(DV_FUZZ_RULES_DIR, NULL, NULL, 0, &err);
	if (!rules || !(state = secrets_state_new(rules, &err)))
		abort();
	return 0;
}

/* The reported span of a finding's primary line, or NULL. */
static char *reported_value(const char *text, const struct dv_finding *f)
{
	const char *line = text;
	unsigned l;

	for (l = 1; l < f->primary.line && line; l++) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	if (!line || f->primary.end_col < f->primary.col + 12)
		return NULL;
	return xstrndup(line + f->primary.col - 1, f->primary.end_col - f->primary.col);
}

/* Start positions of `needle` in `hay` (overlapping ones too). */
static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p++;
	}
	return n;
}

static int odd_lines(const void *scope, unsigned line)
{
	(void)scope;
	return line % 2 == 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {"a.c", "config.env", "app.py", "x/.git/keys.txt"};
	struct dv_text_ctx txt;
	struct dv_sink sink;
	char *text, *masked;
	size_t i;

	if (!size)
		return 0;
	text = xstrndup((const char *)data + 1, size - 1);
	memset(&sink, 0, sizeof(sink));
	sink.rules = rules;
	dv_findings_init(&sink.findings);
	memset(&txt, 0, sizeof(txt));
	txt.path = paths[data[0] & 3];
	txt.text = text;
	txt.len = strlen(text); /* the scanner's contract: NUL-terminated */
	txt.is_c_family = (data[0] & 3) == 0;
	txt.line_in_scope = data[0] & 4 ? odd_lines : NULL;
	txt.sink = &sink;
	txt.rules = rules;
	secrets_scan_text(state, &txt);

	masked = dv_secrets_mask_text(state, text);
	if (!masked)
		abort();
	/* Masking covers whatever the scanner reports: each reported value
	 * (its span on the primary line, when known and long enough to be
	 * unambiguous) occurs in the masked text fewer times than in the
	 * text, by at least the number of places it was reported at.  (The
	 * same value elsewhere, outside any secret's context, may stay.) */
	for (i = 0; i < sink.findings.count; i++) {
		const struct dv_finding *f = &sink.findings.items[i];
		char *value = reported_value(text, f);
		size_t places = 0, j;

		if (!f->message || !f->fingerprint_extra)
			abort();
		if (!value)
			continue;
		/* distinct places with this value: count each at its first finding */
		for (j = 0; j < sink.findings.count; j++) {
			const struct dv_finding *g = &sink.findings.items[j];
			char *other = reported_value(text, g);
			size_t m;
			int first = other && strcmp(other, value) == 0;

			for (m = 0; first && m < j; m++) {
				const struct dv_finding *h = &sink.findings.items[m];

				first = !(h->primary.line == g->primary.line &&
					  h->primary.col == g->primary.col);
			}
			places += first;
			free(other);
		}
		if (occurrences(masked, value) + places > occurrences(text, value))
			abort();
		free(value);
	}
	free(masked);
	dv_findings_release(&sink.findings);
	dv_coverage_release(&sink.coverage);
	free(text);
	return 0;
}
