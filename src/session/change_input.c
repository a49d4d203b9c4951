/*
 * The change to vet, as a changeset and the root its paths are relative
 * to: a unified diff given by the caller, or git's view of the working
 * tree (against HEAD, untracked files counting as added) or of the branch
 * (against the merge base with a revision).
 *
 * Input that is not a diff is an error, never an empty change: a failed
 * `curl PR.diff` or a `git log` piped in must not read as "no findings".
 */
#include "session/change_input.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff/git.h"
#include "model/confined.h"
#include "model/paths.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

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

int dv_change_input_readable(const char *root, const char *path, unsigned flags,
			     struct dv_error *err)
{
	struct dv_error rerr = {0};
	struct strbuf sb;
	const char *why;

	strbuf_init(&sb);
	(void)dv_confined_read(root, path, flags, &sb, NULL, &rerr);
	strbuf_release(&sb);
	/* "'PATH': cannot read: WHY" is an open or read that failed; "not
	 * read: ..." (a link, outside the root, a fifo) is policy, not error */
	why = rerr.code ? strstr(rerr.msg, "': cannot read: ") : NULL;
	if (!why)
		return 0;
	return dv_error_set(err, DV_ERR_IO,
			    "'%s': cannot read (%s): diffvet must read it to vet it; fix its "
			    "permissions or run diffvet as a user who can read it",
			    path, why + strlen("': cannot read: "));
}

/* git could not produce the diff: when a changed tracked file is
 * unreadable, say that (git only says 'open("x"): Permission denied'). */
static void explain_git_failure(const char *root, struct dv_error *err)
{
	const char *argv[] = {"ls-files", "--modified", "-z", NULL};
	struct dv_error ignored = {0}, why = {0};
	char *out = NULL;
	size_t len = 0, pos = 0;

	if (dv_git_run(argv, root, &out, &len, &ignored) != 0) {
		free(out);
		return;
	}
	while (pos < len && !why.code) {
		(void)dv_change_input_readable(root, out + pos, 0, &why);
		pos += strlen(out + pos) + 1;
	}
	free(out);
	if (why.code)
		*err = why; /* replaces git's message */
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
		struct dv_error ignored = {0};
		struct strbuf content;
		int is_link = 0;

		if (dv_change_input_readable(root, name, 0, err) != 0)
			break;
		strbuf_init(&content);
		/* a link is its link text, as git would add it (mode 120000) */
		if (dv_confined_read(root, name, 0, &content, &is_link, &ignored) != 0 ||
		    memchr(content.buf, '\0', content.len)) {
			/* binary (or not a file): still part of the change, so
			 * it reaches the coverage record as not analysed */
			char *a = git_quoted("a/", name), *b = git_quoted("b/", name);
			strbuf_addf(diff_text, "diff --git %s %s\nnew file mode 100644\n"
					       "Binary files /dev/null and %s differ\n", a, b, b);
			free(a);
			free(b);
		} else {
			unsigned lines = 0;
			size_t i, start = 0;

			for (i = 0; i < content.len; i++)
				if (content.buf[i] == '\n')
					lines++;
			if (content.len && content.buf[content.len - 1] != '\n')
				lines++;
			if (lines) {
				char *a = git_quoted("a/", name), *b = git_quoted("b/", name);
				strbuf_addf(diff_text, "diff --git %s %s\nnew file mode %s\n"
						       "--- /dev/null\n+++ %s\n@@ -0,0 +1,%u @@\n",
					    a, b, is_link ? "120000" : "100644", b, lines);
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
		enum dv_confined_kind kind;

		if (!cs->files[i].new_path)
			continue;
		kind = dv_confined_kind(dir, cs->files[i].new_path, 0); /* links not followed */
		if (kind != DV_CONFINED_FILE && kind != DV_CONFINED_LINK)
			return 0;
		seen = 1;
	}
	return seen;
}

/* Nonzero when the text has a line that starts a file in a unified diff. */
static int looks_like_diff(const char *text, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		if ((n >= 4 && (memcmp(line, "--- ", 4) == 0 || memcmp(line, "+++ ", 4) == 0)) ||
		    (n >= 11 && memcmp(line, "diff --git ", 11) == 0) ||
		    (n >= 13 && memcmp(line, "Binary files ", 13) == 0))
			return 1;
		pos += n + 1;
	}
	return 0;
}

static int only_whitespace(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
			return 0;
	return 1;
}

/* A patch not made against this tree (`curl PR.diff | diffvet diff
 * --patch -` on the base checkout) would be analysed at line numbers that
 * point at other code: every added line must be in the file, at its
 * number (whitespace aside, see dv_diff_line_hash).  Files that cannot be
 * read here are left to the run, which reports them. */
static int verify_patch(const struct dv_change_input *in, const char *name, struct dv_error *err)
{
	size_t i;

	for (i = 0; i < in->changeset->n_files; i++) {
		const struct dv_file_change *fc = &in->changeset->files[i];
		struct dv_error ignored = {0};
		struct strbuf content;
		unsigned bad;

		if (!fc->new_path || fc->binary || !fc->n_added)
			continue;
		strbuf_init(&content);
		if (dv_confined_read(in->root, fc->new_path, 0, &content, NULL, &ignored) != 0) {
			strbuf_release(&content);
			continue;
		}
		bad = dv_file_change_verify(fc, content.buf, content.len);
		strbuf_release(&content);
		if (bad)
			return dv_error_set(err, DV_ERR_INPUT,
					    "%s: the patch does not match '%s' in %s: its added line "
					    "%u is not in the file; the patch was not applied to this "
					    "tree: apply it first (git apply), or run diffvet in the "
					    "tree it was made from",
					    name, fc->new_path, in->root, bad);
	}
	return 0;
}

static int from_patch(const struct dv_change_source *src, const char *cwd,
		      struct dv_change_input *in, struct dv_error *err)
{
	struct dv_error ignored = {0};
	const char *name = src->patch_name ? src->patch_name : "<patch>";

	if (!only_whitespace(src->patch_text, src->patch_len) &&
	    !looks_like_diff(src->patch_text, src->patch_len))
		return dv_error_set(err, DV_ERR_INPUT,
				    "%s: not a unified diff (no '--- ', '+++ ' or 'diff --git' line); "
				    "give the output of 'git diff' or 'diff -u'",
				    name);
	in->changeset = dv_changeset_parse(src->patch_text, src->patch_len, name, err);
	if (!in->changeset)
		return err->code ? err->code : DV_ERR_INPUT;
	/* Paths of a git diff are relative to the top of the repository,
	 * those of `diff -u` to where it ran: take the current directory when
	 * the changed files are found there. */
	if (!cwd)
		return 0;
	if (!changed_files_exist(in->changeset, cwd))
		in->root = dv_git_toplevel(cwd, &ignored);
	if (!in->root)
		in->root = xstrdup(cwd);
	return verify_patch(in, name, err);
}

/* The merge base could not be found.  In a shallow clone (a CI checkout
 * of depth 1) the base commit is simply not there: say so, with the fix,
 * instead of git's "not a valid object name" (never fall back to
 * reporting everything). */
static int base_not_found(const char *root, const char *base, struct dv_error *err)
{
	const char *argv[] = {"rev-parse", "--is-shallow-repository", NULL};
	struct dv_error ignored = {0};
	char *out = NULL;
	size_t len = 0;
	int shallow = dv_git_run(argv, root, &out, &len, &ignored) == 0 && out &&
		      strncmp(out, "true", 4) == 0;

	free(out);
	if (!shallow)
		return err->code ? err->code : DV_ERR_INPUT;
	err->code = 0; /* replaces git's message */
	if (dv_git_rev_exists(root, base, &ignored) != 1)
		return dv_error_set(err, DV_ERR_INPUT,
				    "'%s' is not in this shallow clone; fetch it and its history: "
				    "git fetch --deepen=200 origin BRANCH (or fetch-depth: 0 in "
				    "actions/checkout)",
				    base);
	return dv_error_set(err, DV_ERR_INPUT,
			    "the base '%s' (its merge base with HEAD) is not in this shallow clone; "
			    "fetch the history: git fetch --deepen=200 (or fetch-depth: 0 in "
			    "actions/checkout)",
			    base);
}

static int from_git(const struct dv_change_source *src, const char *cwd,
		    struct dv_change_input *in, struct dv_error *err)
{
	/* Canonical output whatever the repository's config says; --text: a
	 * "-diff" or "binary" attribute in the change's .gitattributes must
	 * not turn its C files into "Binary files differ".  git.c adds
	 * --no-ext-diff --no-textconv to every diff. */
	const char *argv[] = {"diff", "--no-color", "--no-ext-diff", "--no-textconv", "--text",
			      "--no-relative", "--src-prefix=a/", "--dst-prefix=b/",
			      "--submodule=short", "-M", "--cached", NULL, "--", NULL};
	const size_t cached_arg = 10, rev_arg = 11;
	struct strbuf text;
	char *git_out = NULL;
	size_t git_len = 0;
	int rc = 0;

	strbuf_init(&text);
	in->root = dv_git_toplevel(cwd, err);
	if (!in->root)
		return err->code;
	if (!src->staged)
		argv[cached_arg] = "-M"; /* the working tree: a repeated -M holds the slot */
	if (src->base && src->staged)
		return dv_error_set(err, DV_ERR_USAGE, "--staged compares the index with HEAD: "
						       "it cannot be combined with --base");
	if (src->base) {
		const char *mb[] = {"merge-base", "--end-of-options", src->base, "HEAD", NULL};
		if ((rc = dv_git_run(mb, in->root, &in->base_commit, &git_len, err)) != 0) {
			rc = base_not_found(in->root, src->base, err);
			goto done;
		}
		in->base_commit[strcspn(in->base_commit, "\n")] = '\0';
		argv[rev_arg] = in->base_commit;
	} else {
		/* a repository without commits yet: everything is added */
		const char *verify[] = {"rev-parse", "--verify", "-q", "HEAD", NULL};
		struct dv_error no_head = {0};
		char *head = NULL;
		size_t head_len = 0;

		if (dv_git_run(verify, in->root, &head, &head_len, &no_head) == 0) {
			head[strcspn(head, "\n")] = '\0';
			in->base_commit = head;
			argv[rev_arg] = "HEAD";
		} else {
			free(head);
			argv[rev_arg] = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"; /* empty tree */
		}
	}
	if ((rc = dv_git_run(argv, in->root, &git_out, &git_len, err)) != 0) {
		if (!src->staged) /* the working tree was read */
			explain_git_failure(in->root, err);
		rc = err->code;
		goto done;
	}
	strbuf_add(&text, git_out, git_len);
	if (!src->base && !src->staged) /* the index holds no untracked file */
		add_untracked(in->root, &text, err);
	if (err->code) {
		rc = err->code;
		goto done;
	}
	in->changeset = dv_changeset_parse(text.buf, text.len, "git diff", err);
	if (!in->changeset)
		rc = err->code ? err->code : DV_ERR_INPUT;
done:
	free(git_out);
	strbuf_release(&text);
	return rc;
}

int dv_change_input_read(const struct dv_change_source *src, const char *root,
			 struct dv_change_input *in, struct dv_error *err)
{
	char cwd[4096];

	memset(in, 0, sizeof(*in));
	if (root) {
		/* the caller fixed the root: patch paths are relative to it */
		if (strlen(root) >= sizeof(cwd))
			return dv_error_set(err, DV_ERR_USAGE, "root directory name too long");
		strcpy(cwd, root);
		if (!src->from_git) {
			int rc = from_patch(src, NULL, in, err);
			if (!rc && !in->root)
				in->root = xstrdup(root);
			if (!rc)
				rc = verify_patch(in, src->patch_name ? src->patch_name : "<patch>",
						  err);
			return rc;
		}
	} else if (!getcwd(cwd, sizeof(cwd))) {
		return dv_error_set(err, DV_ERR_IO, "cannot determine the current directory");
	}
	if (src->from_git)
		return from_git(src, cwd, in, err);
	return from_patch(src, cwd, in, err);
}

void dv_change_input_release(struct dv_change_input *in)
{
	dv_changeset_free(in->changeset);
	free(in->root);
	free(in->base_commit);
	memset(in, 0, sizeof(*in));
}
