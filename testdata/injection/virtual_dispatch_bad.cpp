// injection through virtual methods defined in this file (positives).
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace report {
class Printer {
public:
	virtual ~Printer() {}
	virtual void print(const char *text) const = 0;
};

class Raw : public Printer {
public:
	void print(const char *text) const override
	{
		printf(text); // expect: injection/format-string
	}
};

class Shell {
public:
	virtual ~Shell() {}
	virtual void run(const char *cmd) { (void)cmd; }
};

class Sh : public Shell {
public:
	void run(const char *cmd) override
	{
		execl("/bin/sh", "sh", "-c", cmd, (char *)0); // expect: injection/command
	}
};

class Ksh : public Shell {
public:
	void run(const char *cmd) override
	{
		execl("/bin/ksh", "ksh", "-c", cmd, (char *)0); // expect: injection/command
	}
};
} // namespace report

using namespace report;

// 1. a reference bound to a temporary of the derived class
void greet(void)
{
	const Printer &p = Raw();
	p.print(getenv("GREETING"));
}

// 2. a base pointer to a new derived object
void launch(void)
{
	Shell *s = new Sh;
	s->run(getenv("JOB"));
	delete s;
}

// 3. the dynamic type is the caller's: an override that sinks is reached
void any_shell(Shell &s)
{
	char line[128];
	if (fgets(line, sizeof line, stdin))
		s.run(line);
}
