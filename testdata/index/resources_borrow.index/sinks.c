#include <stdio.h>
#include <stdlib.h>
#include "sinks.h"
void store_elsewhere(char *p);
static char *kept;
/* only reads its argument */
void print_item(char *p)
{
	puts(p);
}
/* releases its argument on every path */
void drop_item(char *p)
{
	free(p);
}
/* keeps its argument */
void keep_item(char *p)
{
	free(kept);
	kept = p;
}
/* hands its argument on to a function of yet another file */
void pass_item(char *p)
{
	store_elsewhere(p);
}
/* frees its second argument only */
void print_pair(char *a, char *b)
{
	printf("%s %s\n", a, b);
	free(b);
}
