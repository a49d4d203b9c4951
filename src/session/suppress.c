/*
 * In-code suppressions: `diffvet-ignore[rule-id]: reason` (several ids
 * separated by commas; `family/` + `*` and a lone `*` allowed) on the finding's line
 * or on the line above.  The reason is required: a reviewer must learn
 * why a finding was waved through.
 */
#include "session/run.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char marker[] = "diffvet-ignore[";

static int id_matches(const char *pattern, size_t len, const char *rule_id)
{
	while (len && isspace((unsigned char)*pattern)) {
		pattern++;
		len--;
	}
	while (len && isspace((unsigned char)pattern[len - 1]))
		len--;
	if (len == 1 && pattern[0] == '*')
		return 1;
	if (len >= 2 && pattern[len - 1] == '*' && pattern[len - 2] == '/')
		return strncmp(pattern, rule_id, len - 1) == 0;
	return strlen(rule_id) == len && strncmp(pattern, rule_id, len) == 0;
}

/* Returns 1 and the reason (malloc'd, may be NULL when missing) when the
 * line suppresses rule_id. */
static int line_suppresses(const char *line, const char *rule_id, char **reason)
{
	const char *p = line;

	while ((p = strstr(p, marker)) != NULL) {
		const char *ids = p + sizeof(marker) - 1;
		const char *close = strchr(ids, ']');
		const char *q;
		int hit = 0;

		if (!close)
			return 0;
		for (q = ids; q < close;) {
			const char *comma = memchr(q, ',', (size_t)(close - q));
			const char *end = comma ? comma : close;
			if (id_matches(q, (size_t)(end - q), rule_id))
				hit = 1;
			q = end + 1;
		}
		if (hit) {
			const char *r = close + 1;
			size_t len;

			*reason = NULL;
			if (*r != ':')
				return 1;
			r++;
			while (isspace((unsigned char)*r))
				r++;
			len = strlen(r);
			/* a block comment's terminator is not part of the reason */
			if (len >= 2 && strcmp(r + len - 2, "*/") == 0)
				len -= 2;
			while (len && isspace((unsigned char)r[len - 1]))
				len--;
			if (len)
				*reason = xstrndup(r, len);
			return 1;
		}
		p = close;
	}
	return 0;
}

void dv_apply_suppressions(struct dv_findings *list, dv_line_reader read_line, void *ctx,
			   struct dv_notifications *notes)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		struct dv_finding *f = &list->items[i];
		unsigned line = f->primary.line;
		unsigned delta;

		for (delta = 0; delta <= 1 && line > delta && !f->suppressed; delta++) {
			const char *text = read_line(ctx, f->primary.path, line - delta);
			char *reason = NULL;

			if (!text || !line_suppresses(text, f->rule_id, &reason))
				continue;
			if (!reason) {
				dv_notifications_add(notes, DV_LEVEL_WARNING, f->primary.path,
						     line - delta, 0,
						     "suppression of '%s' ignored: a reason is required "
						     "('diffvet-ignore[%s]: why this is safe')",
						     f->rule_id, f->rule_id);
				break;
			}
			f->suppressed = 1;
			f->suppression_reason = reason;
		}
	}
}
