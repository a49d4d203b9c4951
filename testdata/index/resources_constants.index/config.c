/* The project's settings: constants the other files branch on. */
#include "config.h"

const int FEATURE_ON = 1;
/* not const, but no file of the project writes it */
int feature_level = 2;
/* written by tune.c */
int tuned = 0;
/* its address leaves tune.c */
int verbose = 1;

int always_ready(void)
{
	return 1;
}

int settle(int x)
{
	if (x > 3)
		return 0;
	return 1;
}
