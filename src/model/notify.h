/*
 * Notifications: problems diffvet had with the analysed code (parse
 * error, missing header, unreadable file, a function it could not
 * analyse).  Produced by the front end, the engine and the session;
 * every reporter shows them (SARIF toolExecutionNotifications).
 */
#ifndef DV_MODEL_NOTIFY_H
#define DV_MODEL_NOTIFY_H

#include <stddef.h>
#include "diffvet/diffvet.h"

/* A problem diffvet had with the analyzed code (parse error, missing
 * header, unreadable file): data for SARIF toolExecutionNotifications. */
struct dv_notification {
	enum dv_level level; /* error for unparseable, warning for partial */
	char *message;
	char *path;          /* may be NULL */
	unsigned line, col;  /* 0 when unknown */
};

struct dv_notifications {
	struct dv_notification *items;
	size_t count, alloc;
};
void dv_notifications_add(struct dv_notifications *n, enum dv_level level, const char *path,
			  unsigned line, unsigned col, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;
void dv_notifications_release(struct dv_notifications *n);

#endif
