/* Formats that only look constant (positives). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

extern const char *translated(int id);

static void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap); // expect: injection/format-string
	va_end(ap);
}

/* a format built at run time from an integer: "%<n>$s" picks any argument */
void positional(int n, const char *a, const char *b)
{
	char fmt[16];
	snprintf(fmt, sizeof fmt, "%%%d$s\n", n);
	printf(fmt, a, b); // expect: injection/format-string
}

/* a forwarding function is a format function for its callers */
void forward_unknown(int id)
{
	note(translated(id)); // expect: injection/format-string
}

void forward_tainted(void)
{
	note(getenv("GREETING"));
}

/* a table element overwritten with outside text */
static const char *templates[] = {"%s\n", "[%s]\n"};

void retemplate(int i, const char *s)
{
	templates[1] = getenv("TEMPLATE");
	printf(templates[i], s); // expect: injection/format-string
}
