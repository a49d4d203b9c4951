#include "ops.h"
int dispatch(struct request *r, int op)
{
	if (!is_admin(r->user))
		return -1;
	if (op == 1)
		return handle_stop(r);
	return 0;
}
int dispatch_unchecked(struct request *r)
{
	return handle_kill(r);
}
