/*
 * diffvet: vets C/C++ code changes.  Subcommands are a table, each in its
 * own file (cmd_*.c); this file only dispatches.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(struct cli_options *o);
	const char *summary;
};

static const struct command commands[] = {
	{"check", cmd_check, "analyse whole files or directories"},
	{"diff", cmd_diff, "analyse a change (working tree, --base REV, or --patch FILE|-)"},
	{"rules", cmd_rules, "list the rules"},
	{"explain", cmd_explain, "print the documentation of a rule"},
	{"merge", cmd_merge, "merge SARIF files (shards of a CI matrix) into one: merge A B -o OUT"},
	{"index", cmd_index, "store cross-file function summaries for --index (default .diffvet/index)"},
	{"lsp", cmd_lsp, "language server on stdin/stdout (editor diagnostics)"},
	{"cc", cmd_cc, "compiler launcher: diffvet cc -- cc -c a.c (analyse, then compile)"},
	{"init", cmd_init, "write a starter .diffvet.json for this repository"},
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: diffvet <command> [options] [args]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'diffvet <command> --help' shows the options of a command.\n"
		     "exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or internal error\n");
}

int main(int argc, char **argv)
{
	struct cli_options o;
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return DV_EXIT_ERROR;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("diffvet %s\n", DIFFVET_VERSION);
		return DV_EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return DV_EXIT_CLEAN;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		rc = cli_parse(argc - 1, argv + 1, commands[i].name, &o);
		if (rc == 0) {
			o.argv0 = argv[0];
			rc = commands[i].run(&o);
		} else if (rc == 1) {
			rc = DV_EXIT_CLEAN;
		}
		cli_options_release(&o);
		return rc;
	}
	fprintf(stderr, "diffvet: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return DV_EXIT_ERROR;
}
