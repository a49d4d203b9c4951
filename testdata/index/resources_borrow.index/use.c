#include <stdlib.h>
#include "sinks.h"
int printed(void)
{
	char *p = malloc(16);
	if (!p)
		return -1;
	print_item(p);
	return 0; // expect-index: resources/leak
}
int printed_then_freed(void)
{
	char *p = malloc(16);
	if (!p)
		return -1;
	print_item(p);
	free(p);
	return 0;
}
int dropped(void)
{
	char *p = malloc(16);
	if (!p)
		return -1;
	drop_item(p);
	return 0;
}
int dropped_twice(void)
{
	char *p = malloc(16);
	if (!p)
		return -1;
	drop_item(p);
	drop_item(p); // expect-index: resources/double-release
	return 0;
}
int freed_then_dropped(void)
{
	char *p = malloc(16);
	if (!p)
		return -1;
	free(p);
	drop_item(p); // expect-index: resources/double-release
	return 0;
}
int kept(void)
{
	char *p = malloc(16);
	if (!p)
		return -1;
	keep_item(p);
	return 0;
}
int passed_on(void)
{
	char *p = malloc(16);
	if (!p)
		return -1;
	pass_item(p);
	return 0;
}
int pair(void)
{
	char *a = malloc(16), *b = malloc(16);
	if (!a || !b) {
		free(a);
		free(b);
		return -1;
	}
	print_pair(a, b);
	free(a);
	return 0;
}
