/* Interprocedural findings are reported once, at the sink, however many
 * callers pass untrusted data in. */
#include <stdio.h>
#include <stdlib.h>

static void run(const char *cmd)
{
	system(cmd); // expect: injection/command
}

void from_env(void)
{
	run(getenv("A"));
}

void from_stdin(void)
{
	char buf[64];
	if (fgets(buf, sizeof buf, stdin))
		run(buf);
}

void constant_caller(void)
{
	run("uptime");
}

/* through two helpers: still at the innermost sink */
static FILE *inner(const char *cmd)
{
	return popen(cmd, "r"); // expect: injection/command
}

static FILE *outer(const char *cmd)
{
	return inner(cmd);
}

FILE *go(void)
{
	return outer(getenv("PIPE"));
}

/* a helper only ever given constants reports nothing */
static void quiet(const char *cmd)
{
	system(cmd);
}

void use_quiet(void)
{
	quiet("sync");
}
