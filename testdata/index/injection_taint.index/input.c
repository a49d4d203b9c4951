/* Readers: what they hand out comes from standard input. */
#include <stdio.h>
#include "helpers.h"
char *read_line(char *buf, int n)
{
	if (!fgets(buf, n, stdin))
		buf[0] = 0;
	return buf;
}
void read_into(char *buf, int n)
{
	if (!fgets(buf, n, stdin))
		buf[0] = 0;
}
