/* A project that wants out-of-memory paths, does not trust functions of
 * other files to log, has its own logger and its own failure constants. */
#include <stdlib.h>
#include <string.h>

enum result { RES_OK, RES_NOMEM, RES_PARSE };

void trace_fail(const char *what);
int parse_header(const char *s);

char *dup_name(const char *s)
{
	char *p = malloc(strlen(s) + 1);
	if (!p)
		return NULL; // expect: logging/silent-error-return
	strcpy(p, s);
	return p;
}

char *dup_traced(const char *s)
{
	char *p = strdup(s);
	if (!p) {
		trace_fail("strdup");
		return NULL;
	}
	return p;
}

int load(const char *s)
{
	if (parse_header(s) < 0)
		return -1; // expect: logging/silent-error-return
	return 0;
}

enum result load_res(const char *s)
{
	if (parse_header(s) < 0)
		return RES_PARSE; // expect: logging/silent-error-return
	return RES_OK;
}
