/* Untrusted data stored in a file-scope or static variable by one
 * function and used by another (positives). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *pending_cmd;
static char line_buf[256];
char *exported_query;

static void remember(void)
{
	pending_cmd = getenv("HOOK");
}

static void run_pending(void)
{
	system(pending_cmd); // expect: injection/command
}

void hook(void)
{
	remember();
	run_pending();
}

/* an array written by a source in one function, run by another */
static void read_line(void)
{
	if (!fgets(line_buf, sizeof line_buf, stdin))
		line_buf[0] = '\0';
}

void run_line(void)
{
	read_line();
	printf(line_buf); // expect: injection/format-string
}

/* a pointer aliased to a buffer that is filled after the store */
static char *last_input;

static void take_input(void)
{
	char *buf = malloc(128);
	if (!buf)
		return;
	last_input = buf;
	if (!fgets(buf, 128, stdin))
		buf[0] = '\0';
}

void echo_input(void)
{
	take_input();
	system(last_input); // expect: injection/command
}

/* a static local written on one call, read on the next */
void toggle(int set)
{
	static const char *saved;
	if (set)
		saved = getenv("NEXT");
	else
		system(saved); // expect: injection/command
}
