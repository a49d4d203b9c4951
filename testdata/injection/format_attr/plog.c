/* The wrappers themselves pass their format on: their callers are judged. */
#include <stdio.h>
#include <stdlib.h>
#include "plog.h"

void vplog(int level, const char *fmt, va_list ap)
{
	fprintf(stderr, "<%d> ", level);
	vfprintf(stderr, fmt, ap);
}

void plog(int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vplog(level, fmt, ap);
	va_end(ap);
}

void plog_text(int level, const char *msg)
{
	fprintf(stderr, "<%d> %s\n", level, msg);
}
