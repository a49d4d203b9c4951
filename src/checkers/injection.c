/*
 * The injection checker family: taint from untrusted sources to command,
 * SQL, format-string and path sinks.  This file registers the checker;
 * the API knowledge is read by injection_api.c and the analysis is
 * described in injection_taint.h.
 */
#include "checkers/injection.h"
#include "util/xalloc.h"

#include <stdlib.h>

static int injection_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	struct inj_api *api = xcalloc(1, sizeof(*api));
	int rc = inj_api_load(api, rules, err);
	if (rc) {
		free(api);
		return rc;
	}
	*out = api;
	return 0;
}

static void injection_free(void *state)
{
	if (!state)
		return;
	inj_api_release(state);
	free(state);
}

static void injection_check_tu(const void *state, struct dv_tu_ctx *tu)
{
	if (state)
		inj_check_tu(state, tu);
}

const struct dv_checker dv_checker_injection = {
	.family = "injection",
	.init = injection_init,
	.free = injection_free,
	.check_tu = injection_check_tu,
	.check_text = NULL,
};
