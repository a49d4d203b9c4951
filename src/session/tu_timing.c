/* Per-TU timing for -v (see tu_timing.h). */
#include "session/tu_timing.h"

#include <stdio.h>
#include <time.h>

static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}



void timing_start(struct tu_timing *tm, int on)
{
	if (!on)
		return;
	strbuf_init(&tm->line);
	tm->wall0 = tm->wall = clock_ms(CLOCK_MONOTONIC);
	tm->cpu0 = tm->cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

void timing_mark(struct tu_timing *tm, int on, const char *what)
{
	double wall, cpu;

	if (!on)
		return;
	wall = clock_ms(CLOCK_MONOTONIC);
	cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
	strbuf_addf(&tm->line, " %s %.1f/%.1f", what, cpu - tm->cpu, wall - tm->wall);
	tm->wall = wall;
	tm->cpu = cpu;
}

void timing_end(struct tu_timing *tm, int on, const char *path)
{
	if (!on)
		return;
	fprintf(stderr, "diffvet: timing %s (ms cpu/wall): total %.1f/%.1f:%s\n", path,
		clock_ms(CLOCK_PROCESS_CPUTIME_ID) - tm->cpu0, clock_ms(CLOCK_MONOTONIC) - tm->wall0,
		tm->line.buf ? tm->line.buf : "");
	strbuf_release(&tm->line);
}

