/* Writes two of the settings: they are not constant. */
#include "config.h"

void tune(int v)
{
	tuned = v;
}

int *verbose_knob(void)
{
	return &verbose;
}
