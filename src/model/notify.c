/*
 * Notifications: problems diffvet had with the analyzed code, kept as
 * data so that SARIF can carry them as toolExecutionNotifications.
 */
#include "model/notify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void dv_notifications_add(struct dv_notifications *n, enum dv_level level, const char *path,
			  unsigned line, unsigned col, const char *fmt, ...)
{
	struct dv_notification *note;
	va_list ap;

	DV_GROW(n->items, n->count + 1, n->alloc);
	note = &n->items[n->count++];
	memset(note, 0, sizeof(*note));
	note->level = level;
	note->path = xstrdup(path);
	note->line = line;
	note->col = col;
	va_start(ap, fmt);
	note->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void dv_notifications_release(struct dv_notifications *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->count; i++) {
		free(n->items[i].message);
		free(n->items[i].path);
	}
	free(n->items);
	n->items = NULL;
	n->count = 0;
	n->alloc = 0;
}
