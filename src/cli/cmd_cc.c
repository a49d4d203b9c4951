/*
 * diffvet cc -- <compiler command>: a compiler launcher
 * (CMAKE_C_COMPILER_LAUNCHER, CC="diffvet cc -- cc").  It analyses the
 * command's C/C++ inputs with exactly its flags, writes the report next to
 * the object file (OBJ.diffvet.sarif; `diffvet merge` collects them), then
 * runs the compiler unchanged and returns its exit status.  The build's
 * outcome never depends on diffvet: a problem of the analysis is one line
 * on stderr, and the compiler still runs.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The object file the command writes: the value of -o or -oFILE, or NULL. */
static const char *object_of(char **argv, size_t argc)
{
	size_t i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "-o", 2) == 0 && argv[i][2])
			return argv[i] + 2;
	}
	return NULL;
}

static const char *extension_of(const char *format)
{
	if (strcmp(format, "json") == 0)
		return ".diffvet.json";
	if (strcmp(format, "markdown") == 0)
		return ".diffvet.md";
	if (strcmp(format, "html") == 0)
		return ".diffvet.html";
	if (strcmp(format, "gitlab") == 0)
		return ".diffvet.gl-sast.json";
	return ".diffvet.sarif";
}

/* OBJ.diffvet.sarif, or STEM.o.diffvet.sarif in the current directory for
 * a command without -o (what `cc -c dir/a.c` writes: a.o).  Malloc'd. */
static char *report_path(const struct cli_options *o, const char *first_input, const char *format)
{
	const char *obj = object_of(o->positional, o->n_positional);
	const char *ext = extension_of(format);
	const char *base, *dot;
	char *path;
	size_t n;

	if (o->output)
		return strdup(o->output);
	if (obj) {
		n = strlen(obj) + strlen(ext) + 1;
		path = malloc(n);
		if (path)
			snprintf(path, n, "%s%s", obj, ext);
		return path;
	}
	base = strrchr(first_input, '/');
	base = base ? base + 1 : first_input;
	dot = strrchr(base, '.');
	n = (size_t)(dot ? dot - base : (long)strlen(base));
	path = malloc(n + strlen(".o") + strlen(ext) + 1);
	if (path)
		snprintf(path, n + strlen(".o") + strlen(ext) + 1, "%.*s.o%s", (int)n, base, ext);
	return path;
}

static void analyse(struct cli_options *o)
{
	struct dv_error err = {0};
	struct dv_session *s = NULL;
	struct dv_analysis *a = NULL;
	struct dv_write_options wo;
	const char *format = strcmp(o->format, "text") == 0 ? "sarif" : o->format;
	const char **inputs = NULL;
	char *out = NULL;
	size_t i, n;

	s = cli_session_command(o, o->positional, o->n_positional, &err);
	if (!s)
		goto done;
	n = dv_session_n_command_inputs(s);
	if (n == 0)
		goto done; /* a link or an assembly: nothing to analyse */
	inputs = malloc(n * sizeof(*inputs));
	if (!inputs) {
		dv_error_set(&err, DV_ERR_INTERNAL, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++)
		inputs[i] = dv_session_command_input(s, i);
	if (dv_session_check(s, inputs, n, &a, &err) != 0)
		goto done;
	out = report_path(o, inputs[0], format);
	if (!out) {
		dv_error_set(&err, DV_ERR_INTERNAL, "out of memory");
		goto done;
	}
	memset(&wo, 0, sizeof(wo));
	wo.fail_on = o->fail_on;
	wo.command_line = o->command_line;
	if (dv_analysis_write_file(a, format, out, &wo, &err) != 0)
		goto done;
	if (o->verbose)
		dv_analysis_print_problems(a, stderr, o->verbose);
	if (!o->quiet && (dv_analysis_findings(a)->count || !dv_analysis_complete(a)))
		fprintf(stderr, "diffvet: %s: %zu finding%s%s (%s)\n", inputs[0],
			dv_analysis_findings(a)->count, dv_analysis_findings(a)->count == 1 ? "" : "s",
			dv_analysis_complete(a) ? "" : ", analysis incomplete", out);
done:
	if (err.code)
		fprintf(stderr, "diffvet cc: %s (compiling anyway)\n", err.msg);
	free(out);
	free(inputs);
	dv_analysis_free(a);
	dv_session_free(s);
}

/* Runs the compiler command unchanged; its exit status (128 + signal when
 * it was killed, 127 when it could not be started). */
static int run_compiler(char **argv)
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "diffvet cc: cannot start '%s': %s\n", argv[0], strerror(errno));
		return 127;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "diffvet cc: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 127;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 127;
}

int cmd_cc(struct cli_options *o)
{
	char **argv;
	size_t i;
	int rc;

	if (!o->n_positional) {
		fprintf(stderr, "diffvet cc: no compiler command given: diffvet cc [options] -- cc "
				"-c file.c ...\n(see 'diffvet cc --help')\n");
		return DV_EXIT_ERROR;
	}
	analyse(o);
	argv = malloc((o->n_positional + 1) * sizeof(*argv));
	if (!argv) {
		fprintf(stderr, "diffvet: out of memory\n");
		return DV_EXIT_ERROR;
	}
	for (i = 0; i < o->n_positional; i++)
		argv[i] = o->positional[i];
	argv[i] = NULL;
	rc = run_compiler(argv);
	free(argv);
	return rc;
}
