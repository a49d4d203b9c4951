/* diffvet check / diffvet diff: load rules, build the input, run, report. */
#include "cli/cli.h"
#include "model/paths.h"
#include "session/run.h"
#include "report/report.h"
#include "model/source.h"
#include "diff/diff.h"
#include "diff/git.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct dv_ruleset *load_rules(const struct cli_options *o, const char *root,
				     struct dv_error *err)
{
	char *dir = cli_default_rules_dir(o->argv0);
	char *config = NULL;
	struct dv_ruleset *rs;
	int required = 0;

	if (o->config) {
		config = xstrdup(o->config);
		required = 1;
	} else {
		config = dv_path_join(root, ".diffvet.json");
		if (access(config, F_OK) != 0) {
			free(config);
			config = NULL;
		}
	}
	rs = dv_ruleset_load(dir, o->rules_dir, config, required, err);
	free(dir);
	free(config);
	return rs;
}

static int report(const struct cli_options *o, struct dv_run_result *res,
		  const struct dv_ruleset *rs, const char *root, const struct dv_gate *gate,
		  int diff_mode, struct dv_error *err)
{
	struct dv_report_input in;
	struct dv_sources sources;
	FILE *out = stdout;
	int rc;

	if (o->output && !(out = fopen(o->output, "w")))
		return dv_error_set(err, DV_ERR_IO, "'%s': cannot write: %s", o->output,
				    strerror(errno));
	memset(&in, 0, sizeof(in));
	dv_sources_init(&sources, root);
	in.findings = &res->findings;
	in.rules = rs;
	in.notes = &res->notes;
	in.srcroot = root;
	in.execution_successful = 1;
	in.command_line = o->command_line;
	in.read_line = dv_sources_line;
	in.read_line_ctx = &sources;
	in.color = !o->no_color && !o->output && isatty(fileno(out)) && !getenv("NO_COLOR");
	in.fail_on = o->fail_on;
	in.coverage = &res->coverage;
	in.gate = gate;
	in.diff_mode = diff_mode;
	if (strcmp(o->format, "sarif") == 0)
		rc = dv_report_sarif(out, &in);
	else if (strcmp(o->format, "json") == 0)
		rc = dv_report_json(out, &in);
	else if (strcmp(o->format, "markdown") == 0)
		rc = dv_report_markdown(out, &in);
	else
		rc = dv_report_text(out, &in);
	dv_sources_release(&sources);
	if (fflush(out) != 0 || ferror(out))
		rc = DV_ERR_IO;
	if (out != stdout && fclose(out) != 0)
		rc = DV_ERR_IO;
	if (rc)
		return dv_error_set(err, DV_ERR_IO, "'%s': write failed",
				    o->output ? o->output : "<stdout>");
	return 0;
}

/* Problems with the analysed code, what was not analysed and the verdict
 * go to stderr in every format (the report on stdout carries them too):
 * a run that could not look must never read as a clean pass. */
static void print_notes(const struct cli_options *o, const struct dv_run_result *res,
			const struct dv_gate *gate, int diff_mode)
{
	const struct dv_coverage *cov = &res->coverage;
	size_t i;

	if (o->quiet)
		return;
	for (i = 0; i < res->notes.count; i++) {
		const struct dv_notification *n = &res->notes.items[i];
		if (n->path && n->line)
			fprintf(stderr, "diffvet: %s:%u: %s\n", n->path, n->line, n->message);
		else if (n->path)
			fprintf(stderr, "diffvet: %s: %s\n", n->path, n->message);
		else
			fprintf(stderr, "diffvet: %s\n", n->message);
	}
	for (i = 0; i < cov->n_gaps; i++) {
		const struct dv_coverage_gap *g = &cov->gaps[i];

		if (diff_mode && g->changed_lines == 0 && !o->verbose)
			continue;
		if (g->first_line == 0)
			fprintf(stderr, "diffvet: %s: not analysed: %s\n", g->path, g->reason);
		else if (g->function)
			fprintf(stderr, "diffvet: %s:%u: %s() not %sanalysed by %s: %s\n", g->path,
				g->first_line, g->function, g->state == DV_COV_PARTIAL ? "fully " : "",
				g->checker ? g->checker : "diffvet", g->reason);
		else
			fprintf(stderr, "diffvet: %s:%u-%u: not analysed: %s\n", g->path, g->first_line,
				g->last_line, g->reason);
	}
	if (diff_mode && cov->changed_lines_not_analysed)
		fprintf(stderr, "diffvet: %u of %u changed lines were not analysed\n",
			cov->changed_lines_not_analysed, cov->changed_lines_total);
	if (gate->verdict != DV_VERDICT_PASS || !gate->complete)
		fprintf(stderr, "diffvet: review gate: %s%s\n", dv_verdict_name(gate->verdict),
			gate->complete ? "" : " (coverage incomplete)");
}

static int gate_incomplete(const struct dv_gate *gate)
{
	size_t i;

	for (i = 0; i < gate->n_reasons; i++)
		if (gate->reasons[i].kind == DV_REASON_NOT_ANALYSED)
			return 1;
	return 0;
}

static int exit_status(const struct cli_options *o, const struct dv_run_result *res,
		       const struct dv_gate *gate)
{
	size_t i;

	if (o->require_complete && gate_incomplete(gate))
		return DV_EXIT_FINDINGS;
	if (o->fail_on == DV_LEVEL_NONE)
		return DV_EXIT_CLEAN;
	for (i = 0; i < res->findings.count; i++) {
		const struct dv_finding *f = &res->findings.items[i];
		if (dv_gate_counts(f) && f->level >= o->fail_on)
			return DV_EXIT_FINDINGS;
	}
	return DV_EXIT_CLEAN;
}

static enum dv_scope scope_of(const char *s)
{
	if (strcmp(s, "functions") == 0)
		return DV_SCOPE_FUNCTIONS;
	if (strcmp(s, "files") == 0)
		return DV_SCOPE_FILES;
	return DV_SCOPE_LINES;
}

static int analyse(struct cli_options *o, const char *root, const struct dv_changeset *cs)
{
	struct dv_error err = {0};
	struct dv_ruleset *rs = NULL;
	struct dv_front *front = NULL;
	struct dv_front_options fo;
	struct dv_run_options ro;
	struct dv_run_result res;
	struct dv_gate_input gi;
	struct dv_gate gate;
	int rc = DV_EXIT_ERROR, have_result = 0, have_gate = 0;

	rs = load_rules(o, root, &err);
	if (!rs)
		goto done;
	memset(&fo, 0, sizeof(fo));
	fo.compdb_dir = o->compdb_dir;
	fo.std = o->std;
	fo.includes = o->includes;
	fo.n_includes = o->n_includes;
	fo.defines = o->defines;
	fo.n_defines = o->n_defines;
	fo.root = root;
	front = dv_front_new(&fo, &err);
	if (!front)
		goto done;
	if (o->verbose && dv_front_compdb_dir(front))
		fprintf(stderr, "diffvet: using %s/compile_commands.json\n", dv_front_compdb_dir(front));

	memset(&ro, 0, sizeof(ro));
	ro.files = (const char *const *)o->positional;
	ro.n_files = o->n_positional;
	ro.changeset = cs;
	ro.root = root;
	ro.scope = scope_of(o->scope);
	ro.rules = rs;
	ro.front = front;
	ro.jobs = o->jobs;
	ro.progress = !o->quiet && (o->verbose || isatty(STDERR_FILENO));
	if (dv_run(&ro, &res, &err) != 0)
		goto done;
	have_result = 1;
	memset(&gi, 0, sizeof(gi));
	gi.findings = &res.findings;
	gi.rules = rs;
	gi.coverage = &res.coverage;
	gi.diff_mode = cs != NULL;
	dv_gate_compute(&gi, &gate);
	have_gate = 1;
	print_notes(o, &res, &gate, cs != NULL);
	if (report(o, &res, rs, root, &gate, cs != NULL, &err) != 0)
		goto done;
	rc = exit_status(o, &res, &gate);
done:
	if (have_gate)
		dv_gate_release(&gate);
	if (err.code)
		fprintf(stderr, "diffvet: %s\n", err.msg);
	if (have_result)
		dv_run_result_release(&res);
	dv_front_free(front);
	dv_ruleset_free(rs);
	return rc;
}

int cmd_check(struct cli_options *o)
{
	char cwd[4096];

	if (!o->n_positional) {
		fprintf(stderr, "diffvet check: no file given\n(see 'diffvet check --help')\n");
		return DV_EXIT_ERROR;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		fprintf(stderr, "diffvet: cannot determine the current directory\n");
		return DV_EXIT_ERROR;
	}
	return analyse(o, cwd, NULL);
}

static int read_patch(const char *name, struct strbuf *sb, struct dv_error *err)
{
	char chunk[65536];
	size_t n;

	if (strcmp(name, "-") != 0) {
		if (strbuf_read_file(sb, name) != 0)
			return dv_error_set(err, DV_ERR_IO, "'%s': cannot read: %s", name,
					    strerror(errno));
		return 0;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		strbuf_add(sb, chunk, n);
	if (ferror(stdin))
		return dv_error_set(err, DV_ERR_IO, "standard input: read error");
	return 0;
}

/* prefix + name, C-quoted the way git quotes unusual path names, so that
 * the diff reader reads them back exactly. */
static char *git_quoted(const char *prefix, const char *name)
{
	struct strbuf sb;
	const unsigned char *p;
	int plain = 1;

	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == '"' || *p == '\\' || *p >= 0x7f)
			plain = 0;
	if (plain)
		return xasprintf("%s%s", prefix, name);
	strbuf_init(&sb);
	strbuf_addch(&sb, '"');
	strbuf_addstr(&sb, prefix);
	for (p = (const unsigned char *)name; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addf(&sb, "\\%c", *p);
		else if (*p == '\t')
			strbuf_addstr(&sb, "\\t");
		else if (*p == '\n')
			strbuf_addstr(&sb, "\\n");
		else if (*p < 0x20 || *p >= 0x7f)
			strbuf_addf(&sb, "\\%03o", *p);
		else
			strbuf_addch(&sb, (char)*p);
	}
	strbuf_addch(&sb, '"');
	return strbuf_detach(&sb);
}

/* Untracked, non-ignored files count as added in working-tree mode: a
 * change that creates new files must be vetted too. */
static void add_untracked(const char *root, struct strbuf *diff_text, struct dv_error *err)
{
	const char *argv[] = {"ls-files", "--others", "--exclude-standard", "-z", NULL};
	char *out = NULL;
	size_t len = 0, pos = 0;

	if (dv_git_run(argv, root, &out, &len, err) != 0)
		return;
	while (pos < len) {
		const char *name = out + pos;
		size_t nlen = strlen(name);
		char *full = dv_path_join(root, name);
		struct strbuf content;

		strbuf_init(&content);
		if (strbuf_read_file(&content, full) == 0 && !memchr(content.buf, '\0', content.len)) {
			unsigned lines = 0;
			size_t i, start = 0;

			for (i = 0; i < content.len; i++)
				if (content.buf[i] == '\n')
					lines++;
			if (content.len && content.buf[content.len - 1] != '\n')
				lines++;
			if (lines) {
				char *a = git_quoted("a/", name), *b = git_quoted("b/", name);
				strbuf_addf(diff_text, "diff --git %s %s\nnew file mode 100644\n"
						       "--- /dev/null\n+++ %s\n@@ -0,0 +1,%u @@\n",
					    a, b, b, lines);
				free(a);
				free(b);
				for (i = 0; i <= content.len; i++) {
					if (i == content.len || content.buf[i] == '\n') {
						if (i > start || i < content.len) {
							strbuf_addch(diff_text, '+');
							strbuf_add(diff_text, content.buf + start, i - start);
							strbuf_addch(diff_text, '\n');
						}
						start = i + 1;
					}
				}
			}
		}
		strbuf_release(&content);
		free(full);
		pos += nlen + 1;
	}
	free(out);
}

/* Nonzero when every file the change keeps exists below dir. */
static int changed_files_exist(const struct dv_changeset *cs, const char *dir)
{
	size_t i;
	int seen = 0;

	for (i = 0; i < cs->n_files; i++) {
		char *p;
		int ok;

		if (!cs->files[i].new_path)
			continue;
		p = dv_path_join(dir, cs->files[i].new_path);
		ok = access(p, F_OK) == 0;
		free(p);
		if (!ok)
			return 0;
		seen = 1;
	}
	return seen;
}

int cmd_diff(struct cli_options *o)
{
	struct dv_error err = {0};
	struct strbuf text;
	struct dv_changeset *cs = NULL;
	char *root = NULL, *git_out = NULL, *base_commit = NULL;
	size_t git_len = 0;
	int rc = DV_EXIT_ERROR;

	strbuf_init(&text);
	if (o->n_positional) {
		fprintf(stderr, "diffvet diff: unexpected argument '%s' (use 'diffvet check FILE' for "
				"files)\n", o->positional[0]);
		return DV_EXIT_ERROR;
	}
	if (o->patch) {
		struct dv_error ignored = {0};
		char cwd[4096];

		if (read_patch(o->patch, &text, &err) != 0)
			goto done;
		cs = dv_changeset_parse(text.buf, text.len,
					strcmp(o->patch, "-") ? o->patch : "<stdin>", &err);
		if (!cs)
			goto done;
		/* Paths of a git diff are relative to the top of the repository,
		 * those of `diff -u` to where it ran: take the current directory
		 * when the changed files are found there. */
		if (!getcwd(cwd, sizeof(cwd))) {
			dv_error_set(&err, DV_ERR_IO, "cannot determine the current directory");
			goto done;
		}
		if (!changed_files_exist(cs, cwd))
			root = dv_git_toplevel(NULL, &ignored);
		if (!root)
			root = xstrdup(cwd);
	} else {
		const char *argv[] = {"diff", "--no-color", "--no-ext-diff", "-M", NULL, NULL};

		root = dv_git_toplevel(NULL, &err);
		if (!root)
			goto done;
		if (o->base) {
			const char *mb[] = {"merge-base", o->base, "HEAD", NULL};
			if (dv_git_run(mb, root, &base_commit, &git_len, &err) != 0)
				goto done;
			base_commit[strcspn(base_commit, "\n")] = '\0';
			argv[4] = base_commit;
		} else {
			/* a repository without commits yet: everything is added */
			const char *verify[] = {"rev-parse", "--verify", "-q", "HEAD", NULL};
			struct dv_error no_head = {0};
			char *head = NULL;
			size_t head_len = 0;

			argv[4] = dv_git_run(verify, root, &head, &head_len, &no_head) == 0
					  ? "HEAD"
					  : "4b825dc642cb6eb9a060e54bf8d69288fbee4904"; /* empty tree */
			free(head);
		}
		if (dv_git_run(argv, root, &git_out, &git_len, &err) != 0)
			goto done;
		strbuf_add(&text, git_out, git_len);
		if (!o->base)
			add_untracked(root, &text, &err);
		if (err.code)
			goto done;
	}
	if (!cs)
		cs = dv_changeset_parse(text.buf, text.len, "git diff", &err);
	if (!cs)
		goto done;
	rc = analyse(o, root, cs);
done:
	if (err.code)
		fprintf(stderr, "diffvet: %s\n", err.msg);
	dv_changeset_free(cs);
	strbuf_release(&text);
	free(git_out);
	free(base_commit);
	free(root);
	return rc;
}
