/* A helper of this file whose whole body returns one constant decides a
 * branch like the constant itself: the edge it contradicts is no path. */
#include <stdlib.h>

static int always_on(void)
{
	return 1;
}

static int never_on(void)
{
	return 0;
}

/* it may return anything: both edges stay */
static int sometimes(int x)
{
	if (x > 3)
		return 1;
	return 0;
}

void released_when_on(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (always_on())
		free(p);
}

void released_unless_off(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (never_on())
		return;
	free(p);
}

void freed_once(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	free(p);
	if (never_on())
		free(p);
}

/* --- positives --- */

void released_if_sometimes(size_t n, int x)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (sometimes(x))
		free(p);
} // expect: resources/leak

void freed_twice_when_on(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	free(p);
	if (always_on())
		free(p); // expect: resources/double-release
}
