/* File-scope and static variables holding only constants (negatives). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *mode_fmt = "mode %d\n";
static char *greeting;
static char banner[64];

static void set_greeting(int formal)
{
	if (formal)
		greeting = "Good day\n";
	else
		greeting = "Hi\n";
}

void greet(int formal)
{
	set_greeting(formal);
	printf(greeting);
	printf(mode_fmt, formal);
}

static void build_banner(void)
{
	strcpy(banner, "== diffvet ==\n");
}

void show_banner(void)
{
	build_banner();
	printf(banner);
}

/* a tainted value in one global does not reach another */
static char *user_name;
static char *default_cmd = "uptime";

static void load(void)
{
	user_name = getenv("USER");
}

void report(void)
{
	load();
	puts(user_name);
	system(default_cmd);
}

/* a global overwritten with a constant before its use in the same function */
static char *scratch;

static void fill(void)
{
	scratch = getenv("X");
}

void use_scratch(void)
{
	fill();
	scratch = "ls";
	system(scratch);
}
