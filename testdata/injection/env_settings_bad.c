/* injection: only the variables that name the user's own settings are
 * trusted, only for commands and paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1. any other variable is untrusted */
int run_hook(void)
{
	return system(getenv("HOOK_COMMAND")); // expect: injection/command
}

/* 2. a user setting joined with untrusted text keeps that text's taint */
FILE *open_named(void)
{
	char path[512], name[128];
	if (fgets(name, sizeof name, stdin) == NULL)
		return NULL;
	snprintf(path, sizeof path, "%s/%s", getenv("HOME"), name);
	return fopen(path, "r"); // expect: injection/path
}

/* 3. a setting is still no format */
void greet(void)
{
	printf(getenv("HOME")); // expect: injection/format-string
}

/* 4. the variable's name must be known: a computed name is untrusted */
int run_named(const char *var)
{
	return system(getenv(var)); // expect: injection/command
}
