/* Shared pieces of the diffvet command line (src/cli only). */
#ifndef DV_CLI_H
#define DV_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "diffvet/diffvet.h"
#include "diffvet/session.h"

/* Exit codes, as DESIGN.md section 1 fixes them. */
enum { DV_EXIT_CLEAN = 0, DV_EXIT_FINDINGS = 1, DV_EXIT_ERROR = 2 };

struct cli_options {
	const char *compdb_dir;
	const char *std;
	const char **includes;
	size_t n_includes;
	const char **defines;
	size_t n_defines;
	const char *format;     /* text | sarif | json | markdown | html | gitlab (rules: text | json | markdown) */
	const char *output;     /* -o, NULL = stdout */
	enum dv_level fail_on;
	int fail_on_verdict;    /* --fail-on VERDICT: exit 1 at or above it; 0 = not given */
	enum dv_verdict verdict;
	const char *rules_dir;  /* --rules: extra rules */
	const char *config;
	const char *base;       /* diff --base */
	const char *patch;      /* diff --patch */
	const char *scope;      /* lines | functions | files */
	const char *index_dir;  /* --index DIR */
	const char *cache_dir;  /* --cache DIR */
	int no_cache;           /* --no-cache */
	const char *link_base;  /* --link-base URL (markdown links) */
	unsigned jobs;
	int no_color, quiet, verbose;
	int require_complete;   /* exit 1 when coverage has a gap that holds the gate */
	int new_only;           /* diff --new-only */
	int staged;             /* diff --staged */
	unsigned shard, n_shards; /* --shard K/N, shard = K - 1 */
	char **positional;
	size_t n_positional;
	const char *argv0;
	char *command_line;
};

/* Parses argv after the subcommand; returns 0, 1 for --help printed, or
 * DV_EXIT_ERROR after printing the problem. */
int cli_parse(int argc, char **argv, const char *cmd, struct cli_options *o);
void cli_options_release(struct cli_options *o);
void cli_usage(FILE *out, const char *cmd);

int cmd_check(struct cli_options *o);
int cmd_diff(struct cli_options *o);
int cmd_rules(struct cli_options *o);
int cmd_explain(struct cli_options *o);
int cmd_merge(struct cli_options *o);
int cmd_index(struct cli_options *o);
int cmd_lsp(struct cli_options *o);
int cmd_init(struct cli_options *o);
int cmd_cc(struct cli_options *o);

/* A session from the command-line options (rules, config, flags). */
struct dv_session *cli_session(const struct cli_options *o, struct dv_error *err);
/* The same for `diffvet cc`: the compiler command (argv) gives the inputs
 * and their flags; one job, no progress lines. */
struct dv_session *cli_session_command(const struct cli_options *o, char **command, size_t n,
				       struct dv_error *err);

/* Directory of the shipped rules (env DIFFVET_RULES_DIR, the install
 * location next to the executable, or the source tree). Malloc'd. */
char *cli_default_rules_dir(const char *argv0);

#endif
