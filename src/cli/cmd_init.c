/*
 * diffvet init: a starter .diffvet.json tuned from the repository.
 *
 * What it looks at: the directory tree (top two levels), where vendored
 * or generated code becomes ignore_paths and directories named for
 * authentication, authorization or crypto become critical_paths; and the
 * functions the project's own C/C++ files declare (parsed by libclang
 * through the session, at most MAX_FILES files): authorization-check
 * names become permission checks, escaping/quoting functions returning a
 * string become injection sanitizers.  The file is strict JSON (the
 * loader takes no comments), so the explanation of each choice goes to
 * standard output.
 * The written config is loaded back through a session before it is
 * kept, so init never leaves a config diffvet would reject.
 */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const vendored[] = {"vendor", "third_party", "thirdparty", "3rdparty",
				       "external", "extern", "deps", "generated", "gen"};
static const char *const critical[] = {"auth", "authn", "authz", "crypto", "security",
				       "permissions", "acl", "login", "session"};

static int is_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode); /* lstat: never follow a link */
}

static int name_in(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

#define MAX_LIST 32
#define MAX_FILES 200

struct found {
	char *ignore[MAX_LIST], *crit[MAX_LIST];
	size_t n_ignore, n_crit;
	char *files[MAX_FILES];
	size_t n_files;
	char *checks[MAX_LIST], *sanitizers[MAX_LIST], *loggers[MAX_LIST];
	int check_predicate[MAX_LIST];         /* a true result means allowed */
	const char *sanitizer_rule[MAX_LIST];  /* NULL: every injection rule */
	size_t n_checks, n_sanitizers, n_loggers;
};

static void add(char **arr, size_t *n, const char *prefix, const char *name)
{
	size_t len = strlen(prefix) + strlen(name) + 2;
	char *s;

	if (*n >= MAX_LIST)
		return;
	if (!(s = malloc(len))) {
		fprintf(stderr, "diffvet: out of memory\n");
		exit(DV_EXIT_ERROR);
	}
	snprintf(s, len, "%s%s/", prefix, name);
	arr[(*n)++] = s;
}

/* Top level and one level below (src/auth/), sorted for a stable file. */
static void scan(const char *dir, const char *prefix, int depth, struct found *f)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), i;

	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (name[0] != '.' && is_dir(path)) {
			if (name_in(name, vendored, sizeof(vendored) / sizeof(*vendored)))
				add(f->ignore, &f->n_ignore, prefix, name);
			else if (name_in(name, critical, sizeof(critical) / sizeof(*critical)))
				add(f->crit, &f->n_crit, prefix, name);
			else if (depth == 0 && strcmp(name, "build") != 0) {
				char sub[4096];
				snprintf(sub, sizeof(sub), "%s%s/", prefix, name);
				scan(path, sub, 1, f);
			}
		}
		free(names[i]);
	}
	free(names);
}

/* The CLI keeps to libc: out of memory ends the command (only src/cli exits). */
static char *dup_or_die(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		fprintf(stderr, "diffvet: out of memory\n");
		exit(DV_EXIT_ERROR);
	}
	return d;
}

static int is_source(const char *name)
{
	const char *dot = strrchr(name, '.');
	static const char *const exts[] = {".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp"};
	size_t i;

	for (i = 0; dot && i < sizeof(exts) / sizeof(*exts); i++)
		if (strcmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

/* The project's own sources, sorted, skipping hidden, vendored and build
 * directories; symbolic links are never followed (lstat). */
static void find_sources(const char *dir, int depth, struct found *f)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), i;

	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (name[0] != '.' && f->n_files < MAX_FILES && lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < 8 &&
			    !name_in(name, vendored, sizeof(vendored) / sizeof(*vendored)) &&
			    strncmp(name, "build", 5) != 0 && strcmp(name, "testdata") != 0)
				find_sources(path, depth + 1, f);
			else if (S_ISREG(st.st_mode) && is_source(name))
				f->files[f->n_files++] = dup_or_die(path + 2); /* drop "./" */
		}
		free(names[i]);
	}
	free(names);
}

static int contains(const char *s, const char *const *words, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(s, words[i]))
			return 1;
	return 0;
}

static int known(char *const *arr, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(arr[i], name) == 0)
			return 1;
	return 0;
}

/* Names are C identifiers (libclang's spelling), so plain substrings of
 * the lower-cased name are a fair first guess; init says so, and the user
 * reviews the file before committing it. */
static void classify(void *ctx, const char *name, enum dv_return_kind kind, int is_definition)
{
	static const char *const auth[] = {"auth", "permission", "permitted", "allowed", "is_admin",
					   "acl_", "_acl", "access", "privilege", "has_role",
					   "has_perm", "_can_", "_may_", "verify_token",
					   "check_token"};
	static const char *const predicate[] = {"is_", "has_", "can_", "may_"};
	static const char *const escape[] = {"escape", "quote", "sanitiz"};
	static const char *const logger[] = {"log_", "_log", "logger", "audit"};
	struct found *f = ctx;
	char lower[128];
	size_t i;

	(void)is_definition;
	for (i = 0; name[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	lower[i] = '\0';
	if (name[i] || strncmp(lower, "__", 2) == 0)
		return;
	if ((kind == DV_RETURNS_BOOL || kind == DV_RETURNS_INTEGER) &&
	    (contains(lower, auth, sizeof(auth) / sizeof(*auth)) || strncmp(lower, "can_", 4) == 0 ||
	     strncmp(lower, "may_", 4) == 0) &&
	    f->n_checks < MAX_LIST &&
	    !known(f->checks, f->n_checks, name)) {
		f->check_predicate[f->n_checks] =
			kind == DV_RETURNS_BOOL ||
			(strncmp(lower, "is_", 3) == 0 || strncmp(lower, "has_", 4) == 0 ||
			 strncmp(lower, "can_", 4) == 0 || strncmp(lower, "may_", 4) == 0 ||
			 strstr(lower, "allowed") || strstr(lower, "permitted"));
		f->checks[f->n_checks++] = dup_or_die(name);
	} else if (kind == DV_RETURNS_POINTER &&
		   contains(lower, escape, sizeof(escape) / sizeof(*escape)) &&
		   f->n_sanitizers < MAX_LIST && !known(f->sanitizers, f->n_sanitizers, name)) {
		f->sanitizer_rule[f->n_sanitizers] =
			strstr(lower, "sql")	? "injection/sql"
			: strstr(lower, "shell") || strstr(lower, "cmd") ? "injection/command"
			: strstr(lower, "path") ? "injection/path"
						: NULL;
		f->sanitizers[f->n_sanitizers++] = dup_or_die(name);
	} else if (contains(lower, logger, sizeof(logger) / sizeof(*logger)) &&
		   !contains(lower, predicate, sizeof(predicate) / sizeof(*predicate)) &&
		   f->n_loggers < MAX_LIST && !known(f->loggers, f->n_loggers, name)) {
		f->loggers[f->n_loggers++] = dup_or_die(name);
	}
}

static void put_api(FILE *out, const struct found *f)
{
	size_t i;

	fprintf(out, "  \"api\": {");
	if (f->n_checks) {
		fprintf(out, "\n    \"permission\": {\n      \"checks\": [");
		for (i = 0; i < f->n_checks; i++)
			fprintf(out, "%s\n        {\"function\": \"%s\"%s}", i ? "," : "", f->checks[i],
				f->check_predicate[i] ? ", \"pass\": \"nonzero\"" : "");
		fprintf(out, "\n      ]\n    }%s", f->n_sanitizers ? "," : "\n  ");
	}
	if (f->n_sanitizers) {
		fprintf(out, "\n    \"injection\": {\n      \"sanitizers\": {");
		for (i = 0; i < f->n_sanitizers; i++) {
			fprintf(out, "%s\n        \"%s\": {\"return\": true", i ? "," : "",
				f->sanitizers[i]);
			if (f->sanitizer_rule[i])
				fprintf(out, ", \"rules\": [\"%s\"]", f->sanitizer_rule[i]);
			fputc('}', out);
		}
		fprintf(out, "\n      }\n    }\n  ");
	}
	fprintf(out, "}\n");
}

static void free_all(char **arr, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(arr[i]);
}

static void put_list(FILE *out, const char *key, char **items, size_t n, int last)
{
	size_t i;

	fprintf(out, "  \"%s\": [", key);
	for (i = 0; i < n; i++) {
		const char *p;

		fputs(i ? ", \"" : "\"", out);
		for (p = items[i]; *p; p++) /* directory names: escape what JSON needs */
			if (*p == '"' || *p == '\\')
				fprintf(out, "\\%c", *p);
			else if ((unsigned char)*p < 0x20)
				fprintf(out, "\\u%04x", (unsigned char)*p);
			else
				fputc(*p, out);
		fputc('"', out);
	}
	fprintf(out, "]%s\n", last ? "" : ",");
}

int cmd_init(struct cli_options *o)
{
	const char *path = o->output ? o->output : ".diffvet.json";
	struct cli_options check = *o;
	struct dv_error err = {0};
	struct dv_session *s = NULL;
	struct found f;
	FILE *out;
	size_t i;
	int rc = DV_EXIT_ERROR, fd;

	memset(&f, 0, sizeof(f));
	if (o->n_positional) {
		fprintf(stderr, "diffvet init: unexpected argument '%s'\n", o->positional[0]);
		return DV_EXIT_ERROR;
	}
	if (access(path, F_OK) == 0) { /* fail before the slow part; O_EXCL below decides */
		fprintf(stderr, "diffvet init: '%s': already exists; remove it or write elsewhere with -o FILE\n", path);
		return DV_EXIT_ERROR;
	}
	scan(".", "", 0, &f);
	/* a session with the command line's flags (-p, -I, -D) to parse with */
	s = cli_session(o, &err);
	if (!s) {
		fprintf(stderr, "diffvet init: %s\n", err.msg);
		goto done;
	}
	find_sources(".", 0, &f);
	if (dv_session_list_functions(s, (const char *const *)f.files, f.n_files, classify, &f,
				      &err) != 0) {
		fprintf(stderr, "diffvet init: %s\n", err.msg);
		goto done;
	}
	dv_session_free(s);
	s = NULL;
	/* O_EXCL: an existing config is the project's, never replaced */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
	if (fd < 0) {
		fprintf(stderr, "diffvet init: '%s': %s\n", path,
			errno == EEXIST ? "already exists; remove it or write elsewhere with -o FILE"
					: strerror(errno));
		goto done;
	}
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		goto done;
	}
	fprintf(out, "{\n  \"version\": 1,\n");
	put_list(out, "ignore_paths", f.ignore, f.n_ignore, 0);
	put_list(out, "critical_paths", f.crit, f.n_crit, 0);
	fprintf(out, "  \"disable\": [],\n  \"levels\": {},\n");
	put_api(out, &f);
	fprintf(out, "}\n");
	if (fclose(out) != 0) {
		fprintf(stderr, "diffvet init: '%s': write failed\n", path);
		goto done;
	}
	check.config = path; /* load it back: init never leaves a config diffvet rejects */
	s = cli_session(&check, &err);
	if (!s) {
		fprintf(stderr, "diffvet init: the written config is rejected: %s\n", err.msg);
		unlink(path);
		goto done;
	}
	printf("wrote %s\n", path);
	for (i = 0; i < f.n_ignore; i++)
		printf("  ignore_paths: %s (vendored or generated code: nothing is reported there)\n",
		       f.ignore[i]);
	for (i = 0; i < f.n_crit; i++)
		printf("  critical_paths: %s (a change there demands senior approval)\n", f.crit[i]);
	for (i = 0; i < f.n_checks; i++)
		printf("  permission check: %s() (%s)\n", f.checks[i],
		       f.check_predicate[i] ? "a nonzero result means allowed"
					    : "its result decides; say \"pass\": \"zero\" or \"nonzero\" if "
					      "only one value means allowed");
	for (i = 0; i < f.n_sanitizers; i++)
		printf("  injection sanitizer: %s() (its result is safe for %s)\n", f.sanitizers[i],
		       f.sanitizer_rule[i] ? f.sanitizer_rule[i] : "every injection rule");
	for (i = 0; i < f.n_loggers; i++)
		printf("  logger: %s() (not written: no logging checker ships yet)\n", f.loggers[i]);
	printf("  looked at %zu C/C++ file%s%s\n", f.n_files, f.n_files == 1 ? "" : "s",
	       f.n_files == MAX_FILES ? " (the first ones only)" : "");
	if (dv_session_compdb_dir(s))
		printf("  compile flags: %s/compile_commands.json (used automatically)\n",
		       dv_session_compdb_dir(s));
	else
		printf("  compile flags: no compile_commands.json in . or build/; generate one\n"
		       "  (cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, bear -- make) or pass -I/-D/--std\n");
	printf("next: review the guesses above, add what init cannot guess (lock and handle\n"
	       "wrappers, entry points; docs/configuration.md), then commit %s: in diff\n"
	       "mode diffvet reads it from the base revision.\n",
	       path);
	rc = DV_EXIT_CLEAN;
done:
	dv_session_free(s);
	free_all(f.ignore, f.n_ignore);
	free_all(f.crit, f.n_crit);
	free_all(f.files, f.n_files);
	free_all(f.checks, f.n_checks);
	free_all(f.sanitizers, f.n_sanitizers);
	free_all(f.loggers, f.n_loggers);
	return rc;
}
