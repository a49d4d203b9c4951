/* A call through a local function pointer that holds one known function
 * is a call of that function; one that may hold several is unknown. */
#include <stdio.h>
#include <stdlib.h>

static void show(char *p)
{
	printf("%c\n", p[0]);
}

static void dispose(char *p)
{
	free(p);
}

void shown_only(void)
{
	void (*use)(char *) = show;
	char *p = malloc(8);
	if (!p)
		return;
	p[0] = 'x';
	use(p);
}  // expect: resources/leak

void disposed(void)
{
	void (*done)(char *) = dispose;
	char *p = malloc(8);
	if (!p)
		return;
	done(p);
}

/* the pointer is libc's free itself */
void freed_through_pointer(void)
{
	void (*release)(void *) = free;
	char *p = malloc(8);
	if (!p)
		return;
	release(p);
}

/* assigned again: either function may run */
void chosen(int keep)
{
	void (*op)(char *) = show;
	char *p = malloc(8);
	if (!p)
		return;
	if (!keep)
		op = dispose;
	op(p);
}
