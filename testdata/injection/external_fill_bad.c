/* injection: a function declared but not defined here that fills a
 * buffer passes on what its other arguments carry. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int join_path(char *, size_t, const char *, const char *, char);
void show(char *text, int width);
void note(char *message);

/* 1. the new content is made of untrusted text */
int remove_named(void)
{
	char n[256];
	const char *user = getenv("TARGET_USER");
	if (!join_path(n, sizeof n, "/var/spool", user, '/'))
		return -1;
	return unlink(n); // expect: injection/path
}

/* 2. the buffer passed again as a source keeps its taint */
FILE *open_extended(void)
{
	char path[256];
	if (fgets(path, sizeof path, stdin) == NULL)
		return NULL;
	join_path(path, sizeof path, path, ".conf", '\0');
	return fopen(path, "r"); // expect: injection/path
}

/* 3. a (char *, int) pair without sizeof, and a parameter not named
 * like a destination: nothing says the callee writes there */
int run_shown(void)
{
	char cmd[128];
	if (fgets(cmd, sizeof cmd, stdin) == NULL)
		return -1;
	show(cmd, 40);
	note(cmd);
	return system(cmd); // expect: injection/command
}

/* 4. a wrapper in this file that appends to its parameter keeps what
 * the caller's buffer held; one that replaces it only on some paths too */
#include <string.h>
static void add_suffix(char *s)
{
	strcat(s, ".bak");
}

static void maybe_reset(char *s, int reset)
{
	if (reset)
		strcpy(s, "/tmp/default");
}

int remove_suffixed(int reset)
{
	char buf[256];
	if (fgets(buf, sizeof buf, stdin) == NULL)
		return -1;
	add_suffix(buf);
	unlink(buf); // expect: injection/path
	maybe_reset(buf, reset);
	return unlink(buf); // expect: injection/path
}
