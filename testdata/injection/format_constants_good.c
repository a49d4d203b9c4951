/* Formats that are constant by their value, not their spelling (negatives). */
#include <stdarg.h>
#include <stdio.h>

struct message {
	int code;
	const char *fmt;
};

static const struct message messages[] = {
	{1, "disk %d is full\n"},
	{2, "disk %d is gone\n"},
};
static const char *levels[] = {"info %s\n", "warn %s\n", "error %s\n"};
const char *units[] = {"%d bytes\n", "%d blocks\n"};
static const char *current_fmt = "default %d\n";

static const char *pick(int verbose)
{
	if (verbose)
		return "verbose: %s\n";
	return "%s\n";
}

static void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* a va_list forwarder called by a variadic forwarder: both pass their
 * callers' formats on */
void vlog_line(const char *fmt, va_list ap)
{
	vfprintf(stderr, fmt, ap);
}

void log_line(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog_line(fmt, ap);
	va_end(ap);
}

void show(int i, int level, int verbose, const char *what)
{
	const char *fmt;
	char width_fmt[16];
	if (level > 1)
		fmt = "big %d\n";
	else
		fmt = "small %d\n";
	printf(fmt, i);
	printf(messages[i].fmt, i);
	printf(levels[level], what);
	printf(units[i], i);
	printf(current_fmt, i);
	printf(pick(verbose), what);
	note("%s: %d\n", what, i);
	log_line("%s\n", what);
	/* digits without a '%' in the output make no conversion */
	snprintf(width_fmt, sizeof width_fmt, "item %d\n", i);
	printf(width_fmt);
}
