/*
 * Staged blobs as an overlay (session/staged.h): `git ls-files --stage`
 * names each file's stage-0 blob, `git cat-file blob` reads it exactly as
 * stored (no filter, no textconv; git.c hardens both calls).
 */
#include "session/staged.h"

#include <stdlib.h>
#include <string.h>

#include "diff/git.h"
#include "model/paths.h"
#include "util/xalloc.h"

/* The stage-0 blob id of `path` in the index, or NULL ("MODE SP OID SP
 * STAGE TAB PATH NUL"; only a regular file's). */
static char *index_blob(const char *root, const char *path, struct dv_error *err)
{
	const char *argv[] = {"ls-files", "--stage", "-z", "--", path, NULL};
	char *out = NULL, *oid = NULL, *sp1, *sp2, *tab;
	size_t len = 0;

	if (dv_git_run(argv, root, &out, &len, err) != 0)
		return NULL;
	tab = memchr(out, '\t', len);
	sp1 = memchr(out, ' ', len);
	sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (tab && sp1 && sp2 && sp2 < tab && strcmp(tab + 1, path) == 0 &&
	    (strncmp(out, "100644 ", 7) == 0 || strncmp(out, "100755 ", 7) == 0) &&
	    sp2[1] == '0' && sp2 + 2 == tab)
		oid = xstrndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	free(out);
	return oid;
}

int dv_staged_overlay(const char *root, const struct dv_changeset *cs, struct dv_overlay *ov,
		      struct dv_error *err)
{
	size_t i;

	for (i = 0; i < cs->n_files; i++) {
		const struct dv_file_change *fc = &cs->files[i];
		const char *cat[] = {"cat-file", "blob", NULL, NULL};
		char *oid, *data = NULL, *abs;
		size_t len = 0;

		if (!fc->new_path || fc->binary)
			continue;
		oid = index_blob(root, fc->new_path, err);
		if (err->code)
			return err->code;
		if (!oid)
			continue;
		cat[2] = oid;
		if (dv_git_run(cat, root, &data, &len, err) != 0) {
			free(oid);
			return err->code;
		}
		abs = dv_path_absolute(fc->new_path, root);
		dv_overlay_set(ov, abs, data, len);
		free(abs);
		free(data);
		free(oid);
	}
	return 0;
}
