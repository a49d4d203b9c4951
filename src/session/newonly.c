/*
 * --new-only (session/newonly.h): the base revision's findings as a
 * multiset of fingerprints per path, and the head findings it explains.
 */
#include "session/newonly.h"

#include <stdlib.h>
#include <string.h>

#include "diff/git.h"
#include "model/paths.h"
#include "model/source.h"
#include "session/run.h"
#include "util/xalloc.h"

struct known {
	char *path, *core; /* core: the fingerprint without its ":N" disambiguation */
};

struct dv_baseline {
	struct known *items; /* sorted by path, then core */
	size_t count;
	struct dv_sources head_sources; /* head line text, for the head's fingerprints */
	size_t dropped;
};

static int compare_known(const void *a, const void *b)
{
	const struct known *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : strcmp(x->core, y->core);
}

static char *core_of(const char *fingerprint)
{
	return xstrndup(fingerprint, strcspn(fingerprint, ":"));
}

/* A base revision exists for the file's content: modified or renamed (a
 * copy is new code, all of it the change's). */
static int has_base(const struct dv_file_change *fc)
{
	return fc->old_path && fc->new_path && !fc->binary && fc->status != DV_FILE_COPIED;
}

/* The base blob of `old_path` put where the run reads `as_path`; 1 when
 * the base revision has no such file. */
static int overlay_base_blob(struct dv_overlay *ov, const struct dv_baseline_input *in,
			     const char *old_path, const char *as_path, struct dv_error *err)
{
	struct dv_git_blob blob;
	char *abs;
	int rc = dv_git_read_blob(in->root, in->base_rev, old_path, &blob, err);

	if (rc != 0)
		return rc;
	if (blob.is_link) { /* a link's content is its target text: nothing to compare */
		dv_git_blob_release(&blob);
		return 1;
	}
	abs = dv_path_absolute(as_path, in->root);
	dv_overlay_set(ov, abs, blob.data, blob.len);
	free(abs);
	dv_git_blob_release(&blob);
	return 0;
}

static void copy_overlay(struct dv_overlay *dst, const struct dv_overlay *src)
{
	size_t i;

	dv_overlay_init(dst);
	for (i = 0; src && i < src->count; i++)
		dv_overlay_set(dst, src->files[i].path, src->files[i].bytes, src->files[i].len);
}

int dv_baseline_build(const struct dv_baseline_input *in, struct dv_baseline **out,
		      struct dv_notifications *notes, struct dv_error *err)
{
	struct dv_baseline *b = xcalloc(1, sizeof(*b));
	struct dv_overlay ov;
	struct dv_run_options ro;
	struct dv_run_result res;
	const char **files = xcalloc(in->cs->n_files + 1, sizeof(*files));
	size_t n_files = 0, i;
	int rc = 0;

	*out = NULL;
	memset(&res, 0, sizeof(res));
	copy_overlay(&ov, in->head);
	dv_sources_init(&b->head_sources, in->root);
	b->head_sources.overlay = in->head;
	if (!in->base_rev)
		goto done; /* no base commit: everything is new */
	/* Every changed file at its base content, so that a base translation
	 * unit includes the base revision of a changed header too. */
	for (i = 0; i < in->cs->n_files; i++) {
		const struct dv_file_change *fc = &in->cs->files[i];
		const char *as = fc->new_path ? fc->new_path : fc->old_path;

		if (!fc->old_path || fc->binary || fc->status == DV_FILE_COPIED)
			continue;
		rc = overlay_base_blob(&ov, in, fc->old_path, as, err);
		if (rc < 0)
			goto done;
		if (rc == 0 && has_base(fc) && fc->n_added + fc->n_deleted_anchors)
			files[n_files++] = fc->new_path;
		rc = 0;
	}
	if (!n_files)
		goto done;
	memset(&ro, 0, sizeof(ro));
	ro.files = files;
	ro.n_files = n_files;
	ro.root = in->root;
	ro.scope = DV_SCOPE_FILES;
	ro.rules = in->rules;
	ro.front = in->front;
	ro.jobs = in->jobs;
	ro.overlay = &ov;
	if ((rc = dv_run(&ro, &res, err)) != 0)
		goto done;
	for (i = 0; i < res.coverage.n_gaps; i++)
		if (res.coverage.gaps[i].first_line == 0)
			dv_notifications_add(notes, DV_LEVEL_NOTE, res.coverage.gaps[i].path, 0, 0,
					     "--new-only: the base revision of this file could not "
					     "be analysed (%s); all its findings count as new",
					     res.coverage.gaps[i].reason);
	b->items = xcalloc(res.findings.count + 1, sizeof(*b->items));
	for (i = 0; i < res.findings.count; i++) {
		const struct dv_finding *f = &res.findings.items[i];

		if (!f->fingerprint || !f->primary.path)
			continue;
		b->items[b->count].path = xstrdup(f->primary.path);
		b->items[b->count].core = core_of(f->fingerprint);
		b->count++;
	}
	qsort(b->items, b->count, sizeof(*b->items), compare_known);
done:
	dv_run_result_release(&res);
	dv_overlay_release(&ov);
	free(files);
	if (rc) {
		dv_baseline_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

void dv_baseline_free(struct dv_baseline *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->count; i++) {
		free(b->items[i].path);
		free(b->items[i].core);
	}
	free(b->items);
	dv_sources_release(&b->head_sources);
	free(b);
}

size_t dv_baseline_dropped(const struct dv_baseline *b)
{
	return b ? b->dropped : 0;
}

/* How many findings of (path, core) the base revision had. */
static size_t base_count(const struct dv_baseline *b, const char *path, const char *core)
{
	struct known key = {(char *)path, (char *)core};
	size_t lo = 0, hi = b->count, n = 0;

	while (lo < hi) { /* first item >= key */
		size_t mid = lo + (hi - lo) / 2;
		if (compare_known(&b->items[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < b->count && compare_known(&b->items[lo + n], &key) == 0)
		n++;
	return n;
}

/* The same finding reported twice (same rule, place and core) before the
 * run's de-duplication counts once. */
static int same_instance(const struct dv_finding *x, const struct dv_finding *y)
{
	return strcmp(x->rule_id, y->rule_id) == 0 && x->primary.line == y->primary.line &&
	       x->primary.col == y->primary.col;
}

size_t dv_baseline_drop_known(struct dv_baseline *b, const char *path,
			      const struct dv_file_change *fc, struct dv_findings *findings,
			      unsigned char *keep)
{
	size_t n = findings->count, i, j, out = 0, dropped = 0;
	char **core = xcalloc(n + 1, sizeof(*core));
	size_t *leader = xcalloc(n + 1, sizeof(*leader));
	unsigned char *drop = xcalloc(n + 1, 1), *done = xcalloc(n + 1, 1);

	(void)path;
	for (i = 0; i < n; i++) {
		const struct dv_finding *f = &findings->items[i];
		const char *text = f->primary.line
					   ? dv_sources_line(&b->head_sources, f->primary.path,
							     f->primary.line)
					   : NULL;
		char *fp = dv_finding_fingerprint(f, text);

		core[i] = core_of(fp);
		free(fp);
		leader[i] = i;
		for (j = 0; j < i; j++)
			if (leader[j] == j && same_instance(f, &findings->items[j]) &&
			    strcmp(core[i], core[j]) == 0) {
				leader[i] = j;
				break;
			}
	}
	for (i = 0; i < n; i++) {
		size_t budget;
		int pass;

		if (leader[i] != i || done[i])
			continue;
		budget = base_count(b, findings->items[i].primary.path, core[i]);
		/* known instances are those off the added lines first */
		for (pass = 0; pass < 2; pass++)
			for (j = i; j < n && budget; j++) {
				const struct dv_finding *f = &findings->items[j];
				int added = dv_file_change_has_line(fc, f->primary.line);

				if (leader[j] != j || drop[j] || strcmp(core[j], core[i]) != 0 ||
				    added != pass)
					continue;
				drop[j] = 1;
				budget--;
			}
		for (j = i; j < n; j++)
			if (leader[j] == j && strcmp(core[j], core[i]) == 0)
				done[j] = 1;
	}
	for (i = 0; i < n; i++) {
		if (drop[leader[i]]) {
			dv_finding_release(&findings->items[i]);
			dropped += leader[i] == i;
			continue;
		}
		findings->items[out] = findings->items[i];
		keep[out] = keep[i];
		out++;
	}
	findings->count = out;
	for (i = 0; i < n; i++)
		free(core[i]);
	free(core);
	free(leader);
	free(drop);
	free(done);
	b->dropped += dropped;
	return dropped;
}
