/*
 * Diff awareness for editors (dv_session_check_file_change): one file's
 * buffer as a change against its blob at a revision, analysed like
 * `diffvet diff` analyses a change.  The buffer is unsaved text, so git
 * cannot diff it: the diff is computed in memory (diff/linediff.h).
 */
#include "diffvet/session.h"

#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "diff/git.h"
#include "diff/linediff.h"
#include "model/confined.h"
#include "model/overlay.h"
#include "model/paths.h"
#include "session/session_internal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The file's text as the analysis will read it: the session's buffer, else
 * the disk (confined to the root).  0 or a dv_result. */
static int current_text(struct dv_session *s, const char *abs, const char *rel,
			struct strbuf *out, struct dv_error *err)
{
	const struct dv_overlay_file *f = dv_overlay_find(&s->overlay, abs);

	if (f) {
		strbuf_add(out, f->bytes, f->len);
		return 0;
	}
	return dv_confined_read(s->root, rel, 0, out, NULL, err);
}

/* The blob of `rel` (relative to the session root) at `rev`; *found 0 when
 * the revision has no such file (it is new).  0 or a dv_result. */
static int base_text(struct dv_session *s, const char *rev, const char *abs,
		     struct dv_git_blob *blob, int *found, struct dv_error *err)
{
	char *top = dv_git_toplevel(s->root, err);
	char *in_repo;
	int rc;

	*found = 0;
	if (!top)
		return err->code ? err->code : DV_ERR_IO;
	in_repo = dv_path_relative(abs, top);
	if (!in_repo || in_repo[0] == '/' || strncmp(in_repo, "../", 3) == 0) {
		rc = dv_error_set(err, DV_ERR_USAGE, "%s is not inside the repository at %s", abs,
				  top);
	} else {
		rc = dv_git_read_blob(top, rev, in_repo, blob, err);
		if (rc == 1) {
			rc = 0; /* not at the base: a new file */
		} else if (rc == 0) {
			*found = 1;
			if (blob->is_link)
				*found = 0; /* a link at the base: the file replaces it */
		}
	}
	free(in_repo);
	free(top);
	return rc;
}

int dv_session_check_file_change(struct dv_session *s, const char *path, const char *rev,
				 struct dv_analysis **out, struct dv_error *err)
{
	char *abs = dv_path_absolute(path, s->root);
	char *rel = dv_path_relative(abs, s->root);
	struct dv_git_blob blob;
	struct strbuf now;
	struct dv_changeset *cs = NULL;
	struct dv_analysis *a = NULL;
	char *patch = NULL;
	int found = 0, rc;

	*out = NULL;
	memset(&blob, 0, sizeof(blob));
	strbuf_init(&now);
	if (!rev || !*rev || rev[0] == '-') {
		rc = dv_error_set(err, DV_ERR_USAGE, "no revision to compare with");
		goto done;
	}
	if (!rel || rel[0] == '/' || strncmp(rel, "../", 3) == 0) {
		rc = dv_error_set(err, DV_ERR_USAGE, "%s is outside the workspace %s", abs, s->root);
		goto done;
	}
	if ((rc = current_text(s, abs, rel, &now, err)) != 0 ||
	    (rc = base_text(s, rev, abs, &blob, &found, err)) != 0)
		goto done;
	patch = dv_line_diff(rel, found ? blob.data : NULL, found ? blob.len : 0, now.buf, now.len);
	cs = dv_changeset_parse(patch, strlen(patch), "<buffer diff>", err);
	if (!cs) {
		rc = err->code ? err->code : DV_ERR_INTERNAL;
		goto done;
	}
	a = dv_analysis_new();
	rc = dv_session_run(s, s->root, cs, NULL, 0, a, err);
	a->changeset = cs;
	cs = NULL;
	a->base = xstrdup(rev);
	a->head = xstrdup("the editor's buffer");
done:
	dv_changeset_free(cs);
	dv_git_blob_release(&blob);
	strbuf_release(&now);
	free(patch);
	free(rel);
	free(abs);
	if (rc) {
		dv_analysis_free(a);
		return rc;
	}
	*out = a;
	return 0;
}
