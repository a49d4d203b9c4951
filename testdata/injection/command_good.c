/* injection/command: negatives.  No line here may get a finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *g_shell_quote(const char *unquoted);

/* 1. a constant command */
void constant_command(void)
{
	system("ls -l /var/log");
}

/* 2. an integer conversion sanitizes */
void integer_only(int argc, char **argv)
{
	char cmd[64];
	int pid;
	if (argc < 2)
		return;
	pid = atoi(argv[1]);
	snprintf(cmd, sizeof cmd, "kill -HUP %d", pid);
	system(cmd);
}

/* 3. execvp with a fixed argv: the value is one argument, no shell */
void exec_fixed_argv(void)
{
	char *const args[] = {"ls", "-l", getenv("DIR"), NULL};
	execvp("ls", args);
}

/* 4. a helper with a sink, called with constants only */
static void run_shell(const char *line)
{
	system(line);
}

void helper_constant(void)
{
	run_shell("sync");
	run_shell("date");
}

/* 5. quoted for the shell by a sanitizer */
void quoted(void)
{
	char cmd[512];
	char *q = g_shell_quote(getenv("FILE"));
	snprintf(cmd, sizeof cmd, "wc -l %s", q);
	system(cmd);
	free(q);
}

/* 6. the command is chosen among constants */
void chosen_constant(const char *mode)
{
	const char *cmd = strcmp(mode, "fast") == 0 ? "make -j8" : "make";
	system(cmd);
}

/* 7. a loop over constant strings */
void loop_constants(void)
{
	static const char *const steps[] = {"./configure", "make", "make install"};
	size_t i;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		system(steps[i]);
}

/* 8. a struct field holding a constant */
struct job {
	const char *command;
};

void struct_constant(void)
{
	struct job j;
	j.command = "uptime";
	system(j.command);
}

/* 9. untrusted data printed, not executed */
void printed_only(void)
{
	printf("%s\n", getenv("USER"));
	system("id");
}

/* 10. strtol result formatted as a number */
void strtol_number(void)
{
	char cmd[64];
	long n = strtol(getenv("COUNT"), NULL, 10);
	snprintf(cmd, sizeof cmd, "seq %ld", n);
	system(cmd);
}

/* 11. the buffer is overwritten with a constant before use */
void overwritten(void)
{
	char cmd[128];
	strcpy(cmd, getenv("X"));
	strcpy(cmd, "true");
	system(cmd);
}

/* 12. execl of a program that is not a shell */
void exec_not_shell(void)
{
	execl("/usr/bin/file", "file", getenv("PATH_TO_CHECK"), (char *)NULL);
}

/* 13. popen of a constant */
void popen_constant(void)
{
	FILE *p = popen("hostname", "r");
	if (p)
		pclose(p);
}

/* 14. a variable reassigned with a constant */
void reassigned(void)
{
	const char *c = getenv("X");
	c = "true";
	system(c);
}

/* 15. a helper builds the command from a number only */
static void build_kill(char *out, size_t n, int pid)
{
	snprintf(out, n, "kill %d", pid);
}

void helper_number(void)
{
	char cmd[32];
	build_kill(cmd, sizeof cmd, atoi(getenv("PID")));
	system(cmd);
}

/* 16. a shell with -c but a constant script; the tainted value is $1 */
void shell_positional(void)
{
	execl("/bin/sh", "sh", "-c", "ls -- \"$1\"", "sh", getenv("DIR"), (char *)NULL);
}

/* 17. a method-like function pointer named system is not libc's system */
struct platform {
	int (*system)(const char *what, int flags);
};

void through_pointer(struct platform *p)
{
	p->system(getenv("WHAT"), 0);
}

/* wordexp without command substitution cannot run commands (BlueZ's shell) */
#include <wordexp.h>
int split_words(void)
{
	wordexp_t w;
	const char *line = getenv("WORDS");
	if (!line || wordexp(line, &w, WRDE_NOCMD | WRDE_UNDEF))
		return -1;
	wordfree(&w);
	return 0;
}
