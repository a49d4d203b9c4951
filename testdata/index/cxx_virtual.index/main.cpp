#include <stdlib.h>
#include "runner.h"

using namespace jobs;

/* a reference bound to a temporary: the shell's override runs */
int by_temporary(void)
{
	const char *cmd = getenv("JOB");
	if (!cmd)
		return 1;
	const Runner &r = Shell();
	r.run(cmd); // expect-index: injection/command
	return 0;
}

/* a base pointer to a new object, never reassigned */
int by_new(void)
{
	const char *cmd = getenv("JOB");
	if (!cmd)
		return 1;
	Runner *r = new Shell;
	r->run(cmd); // expect-index: injection/command
	delete r;
	return 0;
}

/* the override that validates first */
int checked(void)
{
	const char *cmd = getenv("JOB");
	if (!cmd)
		return 1;
	const Runner &r = Checked();
	r.run(cmd);
	return 0;
}

/* a local object whose override does nothing */
int quiet(void)
{
	const char *cmd = getenv("JOB");
	Quiet q;
	if (!cmd)
		return 1;
	q.run(cmd);
	return 0;
}

/* the same name in another class and in a namespace: not the shell's */
int same_names(void)
{
	const char *cmd = getenv("JOB");
	Logger l;
	if (!cmd)
		return 1;
	l.run(cmd);
	tools::run(cmd);
	return 0;
}

/* the dynamic type is the caller's: one override a file here declares
 * reaches a shell */
int dispatch(const Runner &r)
{
	const char *cmd = getenv("JOB");
	if (!cmd)
		return 1;
	r.run(cmd); // expect-index: injection/command
	return 0;
}

/* a base pointer that may be another object by the time of the call */
int reassigned(int which)
{
	const char *cmd = getenv("JOB");
	Runner *r;
	if (!cmd)
		return 1;
	r = new Quiet;
	if (which) {
		delete r;
		r = new Shell;
	}
	r->run(cmd); // expect-index: injection/command
	delete r;
	return 0;
}
