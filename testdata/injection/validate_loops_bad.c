/* injection: tests that look like validation but prove nothing about
 * the whole string. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1. a loop that only breaks on a bad character: the code after it runs anyway */
int run_job(void)
{
	const char *name = getenv("JOB_NAME");
	char cmd[256];
	const char *p;
	if (name == NULL)
		return -1;
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p))
			break;
	snprintf(cmd, sizeof cmd, "/usr/libexec/jobs/run %s", name);
	return system(cmd); // expect: injection/command
}

/* 2. the allow-list holds '/' and '.': a path can still climb */
FILE *open_report(void)
{
	char id[64], path[128];
	size_t i;
	if (fgets(id, sizeof id, stdin) == NULL)
		return NULL;
	for (i = 0; id[i]; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '/' && id[i] != '.')
			return NULL;
	snprintf(path, sizeof path, "/srv/reports/%s", id);
	return fopen(path, "r"); // expect: injection/path
}

/* 3. a suffix test validates nothing about the rest of the name */
FILE *open_archive(void)
{
	char name[128], path[256];
	size_t n;
	if (fgets(name, sizeof name, stdin) == NULL)
		return NULL;
	n = strlen(name);
	if (n < 3 || strcmp(name + n - 3, ".gz") != 0)
		return NULL;
	snprintf(path, sizeof path, "/srv/archive/%s", name);
	return fopen(path, "r"); // expect: injection/path
}

/* 4. the filter keeps characters that are not safe for a shell */
int show_user(void)
{
	char user[64], cmd[128];
	size_t i, j = 0;
	if (fgets(user, sizeof user, stdin) == NULL)
		return -1;
	for (i = 0; user[i]; i++)
		if (isalnum((unsigned char)user[i]) || user[i] == ';')
			user[j++] = user[i];
	user[j] = '\0';
	snprintf(cmd, sizeof cmd, "id %s", user);
	return system(cmd); // expect: injection/command
}

/* 5. the loop tests only the first character: its test is not of the element */
int run_first(void)
{
	char *tag = getenv("TAG");
	char *q;
	if (!tag)
		return 1;
	for (q = tag; *q; q++)
		if (!isalnum((unsigned char)tag[0]))
			return 1;
	return system(tag); // expect: injection/command
}

/* 6. the number is checked, but the text is used */
int nice_text(void)
{
	char *end, cmd[64];
	const char *arg = getenv("NICE");
	long n;
	if (!arg)
		return -1;
	n = strtol(arg, &end, 10);
	if (n < -20 || n > 19)
		return -1;
	snprintf(cmd, sizeof cmd, "renice %s -p 1", arg);
	return system(cmd); // expect: injection/command
}
