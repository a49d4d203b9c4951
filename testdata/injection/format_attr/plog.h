/* A project's logging API: format functions declared with the format
 * attribute in a header and defined in plog.c. */
#ifndef PLOG_H
#define PLOG_H
#include <stdarg.h>

#define PLOG_PRINTF(a, b) __attribute__((format(printf, a, b)))

void plog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vplog(int level, const char *fmt, va_list ap) __attribute__((__format__(__printf__, 2, 0)));
void infof(void *data, const char *fmt, ...) PLOG_PRINTF(2, 3);
char *plog_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *tr(const char *msgid) __attribute__((format_arg(1)));
/* a message, not a format: no attribute */
void plog_text(int level, const char *msg);
#endif
