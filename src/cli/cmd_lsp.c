/* diffvet lsp: the Language Server on stdin/stdout (include/diffvet/lsp.h).
 * The command-line options give the rules and fallback flags; -p and a
 * root are taken from the client's workspace unless given. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diffvet/lsp.h"

int cmd_lsp(struct cli_options *o)
{
	struct dv_lsp_options lo = {0};
	char *rules = cli_default_rules_dir(o->argv0);
	const char *debounce = getenv("DIFFVET_LSP_DEBOUNCE_MS");
	int rc;

	lo.session.rules_dir = rules;
	lo.session.extra_rules_dir = o->rules_dir;
	lo.session.config_path = o->config;
	lo.session.compdb_dir = o->compdb_dir;
	lo.session.std = o->std;
	lo.session.includes = o->includes;
	lo.session.n_includes = o->n_includes;
	lo.session.defines = o->defines;
	lo.session.n_defines = o->n_defines;
	/* with initializationOptions.diffBase, what of a buffer's change to
	 * report (--scope; whole-file analyses report everything anyway) */
	lo.session.scope = strcmp(o->scope, "functions") == 0 ? DV_SCOPE_FUNCTIONS
			   : strcmp(o->scope, "files") == 0   ? DV_SCOPE_FILES
							      : DV_SCOPE_LINES;
	lo.verbose = o->verbose;
	lo.debounce_ms = debounce ? (unsigned)strtoul(debounce, NULL, 10) : 50;
	rc = dv_lsp_serve(STDIN_FILENO, STDOUT_FILENO, &lo);
	free(rules);
	return rc;
}
