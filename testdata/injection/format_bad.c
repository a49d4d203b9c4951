/* injection/format-string: untrusted or non-constant formats (positives).
 * Untrusted formats are errors; non-constant formats of unknown origin
 * are warnings. */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

/* 1. argv as the format */
int main(int argc, char **argv)
{
	if (argc > 1)
		printf(argv[1]); // expect: injection/format-string
	return 0;
}

/* 2. a line read from a file */
void echo_line(FILE *in)
{
	char buf[256];
	if (fgets(buf, sizeof buf, in))
		fprintf(stderr, buf); // expect: injection/format-string
}

/* 3. syslog of the environment */
void log_env(void)
{
	const char *msg = getenv("MOTD");
	syslog(LOG_INFO, msg); // expect: injection/format-string
}

/* 4. snprintf with an input format */
void format_into(char *out, size_t n)
{
	char spec[64];
	if (scanf("%63s", spec) == 1)
		snprintf(out, n, spec, 42); // expect: injection/format-string
}

/* 5. a helper that prints its parameter as a format: one error at the
 * sink when untrusted data is passed in (no warning besides) */
static void print_message(const char *m)
{
	printf(m); // expect: injection/format-string
}

void helper(void)
{
	print_message(getenv("GREETING"));
}

/* 6. a logging wrapper is fine, but not when fed untrusted data */
static void log_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap); // expect: injection/format-string
	va_end(ap);
}

void wrapper_fed_input(void)
{
	char line[100];
	if (fgets(line, sizeof line, stdin))
		log_msg(line);
}

/* 7. a struct field */
struct message {
	int level;
	char *text;
};

void struct_field(void)
{
	struct message m;
	m.level = 1;
	m.text = getenv("TEXT");
	printf(m.text); // expect: injection/format-string
}

/* 8. read in a loop */
void loop_read(FILE *in)
{
	char buf[128];
	size_t i = 0;
	int c;
	for (; i + 1 < sizeof buf && (c = getc(in)) != EOF; i++)
		buf[i] = (char)c;
	buf[i] = 0;
	printf(buf); // expect: injection/format-string
}

/* 9. dprintf */
void to_fd(int fd)
{
	dprintf(fd, getenv("BANNER")); // expect: injection/format-string
}

/* 10. err / warnx family */
void fatal(void)
{
	const char *why = getenv("REASON");
	warnx(why); // expect: injection/format-string
	err(1, why); // expect: injection/format-string
}

/* 11. the format picked from input or a constant */
void pick(int x)
{
	const char *fmt = getenv("FMT") ? getenv("FMT") : "%d\n";
	printf(fmt, x); // expect: injection/format-string
}

/* 12. sprintf with an input format */
void into_buffer(char *dst)
{
	char f[32];
	if (fgets(f, sizeof f, stdin))
		sprintf(dst, f); // expect: injection/format-string
}

/* 13. a global that may point anywhere (warning) */
const char *g_banner_format;

void banner(void)
{
	printf(g_banner_format); // expect: injection/format-string
}

/* 14. the result of an unknown function (warning) */
const char *lookup_format(int code);

void by_code(int code, int v)
{
	printf(lookup_format(code), v); // expect: injection/format-string
}

/* 15. an entry point's parameter */
void handle_log(const char *line)
{
	fputs("log: ", stderr);
	fprintf(stderr, line); // expect: injection/format-string
}

/* 16. a local buffer built with snprintf from input, then used as a format */
void rebuilt(void)
{
	char buf[128];
	snprintf(buf, sizeof buf, "user %s: ", getenv("USER"));
	printf(buf); // expect: injection/format-string
}
