/*
 * Findings of the typestate analysis: message templates and per-event
 * report dedup.
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* Report dedup within one event: one finding per rule and object. */
int ts_first_report(struct ts_fn *fn, const char *rule, const char *key)
{
	const char *tag = ts_in_take(fn, xasprintf("%s|%s", rule, key ? key : ""));
	unsigned i;
	for (i = 0; i < fn->n_reported; i++)
		if (fn->reported[i] == tag)
			return 0;
	if (fn->n_reported < 16)
		fn->reported[fn->n_reported++] = tag;
	return 1;
}

void ts_set_function(const struct ts_fn *fn, struct dv_finding *f)
{
	if (f && !f->function && fn->name)
		f->function = xstrdup(fn->name);
}

/* Nonzero when p[0..n) names a placeholder; its value (maybe NULL) in *out. */
static int placeholder(const char *p, size_t n, const struct ts_msg_args *a, const char **out)
{
	const struct {
		const char *name, *value;
	} fields[] = {
		{"name", a->name},   {"via", a->via},
		{"held", a->held},   {"other", a->other},
		{"other_held", a->other_held},
	};
	size_t i;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strlen(fields[i].name) == n && !strncmp(fields[i].name, p, n)) {
			*out = fields[i].value;
			return 1;
		}
	}
	return 0;
}

char *ts_message(const char *tmpl, const struct ts_msg_args *args)
{
	struct strbuf sb;
	const char *p;
	strbuf_init(&sb);
	for (p = tmpl ? tmpl : ""; *p; p++) {
		const char *close = *p == '{' ? strchr(p + 1, '}') : NULL;
		const char *v;
		if (close && placeholder(p + 1, (size_t)(close - p - 1), args, &v)) {
			strbuf_addstr(&sb, v ? v : "?");
			p = close;
			continue;
		}
		strbuf_addch(&sb, *p);
	}
	return strbuf_detach(&sb);
}

/* The message goes through "%s": a template is data, never a format. */
struct dv_finding *ts_report(struct dv_sink *sink, const char *rule, CXCursor site,
			     const char *tmpl, const struct ts_msg_args *args)
{
	char *msg = ts_message(tmpl, args);
	struct dv_finding *f = dv_sink_report(sink, rule, site, "%s", msg);
	free(msg);
	return f;
}

struct dv_finding *ts_report_at(struct dv_sink *sink, const char *rule, const char *path,
				unsigned line, unsigned col, unsigned end_col, const char *tmpl,
				const struct ts_msg_args *args)
{
	char *msg = ts_message(tmpl, args);
	struct dv_finding *f = dv_sink_report_at(sink, rule, path, line, col, end_col, "%s", msg);
	free(msg);
	return f;
}

void ts_add_related(struct dv_sink *sink, struct dv_finding *f, CXCursor site, const char *tmpl,
		    const struct ts_msg_args *args)
{
	char *msg;
	if (!f)
		return;
	msg = ts_message(tmpl, args);
	dv_finding_add_related_cursor(sink, f, site, "%s", msg);
	free(msg);
}
