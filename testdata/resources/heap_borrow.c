/* resources/leak: heap memory handed to functions that only read it */
#include <stdlib.h>
#include <string.h>

void show(const char *text);        /* reads its argument, defined elsewhere */
void show_pair(const int *pair);
void consume(char *text);           /* may keep or free it: unknown */
void free_text(const char *text);   /* a release by its name, even with a const parameter */

int shown_then_lost(const char *src)
{
	char *copy = malloc(strlen(src) + 1);
	if (copy == NULL)
		return -1;
	strcpy(copy, src);
	show(copy);
	return 0;  // expect: resources/leak
}

void pair_lost(void)
{
	int *pair = calloc(2, sizeof(int));
	if (!pair)
		return;
	pair[0] = 1;
	show_pair(pair);
}  // expect: resources/leak

/* --- negatives --- */

int shown_then_freed(const char *src)
{
	char *copy = strdup(src);
	if (copy == NULL)
		return -1;
	show(copy);
	free(copy);
	return 0;
}

int handed_over(const char *src)
{
	char *copy = strdup(src);
	if (!copy)
		return -1;
	consume(copy);
	return 0;
}

int released_by_name(const char *src)
{
	char *copy = strdup(src);
	if (!copy)
		return -1;
	free_text(copy);
	return 0;
}

void show_number(int v);

void element_read(void)
{
	int *v = malloc(4 * sizeof(int));
	if (v == NULL)
		exit(1);
	v[0] = 5;
	show_number(v[0]);
}  // expect: resources/leak
