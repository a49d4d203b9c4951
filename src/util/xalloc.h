/*
 * Allocation wrappers: out-of-memory aborts here, in one place, with a
 * message; sizes are overflow-checked.  Everything else can assume
 * allocation succeeds.
 */
#ifndef DV_XALLOC_H
#define DV_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* realloc of n elements of `size` bytes, overflow-checked */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);          /* NULL -> NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* vasprintf that aborts on out-of-memory; `ap` is consumed. */
#include <stdarg.h>
char *xvasprintf(const char *fmt, va_list ap);

/* Grows an array so that it can hold at least `need` elements. */
#define DV_GROW(ptr, need, alloc)                                              \
	do {                                                                   \
		if ((need) > (alloc)) {                                        \
			size_t dv_grow_n_ = (alloc) ? (alloc) * 2 : 8;         \
			while (dv_grow_n_ < (need))                            \
				dv_grow_n_ *= 2;                               \
			(ptr) = xreallocarray((ptr), dv_grow_n_, sizeof(*(ptr))); \
			(alloc) = dv_grow_n_;                                  \
		}                                                              \
	} while (0)

#endif
