/* A handle passed on through a chain of files: link1.c -> link2.c ->
 * last.c; what the last link does is what every link does. */
#include <stdlib.h>
#include "links.h"

int shown_through_chain(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	link1_show(p);
	return 0; // expect-index: resources/leak
}

int shown_then_freed(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	link1_show(p);
	free(p);
	return 0;
}

int dropped_through_chain(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	link1_drop(p);
	return 0;
}

int freed_then_dropped(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	free(p);
	link1_drop(p); // expect-index: resources/double-release
	return 0;
}

/* a link of the chain passes it to a function no file defines */
int lost_in_chain(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	link1_unknown(p);
	return 0;
}

/* a link passes it on only on some paths: the chain says nothing */
int maybe_dropped(int flag)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	link1_maybe_drop(p, flag);
	return 0;
}

int freed_then_maybe_dropped(int flag)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	free(p);
	link1_maybe_drop(p, flag);
	return 0;
}
