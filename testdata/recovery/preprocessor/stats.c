/* A plugin whose project header is missing: its types are unknown, so
 * each function below has compile errors.  Error recovery drops the
 * statements that do not type-check; what the preprocessor removed
 * (inactive `#if` blocks, directive lines, macros that expand to nothing)
 * is not a dropped statement, so it does not stop the analysis.  A
 * statement that error recovery really dropped and that may call
 * something still does (tests/cli/recovery_coverage.sh checks the
 * coverage record of each function). */
#include <pthread.h>
#include <stdlib.h>
#include <project/stats.h>

#define TRACE(...)
#define DEBUG(fmt, ...) TRACE(fmt, __VA_ARGS__)
#define UNUSED_ARG(x)

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

/* Inactive blocks, directives and empty macros: the function is judged. */
int stats_update(struct bridge *br, stats_flags_t flags)
{
	stats_entry_t *e;

	UNUSED_ARG(flags);
	pthread_mutex_lock(&stats_lock);
#if 0
	stats_flush(br);
	pthread_mutex_unlock(&stats_lock);
	return 1;
#endif
#if defined(STATS_VERBOSE) && STATS_VERBOSE > 1
	stats_dump(br, "update");
#endif
	TRACE("update %s", br->name);
	DEBUG("bridge %s", br->name);
	e = calloc(1, sizeof(*e));
	if (e == NULL)
		return -1; // expect: locks/held-at-return
	br->entry = e;
	pthread_mutex_unlock(&stats_lock);
	return 0;
}

/* The same, with its lock released in an active `#ifdef` branch: no finding. */
int stats_reset(struct bridge *br)
{
	stats_entry_t *e = br->entry;

	pthread_mutex_lock(&stats_lock);
#ifdef __linux__
	if (e == NULL) {
		pthread_mutex_unlock(&stats_lock);
		return -1;
	}
#else
	stats_portable_reset(br);
#endif
	DEBUG("reset %s", br->name);
	pthread_mutex_unlock(&stats_lock);
	return 0;
}

/* An undeclared constant of the missing header in a call: declared as
 * an int by the inference, the call stays in the AST, and so does the
 * lock bug. */
int stats_send(struct bridge *br)
{
	pthread_mutex_lock(&stats_lock);
	br->status = stats_client_send(br->client, STATS_SEND_NOW);
	if (br->status < 0)
		return -1; // expect: locks/held-at-return
	pthread_mutex_unlock(&stats_lock);
	return 0;
}

/* A statement error recovery really dropped (a cast to a type of the
 * missing header, not recognisable as a type): it calls something that
 * might have released the lock, so the function is a coverage gap, not a
 * finding. */
int stats_port_set(struct bridge *br)
{
	pthread_mutex_lock(&stats_lock);
	br->port = (struct port *)stats_port(br, (stats_kind_t)1);
	if (br->status < 0)
		return -1;
	pthread_mutex_unlock(&stats_lock);
	return 0;
}
