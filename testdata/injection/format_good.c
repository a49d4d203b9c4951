/* injection/format-string: negatives.  No line here may get a finding. */
#include <err.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#define USAGE_FORMAT "usage: %s [-v] file\n"

/* 1. untrusted data as an argument, not as the format */
int main(int argc, char **argv)
{
	if (argc > 1)
		printf("%s\n", argv[1]);
	else
		fprintf(stderr, USAGE_FORMAT, argv[0]);
	return 0;
}

/* 2. a format chosen among constants */
void show(int debug, int x)
{
	const char *fmt = debug ? "%d\n" : "%x\n";
	printf(fmt, x);
}

/* 3. a const array */
static const char LINE_FORMAT[] = "%-10s %5d\n";

void row(const char *name, int n)
{
	printf(LINE_FORMAT, name, n);
}

/* 4. a logging wrapper forwarding its own format with a va_list */
static void log_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* 5. a v-style wrapper taking a va_list */
static void vlog_at(int prio, const char *fmt, va_list ap)
{
	vsyslog(prio, fmt, ap);
}

void log_both(const char *who, ...)
{
	va_list ap;
	va_start(ap, who);
	vlog_at(LOG_INFO, "%s", ap);
	va_end(ap);
	log_msg("user %s logged in\n", who);
}

/* 6. gettext of a literal */
void translated(const char *name)
{
	printf(gettext("Hello, %s!\n"), name);
}

/* 7. a const table of formats */
static const char *const formats[] = {"%d\n", "%o\n", "%x\n"};

void radix(unsigned i, int v)
{
	if (i < 3)
		printf(formats[i], v);
}

/* 8. a format built from a number */
void padded(const char *s, int width)
{
	char fmt[32];
	snprintf(fmt, sizeof fmt, "%%%ds\n", width);
	printf(fmt, s);
}

/* 9. input printed with %s */
void echo_line(FILE *in)
{
	char buf[256];
	if (fgets(buf, sizeof buf, in))
		fprintf(stdout, "%s", buf);
}

/* 10. syslog with a constant format */
void log_env(void)
{
	syslog(LOG_NOTICE, "MOTD is %s", getenv("MOTD"));
}

/* 11. a loop over constant formats */
void all_formats(int v)
{
	static const char *const list[] = {"[%d]", "(%d)"};
	unsigned i;
	for (i = 0; i < 2; i++)
		printf(list[i], v);
}

/* 12. a struct field holding a constant */
struct style {
	const char *fmt;
};

void styled(int v)
{
	struct style s;
	s.fmt = "<%d>\n";
	printf(s.fmt, v);
}

/* 13. err and warn with constant formats */
void fatal(const char *path)
{
	warnx("cannot read %s", path);
	err(1, "%s", getenv("REASON"));
}

/* 14. a local reassigned in branches, always to constants */
void branches(int kind, int v)
{
	const char *fmt = "%d";
	switch (kind) {
	case 1:
		fmt = "%#x";
		break;
	case 2:
		fmt = "%#o";
		break;
	default:
		break;
	}
	printf(fmt, v);
}

/* 15. snprintf with a constant format into a buffer */
void into_buffer(char *dst, size_t n)
{
	snprintf(dst, n, "%s", getenv("HOME"));
}

/* 16. a wrapper that defaults its format before forwarding it */
static void log_prefixed(const char *fmt, ...)
{
	const char *f = fmt ? fmt : "(null)";
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, f, ap);
	va_end(ap);
}

void use_prefixed(const char *who)
{
	log_prefixed("%s logged out\n", who);
}

/* 17. a call through a struct member that happens to be named syslog */
struct logger {
	void (*syslog)(struct logger *, int, const char *);
};

void through_member(struct logger *l, int prio, int facility, const char *line)
{
	l->syslog(l, prio | facility, line);
}

/* 18. a project's own error() is not GNU error(status, errnum, format, ...) */
void error(int code, const char *where, const char *msg);

void report_problem(const char *where, const char *msg)
{
	error(1, where, msg);
}
