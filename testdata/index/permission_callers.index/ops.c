/* Request handlers (entry points by name).  Whether they need their own
 * check depends on their callers and check wrappers in other files. */
#include <signal.h>
#include "ops.h"
/* its only caller, in dispatch.c, checks before calling */
int handle_stop(struct request *r)
{
	return kill(r->pid, SIGTERM); // expect-noindex: permission/missing-check
}
/* called unguarded from dispatch.c */
int handle_kill(struct request *r)
{
	return kill(r->pid, SIGKILL); // expect: permission/missing-check
}
/* guarded by a check wrapper of auth.c */
int handle_signal(struct request *r)
{
	if (!user_may_signal(r->user))
		return -1;
	return kill(r->pid, SIGHUP); // expect-noindex: permission/missing-check
}
/* the "wrapper" of auth.c grants on one path: still no check */
int handle_signal2(struct request *r)
{
	if (!user_is_operator(r->user))
		return -1;
	return kill(r->pid, SIGUSR1); // expect: permission/missing-check
}
