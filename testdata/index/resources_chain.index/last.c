#include <stdio.h>
#include <stdlib.h>
#include "links.h"
void last_show(char *p)
{
	puts(p);
}
void last_drop(char *p)
{
	free(p);
}
