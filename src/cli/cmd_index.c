/*
 * diffvet index [paths]: the project index of cross-file summaries.
 * Findings are not reported here; -v prints how many files were analysed
 * and how many were unchanged (their entries reused).
 */
#include "cli/cli.h"

#include <stdio.h>

int cmd_index(struct cli_options *o)
{
	static const char *const here[] = {"."};
	struct dv_error err = {0, {0}};
	struct dv_session *s;
	struct dv_index_stats st;
	const char *const *paths = (const char *const *)o->positional;
	size_t n = o->n_positional;
	int rc = DV_EXIT_ERROR;

	s = cli_session(o, &err);
	if (!s)
		goto done;
	if (!n) {
		paths = here;
		n = 1;
	}
	if (dv_session_index(s, paths, n, o->index_dir, &st, &err) != 0)
		goto done;
	if (o->verbose)
		fprintf(stderr, "diffvet: index: %u files: %u analysed, %u unchanged (reused); "
			"%zu facts stored\n", st.files, st.analysed, st.reused, st.facts);
	rc = DV_EXIT_CLEAN;
done:
	if (err.code)
		fprintf(stderr, "diffvet: %s\n", err.msg);
	dv_session_free(s);
	return rc;
}
