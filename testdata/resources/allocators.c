/* resources/leak: library calls that hand back memory the caller frees */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void show(const char *s);

int cwd_lost(void)
{
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return -1;
	show(cwd);
	return 0;  // expect: resources/leak
}

int message_lost(int code)
{
	char *msg;
	if (asprintf(&msg, "code %d", code) < 0)
		return -1;
	show(msg);
	return 0;  // expect: resources/leak
}

int lines_lost(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	while (getline(&line, &cap, f) != -1)
		n++;
	return n;  // expect: resources/leak
}

int grown_lost(size_t n)
{
	char *p = realloc(NULL, n);
	if (!p)
		return -1;
	show(p);
	return 0;  // expect: resources/leak
}

/* --- negatives --- */

int cwd_in_buffer(void)
{
	char buf[256];
	char *cwd = getcwd(buf, sizeof buf);
	if (!cwd)
		return -1;
	show(cwd);
	return 0;
}

int message_freed(int code)
{
	char *msg;
	if (asprintf(&msg, "code %d", code) < 0)
		return -1; /* msg is undefined on failure: nothing to free */
	show(msg);
	free(msg);
	return 0;
}

int lines_freed(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	while (getline(&line, &cap, f) != -1)
		n++;
	free(line);
	return n;
}

int grown_and_freed(size_t n)
{
	char *p = malloc(n);
	char *q;
	if (!p)
		return -1;
	q = realloc(p, 2 * n);
	if (!q) {
		free(p);
		return -1;
	}
	show(q);
	free(q);
	return 0;
}

int entries_freed(const char *dir)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort), i;
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return n;
}

int grow_in_place(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return -1;
	show(p);
	p = realloc(p, 2 * n);  // expect: resources/leak
	if (!p)
		return -1;
	free(p);
	return 0;
}

int grow_from_nothing(size_t n)
{
	char *p = NULL;
	p = realloc(p, n);
	if (!p)
		return -1;
	free(p);
	return 0;
}
