/*
 * In-code suppressions (contract in session/suppress.h).
 */
#include "session/suppress.h"
#include "session/run.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char marker[] = "diffvet-ignore[";
#define MARKER_LEN (sizeof(marker) - 1)

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static const char *find_marker(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i + MARKER_LEN <= len; i++) {
		if (text[i] == 'd' && memcmp(text + i, marker, MARKER_LEN) == 0)
			return text + i;
	}
	return NULL;
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_blank((*s)[*len - 1]))
		(*len)--;
}

size_t dv_suppression_parse(const char *text, size_t len, struct dv_suppression *out)
{
	const char *m = text ? find_marker(text, len) : NULL;
	const char *end = text + len;
	const char *ids, *close, *q;

	memset(out, 0, sizeof(*out));
	if (!m)
		return 0;
	out->offset = (size_t)(m - text);
	ids = m + MARKER_LEN;
	close = memchr(ids, ']', (size_t)(end - ids));
	if (!close) {
		out->unterminated = 1;
		return len;
	}
	for (q = ids; q <= close;) {
		const char *comma = memchr(q, ',', (size_t)(close - q));
		const char *stop = comma ? comma : close;
		const char *id = q;
		size_t n = (size_t)(stop - q);

		trim(&id, &n);
		if (out->n_ids < DV_SUPPRESSION_MAX_IDS) {
			out->ids[out->n_ids].text = id;
			out->ids[out->n_ids].len = n;
			out->n_ids++;
		} else {
			out->too_many_ids = 1;
		}
		q = stop + 1;
	}
	if (close + 1 < end && close[1] == ':') {
		const char *r = close + 2;
		size_t n = (size_t)(end - r);

		trim(&r, &n);
		/* a block comment's terminator is not part of the reason */
		if (n >= 2 && r[n - 2] == '*' && r[n - 1] == '/')
			n -= 2;
		trim(&r, &n);
		if (n) {
			out->reason = r;
			out->reason_len = n;
		}
	}
	return (size_t)(close + 1 - text);
}

static int id_matches(const char *pattern, size_t len, const char *rule_id)
{
	if (len == 1 && pattern[0] == '*')
		return 1;
	if (len >= 2 && pattern[len - 1] == '*' && pattern[len - 2] == '/')
		return strncmp(pattern, rule_id, len - 1) == 0;
	return strlen(rule_id) == len && strncmp(pattern, rule_id, len) == 0;
}

int dv_suppression_matches(const struct dv_suppression *s, const char *rule_id)
{
	size_t i;

	for (i = 0; i < s->n_ids; i++)
		if (id_matches(s->ids[i].text, s->ids[i].len, rule_id))
			return 1;
	return 0;
}

/* ---- checking the comments themselves --------------------------------- */

/* Nonzero when some rule of the ruleset is in `family` (len bytes). */
static int family_known(const struct dv_ruleset *rs, const char *family, size_t len)
{
	size_t i;

	for (i = 0; i < rs->n_rules; i++) {
		const char *id = rs->rules[i].id;

		if (strncmp(id, family, len) == 0 && id[len] == '/')
			return 1;
	}
	return 0;
}

/* A note for what is wrong with one id, if anything. */
static void check_id(const struct dv_suppress_options *opt, const char *path, unsigned line,
		     const char *text, size_t len, struct dv_notifications *notes)
{
	const char *slash = memchr(text, '/', len);
	char *id;

	if (!len) {
		dv_notifications_add(notes, DV_LEVEL_NOTE, path, line, 0,
				     "suppression with an empty rule id: write "
				     "'diffvet-ignore[family/rule]: why this is safe'");
		return;
	}
	id = xstrndup(text, len);
	if (!slash && strcmp(id, "*") != 0) {
		dv_notifications_add(notes, DV_LEVEL_NOTE, path, line, 0,
				     "suppression names '%s', not a rule id: write '%s/RULE' or "
				     "'%s/*' (it suppresses nothing as written)",
				     id, id, id);
	} else if (opt->rules && slash && len >= 2 && id[len - 1] == '*' && id[len - 2] == '/') {
		if (!family_known(opt->rules, id, len - 2))
			dv_notifications_add(notes, DV_LEVEL_NOTE, path, line, 0,
					     "suppression names unknown family in '%s' (it "
					     "suppresses nothing)",
					     id);
	} else if (opt->rules && slash && !dv_ruleset_find(opt->rules, id)) {
		const char *guess = dv_ruleset_suggest(opt->rules, id);

		if (guess)
			dv_notifications_add(notes, DV_LEVEL_NOTE, path, line, 0,
					     "suppression names unknown rule id '%s' (did you mean "
					     "'%s'?)",
					     id, guess);
		else
			dv_notifications_add(notes, DV_LEVEL_NOTE, path, line, 0,
					     "suppression names unknown rule id '%s'", id);
	}
	free(id);
}

static void check_line(const struct dv_suppress_options *opt, const char *path, unsigned line,
		       const char *text, struct dv_notifications *notes)
{
	size_t len = strlen(text), pos = 0;
	struct dv_suppression s;

	for (;;) {
		size_t next = dv_suppression_parse(text + pos, len - pos, &s);
		size_t i;

		if (!next)
			return;
		if (s.unterminated) {
			dv_notifications_add(notes, DV_LEVEL_NOTE, path, line, 0,
					     "suppression without a closing ']' suppresses nothing");
			return;
		}
		for (i = 0; i < s.n_ids; i++)
			check_id(opt, path, line, s.ids[i].text, s.ids[i].len, notes);
		if (s.too_many_ids)
			dv_notifications_add(notes, DV_LEVEL_NOTE, path, line, 0,
					     "suppression names more than %d rule ids; the rest are "
					     "ignored",
					     DV_SUPPRESSION_MAX_IDS);
		if (!s.reason)
			dv_notifications_add(notes, DV_LEVEL_NOTE, path, line, 0,
					     "suppression ignored: a reason is required "
					     "('diffvet-ignore[rule]: why this is safe')");
		pos += next;
	}
}

/* Lines whose comments were checked already: each is reported once. */
struct checked {
	const char **paths;
	unsigned *lines;
	size_t n, alloc, paths_alloc;
};

static int check_once(struct checked *c, const char *path, unsigned line)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->lines[i] == line && strcmp(c->paths[i], path) == 0)
			return 0;
	DV_GROW(c->paths, c->n + 1, c->paths_alloc);
	DV_GROW(c->lines, c->n + 1, c->alloc);
	c->paths[c->n] = path;
	c->lines[c->n] = line;
	c->n++;
	return 1;
}

static void check_text(const struct dv_suppress_options *opt, struct checked *done,
		       const char *path, unsigned line, const char *text,
		       struct dv_notifications *notes)
{
	/* cheap test first: most lines hold no marker */
	if (strstr(text, "diffvet-ignore") && check_once(done, path, line))
		check_line(opt, path, line, text, notes);
}

/* Diff mode: every added line of the files, since a comment the change
 * adds is what a reviewer must see even when it suppresses nothing. */
static void check_added_lines(const struct dv_suppress_options *opt, struct checked *done,
			      struct dv_notifications *notes)
{
	size_t i;

	for (i = 0; i < opt->n_paths; i++) {
		const char *path = opt->paths[i];
		const char *text;
		unsigned line;

		for (line = 1; (text = opt->read_line(opt->read_ctx, path, line)) != NULL; line++)
			if (opt->line_added(opt->added_ctx, path, line))
				check_text(opt, done, path, line, text, notes);
	}
}

/* ---- applying them to findings ---------------------------------------- */

/* The first suppression of rule_id on the line (on the line above the
 * finding, only in a comment of its own): 1 and its reason
 * (malloc'd) through *reason; -1 when it has no reason (it suppresses
 * nothing, and the line above is not consulted either: the comment was
 * meant for this line); 0 when there is none. */
/* Nothing but blanks and comment openers before `end`: a comment on a
 * line of its own. */
static int comment_only(const char *text, size_t end)
{
	size_t i;

	for (i = 0; i < end; i++)
		if (!is_blank(text[i]) && !strchr("/*#-;!<", text[i]))
			return 0;
	return 1;
}

static int line_suppresses(const char *text, int line_above, const char *rule_id, char **reason)
{
	size_t len = strlen(text), pos = 0;
	struct dv_suppression s;

	for (;;) {
		size_t next = dv_suppression_parse(text + pos, len - pos, &s);

		if (!next || s.unterminated)
			return 0;
		/* On the line above, only a comment of its own counts: a
		 * trailing comment is about the code it trails, and must not
		 * cover whatever a change puts below it. */
		if (line_above && !comment_only(text, pos + s.offset))
			return 0;
		if (dv_suppression_matches(&s, rule_id)) {
			/* without a reason it suppresses nothing (check_line
			 * says so) and no later marker on the line counts:
			 * the reason runs to the end of the line */
			if (!s.reason)
				return -1;
			*reason = xstrndup(s.reason, s.reason_len);
			return 1;
		}
		pos += next;
	}
}

static void apply_one(struct dv_finding *f, const struct dv_suppress_options *opt,
		      struct checked *done, struct dv_notifications *notes)
{
	unsigned line = f->primary.line;
	unsigned delta, added_line = 0;
	char *added_reason = NULL;

	for (delta = 0; delta <= 1 && line > delta; delta++) {
		const char *text = opt->read_line(opt->read_ctx, f->primary.path, line - delta);
		char *reason = NULL;
		int hit;

		if (!text)
			continue;
		check_text(opt, done, f->primary.path, line - delta, text, notes);
		hit = line_suppresses(text, delta == 1, f->rule_id, &reason);
		if (hit < 0)
			break;
		if (!hit)
			continue;
		if (opt->line_added &&
		    opt->line_added(opt->added_ctx, f->primary.path, line - delta)) {
			/* The change cannot wave its own findings through;
			 * an older suppression on the other line still may. */
			if (!added_reason) {
				added_reason = reason;
				added_line = line - delta;
			} else {
				free(reason);
			}
			continue;
		}
		f->suppressed = 1;
		f->suppression_reason = reason;
		free(added_reason);
		/* An older comment above a line the change wrote: it works as
		 * before, but a reviewer should see that it now covers new
		 * code. */
		if (delta == 1 && opt->line_added &&
		    opt->line_added(opt->added_ctx, f->primary.path, line))
			dv_notifications_add(notes, DV_LEVEL_NOTE, f->primary.path, line, 0,
					     "line %u, which this change wrote, is suppressed for "
					     "'%s' by the older comment above it (reason given: "
					     "%.200s): check that the reason still holds",
					     line, f->rule_id, reason);
		return;
	}
	if (!added_reason)
		return;
	/* shown as suppressed, still counted (dv_gate_counts) */
	f->suppressed = 1;
	f->suppressed_in_change = 1;
	f->suppression_reason = added_reason;
	dv_notifications_add(notes, DV_LEVEL_NOTE, f->primary.path, added_line, 0,
			     "suppression of '%s' added by this change: the finding at line %u still "
			     "counts for the gate (reason given: %.200s)",
			     f->rule_id, f->primary.line, added_reason);
}

void dv_apply_suppressions(struct dv_findings *list, const struct dv_suppress_options *opt,
			   struct dv_notifications *notes)
{
	struct checked done;
	size_t i;

	if (!opt || !opt->read_line)
		return;
	memset(&done, 0, sizeof(done));
	if (opt->line_added)
		check_added_lines(opt, &done, notes);
	for (i = 0; i < list->count; i++)
		apply_one(&list->items[i], opt, &done, notes);
	free(done.paths);
	free(done.lines);
}
