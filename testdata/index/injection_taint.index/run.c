/* A command runner: its parameter reaches a shell here, two files away
 * from where the text comes from. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "helpers.h"
void spawn(char *cmd);
void run_report(const char *tool, char *target)
{
	(void)tool;
	spawn(target);
}
void show(char *text)
{
	printf(text); // expect-index: injection/format-string
}
/* a count is no sink */
void count_chars(char *text)
{
	printf("%zu\n", sizeof(text));
}
