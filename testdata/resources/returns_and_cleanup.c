/* A helper returning what memset/strcpy return hands its block to the
 * caller; a variable with __attribute__((cleanup(fn))) is released by fn
 * at every exit of its scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *zeroed(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return NULL;
	return memset(p, 0, n);
}

char *copy_of(const char *s)
{
	char *p = malloc(strlen(s) + 1);
	if (!p)
		return NULL;
	return strcpy(p, s);
}

static void freep(char **p)
{
	free(*p);
}

static void fclosep(FILE **f)
{
	if (*f)
		(void)fclose(*f);
}

int scoped_buffer(size_t n)
{
	__attribute__((cleanup(freep))) char *p = malloc(n);
	if (!p)
		return -1;
	if (n < 2)
		return 1;
	p[0] = 0;
	return 0;
}

int scoped_stream(const char *path)
{
	__attribute__((cleanup(fclosep))) FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	return fgetc(f);
}

/* --- positive: a copy returned, the block itself lost --- */
size_t copied_length(const char *s)
{
	char *p = malloc(strlen(s) + 1);
	if (!p)
		return 0;
	return strlen(strcpy(p, s)); // expect: resources/leak
}
