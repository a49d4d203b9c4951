/*
 * Fixture runner.  usage: golden DIFFVET TESTDATA_DIR WORK_DIR
 *
 * Mirrors TESTDATA_DIR into WORK_DIR (templates `*.tmpl` are expanded:
 * `{{cat:A|B|C}}` becomes ABC, so that no token-shaped string has to live
 * in the repository), then runs diffvet and compares its findings with
 * the expectations written in the fixtures: `expect: rule-id[, rule-id]`
 * on the line of the finding's primary location.  A line without
 * expectations must get no finding: missing and extra findings both fail.
 *
 * Cases:
 *   - every directory: its C/C++ files and other files (except .diff,
 *     .md and hidden files) in one `diffvet check` run, with the directory's
 *     .diffvet.json as --config when present;
 *   - a directory `NAME.d` holding `change.diff`: `diffvet diff --patch
 *     change.diff` run inside it (the sources there are the new revision);
 *   - a directory `NAME.index`: a project checked twice, without a project
 *     index (`expect:` and `expect-noindex:` comments), then after
 *     `diffvet index` with `--index` (`expect:` and `expect-index:`).
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct expect {
	char *path; /* relative to the case directory */
	unsigned line;
	char *rule;
	int matched;
};

struct tally {
	unsigned passed, failed;
};

static char *xstrdup_or_die(const char *s)
{
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (!s)
		abort();
	snprintf(s, n, "%s/%s", a, b);
	return s;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!fp)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
		got = fread(buf + n, 1, cap - n, fp);
		if (!got)
			break;
		n += got;
	}
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* {{cat:A|B}} -> AB */
static void write_expanded(const char *text, FILE *out)
{
	const char *p = text;

	while (*p) {
		const char *open = strstr(p, "{{cat:");
		const char *close;

		if (!open) {
			fputs(p, out);
			return;
		}
		close = strstr(open, "}}");
		if (!close) {
			fputs(p, out);
			return;
		}
		fwrite(p, 1, (size_t)(open - p), out);
		for (p = open + 6; p < close; p++)
			if (*p != '|')
				fputc(*p, out);
		p = close + 2;
	}
}

static int mirror(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *de;

	if (!d)
		return -1;
	mkdir(dst, 0755);
	while ((de = readdir(d)) != NULL) {
		char *s, *t;
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		s = join(src, de->d_name);
		if (ends_with(de->d_name, ".tmpl")) {
			char *name = xstrdup_or_die(de->d_name);
			name[strlen(name) - 5] = '\0';
			t = join(dst, name);
			free(name);
		} else {
			t = join(dst, de->d_name);
		}
		if (stat(s, &st) == 0 && S_ISDIR(st.st_mode)) {
			mirror(s, t);
		} else {
			char *text = read_all(s, NULL);
			FILE *out = fopen(t, "wb");
			if (text && out) {
				if (ends_with(de->d_name, ".tmpl"))
					write_expanded(text, out);
				else
					fputs(text, out);
			}
			if (out)
				fclose(out);
			free(text);
		}
		free(s);
		free(t);
	}
	closedir(d);
	return 0;
}

static int is_rule_char(int c)
{
	return isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.';
}

/* Which expectation comments a run checks: every run `expect:`; the run
 * of an index case without the index also `expect-noindex:`, the run
 * with it `expect-index:` (what the index adds or removes). */
enum index_pass { PASS_PLAIN, PASS_NO_INDEX, PASS_INDEX };

static void collect_tag(const char *name, unsigned lineno, char *line, const char *tag,
			struct expect **ex, size_t *n)
{
	char *hit = strstr(line, tag);
	char *p;
	if (!hit)
		return;
	p = hit + strlen(tag);
	for (;;) {
		char *start;
		while (*p == ' ' || *p == ',')
			p++;
		start = p;
		while (is_rule_char((unsigned char)*p))
			p++;
		if (p == start || !strchr(start, '/') || strchr(start, '/') > p)
			break;
		*ex = realloc(*ex, (*n + 1) * sizeof(**ex));
		if (!*ex)
			abort();
		(*ex)[*n].path = xstrdup_or_die(name);
		(*ex)[*n].line = lineno;
		(*ex)[*n].rule = strndup(start, (size_t)(p - start));
		(*ex)[*n].matched = 0;
		(*n)++;
		if (*p != ',')
			break;
	}
}

static void collect_expectations(const char *dir, const char *name, enum index_pass pass,
				 struct expect **ex, size_t *n)
{
	char *path = join(dir, name);
	char *text = read_all(path, NULL);
	char *line = text;
	unsigned lineno = 0;

	free(path);
	if (!text)
		return;
	while (line && *line) {
		char *nl = strchr(line, '\n');

		lineno++;
		if (nl)
			*nl = '\0';
		collect_tag(name, lineno, line, "expect:", ex, n);
		if (pass == PASS_NO_INDEX)
			collect_tag(name, lineno, line, "expect-noindex:", ex, n);
		if (pass == PASS_INDEX)
			collect_tag(name, lineno, line, "expect-index:", ex, n);
		line = nl ? nl + 1 : NULL;
	}
	free(text);
}

/* Runs argv in cwd, stdout to out_path; returns the exit status or -1. */
static int run(char *const argv[], const char *cwd, const char *out_path)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;
	char old[4096];

	if (!getcwd(old, sizeof(old)) || chdir(cwd) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (chdir(old) != 0)
		return -1;
	if (rc != 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static int is_case_file(const char *name)
{
	return name[0] != '.' && !ends_with(name, ".diff") && !ends_with(name, ".md") &&
	       !ends_with(name, ".out");
}

static void compare(const char *label, const char *dir, cJSON *results, struct expect *ex,
		    size_t n_ex, struct tally *t)
{
	cJSON *r;
	size_t i;
	unsigned fails = 0;

	cJSON_ArrayForEach(r, results)
	{
		const char *rule = cJSON_GetStringValue(cJSON_GetObjectItem(r, "rule"));
		const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(r, "path"));
		const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(r, "message"));
		cJSON *line = cJSON_GetObjectItem(r, "line");
		int found = 0;

		if (cJSON_IsTrue(cJSON_GetObjectItem(r, "suppressed")))
			continue;
		if (!rule || !path || !cJSON_IsNumber(line))
			continue;
		for (i = 0; i < n_ex; i++) {
			if (!ex[i].matched && ex[i].line == (unsigned)line->valuedouble &&
			    strcmp(ex[i].rule, rule) == 0 && strcmp(ex[i].path, path) == 0) {
				ex[i].matched = 1;
				found = 1;
				break;
			}
		}
		if (!found) {
			printf("FAIL %s/%s:%d: unexpected finding [%s] %s\n", dir, path,
			       (int)line->valuedouble, rule, msg ? msg : "");
			fails++;
		}
	}
	for (i = 0; i < n_ex; i++) {
		if (!ex[i].matched) {
			printf("FAIL %s/%s:%u: missing finding [%s]\n", dir, ex[i].path, ex[i].line,
			       ex[i].rule);
			fails++;
		}
	}
	if (fails) {
		t->failed++;
		printf("case %s: %u mismatches\n", label, fails);
	} else {
		t->passed++;
		printf("case %s: ok (%zu expected findings)\n", label, n_ex);
	}
}

static void free_expect(struct expect *ex, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(ex[i].path);
		free(ex[i].rule);
	}
	free(ex);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *diffvet, const char *dir, const char *label, struct tally *t);

#define INDEX_DIR ".golden-index"

/* Empties dir/INDEX_DIR (the index layout is flat).  Entries are keyed by
 * content, flags and diffvet's version, not by the build, so an index
 * left by an earlier build of the same version would hand this build's
 * run facts computed by older code: each run indexes from scratch. */
static void clear_index(const char *dir)
{
	char *idx = join(dir, INDEX_DIR);
	DIR *d = opendir(idx);
	struct dirent *de;

	if (d) {
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *p = join(idx, de->d_name);
			if (unlink(p) != 0 && errno != ENOENT)
				fprintf(stderr, "golden: cannot remove %s: %s\n", p, strerror(errno));
			free(p);
		}
		closedir(d);
		rmdir(idx);
	}
	free(idx);
}

static void run_case(const char *diffvet, const char *dir, const char *label, char **files,
		     size_t n_files, int diff_mode, enum index_pass pass, struct tally *t)
{
	char *out_path = join(dir, ".golden.out");
	char *config = join(dir, ".diffvet.json");
	char *argv[64 + 4096];
	struct expect *ex = NULL;
	size_t n_ex = 0, i;
	int argc = 0, status;
	char *text;
	cJSON *json;

	argv[argc++] = (char *)diffvet;
	argv[argc++] = diff_mode ? "diff" : "check";
	argv[argc++] = "--format";
	argv[argc++] = "json";
	argv[argc++] = "--fail-on";
	argv[argc++] = "never";
	argv[argc++] = "-q";
	argv[argc++] = "-j";
	argv[argc++] = "2";
	if (file_exists(config)) {
		argv[argc++] = "--config";
		argv[argc++] = config;
	}
	if (diff_mode) {
		argv[argc++] = "--patch";
		argv[argc++] = "change.diff";
	}
	if (pass == PASS_INDEX) {
		argv[argc++] = "--index";
		argv[argc++] = INDEX_DIR;
	}
	for (i = 0; i < n_files && argc < (int)(sizeof(argv) / sizeof(argv[0])) - 1; i++) {
		if (!diff_mode)
			argv[argc++] = files[i];
		collect_expectations(dir, files[i], pass, &ex, &n_ex);
	}
	argv[argc] = NULL;
	status = run(argv, dir, out_path);
	if (status != 0) {
		printf("FAIL case %s: diffvet exited with %d\n", label, status);
		t->failed++;
		goto done;
	}
	text = read_all(out_path, NULL);
	json = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!cJSON_IsArray(cJSON_GetObjectItem(json, "findings"))) {
		printf("FAIL case %s: diffvet's JSON output has no findings array\n", label);
		t->failed++;
		cJSON_Delete(json);
		goto done;
	}
	compare(label, dir, cJSON_GetObjectItem(json, "findings"), ex, n_ex, t);
	cJSON_Delete(json);
done:
	free_expect(ex, n_ex);
	free(out_path);
	free(config);
}

static void run_dir(const char *diffvet, const char *dir, const char *label, struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **files = NULL, **dirs = NULL;
	size_t n_files = 0, n_dirs = 0, i;
	char *diff = join(dir, "change.diff");
	int diff_mode = file_exists(diff);

	free(diff);
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char *p;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		p = join(dir, de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			dirs = realloc(dirs, (n_dirs + 1) * sizeof(*dirs));
			dirs[n_dirs++] = xstrdup_or_die(de->d_name);
		} else if (is_case_file(de->d_name)) {
			files = realloc(files, (n_files + 1) * sizeof(*files));
			files[n_files++] = xstrdup_or_die(de->d_name);
		}
		free(p);
	}
	closedir(d);
	if (n_files)
		qsort(files, n_files, sizeof(*files), compare_names);
	if (n_dirs)
		qsort(dirs, n_dirs, sizeof(*dirs), compare_names);
	if (n_files && ends_with(dir, ".index")) {
		/* NAME.index: a project, checked without and with its index */
		char *config = join(dir, ".diffvet.json");
		char *argv[] = {(char *)diffvet, "index", "-q", "--index", INDEX_DIR, ".", NULL, NULL, NULL};
		char *out = join(dir, ".golden-index.out");
		if (file_exists(config)) {
			argv[5] = "--config";
			argv[6] = config;
			argv[7] = ".";
		}
		char *label2 = join(label, "(with its index)");
		run_case(diffvet, dir, label, files, n_files, diff_mode, PASS_NO_INDEX, t);
		clear_index(dir);
		if (run(argv, dir, out) != 0) {
			printf("FAIL case %s: diffvet index failed\n", label);
			t->failed++;
		} else {
			run_case(diffvet, dir, label2, files, n_files, diff_mode, PASS_INDEX, t);
		}
		free(out);
		free(label2);
		free(config);
	} else if (n_files) {
		run_case(diffvet, dir, label, files, n_files, diff_mode, PASS_PLAIN, t);
	}
	for (i = 0; i < n_dirs; i++) {
		char *sub = join(dir, dirs[i]);
		char *sublabel = join(label, dirs[i]);
		/* include/ directories hold headers for fixtures, checked with them */
		run_dir(diffvet, sub, sublabel, t);
		free(sub);
		free(sublabel);
	}
	for (i = 0; i < n_files; i++)
		free(files[i]);
	for (i = 0; i < n_dirs; i++)
		free(dirs[i]);
	free(files);
	free(dirs);
}

int main(int argc, char **argv)
{
	struct tally t = {0, 0};
	char *label;

	if (argc != 4) {
		fprintf(stderr, "usage: golden DIFFVET TESTDATA_DIR WORK_DIR\n");
		return 2;
	}
	{
		/* mkdir -p of the work directory's parents */
		char *p = xstrdup_or_die(argv[3]), *q;
		for (q = p + 1; *q; q++) {
			if (*q == '/') {
				*q = '\0';
				mkdir(p, 0755);
				*q = '/';
			}
		}
		free(p);
	}
	if (mirror(argv[2], argv[3]) != 0) {
		fprintf(stderr, "golden: cannot read '%s': %s\n", argv[2], strerror(errno));
		return 2;
	}
	label = strrchr(argv[2], '/');
	run_dir(argv[1], argv[3], label ? label + 1 : argv[2], &t);
	printf("%u passed, %u failed\n", t.passed, t.failed);
	return t.failed || !t.passed ? 1 : 0;
}
