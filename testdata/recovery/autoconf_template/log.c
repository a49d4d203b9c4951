/* config.h is generated; only its template is in the tree.  The template
 * stands in for it with the values configure would find here: the headers
 * that exist are "present", the function and the header that do not exist
 * stay undefined (their fallbacks are parsed). */
#include "config.h"

#if HAVE_STDIO_H
#include <stdio.h>
#endif
#if HAVE_PTHREAD_H
#include <pthread.h>
#endif
#if HAVE_NO_SUCH_HEADER_H
#include <no_such_header.h>
#endif

#if !HAVE_NO_SUCH_FUNCTION
static int no_such_function(void)
{
	return 0;
}
#endif

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

int log_line(FILE *out, const char *msg)
{
	pthread_mutex_lock(&log_lock);
	if (fputs(msg, out) == EOF)
		return -1; // expect: locks/held-at-return
	pthread_mutex_unlock(&log_lock);
	return no_such_function();
}

int log_plain(FILE *out, const char *msg)
{
	int rc;

	pthread_mutex_lock(&log_lock);
	rc = fputs(msg, out) == EOF ? -1 : 0;
	pthread_mutex_unlock(&log_lock);
	return rc;
}
