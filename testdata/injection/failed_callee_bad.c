/*
 * Fail closed: a callee whose analysis failed (here a computed goto, which
 * the CFG cannot model) is unknown to its callers, never clean.  Taint of
 * its arguments flows to its result and to what it writes through its
 * pointer parameters.  The callee itself is recorded as not analysed.
 */
#include <stdlib.h>
#include <string.h>

/* returns its argument, through a computed goto */
static const char *pass_through(const char *s)
{
	static void *const next[] = {&&done};
	goto *next[0];
done:
	return s;
}

/* copies src into dst, through a computed goto */
static void copy_into(char *dst, const char *src, size_t n)
{
	static void *const next[] = {&&copy};
	goto *next[0];
copy:
	strncpy(dst, src, n - 1);
	dst[n - 1] = '\0';
}

/* 1. the result of a callee that could not be analysed */
void through_result(void)
{
	system(pass_through(getenv("BACKUP_CMD"))); // expect: injection/command
}

/* 2. what it writes through a pointer parameter */
void through_out_param(void)
{
	char cmd[128];
	copy_into(cmd, getenv("BACKUP_CMD"), sizeof cmd);
	system(cmd); // expect: injection/command
}

/* 3. a wrapper of it that was analysed: its summary keeps the dependence */
static const char *wrapper(const char *s)
{
	return pass_through(s);
}

void through_wrapper(void)
{
	system(wrapper(getenv("BACKUP_CMD"))); // expect: injection/command
}
