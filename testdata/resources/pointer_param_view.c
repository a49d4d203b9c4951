/* A callee given the address of the caller's pointer that only reads the
 * pointer out of it (`T *h = *pp;`) uses or releases what the caller owns
 * exactly as if it had been passed the pointer itself. */
#include <stdio.h>
#include <stdlib.h>

static void peek(char **pp)
{
	char *p = *pp;
	printf("%c\n", p[0]);
}

static void drop(char **pp)
{
	char *p = *pp;
	free(p);
}

/* the callee overwrites the caller's only pointer: the block is lost */
static void replace(char **pp)
{
	*pp = NULL;
}

void peeked(void)
{
	char *s = malloc(4);
	if (!s)
		return;
	s[0] = 'a';
	peek(&s);
}  // expect: resources/leak

void dropped(void)
{
	char *s = malloc(4);
	if (!s)
		return;
	drop(&s);
}

void replaced(void)
{
	char *s = malloc(4);
	if (!s)
		return;
	replace(&s);
}  // expect: resources/leak
