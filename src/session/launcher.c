/* diffvet cc: a compiler command as a one-entry compile database (launcher.h). */
#include "session/launcher.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/paths.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"

/* Compiler front ends that run the real compiler named by their first
 * argument: the database entry starts at that compiler. */
static int is_wrapper(const char *arg)
{
	static const char *const names[] = {"ccache", "sccache", "distcc", "icecc", "buildcache",
					    NULL};
	const char *base = strrchr(arg, '/');
	const char *const *n;

	base = base ? base + 1 : arg;
	for (n = names; *n; n++)
		if (strcmp(base, *n) == 0)
			return 1;
	return 0;
}

/* Options of gcc and clang whose value is the next argument: that value is
 * never an input, even when it ends in .c (`-o x.c`, `-include a.c`). */
static int takes_value(const char *arg)
{
	static const char *const opts[] = {
		"-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter",
		"-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot", "--sysroot", "-x",
		"-MF", "-MT", "-MQ", "-MJ", "-Xclang", "-Xlinker", "-Xpreprocessor", "-Xassembler",
		"-l", "-L", "-T", "-aux-info", "-arch", "-target", "-B", "-u", "-e", "-z",
		"-dumpdir", "-dumpbase", "-dumpbase-ext", "--param", "-G", NULL};
	const char *const *o;

	for (o = opts; *o; o++)
		if (strcmp(arg, *o) == 0)
			return 1;
	return 0;
}

static char *repository_of(const char *abs_file)
{
	char *dir = xstrdup(abs_file);
	char *slash = strrchr(dir, '/');
	char *probe;
	struct stat st;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	for (;;) {
		probe = dv_path_join(dir, ".git");
		if (stat(probe, &st) == 0) {
			free(probe);
			return dir;
		}
		free(probe);
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	free(dir);
	dir = xstrdup(abs_file);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	return dir;
}

static int write_database(struct dv_launch *l, const char *const *argv, size_t argc,
			  const char *cwd, struct dv_error *err)
{
	cJSON *db = cJSON_CreateArray(), *entry, *args;
	char *text = NULL, *path = NULL, tmpl[4096];
	const char *tmp = getenv("TMPDIR");
	size_t i, k;
	int rc = 0;

	if (!db)
		return dv_error_set(err, DV_ERR_INTERNAL, "out of memory");
	for (k = 0; k < l->n_inputs; k++) {
		entry = cJSON_CreateObject();
		args = cJSON_CreateArray();
		if (!entry || !args || !cJSON_AddItemToArray(db, entry) ||
		    !cJSON_AddStringToObject(entry, "directory", cwd) ||
		    !cJSON_AddStringToObject(entry, "file", l->inputs[k]) ||
		    !cJSON_AddItemToObject(entry, "arguments", args)) {
			cJSON_Delete(entry);
			cJSON_Delete(args);
			rc = dv_error_set(err, DV_ERR_INTERNAL, "out of memory");
			goto done;
		}
		for (i = 0; i < argc; i++)
			if (!cJSON_AddItemToArray(args, cJSON_CreateString(argv[i]))) {
				rc = dv_error_set(err, DV_ERR_INTERNAL, "out of memory");
				goto done;
			}
	}
	snprintf(tmpl, sizeof(tmpl), "%s/diffvet-cc-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmpl)) {
		rc = dv_error_set(err, DV_ERR_IO, "cannot create a temporary directory in %s: %s",
				  tmp && *tmp ? tmp : "/tmp", strerror(errno));
		goto done;
	}
	l->db_dir = xstrdup(tmpl);
	text = cJSON_Print(db);
	if (!text) {
		rc = dv_error_set(err, DV_ERR_INTERNAL, "out of memory");
		goto done;
	}
	path = dv_path_join(l->db_dir, "compile_commands.json");
	if (dv_atomic_write(path, text, strlen(text)) != 0)
		rc = dv_error_set(err, DV_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
done:
	free(path);
	cJSON_free(text);
	cJSON_Delete(db);
	return rc;
}

int dv_launch_prepare(const char *const *argv, size_t argc, const char *cwd,
		      struct dv_launch *out, struct dv_error *err)
{
	size_t i, first = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	while (first + 1 < argc && is_wrapper(argv[first]))
		first++;
	for (i = first + 1; i < argc; i++) {
		const char *arg = argv[i];

		if (takes_value(arg)) {
			i++;
			continue;
		}
		if (arg[0] == '-' || !dv_path_is_c_family(arg) || dv_path_is_header(arg))
			continue;
		out->inputs = xrealloc(out->inputs, (out->n_inputs + 1) * sizeof(*out->inputs));
		out->inputs[out->n_inputs++] = dv_path_absolute(arg, cwd);
	}
	if (!out->n_inputs)
		return 0;
	out->root = repository_of(out->inputs[0]);
	rc = write_database(out, argv + first, argc - first, cwd, err);
	if (rc != 0)
		dv_launch_release(out);
	return rc;
}

void dv_launch_release(struct dv_launch *l)
{
	size_t i;

	if (l->db_dir) {
		char *path = dv_path_join(l->db_dir, "compile_commands.json");
		unlink(path);
		free(path);
		rmdir(l->db_dir);
		free(l->db_dir);
	}
	for (i = 0; i < l->n_inputs; i++)
		free(l->inputs[i]);
	free(l->inputs);
	free(l->root);
	memset(l, 0, sizeof(*l));
}
