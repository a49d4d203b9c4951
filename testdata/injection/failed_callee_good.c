/*
 * Fail closed, negatives: a callee whose analysis failed (a computed goto)
 * passes on only what its arguments carry.  Constant arguments give
 * nothing to report, nor do numbers (an index chooses among the callee's
 * own strings).  The callees are recorded as not analysed, not reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *pass_through(const char *s)
{
	static void *const next[] = {&&done};
	goto *next[0];
done:
	return s;
}

static void copy_into(char *dst, const char *src, size_t n)
{
	static void *const next[] = {&&copy};
	goto *next[0];
copy:
	strncpy(dst, src, n - 1);
	dst[n - 1] = '\0';
}

static const char *command_for(int index)
{
	static const char *const commands[] = {"date", "uptime"};
	static void *const next[] = {&&pick};
	goto *next[0];
pick:
	return commands[index & 1];
}

void constant_result(void)
{
	system(pass_through("date"));
}

void constant_out_param(void)
{
	char cmd[128];
	copy_into(cmd, "uptime", sizeof cmd);
	system(cmd);
}

void tainted_but_not_a_sink(void)
{
	puts(pass_through(getenv("HOME")));
}

void number_argument(void)
{
	const char *choice = getenv("CHOICE");
	system(command_for(choice ? choice[0] : 0));
}
