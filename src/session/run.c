/*
 * The run: builds the work list, runs the checkers over every file on a
 * pool of worker threads (one CXIndex and one sink per worker), then
 * merges per-file results in input order, keeps the findings the change
 * is responsible for, applies suppressions and finalises.
 */
#include "session/run.h"
#include "session/change_input.h"
#include "session/result_cache.h"
#include "session/suppress.h"
#include "session/tu_timing.h"
#include "checkers/checker.h"
#include "model/confined.h"
#include "model/paths.h"
#include "model/source.h"
#include "engine/callgraph.h"
#include "engine/consts.h"
#include "engine/needed.h"
#include "diff/git.h"
#include "front/includes.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "session/run_internal.h"

/* Returns nonzero when the file was added (not ignored by the config). */
static int add_item(struct run_state *st, const char *path, const struct dv_file_change *fc)
{
	struct work_item *it;

	if (dv_ruleset_path_ignored(st->opt->rules, path))
		return 0;
	DV_GROW(st->items, st->n_items + 1, st->items_alloc);
	it = &st->items[st->n_items++];
	memset(it, 0, sizeof(*it));
	it->abs = dv_path_absolute(path, st->root_abs);
	it->display = dv_path_relative(it->abs, st->root_abs);
	it->change = fc;
	it->is_c = dv_path_is_c_family(path);
	dv_findings_init(&it->findings);
	return 1;
}

/* -1 missing, 1 directory, 0 anything else.  Entries met while walking
 * a directory are not followed (follow = 0): a link to a directory is not
 * descended, a link to a file is a file whose content is its link text. */
static int path_kind(const char *path, int follow)
{
	struct stat st;

	if ((follow ? stat(path, &st) : lstat(path, &st)) != 0)
		return -1;
	return S_ISDIR(st.st_mode) ? 1 : 0;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory named on the command line: its C/C++ files, recursively,
 * in sorted order, skipping hidden entries. */
static void add_directory(struct run_state *st, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		DV_GROW(names, n + 1, alloc);
		names[n++] = dv_path_join(dir, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), compare_strings);
	for (i = 0; i < n; i++) {
		int kind = path_kind(names[i], 0);
		if (kind == 1)
			add_directory(st, names[i]);
		else if (kind == 0 && dv_path_is_c_family(names[i]))
			(void)add_item(st, names[i], NULL);
		free(names[i]);
	}
	free(names);
}

/* Files named by the user (check mode) may lie outside the root. */
static unsigned confine_flags(const struct run_state *st)
{
	return st->opt->changeset ? 0 : DV_CONFINE_NAMED;
}

/* libclang opens files by name and follows links: a link (or a path
 * through one) is scanned as its link text, never parsed.  Overlay
 * contents (editor buffers) are handed to libclang as they are. */
static void mark_unparsable(struct run_state *st)
{
	size_t i;

	for (i = 0; i < st->n_items; i++)
		if (st->items[i].is_c && !dv_overlay_find(st->opt->overlay, st->items[i].abs) &&
		    !dv_confined_parsable(st->root_abs, st->items[i].display, confine_flags(st)))
			st->items[i].is_c = 0;
}

/* FNV-1a, 64 bits: the same path lands in the same shard on every
 * machine of a CI matrix. */
static unsigned long long path_hash(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Keeps this shard's items, in order. */
static void keep_shard(struct run_state *st)
{
	size_t i, out = 0;

	if (st->opt->n_shards < 2)
		return;
	for (i = 0; i < st->n_items; i++) {
		struct work_item *it = &st->items[i];

		if (path_hash(it->display) % st->opt->n_shards == st->opt->shard) {
			st->items[out++] = *it;
			continue;
		}
		free(it->display);
		free(it->abs);
		dv_findings_release(&it->findings);
	}
	st->n_items = out;
}

static int build_items(struct run_state *st, struct dv_error *err)
{
	const struct dv_run_options *opt = st->opt;
	size_t i;

	if (opt->changeset) {
		for (i = 0; i < opt->changeset->n_files; i++) {
			const struct dv_file_change *fc = &opt->changeset->files[i];
			enum dv_confined_kind kind;
			char *abs;

			if (!fc->new_path)
				continue; /* deleted: nothing left to analyse */
			if (!fc->binary && fc->n_added + fc->n_deleted_anchors == 0)
				continue; /* rename or mode change only */
			/* seen from the root without following links */
			abs = dv_path_absolute(fc->new_path, st->root_abs);
			kind = dv_overlay_find(opt->overlay, abs)
				       ? DV_CONFINED_FILE
				       : dv_confined_kind(st->root_abs, fc->new_path, 0);
			if (kind == DV_CONFINED_FILE && !dv_overlay_find(opt->overlay, abs) &&
			    dv_change_input_readable(st->root_abs, fc->new_path, 0, err) != 0) {
				free(abs);
				return err->code;
			}
			free(abs);
			if (kind == DV_CONFINED_MISSING || kind == DV_CONFINED_DIR)
				return dv_error_set(err, DV_ERR_INPUT,
						    "'%s': named by the change but %s in %s; run diffvet "
						    "in the tree the patch applies to (git apply it first)",
						    fc->new_path,
						    kind == DV_CONFINED_MISSING ? "not found" : "a directory",
						    st->root_abs);
			if (!add_item(st, fc->new_path, fc))
				continue;
			if (kind == DV_CONFINED_OUTSIDE)
				st->items[st->n_items - 1].skip =
					"a directory on its path is a symbolic link, which diffvet "
					"never follows: not read";
			else if (fc->binary)
				st->items[st->n_items - 1].skip =
					"binary file (git shows no text for it): not scanned";
		}
		keep_shard(st);
		mark_unparsable(st);
		return 0;
	}
	for (i = 0; i < opt->n_files; i++) {
		char *abs = dv_path_absolute(opt->files[i], st->root_abs);
		int in_overlay = dv_overlay_find(opt->overlay, abs) != NULL;
		int kind = in_overlay ? 0 : path_kind(opt->files[i], 1);
		free(abs);
		if (kind < 0)
			return dv_error_set(err, DV_ERR_IO, "'%s': no such file or directory",
					    opt->files[i]);
		if (kind == 1)
			add_directory(st, opt->files[i]);
		else if (kind == 0 && !in_overlay &&
			 dv_change_input_readable(st->root_abs, opt->files[i], DV_CONFINE_NAMED, err))
			return err->code; /* named by the user: an error, not a gap */
		else
			(void)add_item(st, opt->files[i], NULL);
	}
	keep_shard(st);
	mark_unparsable(st);
	return 0;
}

static int in_change(const void *scope, unsigned line)
{
	return dv_file_change_has_line(scope, line);
}

/* Function definitions of the main file whose extent the change touches. */
struct touch_ctx {
	struct work_item *it;
};

static enum CXChildVisitResult collect_touched(CXCursor c, CXCursor parent, CXClientData data)
{
	struct touch_ctx *tc = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXSourceRange r;
	unsigned first, last;
	CXFile f;

	(void)parent;
	if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k == CXCursor_Namespace || k == CXCursor_ClassDecl || k == CXCursor_StructDecl ||
	    k == CXCursor_ClassTemplate || k == CXCursor_LinkageSpec || k == CXCursor_UnionDecl)
		return CXChildVisit_Recurse;
	if (!clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	if (k != CXCursor_FunctionDecl && k != CXCursor_CXXMethod && k != CXCursor_Constructor &&
	    k != CXCursor_Destructor && k != CXCursor_FunctionTemplate &&
	    k != CXCursor_ConversionFunction)
		return CXChildVisit_Continue;
	r = clang_getCursorExtent(c);
	clang_getExpansionLocation(clang_getRangeStart(r), &f, &first, NULL, NULL);
	clang_getExpansionLocation(clang_getRangeEnd(r), &f, &last, NULL, NULL);
	if (dv_file_change_touches(tc->it->change, first, last)) {
		DV_GROW(tc->it->touched_funcs, tc->it->n_touched + 1, tc->it->touched_alloc);
		tc->it->touched_funcs[tc->it->n_touched].first = first;
		tc->it->touched_funcs[tc->it->n_touched].last = last;
		tc->it->n_touched++;
	}
	return CXChildVisit_Continue;
}

static int family_active(const struct dv_ruleset *rs, const char *family)
{
	size_t i;

	if (!rs)
		return 1;
	for (i = 0; i < rs->n_rules; i++)
		if (rs->rules[i].enabled && rs->rules[i].level != DV_LEVEL_NONE &&
		    rs->rules[i].family && strcmp(rs->rules[i].family, family) == 0)
			return 1;
	return 0;
}

/* Diff mode: the functions whose analysis can matter to the change
 * (engine/needed.h).  Every function with --scope files (any finding of the
 * file is kept), when exporting facts for the project index, and with
 * DIFFVET_NO_DIFF_SKIP set (the exactness test compares both). */
static struct dv_needed *diff_needed(const struct run_state *st, const struct work_item *it,
				     const struct dv_callgraph *cg)
{
	const char *off = getenv("DIFFVET_NO_DIFF_SKIP");
	struct dv_needed *n;

	if (!it->change || st->opt->scope == DV_SCOPE_FILES || st->opt->collect_exports ||
	    (off && *off))
		return NULL;
	n = dv_needed_build(cg, it->change);
	if (st->opt->timing)
		fprintf(stderr, "diffvet: diff mode: %s: %u of %u functions analysed\n", it->display,
			n ? n->n_needed : (cg ? cg->n_funcs : 0), cg ? cg->n_funcs : 0);
	return n;
}

static void analyse_tu(struct run_state *st, CXIndex index, struct work_item *it,
		       struct dv_sink *sink)
{
	CXTranslationUnit tu;
	struct dv_tu_ctx ctx;
	struct tu_timing tm;
	int timing = st->opt->timing;
	size_t i;

	timing_start(&tm, timing);
	if (st->opt->units) /* editor mode: reparse the unit kept from the last edit */
		tu = dv_units_get(st->opt->units, it->abs, it->display, &it->args,
				  st->opt->overlay, &it->notes);
	else
		tu = dv_front_parse(index, it->abs, it->display, &it->args, 0, st->opt->overlay,
				    &it->notes);
	timing_mark(&tm, timing, "parse");
	if (!tu) {
		dv_coverage_add(&it->coverage, DV_COV_NOT_ANALYSED, it->display, 0, 0, NULL, NULL,
				"libclang could not parse it (see the notification)");
		timing_end(&tm, timing, it->display);
		return;
	}
	it->parsed = 1;
	{
		struct dv_outside_includes outside = {0};

		/* blanked by the front end: what they declare is missing */
		if (dv_outside_includes_collect(tu, it->abs, it->args.confine_root, &it->args,
						&outside))
			dv_coverage_add(&it->coverage, DV_COV_PARTIAL, it->display, 0, 0, NULL,
					NULL, "%zu included file(s) outside the repository not "
					"read (see the notifications)", outside.count);
		dv_outside_includes_release(&outside);
	}
	if (it->change)
		dv_run_record_inactive_blocks(tu, it);
	memset(&ctx, 0, sizeof(ctx));
	ctx.tu = tu;
	ctx.path = it->display;
	ctx.sink = sink;
	ctx.rules = st->opt->rules;
	ctx.is_cplusplus = dv_path_is_cplusplus(it->abs);
	ctx.cg = dv_callgraph_build(tu); /* also the function spans below */
	ctx.needed = diff_needed(st, it, ctx.cg);
	timing_mark(&tm, timing, "callgraph");
	ctx.imports = st->opt->imports;
	if (st->opt->collect_exports)
		ctx.exports = &it->exports;
	dv_consts_export(&ctx); /* the project's constants, family-independent */
	for (i = 0; i < st->n_checkers; i++)
		if (st->checker_active[i] && dv_checkers[i]->check_tu) {
			dv_checkers[i]->check_tu(st->checker_state[i], &ctx);
			timing_mark(&tm, timing, dv_checkers[i]->family);
		}
	if (ctx.cg && ctx.cg->n_funcs) {
		it->funcs = xcalloc(ctx.cg->n_funcs, sizeof(*it->funcs));
		for (i = 0; i < ctx.cg->n_funcs; i++) {
			CXSourceRange r = clang_getCursorExtent(ctx.cg->funcs[i].cursor);
			clang_getExpansionLocation(clang_getRangeStart(r), NULL,
						   &it->funcs[i].first, NULL, NULL);
			clang_getExpansionLocation(clang_getRangeEnd(r), NULL, &it->funcs[i].last,
						   NULL, NULL);
		}
		it->n_funcs = ctx.cg->n_funcs;
	}
	if (it->change && st->opt->scope == DV_SCOPE_FUNCTIONS) {
		struct touch_ctx tc = {it};
		clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_touched, &tc);
	}
	dv_needed_free((struct dv_needed *)ctx.needed);
	dv_callgraph_free(ctx.cg);
	dv_rcache_note_tu(st->rcache, it, tu);
	if (!st->opt->units)
		clang_disposeTranslationUnit(tu);
	timing_mark(&tm, timing, "dispose");
	timing_end(&tm, timing, it->display);
}

static void analyse_text(struct run_state *st, struct work_item *it, struct dv_sink *sink)
{
	struct dv_error rerr = {0};
	struct strbuf sb;
	struct dv_text_ctx ctx;
	const struct dv_overlay_file *ov;
	size_t i;

	strbuf_init(&sb);
	ov = dv_overlay_find(st->opt->overlay, it->abs);
	if (ov) {
		strbuf_add(&sb, ov->bytes, ov->len);
	} else if (dv_confined_read(st->root_abs, it->display, confine_flags(st), &sb, NULL,
				    &rerr) != 0) {
		/* never through a link, never outside the root (model/confined.h) */
		const char *why = strstr(rerr.msg, "': "); /* "'PATH': why" */

		why = why ? why + 3 : rerr.msg;
		dv_notifications_add(&it->notes, DV_LEVEL_ERROR, it->display, 0, 0,
				     "cannot read this file: %s", why);
		dv_coverage_add(&it->coverage, DV_COV_NOT_ANALYSED, it->display, 0, 0, NULL, NULL,
				"cannot read this file: %s", why);
		strbuf_release(&sb);
		return;
	}
	if (memchr(sb.buf, '\0', sb.len)) {
		/* Text scanners stop at a NUL: the rest of the file would go
		 * unread while looking analysed. */
		dv_coverage_add(&it->coverage, DV_COV_NOT_ANALYSED, it->display, 0, 0, NULL,
				"secrets", "the file contains NUL bytes (binary)");
		strbuf_release(&sb);
		return;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.path = it->display;
	ctx.text = sb.buf;
	ctx.len = sb.len;
	if (it->change) {
		ctx.line_in_scope = in_change;
		ctx.scope = it->change;
	}
	ctx.is_c_family = it->is_c;
	ctx.sink = sink;
	ctx.rules = st->opt->rules;
	for (i = 0; i < st->n_checkers; i++)
		if (st->checker_active[i] && dv_checkers[i]->check_text)
			dv_checkers[i]->check_text(st->checker_state[i], &ctx);
	strbuf_release(&sb);
}

static void keep_own_findings(struct work_item *it, struct dv_findings *all)
{
	size_t i;

	/* A TU reports on its main file only: a header named in the run (or
	 * the change) is analysed as a file of its own. */
	for (i = 0; i < all->count; i++) {
		struct dv_finding *f = &all->items[i];
		if (strcmp(f->primary.path, it->display) == 0) {
			*dv_findings_push(&it->findings) = *f;
			memset(f, 0, sizeof(*f));
		}
	}
	dv_findings_release(all);
}

static void *worker(void *arg)
{
	struct run_state *st = arg;
	CXIndex index = clang_createIndex(0, 0);

	for (;;) {
		struct work_item *it;
		struct dv_sink sink;
		size_t idx;
		int cached = 0;

		pthread_mutex_lock(&st->lock);
		idx = st->next++;
		pthread_mutex_unlock(&st->lock);
		if (idx >= st->n_items)
			break;
		if (st->order)
			idx = st->order[idx];
		it = &st->items[idx];
		memset(&sink, 0, sizeof(sink));
		sink.rules = st->opt->rules;
		sink.srcroot = st->root_abs;
		dv_findings_init(&sink.findings);
		dv_coverage_init(&sink.coverage);
		if (it->reused) {
			/* known from the project index: nothing to do */
		} else if (it->skip) {
			dv_coverage_add(&it->coverage, DV_COV_NOT_ANALYSED, it->display, 0, 0, NULL,
					NULL, "%s", it->skip);
		} else if (dv_rcache_lookup(st->rcache, it, confine_flags(st))) {
			cached = 1; /* the very same input was analysed before */
		} else {
			if (it->is_c)
				analyse_tu(st, index, it, &sink);
			analyse_text(st, it, &sink);
		}
		keep_own_findings(it, &sink.findings);
		dv_coverage_move(&it->coverage, &sink.coverage);
		if (!cached)
			dv_rcache_store(st->rcache, it, confine_flags(st));

		pthread_mutex_lock(&st->lock);
		st->done++;
		if (st->opt->progress) {
			if (st->progress_tty)
				fprintf(stderr, "\r\033[K[%zu/%zu] %s", st->done, st->n_items,
					it->display);
			else
				fprintf(stderr, "[%zu/%zu] %s\n", st->done, st->n_items, it->display);
			fflush(stderr);
		}
		pthread_mutex_unlock(&st->lock);
	}
	clang_disposeIndex(index);
	return NULL;
}

static int location_in_change(const struct dv_location *loc, const struct work_item *it)
{
	return strcmp(loc->path, it->display) == 0 &&
	       dv_file_change_touches(it->change, loc->line, loc->line);
}

static int relevant(const struct dv_finding *f, const struct work_item *it, enum dv_scope scope)
{
	size_t i;

	if (!it->change || scope == DV_SCOPE_FILES)
		return 1;
	if (location_in_change(&f->primary, it))
		return 1;
	for (i = 0; i < f->n_related; i++)
		if (location_in_change(&f->related[i], it))
			return 1;
	for (i = 0; i < f->n_flow; i++)
		if (location_in_change(&f->flow[i], it))
			return 1;
	if (scope == DV_SCOPE_FUNCTIONS)
		for (i = 0; i < it->n_touched; i++)
			if (f->primary.line >= it->touched_funcs[i].first &&
			    f->primary.line <= it->touched_funcs[i].last)
				return 1;
	return 0;
}

static unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static void merge_results(struct run_state *st, struct dv_run_result *res)
{
	size_t i, j;

	for (i = 0; i < st->n_items; i++) {
		struct work_item *it = &st->items[i];
		unsigned char *keep;

		if (it->reused) {
			res->files_reused++;
			continue;
		}
		keep = xcalloc(it->findings.count + 1, 1);
		if (it->change && st->opt->file_filter)
			st->opt->file_filter(st->opt->filter_ctx, it->display, it->change,
					     &it->findings, keep);
		for (j = 0; j < it->findings.count; j++) {
			struct dv_finding *f = &it->findings.items[j];
			if (keep[j] || relevant(f, it, st->opt->scope)) {
				*dv_findings_push(&res->findings) = *f;
				memset(f, 0, sizeof(*f));
			}
		}
		free(keep);
		for (j = 0; j < it->notes.count; j++) {
			struct dv_notification *n = &it->notes.items[j];
			DV_GROW(res->notes.items, res->notes.count + 1, res->notes.alloc);
			res->notes.items[res->notes.count++] = *n;
			memset(n, 0, sizeof(*n));
		}
		res->files_analyzed++;
		res->files_parsed += (unsigned)it->parsed;
		dv_run_account_coverage(it, &res->coverage);
		if (st->opt->collect_exports && it->is_c) {
			struct dv_run_exports *e;
			DV_GROW(res->exports, res->n_exports + 1, st->exports_alloc);
			e = &res->exports[res->n_exports++];
			e->abs = xstrdup(it->abs);
			e->parsed = it->parsed;
			e->x = it->exports;
			memset(&it->exports, 0, sizeof(it->exports));
			dv_exports_sort(&e->x);
		}
	}
}

static void free_state(struct run_state *st)
{
	size_t i;

	free(st->order);
	for (i = 0; i < st->n_items; i++) {
		struct work_item *it = &st->items[i];
		free(it->display);
		free(it->abs);
		dv_args_release(&it->args);
		dv_findings_release(&it->findings);
		dv_notifications_release(&it->notes);
		dv_coverage_release(&it->coverage);
		free(it->touched_funcs);
		free(it->funcs);
		dv_exports_release(&it->exports);
		dv_rcache_item_free(it->rcache);
	}
	free(st->items);
	dv_rcache_close(st->rcache, st->opt->timing);
	for (i = 0; i < st->n_checkers; i++)
		if (st->checker_state[i] && dv_checkers[i]->free)
			dv_checkers[i]->free(st->checker_state[i]);
	free(st->checker_state);
	free(st->checker_active);
	free(st->root_abs);
}

/* Which lines the change added, for suppressions (diff mode). */
struct added_lines {
	const struct run_state *st;
	const char *last_path; /* one lookup per file, not per line */
	const struct dv_file_change *last;
};

static int line_added(void *ctx, const char *path, unsigned line)
{
	struct added_lines *a = ctx;
	size_t i;

	if (!a->last_path || strcmp(a->last_path, path) != 0) {
		a->last_path = path;
		a->last = NULL;
		for (i = 0; i < a->st->n_items && !a->last; i++)
			if (strcmp(a->st->items[i].display, path) == 0)
				a->last = a->st->items[i].change;
	}
	return a->last && dv_file_change_has_line(a->last, line);
}

static void apply_suppressions(const struct run_state *st, struct dv_sources *sources,
			       struct dv_run_result *res)
{
	struct dv_suppress_options so;
	struct added_lines added = {st, NULL, NULL};
	const char **paths = xcalloc(st->n_items + 1, sizeof(*paths));
	size_t i;

	memset(&so, 0, sizeof(so));
	so.read_line = dv_sources_line;
	so.read_ctx = sources;
	so.rules = st->opt->rules;
	if (st->opt->changeset) {
		so.line_added = line_added;
		so.added_ctx = &added;
		for (i = 0; i < st->n_items; i++)
			paths[i] = st->items[i].display;
		so.paths = paths;
		so.n_paths = st->n_items;
	}
	dv_apply_suppressions(&res->findings, &so, &res->notes);
	free(paths);
}

int dv_run(const struct dv_run_options *opt, struct dv_run_result *res, struct dv_error *err)
{
	struct run_state st;
	pthread_t *threads = NULL;
	unsigned jobs, started = 0, t;
	struct dv_sources sources;
	char *confine = NULL;
	int ret = 0;
	size_t i;

	memset(res, 0, sizeof(*res));
	dv_findings_init(&res->findings);
	memset(&st, 0, sizeof(st));
	st.opt = opt;
	st.root_abs = dv_path_absolute(opt->root ? opt->root : ".", NULL);
	pthread_mutex_init(&st.lock, NULL);
	st.progress_tty = isatty(STDERR_FILENO);

	while (dv_checkers[st.n_checkers])
		st.n_checkers++;
	st.checker_state = xcalloc(st.n_checkers + 1, sizeof(void *));
	st.checker_active = xcalloc(st.n_checkers + 1, sizeof(int));
	for (i = 0; i < st.n_checkers; i++) {
		st.checker_active[i] = family_active(opt->rules, dv_checkers[i]->family);
		if (dv_checkers[i]->init &&
		    (ret = dv_checkers[i]->init(opt->rules, &st.checker_state[i], err)) != 0)
			goto cleanup;
	}
	if ((ret = build_items(&st, err)) != 0)
		goto cleanup;
	/* Includes are confined to the root of the run; in check mode, to the
	 * repository around it (a subproject's "../common.h" is the project's). */
	if (!opt->changeset) {
		struct dv_error no_git = {0};
		confine = dv_git_toplevel(st.root_abs, &no_git);
	}
	for (i = 0; i < st.n_items; i++) {
		if (st.items[i].is_c) {
			dv_front_args(opt->front, st.items[i].abs, &st.items[i].args);
			free(st.items[i].args.confine_root);
			st.items[i].args.confine_root = xstrdup(confine ? confine : st.root_abs);
		}
	}
	free(confine);
	for (i = 0; opt->reuse && i < st.n_items; i++)
		if (st.items[i].is_c && !st.items[i].skip)
			st.items[i].reused = opt->reuse(opt->reuse_ctx, st.items[i].abs,
							st.items[i].display, &st.items[i].args);

	/* the cache holds check-mode results of files read from the disk */
	if (opt->cache_dir && !opt->changeset && !opt->units && !opt->collect_exports &&
	    !(opt->overlay && opt->overlay->count))
		st.rcache = dv_rcache_open(opt->cache_dir, opt, st.root_abs, opt->timing);

	jobs = opt->jobs ? opt->jobs : online_cpus();
	if (jobs > 1)
		dv_run_order_items(&st);
	if (jobs > st.n_items)
		jobs = st.n_items ? (unsigned)st.n_items : 1;
	threads = xcalloc(jobs, sizeof(*threads));
	for (t = 1; t < jobs; t++) {
		if (pthread_create(&threads[t], NULL, worker, &st) != 0)
			break;
		started++;
	}
	worker(&st);
	for (t = 1; t <= started; t++)
		pthread_join(threads[t], NULL);
	if (opt->progress && st.progress_tty && st.n_items)
		fprintf(stderr, "\r\033[K");

	merge_results(&st, res);
	dv_sources_init(&sources, st.root_abs);
	sources.overlay = opt->overlay;
	apply_suppressions(&st, &sources, res);
	dv_findings_finalize(&res->findings, dv_sources_line, &sources);
	dv_sources_release(&sources);
cleanup:
	free(threads);
	free_state(&st);
	pthread_mutex_destroy(&st.lock);
	return ret;
}

void dv_run_result_release(struct dv_run_result *res)
{
	dv_findings_release(&res->findings);
	dv_notifications_release(&res->notes);
	dv_coverage_release(&res->coverage);
	for (size_t i = 0; i < res->n_exports; i++) {
		free(res->exports[i].abs);
		dv_exports_release(&res->exports[i].x);
	}
	free(res->exports);
	res->exports = NULL;
	res->n_exports = 0;
}
