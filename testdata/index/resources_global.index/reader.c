#include <stdio.h>
#include <stdlib.h>
#include "slots.h"
char *shown_slot;
char *dropped_slot;
char *unknown_slot;
void show_slot(void)
{
	char *b = shown_slot;
	puts(b);
}
void drop_slot(void)
{
	char *b = dropped_slot;
	free(b);
}
char *cached_slot;
void show_cached(void)
{
	char *b = cached_slot;
	puts(b);
}
void release_cached(void)
{
	free(cached_slot);
	cached_slot = NULL;
}
