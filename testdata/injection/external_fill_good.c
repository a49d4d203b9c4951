/* injection: a function declared but not defined here that is given a
 * buffer to fill rewrites it; what the buffer held before dies.  No line
 * here may get a finding. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* defined in another file of the project */
int join_path(char *, size_t, const char *, const char *, char);
void copy_name(char *dst, const char *src);
int load_default(char *buf, int len);

/* 1. a (buffer, size_t) pair: the answer read from the terminal is
 * replaced by a path made of constants */
int remove_after_prompt(void)
{
	char n[256] = "";
	if (fgets(n, sizeof n, stdin) == NULL || (n[0] != 'y' && n[0] != 'Y'))
		return 0;
	if (!join_path(n, sizeof n, "/var/spool", "entry", '/'))
		return -1;
	return unlink(n);
}

/* 2. a first parameter named like a destination */
int run_default(void)
{
	char cmd[128];
	if (fgets(cmd, sizeof cmd, stdin) == NULL)
		return -1;
	copy_name(cmd, "/usr/bin/true");
	return system(cmd);
}

/* 3. a (buffer, int) pair given `sizeof` of the same buffer */
FILE *open_default(void)
{
	char path[128];
	if (fgets(path, sizeof path, stdin) == NULL)
		return NULL;
	load_default(path, (int)sizeof path);
	return fopen(path, "r");
}

/* 4. a wrapper in this file that prints into its parameter replaces what
 * the caller's buffer held */
#include <stdarg.h>
static int print_into(char *s, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;
	va_start(ap, fmt);
	len = vsnprintf(s, size, fmt, ap);
	va_end(ap);
	return len;
}

int remove_backup(void)
{
	char buf[256];
	if (fgets(buf, sizeof buf, stdin) == NULL)
		return -1;
	if (print_into(buf, sizeof buf, "%s-", "/etc/default/tool") < 0)
		return -1;
	return unlink(buf);
}
