#ifndef DV_TU_TIMING_H
#define DV_TU_TIMING_H

#include "util/strbuf.h"

/* Per-TU timing (-v): milliseconds of the parse, the call graph and each
 * family, one line on stderr, so a slow translation unit names its
 * cause.  CPU time is the process's (libclang parses on a thread of its
 * own), so it is the TU's own only at -j1; wall time is also given. */
struct tu_timing {
	struct strbuf line;
	double wall0, cpu0, wall, cpu;
};

/* All are no-ops unless `on`. */
void timing_start(struct tu_timing *tm, int on);
void timing_mark(struct tu_timing *tm, int on, const char *what);
void timing_end(struct tu_timing *tm, int on, const char *path);

#endif
