// injection through virtual methods defined in this file (negatives).
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace report {
// runs its text through a shell
class Runner {
public:
	virtual ~Runner() {}
	virtual void run(const char *text) const { execl("/bin/sh", "sh", "-c", text, (char *)0); }
};

// prints the text as data instead
class Echo : public Runner {
public:
	void run(const char *text) const override { printf("%s\n", text); }
};

// ignores it
class Mute : public Runner {
public:
	void run(const char *text) const override { (void)text; }
};
} // namespace report

using namespace report;

// 1. the override of the temporary's class, not the base's, runs
void greet(void)
{
	const Runner &r = Echo();
	r.run(getenv("GREETING"));
}

// 2. a named object of a class whose override does nothing
void quiet(void)
{
	Mute m;
	m.run(getenv("GREETING"));
}

// 3. a new object of a class whose override prints data
void pointer(void)
{
	Runner *r = new Echo;
	r->run(getenv("GREETING"));
	delete r;
}

// 4. whatever the dynamic type, a constant text
void constant(const Runner &r)
{
	r.run("date");
}
