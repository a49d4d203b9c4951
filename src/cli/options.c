/* Option parsing shared by the subcommands (getopt_long). */
#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_STD = 256,
	OPT_FORMAT,
	OPT_FAIL_ON,
	OPT_RULES,
	OPT_CONFIG,
	OPT_NO_COLOR,
	OPT_BASE,
	OPT_PATCH,
	OPT_SCOPE,
	OPT_REQUIRE_COMPLETE,
	OPT_NEW_ONLY,
	OPT_STAGED,
	OPT_SHARD,
	OPT_INDEX,
	OPT_LINK_BASE,
	OPT_CACHE,
	OPT_NO_CACHE,
};

static const struct option long_options[] = {
	{"help", no_argument, NULL, 'h'},
	{"compile-commands", required_argument, NULL, 'p'},
	{"std", required_argument, NULL, OPT_STD},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"output", required_argument, NULL, 'o'},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"rules", required_argument, NULL, OPT_RULES},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"no-color", no_argument, NULL, OPT_NO_COLOR},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"jobs", required_argument, NULL, 'j'},
	{"base", required_argument, NULL, OPT_BASE},
	{"patch", required_argument, NULL, OPT_PATCH},
	{"scope", required_argument, NULL, OPT_SCOPE},
	{"require-complete", no_argument, NULL, OPT_REQUIRE_COMPLETE},
	{"new-only", no_argument, NULL, OPT_NEW_ONLY},
	{"staged", no_argument, NULL, OPT_STAGED},
	{"shard", required_argument, NULL, OPT_SHARD},
	{"cached", no_argument, NULL, OPT_STAGED},
	{"index", required_argument, NULL, OPT_INDEX},
	{"link-base", required_argument, NULL, OPT_LINK_BASE},
	{"cache", required_argument, NULL, OPT_CACHE},
	{"no-cache", no_argument, NULL, OPT_NO_CACHE},
	{NULL, 0, NULL, 0},
};

void cli_usage(FILE *out, const char *cmd)
{
	if (strcmp(cmd, "merge") == 0) {
		fprintf(out, "usage: diffvet merge A.sarif B.sarif ... -o OUT.sarif\n"
			     "Merges SARIF files (the shards of a CI matrix, see --shard) into one run:\n"
			     "rules deduplicated, every result kept, most severe first, at most 25,000\n"
			     "(GitHub's limit per run; a notification says how many were dropped).\n");
		return;
	}
	if (strcmp(cmd, "rules") == 0) {
		fprintf(out, "usage: diffvet rules [--rules DIR] [--config FILE] [--format text|json|markdown]\n"
			     "Lists every rule with its level and a one-line description (text), every\n"
			     "field of every rule (json), or the rules reference docs/rules.md is\n"
			     "generated from, with the shipped default levels (markdown).\n");
		return;
	}
	if (strcmp(cmd, "explain") == 0) {
		fprintf(out, "usage: diffvet explain RULE-ID [--rules DIR]\n"
			     "Prints a rule's description, CWE, level and help with examples.\n");
		return;
	}
	if (strcmp(cmd, "init") == 0) {
		fprintf(out, "usage: diffvet init [-o FILE] [-p DIR]\n"
			     "Writes a starter project config (default: .diffvet.json in the current\n"
			     "directory; never overwrites one) from what it finds in the repository:\n"
			     "vendored and generated directories to ignore, security-sensitive\n"
			     "directories to mark critical, authorization checks and escaping functions\n"
			     "the project's C/C++ files declare (parsed with -p/-I/-D/--std), the\n"
			     "compile_commands.json in use. Review the guesses it prints.\n");
		return;
	}
	if (strcmp(cmd, "cc") == 0) {
		fprintf(out, "usage: diffvet cc [options] -- COMPILER ARGS...\n"
			     "Compiler launcher (CMAKE_C_COMPILER_LAUNCHER=diffvet;cc;--, or\n"
			     "CC=\"diffvet cc -- cc\"): analyses the command's C/C++ inputs with exactly\n"
			     "its flags, writes the report next to the object file (OBJ.diffvet.sarif;\n"
			     "collect them with 'diffvet merge'), then runs the command unchanged and\n"
			     "exits with its status. Findings never fail the build.\n\n"
			     "options:\n"
			     "      --format FMT            sarif (default), json, markdown, html, gitlab\n"
			     "  -o, --output FILE           the report's path instead of OBJ.diffvet.sarif\n"
			     "      --rules DIR, --config FILE, --index DIR   as for 'diffvet check'\n"
			     "  -q, --quiet                 no summary line on stderr\n"
			     "  -v, --verbose               the analysis' notes on stderr\n");
		return;
	}
	if (strcmp(cmd, "index") == 0)
		fprintf(out, "usage: diffvet index [options] [FILE|DIR...]\n"
			     "Computes the cross-file summaries of every C/C++ file (default: the current\n"
			     "directory) and stores them in --index DIR (default: .diffvet/index), one entry\n"
			     "per file content, flags and rules version: unchanged files are not analysed\n"
			     "again. 'diffvet check/diff --index DIR' then knows the wrappers defined there.\n\n");
	if (strcmp(cmd, "lsp") == 0)
		fprintf(out, "usage: diffvet lsp [options]\n"
			     "Language Server (LSP over stdin/stdout): diagnostics on unsaved buffers;\n"
			     "the workspace root and its compile_commands.json come from the editor.\n"
			     "Editor setup: docs/editors.md.\n\n");
	else if (strcmp(cmd, "diff") == 0)
		fprintf(out, "usage: diffvet diff [--base REV | --staged | --patch FILE|-] [options]\n"
			     "Analyses a change: the working tree against HEAD (default; untracked files\n"
			     "count as added), the working tree against the merge base with REV (--base;\n"
			     "untracked files are not part of it: a CI checkout's build outputs would be),\n"
			     "the index against HEAD (--staged, for a pre-commit hook), or a unified diff read\n"
			     "from FILE or standard input (--patch). Only findings the change is\n"
			     "responsible for are reported (--scope).\n\n");
	else
		fprintf(out, "usage: diffvet check [options] FILE|DIR...\n"
			     "Analyses whole files; directories are searched for C/C++ files.\n"
			     "      --cache DIR             reuse the results of files analysed before with the\n"
			     "                              same content, headers, flags, rules and diffvet\n"
			     "                              (default with --index DIR: DIR/results); trusted\n"
			     "                              like the index\n"
			     "      --no-cache              no result cache, even with --index\n\n");
	fprintf(out,
		"options:\n"
		"  -p, --compile-commands DIR  directory of compile_commands.json (default: ., build/)\n"
		"      --std STD               language standard for files not in the database\n"
		"  -I DIR, -D NAME[=VALUE]     include dirs / macros for files not in the database\n"
		"  -j, --jobs N                parallel translation units (default: number of cores)\n"
		"      --shard K/N             analyse only shard K of N (1 <= K <= N): a stable hash\n"
		"                              of each file's path picks its shard, so a CI matrix of\n"
		"                              N jobs covers every file exactly once\n"
		"      --format FMT            text (default), sarif, json, markdown, html, gitlab\n"
		"                              (GitLab SAST report, gl-sast-report.json)\n"
		"  -o, --output FILE           write the report to FILE instead of standard output\n"
		"      --fail-on LEVEL         error (default), warning, note, never: exit 1 when a\n"
		"                              finding at or above LEVEL is reported; or a verdict\n"
		"                              (review, dual-review, senior-approval): exit 1 when\n"
		"                              the review gate demands at least that\n"
		"      --require-complete      also exit 1 when diffvet could not analyse something it\n"
		"                              was asked to (changed lines, in diff mode)\n"
		"      --rules DIR             extra rule files (*.json) on top of the shipped ones\n"
		"      --config FILE           project configuration (default: .diffvet.json at the root)\n"
		"      --index DIR             project index of summaries (diffvet index) for calls\n"
		"                              into files not analysed here; only adds knowledge\n"
		"      --link-base URL         markdown: link findings to URL/PATH#LLINE (default in\n"
		"                              GitHub Actions: the repository's blob view at\n"
		"                              GITHUB_SHA)\n"
		"      --no-color              no ANSI colors (default: colors only on a terminal)\n"
		"  -q, --quiet                 no progress, no notes about the analysis on stderr\n"
		"  -v, --verbose               progress and details on stderr\n");
	if (strcmp(cmd, "diff") == 0)
		fprintf(out,
			"      --base REV              compare with the merge base of REV and HEAD\n"
			"      --patch FILE|-          read a unified diff (git diff or diff -u)\n"
			"      --staged                the staged change (index against HEAD), read from\n"
			"                              the index, not the working tree\n"
			"      --scope S               lines (default): a location of the finding is on an\n"
			"                              added line; functions: in a function the change\n"
			"                              touches; files: anywhere in a changed file\n"
			"      --new-only              drop findings the base revision already has (its\n"
			"                              changed files analysed from git, same flags and\n"
			"                              config); needs the base commit (not --patch)\n");
}

static int parse_uint(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!*s)
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v > UINT_MAX || v > 1024)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* "K/N" with 1 <= K <= N: *shard = K - 1. */
static int parse_shard(const char *s, unsigned *shard, unsigned *n)
{
	const char *slash = strchr(s, '/');
	char k[16];
	size_t len = slash ? (size_t)(slash - s) : 0;

	if (!slash || len >= sizeof(k))
		return -1;
	memcpy(k, s, len);
	k[len] = '\0';
	if (parse_uint(k, shard) != 0 || parse_uint(slash + 1, n) != 0 || *n == 0 || *shard == 0 ||
	    *shard > *n)
		return -1;
	(*shard)--;
	return 0;
}

static int bad(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static int bad(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "diffvet %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'diffvet %s --help')\n", cmd);
	return DV_EXIT_ERROR;
}

/* The CLI keeps to libc and the session API: its own small helpers. */
static void *grow_or_die(void *p, size_t n, size_t size)
{
	void *q = realloc(p, n * size);

	if (!q) {
		fprintf(stderr, "diffvet: out of memory\n");
		exit(DV_EXIT_ERROR);
	}
	return q;
}

static char *dup_or_die(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(grow_or_die(NULL, n, 1), s, n);
}

static void push(const char ***arr, size_t *n, const char *s)
{
	*arr = grow_or_die(*arr, *n + 1, sizeof(**arr));
	(*arr)[(*n)++] = s;
}

int cli_parse(int argc, char **argv, const char *cmd, struct cli_options *o)
{
	int c, i;
	size_t len = strlen("diffvet") + 1;
	int is_diff = strcmp(cmd, "diff") == 0;

	memset(o, 0, sizeof(*o));
	o->format = "text";
	o->fail_on = DV_LEVEL_ERROR;
	o->scope = "lines";
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	o->command_line = grow_or_die(NULL, len, 1);
	strcpy(o->command_line, "diffvet");
	for (i = 0; i < argc; i++) {
		strcat(o->command_line, " ");
		strcat(o->command_line, argv[i]);
	}

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hp:I:D:o:qvj:", long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(stdout, cmd);
			return 1;
		case 'p':
			o->compdb_dir = optarg;
			break;
		case OPT_STD:
			o->std = optarg;
			break;
		case 'I':
			push(&o->includes, &o->n_includes, optarg);
			break;
		case 'D':
			push(&o->defines, &o->n_defines, optarg);
			break;
		case OPT_FORMAT:
			if (strcmp(cmd, "rules") == 0) {
				if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
				    strcmp(optarg, "markdown"))
					return bad(cmd, "--format '%s': expected text, json or markdown",
						   optarg);
			} else if (strcmp(optarg, "text") && strcmp(optarg, "sarif") &&
				   strcmp(optarg, "json") && strcmp(optarg, "markdown") &&
				   strcmp(optarg, "html") && strcmp(optarg, "gitlab")) {
				return bad(cmd,
					   "--format '%s': expected text, sarif, json, markdown, html or gitlab",
					   optarg);
			}
			o->format = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_FAIL_ON:
			o->fail_on_verdict = 0;
			if (strcmp(optarg, "never") == 0) {
				o->fail_on = DV_LEVEL_NONE;
			} else if (strcmp(optarg, "review") == 0 || strcmp(optarg, "dual-review") == 0 ||
				   strcmp(optarg, "senior-approval") == 0) {
				/* a verdict of the review gate: its reasons decide, not a level */
				o->fail_on = DV_LEVEL_NONE;
				o->fail_on_verdict = 1;
				o->verdict = optarg[0] == 'r'   ? DV_VERDICT_REVIEW
					     : optarg[0] == 'd' ? DV_VERDICT_DUAL_REVIEW
								: DV_VERDICT_SENIOR_APPROVAL;
			} else if (dv_level_parse(optarg, &o->fail_on) != 0 ||
				   o->fail_on == DV_LEVEL_NONE) {
				return bad(cmd, "--fail-on '%s': expected error, warning, note, never, or "
						"a verdict: review, dual-review, senior-approval",
					   optarg);
			}
			break;
		case OPT_REQUIRE_COMPLETE:
			o->require_complete = 1;
			break;
		case OPT_RULES:
			o->rules_dir = optarg;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_INDEX:
			o->index_dir = optarg;
			break;
		case OPT_CACHE:
			o->cache_dir = optarg;
			break;
		case OPT_NO_CACHE:
			o->no_cache = 1;
			break;
		case OPT_LINK_BASE:
			if (strncmp(optarg, "https://", 8) != 0 && strncmp(optarg, "http://", 7) != 0)
				return bad(cmd, "--link-base '%s': expected an http(s) URL such as "
						"https://github.com/OWNER/REPO/blob/COMMIT", optarg);
			o->link_base = optarg;
			break;
		case OPT_NO_COLOR:
			o->no_color = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'j':
			if (parse_uint(optarg, &o->jobs) != 0 || o->jobs == 0)
				return bad(cmd, "--jobs '%s': expected a number from 1 to 1024", optarg);
			break;
		case OPT_SHARD:
			if (parse_shard(optarg, &o->shard, &o->n_shards) != 0)
				return bad(cmd, "--shard '%s': expected K/N with 1 <= K <= N <= 1024",
					   optarg);
			break;
		case OPT_NEW_ONLY:
		case OPT_STAGED:
			if (!is_diff)
				return bad(cmd, "option '%s' belongs to 'diffvet diff'", argv[optind - 1]);
			if (c == OPT_STAGED)
				o->staged = 1;
			else
				o->new_only = 1;
			break;
		case OPT_BASE:
		case OPT_PATCH:
		case OPT_SCOPE:
			if (!is_diff)
				return bad(cmd, "option '%s' belongs to 'diffvet diff'", argv[optind - 1]);
			if (c == OPT_BASE)
				o->base = optarg;
			else if (c == OPT_PATCH)
				o->patch = optarg;
			else if (strcmp(optarg, "lines") && strcmp(optarg, "functions") &&
				 strcmp(optarg, "files"))
				return bad(cmd, "--scope '%s': expected lines, functions or files", optarg);
			else
				o->scope = optarg;
			break;
		case ':':
			return bad(cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			return bad(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (o->base && o->patch)
		return bad(cmd, "%s", "--base and --patch cannot be combined");
	if (o->staged && (o->base || o->patch))
		return bad(cmd, "%s", "--staged (the index against HEAD) cannot be combined with "
				      "--base or --patch");
	if (o->new_only && o->patch)
		return bad(cmd, "%s", "--new-only needs the base revision from git, not --patch");
	for (i = optind; i < argc; i++) {
		o->positional = grow_or_die(o->positional, o->n_positional + 1, sizeof(char *));
		o->positional[o->n_positional++] = argv[i];
	}
	return 0;
}

void cli_options_release(struct cli_options *o)
{
	free(o->includes);
	free(o->defines);
	free(o->positional);
	free(o->command_line);
	memset(o, 0, sizeof(*o));
}

char *cli_default_rules_dir(const char *argv0)
{
	const char *env = getenv("DIFFVET_RULES_DIR");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return dup_or_die(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char candidate[PATH_MAX + 32];
			snprintf(candidate, sizeof(candidate), "%s/../share/diffvet/rules", exe);
			if (access(candidate, R_OK) == 0)
				return dup_or_die(candidate);
		}
	}
	(void)argv0;
	return dup_or_die(DV_DEFAULT_RULES_DIR);
}
