/* injection: validation written as code.  No line here may get a finding. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1. every character must be a letter or a digit, else the function returns */
int run_job(void)
{
	const char *name = getenv("JOB_NAME");
	char cmd[256];
	const char *p;
	if (name == NULL)
		return -1;
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p))
			return -1;
	snprintf(cmd, sizeof cmd, "/usr/libexec/jobs/run %s", name);
	return system(cmd);
}

/* 2. an explicit allow-list through an index loop and a loaded character */
FILE *open_report(void)
{
	char id[64], path[128];
	size_t i;
	if (fgets(id, sizeof id, stdin) == NULL)
		return NULL;
	id[strcspn(id, "\n")] = '\0';
	for (i = 0; id[i] != '\0'; i++) {
		unsigned char c = (unsigned char)id[i];
		if ((c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_')
			goto bad;
	}
	snprintf(path, sizeof path, "/srv/reports/%s", id);
	return fopen(path, "r");
bad:
	return NULL;
}

/* 3. a filter that keeps only digits, into another buffer */
int kill_job(void)
{
	char in[64], out[64];
	size_t i, j = 0;
	char cmd[128];
	if (fgets(in, sizeof in, stdin) == NULL)
		return -1;
	for (i = 0; in[i] && j + 1 < sizeof out; i++)
		if (isdigit((unsigned char)in[i]))
			out[j++] = in[i];
	out[j] = '\0';
	snprintf(cmd, sizeof cmd, "kill %s", out);
	return system(cmd);
}

/* 4. a filter rewriting the string in place */
int show_user(void)
{
	char user[64], cmd[128];
	size_t i, j = 0;
	if (fgets(user, sizeof user, stdin) == NULL)
		return -1;
	for (i = 0; user[i]; i++)
		if (isalnum((unsigned char)user[i]) || user[i] == '_')
			user[j++] = user[i];
	user[j] = '\0';
	snprintf(cmd, sizeof cmd, "id %s", user);
	return system(cmd);
}

/* 5. an allow-list looked up with strchr; the loop exits by exit() */
int run_tag(void)
{
	char *tag = getenv("TAG");
	char *q;
	char cmd[128];
	if (!tag)
		return 1;
	for (q = tag; *q != '\0'; q++)
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789-", *q) == NULL)
			exit(2);
	snprintf(cmd, sizeof cmd, "git tag -v %s", tag);
	return system(cmd);
}

/* 6. an integer converted with strtol and range-checked, formatted with %d */
int nice_level(void)
{
	char *end;
	const char *arg = getenv("NICE");
	long n;
	char cmd[64];
	if (!arg)
		return -1;
	n = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || n < -20 || n > 19)
		return -1;
	snprintf(cmd, sizeof cmd, "renice %ld -p 1", n);
	return system(cmd);
}
