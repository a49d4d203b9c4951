/*
 * diffvet init: a starter .diffvet.json tuned from the repository.
 *
 * What it looks at is the directory tree (top two levels), never file
 * contents: directories of vendored or generated code become ignore_paths,
 * directories whose name says authentication, authorization or crypto
 * become critical_paths.  The file is strict JSON (the loader takes no
 * comments), so the explanation of each choice goes to standard output.
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

struct found {
	char *ignore[32], *crit[32];
	size_t n_ignore, n_crit;
};

static void add(char **arr, size_t *n, const char *prefix, const char *name)
{
	size_t len = strlen(prefix) + strlen(name) + 2;
	char *s;

	if (*n >= 32 || !(s = malloc(len)))
		return;
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
	/* O_EXCL: an existing config is the project's, never replaced */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
	if (fd < 0) {
		fprintf(stderr, "diffvet init: '%s': %s\n", path,
			errno == EEXIST ? "already exists; remove it or write elsewhere with -o FILE"
					: strerror(errno));
		return DV_EXIT_ERROR;
	}
	scan(".", "", 0, &f);
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		goto done;
	}
	fprintf(out, "{\n  \"version\": 1,\n");
	put_list(out, "ignore_paths", f.ignore, f.n_ignore, 0);
	put_list(out, "critical_paths", f.crit, f.n_crit, 0);
	fprintf(out, "  \"disable\": [],\n  \"levels\": {}\n}\n");
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
		printf("  critical_paths: %s (a change there raises the review gate)\n", f.crit[i]);
	if (dv_session_compdb_dir(s))
		printf("  compile flags: %s/compile_commands.json (used automatically)\n",
		       dv_session_compdb_dir(s));
	else
		printf("  compile flags: no compile_commands.json in . or build/; generate one\n"
		       "  (cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, bear -- make) or pass -I/-D/--std\n");
	printf("next: add the project's own wrappers, sanitizers and authorization checks under\n"
	       "\"api\" (docs/configuration.md), then commit %s: in diff mode diffvet reads it\n"
	       "from the base revision.\n",
	       path);
	rc = DV_EXIT_CLEAN;
done:
	dv_session_free(s);
	for (i = 0; i < f.n_ignore; i++)
		free(f.ignore[i]);
	for (i = 0; i < f.n_crit; i++)
		free(f.crit[i]);
	return rc;
}
