// resources/leak: a file-scope value passed to a `T &` parameter may be
// written there; one passed by value or by const reference keeps its value
#include <cstdlib>

static int tracing = 1;
static int caching = 1;

static void reset(int &flag)
{
	flag = 0;
}

static int peek(const int &flag, int by_value)
{
	return flag + by_value;
}

int configure(void)
{
	reset(tracing);
	return peek(caching, caching);
}

void released_when_caching(size_t n)
{
	char *p = static_cast<char *>(malloc(n));
	if (!p)
		return;
	if (caching)
		free(p);
}

void released_when_tracing(size_t n)
{
	char *p = static_cast<char *>(malloc(n));
	if (!p)
		return;
	if (tracing)
		free(p);
} // expect: resources/leak
