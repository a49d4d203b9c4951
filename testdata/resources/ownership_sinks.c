/* Functions that keep what they are given (rules/resources.json
 * "ownership_sinks") take the handle over even when a system header
 * declares them: no leak. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_key_t buf_key;

int thread_buffer(void)
{
	char *buf = malloc(256);
	if (!buf)
		return -1;
	return pthread_setspecific(buf_key, buf);
}

int export_var(const char *kv)
{
	char *s = strdup(kv);
	if (!s)
		return -1;
	return putenv(s);
}

/* a function that only reads its argument is no sink: still a leak */
size_t measured(const char *src)
{
	char *s = strdup(src);
	if (!s)
		return 0;
	return strlen(s); // expect: resources/leak
}
