/* Callers in another file than the wrappers' definitions. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include "plog.h"

void log_env(void)
{
	const char *v = getenv("USER_MESSAGE");
	plog(1, v); // expect: injection/format-string
	plog(1, "%s", v);
}

void info_request(void *data, int sock)
{
	char buf[256];
	ssize_t n = recv(sock, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return;
	buf[n] = 0;
	infof(data, buf); // expect: injection/format-string
	infof(data, "got %s", buf);
}

void log_va(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vplog(2, fmt, ap); // expect: injection/format-string
	va_end(ap);
}

void vlog_env(void)
{
	log_va(getenv("FMT"));
	log_va("%s", getenv("FMT"));
}

void translated(const char *name)
{
	printf(tr("hello %s\n"), name);
	plog(1, tr("bye %s\n"), name);
}

void translated_env(void)
{
	printf(tr(getenv("MSG"))); // expect: injection/format-string
}

void text_only(void)
{
	plog_text(1, getenv("USER_MESSAGE"));
}

void run_formatted(const char *arg)
{
	char *cmd = plog_strdupf("ls %s", getenv("DIR"));
	system(cmd); // expect: injection/command
	free(cmd);
	(void)arg;
}
