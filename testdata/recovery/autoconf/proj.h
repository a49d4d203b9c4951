/* An autoconf project's common header: every system include is guarded by
 * the HAVE_* macros its generated config.h would define, and C99 types get
 * fallbacks.  This tree has no config.h (nobody ran configure). */
#ifndef PROJ_H
#define PROJ_H

#if HAVE_CONFIG_H
#include "config.h"
#endif

#if HAVE_STDLIB_H
#include <stdlib.h>
#endif
#if HAVE_STDINT_H
#include <stdint.h>
#endif
#if HAVE_PTHREAD_H
#include <pthread.h>
#endif
#if HAVE_ASSERT_H
#include <assert.h>
#else
#define assert(...) /* nop */
#endif

#if !defined(HAVE__BOOL) || !HAVE__BOOL
typedef int _Bool;
#endif

typedef uint64_t stamp_t;

struct entry {
	stamp_t last;
	int count;
};

#endif
