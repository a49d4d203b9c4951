/* Check wrappers: their results are authorization checks' results. */
#include "ops.h"
int user_may_signal(struct user *u)
{
	if (!u)
		return 0;
	return is_admin(u);
}
/* not a wrapper: it grants without a check on one path */
int user_is_operator(struct user *u)
{
	if (!u)
		return 1;
	return is_admin(u);
}
