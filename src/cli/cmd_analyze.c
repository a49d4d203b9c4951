/* diffvet check / diffvet diff: a session from the options, one analysis,
 * the report.  Uses only the session API (include/diffvet/session.h). */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct patch_buf {
	char *buf;
	size_t len, alloc;
};

static void patch_add(struct patch_buf *p, const char *data, size_t n)
{
	if (p->len + n + 1 > p->alloc) {
		size_t want = p->alloc ? p->alloc : 65536;
		char *grown;
		while (want < p->len + n + 1)
			want *= 2;
		grown = realloc(p->buf, want);
		if (!grown) {
			fprintf(stderr, "diffvet: out of memory\n");
			exit(DV_EXIT_ERROR);
		}
		p->buf = grown;
		p->alloc = want;
	}
	memcpy(p->buf + p->len, data, n);
	p->len += n;
	p->buf[p->len] = '\0';
}

static int read_stream(FILE *in, const char *name, struct patch_buf *pb, struct dv_error *err)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		patch_add(pb, chunk, n);
	if (ferror(in))
		return dv_error_set(err, DV_ERR_IO, "%s: read error", name);
	patch_add(pb, "", 0);
	return 0;
}

static int read_patch(const char *name, struct patch_buf *pb, struct dv_error *err)
{
	FILE *in;
	int rc;

	if (strcmp(name, "-") == 0)
		return read_stream(stdin, "standard input", pb, err);
	in = fopen(name, "rb");
	if (!in)
		return dv_error_set(err, DV_ERR_IO, "'%s': cannot read: %s", name, strerror(errno));
	rc = read_stream(in, name, pb, err);
	fclose(in);
	return rc;
}

static enum dv_scope scope_of(const char *s)
{
	if (strcmp(s, "functions") == 0)
		return DV_SCOPE_FUNCTIONS;
	if (strcmp(s, "files") == 0)
		return DV_SCOPE_FILES;
	return DV_SCOPE_LINES;
}

struct dv_session *cli_session(const struct cli_options *o, struct dv_error *err)
{
	return cli_session_command(o, NULL, 0, err);
}

struct dv_session *cli_session_command(const struct cli_options *o, char **command, size_t n,
				       struct dv_error *err)
{
	struct dv_session_options so;
	struct dv_session *s;
	char *rules = cli_default_rules_dir(o->argv0);

	memset(&so, 0, sizeof(so));
	so.rules_dir = rules;
	so.extra_rules_dir = o->rules_dir;
	so.config_path = o->config;
	so.index_dir = o->index_dir;
	so.cache_dir = o->cache_dir;
	so.no_cache = o->no_cache;
	so.compdb_dir = o->compdb_dir;
	so.std = o->std;
	so.includes = o->includes;
	so.n_includes = o->n_includes;
	so.defines = o->defines;
	so.n_defines = o->n_defines;
	so.jobs = o->jobs;
	so.progress = !o->quiet && (o->verbose || isatty(STDERR_FILENO));
	so.verbose = o->verbose;
	so.scope = scope_of(o->scope);
	so.shard = o->shard;
	so.n_shards = o->n_shards;
	if (command) {
		so.compile_command = (const char *const *)command;
		so.n_compile_command = n;
		so.jobs = 1;      /* the build runs the launchers in parallel */
		so.progress = 0;  /* a build's output is not ours */
		so.n_shards = 0;
	}
	s = dv_session_new(&so, err);
	free(rules);
	return s;
}

static int write_report(const struct cli_options *o, const struct dv_analysis *a,
			struct dv_write_options *wo, struct dv_error *err)
{
	wo->fail_on = o->fail_on;
	wo->command_line = o->command_line;
	wo->color = !o->no_color && !o->output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (o->output)
		return dv_analysis_write_file(a, o->format, o->output, wo, err);
	if (dv_analysis_write(a, o->format, stdout, wo, err) != 0)
		return -1;
	if (fflush(stdout) != 0 || ferror(stdout))
		return dv_error_set(err, DV_ERR_IO, "<stdout>: write failed");
	return 0;
}

/* --link-base, else in GitHub Actions the repository's file view at the
 * commit the workflow runs on.  Malloc'd or NULL. */
static char *link_base(const struct cli_options *o)
{
	const char *server = getenv("GITHUB_SERVER_URL");
	const char *repo = getenv("GITHUB_REPOSITORY");
	const char *sha = getenv("GITHUB_SHA");
	size_t n;
	char *url;

	if (o->link_base)
		return strdup(o->link_base);
	if (!server || !*server || !repo || !*repo || !sha || !*sha ||
	    strncmp(server, "https://", 8) != 0)
		return NULL;
	n = strlen(server) + strlen(repo) + strlen(sha) + sizeof("//blob/");
	url = malloc(n);
	if (url)
		snprintf(url, n, "%s/%s/blob/%s", server, repo, sha);
	return url;
}

static int report(const struct cli_options *o, const struct dv_analysis *a, struct dv_error *err)
{
	struct dv_write_options wo;
	char *links = link_base(o);
	int rc;

	memset(&wo, 0, sizeof(wo));
	wo.link_base = links;
	rc = write_report(o, a, &wo, err);
	free(links);
	return rc;
}

/* Runs one analysis and reports it; returns the exit status. */
static int analyse(struct cli_options *o, const struct dv_change_source *change)
{
	struct dv_error err = {0};
	struct dv_session *s;
	struct dv_analysis *a = NULL;
	int rc = DV_EXIT_ERROR;

	s = cli_session(o, &err);
	if (!s)
		goto done;
	if (change) {
		if (dv_session_check_change(s, change, &a, &err) != 0)
			goto done;
	} else if (dv_session_check(s, (const char *const *)o->positional, o->n_positional, &a,
				    &err) != 0) {
		goto done;
	}
	if (!o->quiet)
		dv_analysis_print_problems(a, stderr, o->verbose);
	if (report(o, a, &err) != 0)
		goto done;
	rc = dv_analysis_exit_status(a, o->fail_on, o->require_complete);
	if (o->fail_on_verdict && dv_analysis_verdict(a) >= o->verdict)
		rc = DV_EXIT_FINDINGS;
done:
	if (err.code)
		fprintf(stderr, "diffvet: %s\n", err.msg);
	dv_analysis_free(a);
	dv_session_free(s);
	return rc;
}

int cmd_check(struct cli_options *o)
{
	if (!o->n_positional) {
		fprintf(stderr, "diffvet check: no file given\n(see 'diffvet check --help')\n");
		return DV_EXIT_ERROR;
	}
	return analyse(o, NULL);
}

int cmd_diff(struct cli_options *o)
{
	struct dv_error err = {0};
	struct dv_change_source change;
	struct patch_buf pb = {NULL, 0, 0};
	int rc;

	if (o->n_positional) {
		fprintf(stderr, "diffvet diff: unexpected argument '%s' (use 'diffvet check FILE' for "
				"files)\n", o->positional[0]);
		return DV_EXIT_ERROR;
	}
	memset(&change, 0, sizeof(change));
	if (o->patch) {
		if (read_patch(o->patch, &pb, &err) != 0) {
			fprintf(stderr, "diffvet: %s\n", err.msg);
			free(pb.buf);
			return DV_EXIT_ERROR;
		}
		change.patch_text = pb.buf;
		change.patch_len = pb.len;
		change.patch_name = strcmp(o->patch, "-") ? o->patch : "<stdin>";
	} else {
		change.from_git = 1;
		change.base = o->base;
		change.new_only = o->new_only;
		change.staged = o->staged;
	}
	rc = analyse(o, &change);
	free(pb.buf);
	return rc;
}

int cmd_merge(struct cli_options *o)
{
	struct dv_error err = {0};

	if (!o->n_positional || !o->output) {
		fprintf(stderr, "diffvet merge: usage: diffvet merge A.sarif B.sarif ... -o OUT.sarif\n");
		return DV_EXIT_ERROR;
	}
	if (dv_sarif_merge((const char *const *)o->positional, o->n_positional, o->output, &err) !=
	    0) {
		fprintf(stderr, "diffvet: %s\n", err.msg);
		return DV_EXIT_ERROR;
	}
	return DV_EXIT_CLEAN;
}
