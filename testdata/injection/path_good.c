/* injection/path: negatives.  No line here may get a finding.  The
 * validators is_safe_name / require_safe_path come from .diffvet.json. */
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int is_safe_name(const char *name);
void require_safe_path(const char *path);

/* 1. a constant path */
FILE *constant(void)
{
	return fopen("/etc/diffvet.conf", "r");
}

/* 2. basename keeps only the last component */
FILE *base_only(int argc, char **argv)
{
	char path[512];
	if (argc < 2)
		return NULL;
	snprintf(path, sizeof path, "/srv/data/%s", basename(argv[1]));
	return fopen(path, "r");
}

/* 3. names with '/' or ".." are rejected */
FILE *rejected(void)
{
	const char *name = getenv("NAME");
	char path[512];
	if (name == NULL || strchr(name, '/') != NULL || strstr(name, "..") != NULL)
		return NULL;
	snprintf(path, sizeof path, "/srv/data/%s", name);
	return fopen(path, "r");
}

/* 4. realpath and a prefix check */
FILE *canonical(void)
{
	char resolved[PATH_MAX];
	if (realpath(getenv("DOC"), resolved) == NULL)
		return NULL;
	if (strncmp(resolved, "/srv/docs/", 10) != 0)
		return NULL;
	return fopen(resolved, "r");
}

/* 5. a number in the path */
int proc_status(const char *pid_text)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", atoi(pid_text));
	return open(path, O_RDONLY);
}

/* 6. a helper opening a file, called with constants */
static int open_data(const char *name)
{
	return open(name, O_RDONLY);
}

int helper_constant(void)
{
	return open_data("/var/lib/app/state");
}

/* 7. a validator from the project config */
FILE *validated(void)
{
	const char *n = getenv("NAME");
	if (!is_safe_name(n))
		return NULL;
	return fopen(n, "r");
}

/* 8. a validator that does not return when the path is bad */
void checked_unlink(void)
{
	const char *p = getenv("TMPFILE");
	require_safe_path(p);
	unlink(p);
}

/* 9. a constant in a struct field */
struct target {
	const char *path;
};

void struct_constant(void)
{
	struct target t;
	t.path = "/tmp/app.lock";
	unlink(t.path);
}

/* 10. a loop over constant names */
void cleanup_files(void)
{
	static const char *const files[] = {"/tmp/a.tmp", "/tmp/b.tmp"};
	unsigned i;
	for (i = 0; i < 2; i++)
		remove(files[i]);
}

/* 11. untrusted data written into a file, not used as its name */
void write_content(void)
{
	FILE *f = fopen("/var/log/app.log", "a");
	if (f) {
		fputs(getenv("MESSAGE"), f);
		fclose(f);
	}
}

/* 12. compared with a constant name first */
FILE *known_name(void)
{
	const char *n = getenv("PROFILE");
	if (n != NULL && strcmp(n, "default.ini") == 0)
		return fopen(n, "r");
	return NULL;
}

/* 13. a file index parsed as a number */
FILE *indexed(void)
{
	char path[64];
	long idx = strtol(getenv("INDEX"), NULL, 10);
	snprintf(path, sizeof path, "/var/spool/job.%ld", idx);
	return fopen(path, "r");
}

/* 14. opened on the branch where the name has no slash */
FILE *right_branch(void)
{
	const char *n = getenv("NAME");
	if (n != NULL && strchr(n, '/') == NULL && strstr(n, "..") == NULL)
		return fopen(n, "r");
	return NULL;
}

/* 15. a file named whole on the command line is the program's interface
 * (`cat FILE`), not a traversal */
int main(int argc, char **argv)
{
	int i;
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		if (f == NULL)
			return 1;
		fclose(f);
	}
	return open_data(argv[0]) < 0;
}
