// resources through virtual methods defined in this file.
#include <cstdio>
#include <cstdlib>

namespace mem {
class Consumer {
public:
	virtual ~Consumer() {}
	// only reads the buffer
	virtual void take(char *p) const { puts(p); }
};

// releases it
class Freeing : public Consumer {
public:
	void take(char *p) const override { free(p); }
};

// a class of its own: only reads (no override anywhere)
class Reader {
public:
	virtual ~Reader() {}
	virtual void take(char *p) const { puts(p); }
};
} // namespace mem

using namespace mem;

// 1. the override of the temporary's class releases it
int freed(void)
{
	char *p = (char *)malloc(16);
	if (!p)
		return -1;
	const Consumer &c = Freeing();
	c.take(p);
	return 0;
}

// 2. a named object of the base class: its own method only reads
int read_only(void)
{
	char *p = (char *)malloc(16);
	Consumer c;
	if (!p)
		return -1;
	c.take(p);
	return 0; // expect: resources/leak
}

// 3. released here, then by the override of a new object
int twice(void)
{
	char *p = (char *)malloc(16);
	Consumer *c = new Freeing;
	if (!p) {
		delete c;
		return -1;
	}
	free(p);
	c->take(p); // expect: resources/double-release
	delete c;
	return 0;
}

// 4. the dynamic type is the caller's: an override here releases it, the
// base does not; neither a leak nor a release can be told
int unknown(const Consumer &c)
{
	char *p = (char *)malloc(16);
	if (!p)
		return -1;
	c.take(p);
	return 0;
}

// 5. a method nothing overrides in this file only reads it
int reader(const Reader &r)
{
	char *p = (char *)malloc(16);
	if (!p)
		return -1;
	r.take(p);
	free(p);
	return 0;
}
