/* Passes its parameter on to another file's function. */
#include <stdio.h>
#include "shared.h"

void relay_user(const char *text)
{
	fputs("> ", stdout);
	print_user(text);
}
