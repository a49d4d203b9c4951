/* Branches on the settings config.c defines: with the project index the
 * constant ones have one feasible edge. */
#include <stdlib.h>
#include "config.h"

void uses_const(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (FEATURE_ON)
		free(p);
} // expect-noindex: resources/leak

void uses_unwritten_global(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (feature_level == 2)
		free(p);
} // expect-noindex: resources/leak

void uses_constant_function(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (!always_ready())
		return; // expect-noindex: resources/leak
	free(p);
}

/* --- positives: written elsewhere, or not one constant --- */

void uses_written_global(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (!tuned)
		free(p);
} // expect: resources/leak

void uses_escaped_global(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (verbose)
		free(p);
} // expect: resources/leak

void uses_varying_function(size_t n, int x)
{
	char *p = malloc(n);
	if (!p)
		return;
	if (settle(x))
		free(p);
} // expect: resources/leak
