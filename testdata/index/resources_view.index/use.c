#include <stdlib.h>
#include "views.h"

int shown(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	view_show(&p);
	return 0; // expect-index: resources/leak
}

int shown_then_freed(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	view_show(&p);
	free(p);
	return 0;
}

int dropped(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	view_drop(&p);
	return 0;
}

int freed_then_dropped(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	free(p);
	view_drop(&p); // expect-index: resources/double-release
	return 0;
}

int kept(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	view_keep(&p);
	return 0;
}

int reset_then_freed(void)
{
	char *p = malloc(8);
	if (!p)
		return -1;
	view_reset(&p);
	free(p);
	return 0;
}
