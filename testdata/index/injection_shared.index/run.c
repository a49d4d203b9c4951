/* A command behind a `void *` and one in a variable other files set. */
#include <stdlib.h>
#include <stdio.h>
#include "shared.h"

void run_boxed(void *box)
{
	char **slot = (char **)box;
	char *cmd = *slot;
	system(cmd);
}

void run_pending(void)
{
	char *cmd = pending_cmd;
	system(cmd); // expect-index: injection/command
}

/* only ever set to a literal */
void show_banner(void)
{
	printf(banner_fmt);
}
