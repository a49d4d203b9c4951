/* resources/leak: one handle under two names */
#include <stdio.h>
#include <stdlib.h>

void show(const char *s);

void copy_lost(void)
{
	char *data = malloc(32);
	if (!data)
		exit(1);
	{
		char *copy = data;
		show(copy);
	}
}  // expect: resources/leak

int file_copy_lost(const char *path)
{
	FILE *f = fopen(path, "r");
	FILE *g;
	if (!f)
		return -1;
	g = f;
	if (fgetc(g) == EOF)
		return -1;  // expect: resources/leak
	fclose(g);
	return 0;
}

/* --- negatives --- */

void copy_released(void)
{
	char *data = malloc(32);
	if (!data)
		exit(1);
	{
		char *copy = data;
		char *again = copy;
		show(again);
		free(again);
	}
}

int released_through_either(const char *path, int first)
{
	FILE *f = fopen(path, "r");
	FILE *g = f;
	if (!f)
		return -1;
	if (first)
		fclose(f);
	else
		fclose(g);
	return 0;
}

char *copy_returned(void)
{
	char *p = malloc(8);
	char *q = p;
	return q;
}
