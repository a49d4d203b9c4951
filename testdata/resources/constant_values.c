/* resources/leak: enum constants, const globals and helpers whose every
 * return is one constant decide a branch like a literal would */
#include <stdio.h>
#include <stdlib.h>

enum build_mode { MODE_OFF, MODE_ON };

/* external linkage, but const: no file may write it */
const int CHECKS_ENABLED = 1;
static const int RETRIES = 3;

/* a non-const global of this file: another file may write it */
int current_mode = MODE_ON;

static int mode_of_build(int verbose)
{
	if (verbose > 1)
		return MODE_ON;
	return MODE_ON;
}

static int pick(int x)
{
	if (x)
		return 1;
	return 2;
}

void released_when_enum_on(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (MODE_ON)
		free(p);
}

void closed_when_checks_enabled(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (CHECKS_ENABLED) {
		fclose(f);
		return;
	}
}

void released_after_retries(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (RETRIES == 3)
		free(p);
}

void released_when_mode_on(size_t n, int verbose)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (mode_of_build(verbose) == MODE_ON)
		free(p);
}

void released_when_negative_constant(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (MODE_OFF - 1 < 0)
		free(p);
}

/* a weak definition: the program may link another one */
__attribute__((weak)) int hooks_enabled(void)
{
	return 1;
}

/* --- positives --- */

void leaks_unless_weak_default_holds(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (hooks_enabled())
		free(p);
} // expect: resources/leak

void leaks_when_pick_is_two(size_t n, int x)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (pick(x) == 1)
		free(p);
} // expect: resources/leak

void leaks_unless_mode_on(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (current_mode)
		free(p);
} // expect: resources/leak
