/*
 * Growable string buffer.  `buf` is never NULL after strbuf_init and is
 * always NUL-terminated; strbuf_detach is the only transfer of ownership.
 */
#ifndef DV_STRBUF_H
#define DV_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, alloc;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb); /* caller frees; sb is re-initialised */
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void strbuf_reset(struct strbuf *sb);

/* Reads a whole file; returns 0 or -1 with errno set. */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
