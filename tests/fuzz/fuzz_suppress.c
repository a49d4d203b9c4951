/*
 * libFuzzer target for suppression comments: the parser of one marker
 * over bytes that are not NUL-terminated (ASan sees any read past the
 * end), and the pass over findings in diff mode, with lines split from
 * the input and every other line "added".  The shipped rules are loaded
 * once (DV_FUZZ_RULES_DIR) so that rule ids are checked for real.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session/suppress.h"
#include "util/xalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once: a fuzz harness may keep read-only state. */
static struct dv_ruleset *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dv_error err = {0};

	(void)argc;
	(void)argv;
	rules = dv_ruleset_load(DV_FUZZ_RULES_DIR, NULL, NULL, 0, &err);
	if (!rules)
		abort();
	return 0;
}

struct lines {
	char **v;
	size_t n;
};

static const char *read_line(void *ctx, const char *path, unsigned line)
{
	const struct lines *l = ctx;

	(void)path;
	return line >= 1 && line <= l->n ? l->v[line - 1] : NULL;
}

static int line_added(void *ctx, const char *path, unsigned line)
{
	(void)ctx;
	(void)path;
	return line % 2 == 1;
}

static void within(const char *p, size_t n, const char *buf, size_t len)
{
	if (n && (p < buf || p + n > buf + len))
		abort();
}

static void parse_all(const char *buf, size_t len)
{
	size_t pos = 0;
	struct dv_suppression s;

	while (pos < len) {
		size_t next = dv_suppression_parse(buf + pos, len - pos, &s);
		size_t i;

		if (!next)
			break;
		if (next > len - pos || s.offset >= len - pos || s.n_ids > DV_SUPPRESSION_MAX_IDS)
			abort();
		for (i = 0; i < s.n_ids; i++)
			within(s.ids[i].text, s.ids[i].len, buf, len);
		if (s.reason && !s.reason_len)
			abort();
		within(s.reason, s.reason_len, buf, len);
		(void)dv_suppression_matches(&s, "injection/command");
		pos += next;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {"f.c"};
	char *buf = xmalloc(size ? size : 1);
	struct lines lines = {NULL, 0};
	struct dv_findings findings;
	struct dv_notifications notes = {0};
	struct dv_suppress_options o;
	size_t i, start = 0, alloc = 0;

	memcpy(buf, data, size);
	parse_all(buf, size);

	/* The pass: lines of the input, a finding on each line for rules
	 * the comments may name. */
	for (i = 0; i <= size; i++) {
		if (i == size || buf[i] == '\n') {
			DV_GROW(lines.v, lines.n + 1, alloc);
			lines.v[lines.n++] = xstrndup(buf + start, i - start);
			start = i + 1;
		}
	}
	dv_findings_init(&findings);
	for (i = 0; i < lines.n && i < 64; i++) {
		struct dv_finding *f = dv_findings_push(&findings);

		f->rule_id = xstrdup(i % 2 ? "injection/command" : "secrets/github-token");
		f->message = xstrdup("m");
		dv_location_set(&f->primary, "f.c", (unsigned)i + 1, 1, 0, 0, NULL);
	}
	memset(&o, 0, sizeof(o));
	o.read_line = read_line;
	o.read_ctx = &lines;
	o.rules = rules;
	o.line_added = size && (data[0] & 1) ? line_added : NULL;
	o.paths = paths;
	o.n_paths = 1;
	dv_apply_suppressions(&findings, &o, &notes);
	for (i = 0; i < findings.count; i++)
		if (findings.items[i].suppressed_in_change &&
		    (!findings.items[i].suppressed || !o.line_added))
			abort(); /* in this change: diff mode only, and shown as suppressed */
	dv_findings_release(&findings);
	dv_notifications_release(&notes);
	for (i = 0; i < lines.n; i++)
		free(lines.v[i]);
	free(lines.v);
	free(buf);
	return 0;
}
