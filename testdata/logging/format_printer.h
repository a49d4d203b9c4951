/* A project printer declared with a format attribute spelled through a
 * macro, defined in a header (not a function of the including file). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format_attr.h"

fmt_attr(printf, 3, 4)
inline int print_errno(FILE *restrict stream, int e, const char *restrict fmt, ...);

inline int
print_errno(FILE *restrict stream, int e, const char *restrict fmt, ...)
{
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vfprintf(stream, fmt, ap);
	va_end(ap);
	return n + fprintf(stream, ": %s\n", strerror(e));
}

/* keeps errno for the caller while printing it */
#define fwarn_errno(stream, ...)                          \
	do {                                              \
		int e__;                                  \
		e__ = errno;                              \
		print_errno(stream, e__, __VA_ARGS__);    \
		errno = e__;                              \
	} while (0)
#define warn_errno(...) fwarn_errno(stderr, __VA_ARGS__)
