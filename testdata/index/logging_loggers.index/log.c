/* The project's loggers, and a printf-like formatter that logs nothing. */
#include <stdarg.h>
#include <stdio.h>
#include "log.h"
static int verbosity = 3;
/* printf-like and writes to a log stream (after a level filter) */
void note_problem(int level, const char *fmt, ...)
{
	va_list ap;
	if (level > verbosity)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}
/* logs on every path, no attribute and no logger-like name */
void tell_admin(const char *msg)
{
	fputs(msg, stderr);
	fputc('\n', stderr);
}
/* printf-like, but it only formats into a buffer */
void buf_appendf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, sizeof(b->data) - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
}
