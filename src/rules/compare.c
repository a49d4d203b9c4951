/*
 * Ruleset comparison for the review gate (see rules/compare.h for the
 * severity policy and why each change gets it).
 */
#include "rules/compare.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON value quoted in a message is cut here: messages stay one line. */
#define VALUE_MAX 80

/* API fields where a new entry can only add findings. */
static const char *const additive_fields[] = {
	"sources", "sinks", "entry_points", "patterns", "crypto_key_args",
};

static void add_change(struct dv_config_changes *out, enum dv_change_severity sev,
		       const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void add_change(struct dv_config_changes *out, enum dv_change_severity sev,
		       const char *fmt, ...)
{
	va_list ap;
	int n;
	char *msg;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	msg = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	DV_GROW(out->items, out->count + 1, out->alloc);
	out->items[out->count].severity = sev;
	out->items[out->count].message = msg;
	out->count++;
}

/* ---- rules ------------------------------------------------------------ */

static int same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_strings(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

/* Fields of a rule redefined by a project rule file, other than level,
 * severity and enablement (which the caller judges). */
static void compare_metadata(const struct dv_rule *b, const struct dv_rule *h, struct strbuf *sb)
{
	const char *sep = "";

#define FIELD(cond, name)                                 \
	do {                                              \
		if (cond) {                               \
			strbuf_addf(sb, "%s%s", sep, name); \
			sep = ", ";                       \
		}                                         \
	} while (0)
	FIELD(!same_string(b->name, h->name), "name");
	FIELD(!same_string(b->short_desc, h->short_desc), "short");
	FIELD(!same_string(b->full_desc, h->full_desc), "full");
	FIELD(!same_string(b->help, h->help), "help");
	FIELD(b->n_cwe != h->n_cwe ||
		      (b->n_cwe && memcmp(b->cwe, h->cwe, b->n_cwe * sizeof(*b->cwe)) != 0),
	      "cwe");
	FIELD(!same_strings(b->tags, b->n_tags, h->tags, h->n_tags), "tags");
	FIELD(!same_string(b->precision, h->precision), "precision");
	FIELD(b->default_level != h->default_level, "level");
#undef FIELD
}

static void compare_rule(const struct dv_rule *b, const struct dv_rule *h,
			 struct dv_config_changes *out)
{
	struct strbuf meta;

	if (b->enabled && !h->enabled)
		add_change(out, DV_CHANGE_SENIOR_APPROVAL, "rule '%s' disabled", b->id);
	else if (!b->enabled && h->enabled)
		add_change(out, DV_CHANGE_REVIEW, "rule '%s' enabled", b->id);
	else if (b->enabled && b->level != h->level)
		add_change(out, h->level < b->level ? DV_CHANGE_SENIOR_APPROVAL : DV_CHANGE_REVIEW,
			   "rule '%s' level %s from %s to %s", b->id,
			   h->level < b->level ? "lowered" : "raised", dv_level_name(b->level),
			   dv_level_name(h->level));
	if (b->security_severity != h->security_severity)
		add_change(out,
			   h->security_severity < b->security_severity ? DV_CHANGE_SENIOR_APPROVAL
								       : DV_CHANGE_REVIEW,
			   "rule '%s' security_severity %s from %.1f to %.1f", b->id,
			   h->security_severity < b->security_severity ? "lowered" : "raised",
			   b->security_severity, h->security_severity);
	strbuf_init(&meta);
	compare_metadata(b, h, &meta);
	if (meta.len)
		add_change(out, DV_CHANGE_REVIEW, "rule '%s' redefined (%s)", b->id, meta.buf);
	strbuf_release(&meta);
}

static void compare_rules(const struct dv_ruleset *base, const struct dv_ruleset *head,
			  struct dv_config_changes *out)
{
	size_t i = 0, j = 0;

	/* Both lists are sorted by id. */
	while (i < base->n_rules || j < head->n_rules) {
		int cmp = i == base->n_rules   ? 1
			  : j == head->n_rules ? -1
					       : strcmp(base->rules[i].id, head->rules[j].id);

		if (cmp < 0) {
			const struct dv_rule *b = &base->rules[i++];

			add_change(out, b->enabled ? DV_CHANGE_SENIOR_APPROVAL : DV_CHANGE_REVIEW,
				   "rule '%s' removed", b->id);
		} else if (cmp > 0) {
			add_change(out, DV_CHANGE_REVIEW, "rule '%s' added", head->rules[j++].id);
		} else {
			compare_rule(&base->rules[i++], &head->rules[j++], out);
		}
	}
}

/* ---- path lists ------------------------------------------------------- */

static int list_has(char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void compare_list(const char *field, char *const *b, size_t nb, char *const *h, size_t nh,
			 enum dv_change_severity gained, enum dv_change_severity lost,
			 struct dv_config_changes *out)
{
	size_t i;

	for (i = 0; i < nh; i++)
		if (!list_has(b, nb, h[i]))
			add_change(out, gained, "%s gained '%s'", field, h[i]);
	for (i = 0; i < nb; i++)
		if (!list_has(h, nh, b[i]))
			add_change(out, lost, "%s lost '%s'", field, b[i]);
}

/* ---- api -------------------------------------------------------------- */

struct api_walk {
	const char *family;
	struct dv_config_changes *out;
	char *path[8]; /* keys below the family; deeper levels are not named */
	size_t depth;
};

/* Compact JSON (strings unquoted), cut to VALUE_MAX bytes. */
static char *value_text(const cJSON *v)
{
	char *text = cJSON_IsString(v) ? xstrdup(v->valuestring) : cJSON_PrintUnformatted(v);
	size_t len;

	if (!text)
		return xstrdup("?");
	len = strlen(text);
	if (len > VALUE_MAX) {
		char *cut = xasprintf("%.*s...", VALUE_MAX, text);

		free(text);
		return cut;
	}
	return text;
}

/* "api 'injection': sinks.injection/command" ("api 'injection'" at the top). */
static void path_text(const struct api_walk *w, struct strbuf *sb)
{
	size_t i, n = w->depth < 8 ? w->depth : 8;

	strbuf_addf(sb, "api '%s'", w->family);
	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? "." : ": ", w->path[i]);
}

/* A new entry directly under an additive field (sources.NAME, or one
 * level deeper where the field groups entries by rule:
 * sinks.RULE.NAME, or an element of patterns[]) only adds findings. */
static enum dv_change_severity addition_severity(const struct api_walk *w, const cJSON *item)
{
	const char *field = w->depth ? w->path[0] : item->string;
	size_t i;

	if (w->depth > 2 || !field)
		return DV_CHANGE_SENIOR_APPROVAL;
	for (i = 0; i < sizeof(additive_fields) / sizeof(additive_fields[0]); i++)
		if (strcmp(field, additive_fields[i]) == 0)
			return DV_CHANGE_REVIEW;
	return DV_CHANGE_SENIOR_APPROVAL;
}

static void report_member(struct api_walk *w, const char *verb, enum dv_change_severity sev,
			  const cJSON *item, int by_key)
{
	struct strbuf where;
	char *text = by_key ? xstrdup(item->string) : value_text(item);

	strbuf_init(&where);
	path_text(w, &where);
	add_change(w->out, sev, "%s %s '%s'", where.buf, verb, text);
	strbuf_release(&where);
	free(text);
}

static void compare_json(struct api_walk *w, const cJSON *b, const cJSON *h);

static void compare_objects(struct api_walk *w, const cJSON *b, const cJSON *h)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, b) {
		const cJSON *other = cJSON_GetObjectItemCaseSensitive(h, item->string);

		if (!other) {
			report_member(w, "lost", DV_CHANGE_SENIOR_APPROVAL, item, 1);
			continue;
		}
		if (w->depth < 8)
			w->path[w->depth] = item->string;
		w->depth++;
		compare_json(w, item, other);
		w->depth--;
	}
	cJSON_ArrayForEach(item, h) {
		if (!cJSON_GetObjectItemCaseSensitive(b, item->string))
			report_member(w, "gained", addition_severity(w, item), item, 1);
	}
}

static int array_has(const cJSON *array, const cJSON *v)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, array)
		if (cJSON_Compare(item, v, 1))
			return 1;
	return 0;
}

static void compare_arrays(struct api_walk *w, const cJSON *b, const cJSON *h)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, b)
		if (!array_has(h, item))
			report_member(w, "lost", DV_CHANGE_SENIOR_APPROVAL, item, 0);
	cJSON_ArrayForEach(item, h)
		if (!array_has(b, item))
			report_member(w, "gained", addition_severity(w, item), item, 0);
}

static void compare_json(struct api_walk *w, const cJSON *b, const cJSON *h)
{
	if (cJSON_IsObject(b) && cJSON_IsObject(h)) {
		compare_objects(w, b, h);
	} else if (cJSON_IsArray(b) && cJSON_IsArray(h)) {
		compare_arrays(w, b, h);
	} else if (!cJSON_Compare(b, h, 1)) {
		/* A threshold or flag moved: its direction is the family's
		 * business, and either way a check may have gone quiet. */
		struct strbuf where;
		char *from = value_text(b), *to = value_text(h);

		strbuf_init(&where);
		path_text(w, &where);
		add_change(w->out, DV_CHANGE_SENIOR_APPROVAL, "%s changed from '%s' to '%s'",
			   where.buf, from, to);
		strbuf_release(&where);
		free(from);
		free(to);
	}
}

static void compare_api(const cJSON *base, const cJSON *head, struct dv_config_changes *out)
{
	const cJSON *fam;
	struct api_walk w;

	memset(&w, 0, sizeof(w));
	w.out = out;
	cJSON_ArrayForEach(fam, base) {
		const cJSON *other = cJSON_GetObjectItemCaseSensitive(head, fam->string);

		w.family = fam->string;
		if (!other)
			add_change(out, DV_CHANGE_SENIOR_APPROVAL, "api '%s' removed", fam->string);
		else
			compare_json(&w, fam, other);
	}
	cJSON_ArrayForEach(fam, head) {
		if (!cJSON_GetObjectItemCaseSensitive(base, fam->string))
			add_change(out, DV_CHANGE_REVIEW, "api '%s' added", fam->string);
	}
}

/* ---- public ----------------------------------------------------------- */

/* ---- gate thresholds ------------------------------------------------- */

static const char *const verdict_names[] = {"pass", "review", "dual-review", "senior-approval"};

static const char *verdict_name(int v)
{
	return v >= 0 && v < 4 ? verdict_names[v] : "?";
}

static void compare_verdict(const char *key, int base, int head, struct dv_config_changes *out)
{
	if (base != head)
		add_change(out, head < base ? DV_CHANGE_SENIOR_APPROVAL : DV_CHANGE_REVIEW,
			   "gate.%s %s from %s to %s", key, head < base ? "lowered" : "raised",
			   verdict_name(base), verdict_name(head));
}

/* Lowering a threshold lets findings or changes through with a weaker
 * verdict: senior approval, like disabling a rule. */
static void compare_gate(const struct dv_gate_policy *b, const struct dv_gate_policy *h,
			 struct dv_config_changes *out)
{
	if (b->critical_severity != h->critical_severity)
		add_change(out, h->critical_severity > b->critical_severity
				   ? DV_CHANGE_SENIOR_APPROVAL : DV_CHANGE_REVIEW,
			   "gate.critical_severity changed from %.1f to %.1f", b->critical_severity,
			   h->critical_severity);
	compare_verdict("error", b->error_verdict, h->error_verdict, out);
	compare_verdict("warning", b->warning_verdict, h->warning_verdict, out);
	compare_verdict("large_change", b->large_change_verdict, h->large_change_verdict, out);
	if (b->max_changed_lines != h->max_changed_lines) {
		int looser = h->max_changed_lines == 0 ||
			     (b->max_changed_lines && h->max_changed_lines > b->max_changed_lines);
		add_change(out, looser ? DV_CHANGE_SENIOR_APPROVAL : DV_CHANGE_REVIEW,
			   "gate.max_changed_lines changed from %u to %u", b->max_changed_lines,
			   h->max_changed_lines);
	}
}

void dv_ruleset_compare(const struct dv_ruleset *base, const struct dv_ruleset *head,
			struct dv_config_changes *out)
{
	if (!base || !head)
		return;
	if (!base->config_path != !head->config_path)
		add_change(out, DV_CHANGE_REVIEW, "project config %s",
			   head->config_path ? "added" : "removed");
	compare_rules(base, head, out);
	compare_list("ignore_paths", base->ignore_paths, base->n_ignore_paths, head->ignore_paths,
		     head->n_ignore_paths, DV_CHANGE_SENIOR_APPROVAL, DV_CHANGE_REVIEW, out);
	compare_list("critical_paths", base->critical_paths, base->n_critical_paths,
		     head->critical_paths, head->n_critical_paths, DV_CHANGE_REVIEW,
		     DV_CHANGE_SENIOR_APPROVAL, out);
	compare_list("rule_files", base->rule_files, base->n_rule_files, head->rule_files,
		     head->n_rule_files, DV_CHANGE_REVIEW, DV_CHANGE_REVIEW, out);
	compare_api(base->api, head->api, out);
	compare_gate(&base->gate, &head->gate, out);
}

enum dv_change_severity dv_config_changes_max(const struct dv_config_changes *c)
{
	enum dv_change_severity max = 0;
	size_t i;

	for (i = 0; c && i < c->count; i++)
		if (c->items[i].severity > max)
			max = c->items[i].severity;
	return max;
}

void dv_config_changes_release(struct dv_config_changes *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->count; i++)
		free(c->items[i].message);
	free(c->items);
	memset(c, 0, sizeof(*c));
}
