/* GNU statement expressions: their value is their last expression. */
#include <stdlib.h>

#define FIRST_NONNULL(a, b) ({ const char *x_ = (a); x_ ? x_ : (b); })

void from_env(void)
{
	const char *cmd = FIRST_NONNULL(getenv("CMD"), "true");
	system(cmd); // expect: injection/command
}

void inline_value(void)
{
	system(({ char *t = getenv("RUN"); t; })); // expect: injection/command
}

void constant_value(int quiet)
{
	const char *cmd = ({ const char *c = quiet ? "true" : "echo hi"; c; });
	system(cmd);
}

void side_effect_only(void)
{
	const char *env = getenv("HOME");
	const char *cmd = ({ (void)env; "ls"; });
	system(cmd);
}
