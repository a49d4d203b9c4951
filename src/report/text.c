/*
 * Compiler-style text report, the format editors and terminals already
 * know how to jump from:
 *
 *   src/a.c:12:5: error: command built from getenv reaches system [injection/command]
 *       system(cmd);
 *       ^~~~~~
 *   src/a.c:10:17: note: tainted value comes from getenv here
 *   src/a.c:10:17: note: step 1: getenv returns untrusted data
 *   1 finding (1 error, 0 warnings, 0 notes)
 *
 * Suppressed findings are left out (the summary counts them).  The
 * snippet of a secrets finding is masked (`"hunt**********"`): secrets
 * are never printed in full.  Columns are libclang's byte columns; the
 * caret line copies the source's tabs and counts a UTF-8 character as one
 * cell.  Control characters in messages and paths are escaped (\n, \xNN)
 * so that every finding stays on its line.
 */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

#include "report/mask.h"
#include "util/strbuf.h"

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[1;31m"
#define ANSI_MAGENTA "\033[1;35m"
#define ANSI_CYAN "\033[1;36m"
#define ANSI_GREEN "\033[1;32m"

struct text_ctx {
	FILE *out;
	const struct dv_report_input *in;
};

static const char *level_color(enum dv_level level)
{
	switch (level) {
	case DV_LEVEL_ERROR:
		return ANSI_RED;
	case DV_LEVEL_WARNING:
		return ANSI_MAGENTA;
	case DV_LEVEL_NOTE:
	case DV_LEVEL_NONE:
		break;
	}
	return ANSI_CYAN;
}

/* Writes s with control characters other than tab shown as escapes: a
 * newline inside a message would break every tool that reads this format
 * one line at a time. */
static void put_clean(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p == '\n')
			fputs("\\n", out);
		else if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
}

/* "path:line:col: level: " with the location bold and the level colored. */
static void print_head(const struct text_ctx *t, const struct dv_location *loc, const char *level_name,
		       enum dv_level level)
{
	const char *path = loc->path ? loc->path : "<unknown>";

	if (t->in->color)
		fputs(ANSI_BOLD, t->out);
	put_clean(t->out, path);
	fprintf(t->out, ":%u:%u:", loc->line, loc->col);
	if (t->in->color)
		fprintf(t->out, ANSI_RESET " %s%s:" ANSI_RESET " ", level_color(level), level_name);
	else
		fprintf(t->out, " %s: ", level_name);
}

static int is_utf8_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * The caret line under a source line.  Columns are byte columns; the
 * indentation copies the source's tabs and counts a multi-byte UTF-8
 * character as one cell, so the caret lands under the right character.
 */
static void build_caret(struct strbuf *sb, const char *src, const struct dv_location *loc)
{
	size_t len = strlen(src);
	size_t start = loc->col > 0 ? (size_t)loc->col - 1 : 0;
	size_t end, i;

	if (start > len)
		start = len;
	for (i = 0; i < start; i++) {
		unsigned char c = (unsigned char)src[i];

		if (is_utf8_continuation(c))
			continue;
		strbuf_addch(sb, c == '\t' ? '\t' : ' ');
	}
	strbuf_addch(sb, '^');
	if (loc->end_line != loc->line || loc->end_col <= loc->col + 1)
		return;
	end = (size_t)loc->end_col - 1;
	if (end > len)
		end = len;
	/* Skip the rest of the character under the caret, then one '~' per
	 * character up to the exclusive end. */
	for (i = start + 1; i < end && is_utf8_continuation((unsigned char)src[i]); i++)
		;
	for (; i < end; i++) {
		if (!is_utf8_continuation((unsigned char)src[i]))
			strbuf_addch(sb, '~');
	}
}

static void print_snippet(const struct text_ctx *t, const struct dv_finding *f)
{
	const struct dv_location *loc = &f->primary;
	struct strbuf line, caret;
	const char *src;

	if (!t->in->read_line || !loc->path || loc->line == 0)
		return;
	src = t->in->read_line(t->in->read_line_ctx, loc->path, loc->line);
	if (!src)
		return;
	strbuf_init(&line);
	strbuf_init(&caret);
	strbuf_addstr(&line, src);
	while (line.len > 0 && (line.buf[line.len - 1] == '\r' || line.buf[line.len - 1] == '\n'))
		line.buf[--line.len] = '\0';
	if (dv_report_is_secret_finding(t->in->rules, f))
		dv_report_mask_secret(&line, loc);
	build_caret(&caret, line.buf, loc);
	put_clean(t->out, line.buf);
	fputc('\n', t->out);
	if (t->in->color)
		fprintf(t->out, ANSI_GREEN "%s" ANSI_RESET "\n", caret.buf);
	else
		fprintf(t->out, "%s\n", caret.buf);
	strbuf_release(&line);
	strbuf_release(&caret);
}

static int location_in_flow(const struct dv_finding *f, const struct dv_location *loc)
{
	size_t i;

	for (i = 0; i < f->n_flow; i++)
		if (f->flow[i].line == loc->line && f->flow[i].col == loc->col &&
		    strcmp(f->flow[i].path, loc->path) == 0)
			return 1;
	return 0;
}

static void print_finding(const struct text_ctx *t, const struct dv_finding *f)
{
	size_t i;

	print_head(t, &f->primary, dv_level_name(f->level), f->level);
	put_clean(t->out, f->message ? f->message : "");
	fprintf(t->out, " [%s]\n", f->rule_id ? f->rule_id : "");
	print_snippet(t, f);
	for (i = 0; i < f->n_related; i++) {
		const struct dv_location *rel = &f->related[i];

		/* the code flow below tells the same place step by step */
		if (location_in_flow(f, rel))
			continue;
		print_head(t, rel, "note", DV_LEVEL_NOTE);
		put_clean(t->out, rel->message ? rel->message : "related location");
		fputc('\n', t->out);
	}
	for (i = 0; i < f->n_flow; i++) {
		const struct dv_location *step = &f->flow[i];

		print_head(t, step, "note", DV_LEVEL_NOTE);
		fprintf(t->out, "step %zu", i + 1);
		if (step->message) {
			fputs(": ", t->out);
			put_clean(t->out, step->message);
		}
		fputc('\n', t->out);
	}
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void print_summary(const struct text_ctx *t, size_t shown, const size_t by_level[4],
			  size_t suppressed)
{
	if (shown == 0)
		fprintf(t->out, "no findings");
	else
		fprintf(t->out, "%zu %s (%zu %s, %zu %s, %zu %s)", shown,
			plural(shown, "finding", "findings"), by_level[DV_LEVEL_ERROR],
			plural(by_level[DV_LEVEL_ERROR], "error", "errors"), by_level[DV_LEVEL_WARNING],
			plural(by_level[DV_LEVEL_WARNING], "warning", "warnings"),
			by_level[DV_LEVEL_NOTE] + by_level[DV_LEVEL_NONE],
			plural(by_level[DV_LEVEL_NOTE] + by_level[DV_LEVEL_NONE], "note", "notes"));
	if (suppressed)
		fprintf(t->out, ", %zu suppressed", suppressed);
	/* never a bare "no findings" over code that was not looked at */
	if (t->in->coverage && !dv_coverage_complete(t->in->coverage)) {
		const struct dv_coverage *cov = t->in->coverage;
		if (t->in->diff_mode && cov->changed_lines_not_analysed)
			fprintf(t->out, "; %u of %u changed lines NOT analysed",
				cov->changed_lines_not_analysed, cov->changed_lines_total);
		else if (!t->in->diff_mode)
			fprintf(t->out, "; %u of %u files not fully analysed",
				cov->files_partial + cov->files_not_analysed, cov->files_total);
	}
	if (t->in->gate)
		fprintf(t->out, " [gate: %s]", dv_verdict_name(t->in->gate->verdict));
	fputc('\n', t->out);
}

int dv_report_text(FILE *out, const struct dv_report_input *in)
{
	struct text_ctx t = {out, in};
	size_t by_level[4] = {0, 0, 0, 0};
	size_t shown = 0, suppressed = 0, i;

	if (in->findings) {
		for (i = 0; i < in->findings->count; i++) {
			const struct dv_finding *f = &in->findings->items[i];

			/* a suppression the change itself added hides nothing */
			if (f->suppressed && !f->suppressed_in_change) {
				suppressed++;
				continue;
			}
			print_finding(&t, f);
			shown++;
			if ((unsigned)f->level < 4)
				by_level[f->level]++;
		}
	}
	print_summary(&t, shown, by_level, suppressed);
	if (fflush(out) != 0 || ferror(out))
		return DV_ERR_IO;
	return DV_OK;
}
