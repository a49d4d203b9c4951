/* A handle given to an extern global that a function of another file
 * (reader.c) reads: the writer calls it next. */
#include <stdlib.h>
#include <string.h>
#include "slots.h"

void handed_and_shown(void)
{
	char *p = malloc(16);
	if (!p)
		return;
	strcpy(p, "x");
	shown_slot = p;
	show_slot();
} // expect-index: resources/leak

void handed_and_dropped(void)
{
	char *p = malloc(16);
	if (!p)
		return;
	dropped_slot = p;
	drop_slot();
}

void freed_and_dropped(void)
{
	char *p = malloc(16);
	if (!p)
		return;
	free(p);
	dropped_slot = p;
	drop_slot(); // expect-index: resources/double-release
}

/* the reader is defined in no file: the global keeps it */
void handed_to_unknown(void)
{
	char *p = malloc(16);
	if (!p)
		return;
	unknown_slot = p;
	use_unknown_slot();
}

/* read and left by show_cached(), but release_cached() frees it */
void handed_and_released_elsewhere(void)
{
	char *p = malloc(16);
	if (!p)
		return;
	cached_slot = p;
	show_cached();
}
