#include <stdlib.h>
#include "sink.h"

using namespace mem;

/* the override releases it */
int freed(void)
{
	char *p = (char *)malloc(16);
	if (!p)
		return -1;
	const Consumer &c = Freeing();
	c.take(p);
	return 0;
}

/* the override only reads it: still owned here */
int read_only(void)
{
	char *p = (char *)malloc(16);
	if (!p)
		return -1;
	const Consumer &c = Reading();
	c.take(p);
	return 0; // expect-index: resources/leak
}

/* released, then handed to an override that releases it again */
int twice(void)
{
	char *p = (char *)malloc(16);
	Freeing f;
	if (!p)
		return -1;
	free(p);
	f.take(p); // expect-index: resources/double-release
	return 0;
}

/* the caller decides which override runs: maybe one that keeps it */
int unknown(const Consumer &c)
{
	char *p = (char *)malloc(16);
	if (!p)
		return -1;
	c.take(p);
	return 0;
}

/* the namespace's function of that name releases it */
int namespaced(void)
{
	char *p = (char *)malloc(16);
	if (!p)
		return -1;
	other::take(p);
	return 0;
}

/* read, then released here */
int read_then_freed(void)
{
	char *p = (char *)malloc(16);
	Reading r;
	if (!p)
		return -1;
	r.take(p);
	free(p);
	return 0;
}
