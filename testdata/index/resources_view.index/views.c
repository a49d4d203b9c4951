/* Consumers given the address of the caller's pointer as a void *. */
#include <stdio.h>
#include <stdlib.h>
#include "views.h"

static char **saved;

void view_show(void *vp)
{
	char **pp = (char **)vp;
	char *s = (*pp);
	puts(s);
}

void view_drop(void *vp)
{
	char **pp = (char **)vp;
	char *s = *pp;
	free(s);
}

/* keeps the address: the caller's handle may be released later */
void view_keep(void *vp)
{
	char **pp = (char **)vp;
	saved = pp;
}

/* releases and resets the caller's pointer (a store through the view) */
void view_reset(void *vp)
{
	char **pp = (char **)vp;
	char *s = *pp;
	free(s);
	*pp = NULL;
}
