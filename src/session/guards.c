/*
 * Removed guards (session/guards.h).
 */
#include "session/guards.h"

#include <clang-c/Index.h>
#include <cjson/cJSON.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "model/notify.h"
#include "model/paths.h"
#include "model/source.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A function a family relies on; `rules` (a JSON array of rule ids,
 * pointing into the ruleset) limits it to those rules, NULL = all. */
struct guard {
	const char *family, *glob;
	const cJSON *rules;
};

struct removed_call {
	char *function, *callee;
	unsigned old_line, col;
	size_t guard;
};

struct dv_guards {
	const struct dv_ruleset *rules;
	struct dv_front *front;
	const struct dv_overlay *head;
	char *root;
	struct dv_sources sources;
	struct guard *guards;
	size_t n_guards, guards_alloc;
	struct dv_gate_guard *removed; /* strings owned */
	size_t n_removed, removed_alloc;
};

static void add_guard(struct dv_guards *g, const char *family, const char *glob,
		      const cJSON *rules)
{
	if (!glob || !*glob)
		return;
	DV_GROW(g->guards, g->n_guards + 1, g->guards_alloc);
	g->guards[g->n_guards].family = family;
	g->guards[g->n_guards].glob = glob;
	g->guards[g->n_guards].rules = cJSON_IsArray(rules) ? rules : NULL;
	g->n_guards++;
}

/* "functions": [{"name": N, "op": "release"}] of locks and resources
 * (cJSON's getters take NULL: a family without API knowledge adds none) */
static void add_releases(struct dv_guards *g, const char *family)
{
	const cJSON *api = dv_ruleset_api(g->rules, family), *fn;

	cJSON_ArrayForEach(fn, cJSON_GetObjectItemCaseSensitive(api, "functions"))
	{
		const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(fn, "op"));
		if (op && strcmp(op, "release") == 0)
			add_guard(g, family,
				  cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(fn, "name")),
				  NULL);
	}
}

/* [{"function": GLOB, ...}] of permission */
static void add_checks(struct dv_guards *g, const char *family, const char *field)
{
	const cJSON *api = dv_ruleset_api(g->rules, family), *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(api, field))
	{
		add_guard(g, family,
			  cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "function")),
			  NULL);
	}
}

/* {NAME: {"rules": [...]}} of injection */
static void add_named(struct dv_guards *g, const char *family, const char *field)
{
	const cJSON *api = dv_ruleset_api(g->rules, family), *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(api, field))
	{
		add_guard(g, family, c->string, cJSON_GetObjectItemCaseSensitive(c, "rules"));
	}
}

struct dv_guards *dv_guards_new(const struct dv_ruleset *rules, struct dv_front *front,
				const struct dv_overlay *head, const char *root)
{
	struct dv_guards *g = xcalloc(1, sizeof(*g));

	g->rules = rules;
	g->front = front;
	g->head = head;
	g->root = xstrdup(root);
	dv_sources_init(&g->sources, root);
	g->sources.overlay = head;
	add_releases(g, "locks");
	add_releases(g, "resources");
	add_checks(g, "permission", "checks");
	add_checks(g, "permission", "noreturn_checks");
	add_named(g, "injection", "sanitizers");
	add_named(g, "injection", "validators");
	return g;
}

void dv_guards_free(struct dv_guards *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->n_removed; i++) {
		free((char *)g->removed[i].message);
		free((char *)g->removed[i].path);
	}
	free(g->removed);
	dv_sources_release(&g->sources);
	free(g->guards);
	free(g->root);
	free(g);
}

static int family_is(const char *rule_id, const char *family)
{
	size_t n = strlen(family);
	return strncmp(rule_id, family, n) == 0 && rule_id[n] == '/';
}

static int guard_covers(const struct guard *gd, const char *rule_id)
{
	const cJSON *r;

	if (!family_is(rule_id, gd->family))
		return 0;
	if (!gd->rules)
		return 1;
	cJSON_ArrayForEach(r, gd->rules)
	{
		if (cJSON_IsString(r) && strcmp(r->valuestring, rule_id) == 0)
			return 1;
	}
	return 0;
}

/* The old file: the new one with its added lines taken out and its
 * deleted lines put back.  NULL when the diff does not fit the file (a
 * deleted line would land elsewhere than where the diff says). */
static char *rebuild_base(const struct dv_source_file *src, const struct dv_file_change *fc)
{
	struct strbuf sb;
	unsigned line, old = 1;
	size_t d = 0;

	strbuf_init(&sb);
	for (line = 1; line <= src->n_lines + 1; line++) {
		for (; d < fc->n_deleted && fc->deleted[d].anchor == line; d++, old++) {
			if (fc->deleted[d].old_line != old) {
				strbuf_release(&sb);
				return NULL;
			}
			strbuf_addstr(&sb, fc->deleted[d].text);
			strbuf_addch(&sb, '\n');
		}
		if (line > src->n_lines || dv_file_change_has_line(fc, line))
			continue;
		strbuf_add(&sb, src->text + src->line_start[line - 1],
			   src->line_start[line] - src->line_start[line - 1]);
		if (sb.len && sb.buf[sb.len - 1] != '\n')
			strbuf_addch(&sb, '\n');
		old++;
	}
	if (d != fc->n_deleted) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

struct visit {
	struct dv_guards *g;
	const struct dv_file_change *fc;
	struct removed_call *calls;
	size_t n_calls, alloc;
	CXTranslationUnit tu;
	unsigned char *removed; /* indexed by old line */
	size_t n_removed;
};

/* Equal but for whitespace. */
static int same_text(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '\t' || *a == '\r')
			a++;
		while (*b == ' ' || *b == '\t' || *b == '\r')
			b++;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++;
		b++;
	}
}

/* A deleted line that the change adds again in the file was moved (a
 * function moved, a block re-indented), not removed. */
static int line_moved(struct dv_guards *g, const char *path, const struct dv_file_change *fc,
		      const char *text)
{
	size_t r;
	unsigned line;

	for (r = 0; r < fc->n_added; r++)
		for (line = fc->added[r].start; line <= fc->added[r].end; line++) {
			const char *added = dv_sources_line(&g->sources, path, line);
			if (added && same_text(added, text))
				return 1;
		}
	return 0;
}

/* Deleted (and not moved) lines, by old line number: v->removed[old_line]. */
static int line_deleted(const struct visit *v, unsigned old_line)
{
	return old_line < v->n_removed && v->removed[old_line];
}

static enum CXChildVisitResult visit_call(CXCursor c, CXCursor parent, CXClientData data)
{
	struct visit *v = data;
	char *path = NULL, *callee;
	unsigned line = 0, col = 0;
	size_t i;
	CXString sp;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_CallExpr || !dv_ast_in_main_file(c))
		return CXChildVisit_Recurse;
	dv_ast_location(c, &path, &line, &col);
	free(path);
	if (!line_deleted(v, line))
		return CXChildVisit_Recurse;
	sp = clang_getCursorSpelling(c);
	callee = xstrdup(clang_getCString(sp));
	clang_disposeString(sp);
	for (i = 0; i < v->g->n_guards; i++) {
		if (!*callee || fnmatch(v->g->guards[i].glob, callee, 0) != 0)
			continue;
		DV_GROW(v->calls, v->n_calls + 1, v->alloc);
		v->calls[v->n_calls].function = dv_ast_enclosing_function(c);
		v->calls[v->n_calls].callee = xstrdup(callee);
		v->calls[v->n_calls].old_line = line;
		v->calls[v->n_calls].col = col;
		v->calls[v->n_calls].guard = i;
		v->n_calls++;
	}
	free(callee);
	return CXChildVisit_Recurse;
}

static void visit_tu(void *arg)
{
	struct visit *v = arg;
	clang_visitChildren(clang_getTranslationUnitCursor(v->tu), visit_call, v);
}

/* Calls to guards on the change's deleted lines, read from the base. */
static void removed_calls(struct dv_guards *g, const char *path, const struct dv_file_change *fc,
			  struct visit *v)
{
	const struct dv_source_file *src = dv_sources_get(&g->sources, path);
	char *base = src && src->text ? rebuild_base(src, fc) : NULL, *abs;
	struct dv_overlay ov;
	struct dv_notifications notes = {0};
	struct dv_args args;
	CXIndex index;
	size_t i;

	if (!base)
		return;
	abs = dv_path_absolute(path, g->root);
	dv_overlay_init(&ov);
	for (i = 0; g->head && i < g->head->count; i++)
		dv_overlay_set(&ov, g->head->files[i].path, g->head->files[i].bytes,
			       g->head->files[i].len);
	dv_overlay_set(&ov, abs, base, strlen(base));
	memset(&args, 0, sizeof(args));
	dv_front_args(g->front, abs, &args);
	index = clang_createIndex(0, 0);
	v->tu = dv_front_parse(index, abs, path, &args, 0, &ov, &notes);
	if (v->tu) {
		(void)dv_front_on_large_stack(visit_tu, v); /* -1: it ran on this thread */
		clang_disposeTranslationUnit(v->tu);
	}
	clang_disposeIndex(index);
	dv_args_release(&args);
	dv_notifications_release(&notes);
	dv_overlay_release(&ov);
	free(abs);
	free(base);
}

static const char *deleted_text(const struct dv_file_change *fc, unsigned old_line)
{
	size_t i;

	for (i = 0; i < fc->n_deleted; i++)
		if (fc->deleted[i].old_line == old_line)
			return fc->deleted[i].text;
	return "";
}

static void mark(struct dv_finding *f, const struct dv_file_change *fc, const char *path,
		 const struct removed_call *rc)
{
	struct dv_location *loc = dv_finding_add_related(f);
	char *msg, *text = xstrdup(deleted_text(fc, rc->old_line));
	char *t = text;

	while (*t == ' ' || *t == '\t')
		t++;
	msg = xasprintf("the change removed this call to '%s' (line %u of the base revision): %s",
			rc->callee, rc->old_line, t);
	dv_location_set(loc, fc->old_path ? fc->old_path : path, rc->old_line, rc->col, 0, 0, msg);
	free(msg);
	msg = xasprintf("%s (the change removed the call to '%s' at line %u of the base revision)",
			f->message, rc->callee, rc->old_line);
	free(f->message);
	f->message = msg;
	free(text);
}

size_t dv_guards_mark(struct dv_guards *g, const char *path, const struct dv_file_change *fc,
		      struct dv_findings *findings, unsigned char *keep)
{
	struct visit v;
	size_t i, j, k, marked = 0;
	int wanted = 0;

	if (!g || !fc->n_deleted || !findings->count || !fc->old_path)
		return 0;
	for (i = 0; i < findings->count && !wanted; i++)
		for (k = 0; k < g->n_guards && !wanted; k++)
			wanted = findings->items[i].function &&
				 family_is(findings->items[i].rule_id, g->guards[k].family);
	if (!wanted)
		return 0;
	memset(&v, 0, sizeof(v));
	v.g = g;
	v.fc = fc;
	v.n_removed = fc->deleted[fc->n_deleted - 1].old_line + 1;
	v.removed = xcalloc(v.n_removed, 1);
	for (i = 0; i < fc->n_deleted; i++)
		if (!line_moved(g, path, fc, fc->deleted[i].text))
			v.removed[fc->deleted[i].old_line] = 1;
	removed_calls(g, path, fc, &v);
	for (i = 0; i < findings->count; i++) {
		struct dv_finding *f = &findings->items[i];

		for (j = 0; j < v.n_calls && f->function; j++) {
			const struct removed_call *rc = &v.calls[j];

			if (!rc->function || strcmp(rc->function, f->function) != 0 ||
			    !guard_covers(&g->guards[rc->guard], f->rule_id))
				continue;
			mark(f, fc, path, rc);
			DV_GROW(g->removed, g->n_removed + 1, g->removed_alloc);
			g->removed[g->n_removed].message = xasprintf(
				"the change removed the call to '%s' in %s() (line %u of the base "
				"revision of %s) that %s at %s:%u relies on",
				rc->callee, rc->function, rc->old_line, fc->old_path, f->rule_id, path,
				f->primary.line);
			g->removed[g->n_removed].path = xstrdup(path);
			g->removed[g->n_removed].line = f->primary.line;
			g->n_removed++;
			keep[i] = 1;
			marked++;
			break;
		}
	}
	for (j = 0; j < v.n_calls; j++) {
		free(v.calls[j].function);
		free(v.calls[j].callee);
	}
	free(v.calls);
	free(v.removed);
	return marked;
}

const struct dv_gate_guard *dv_guards_removed(const struct dv_guards *g, size_t *n)
{
	*n = g ? g->n_removed : 0;
	return g ? g->removed : NULL;
}
