/* Built without its generated header: struct request is incomplete,
 * REQ_SEEN is undeclared, req_note is an implicit declaration; the
 * unknown names taint nothing by themselves. */
#include <stdlib.h>
#include "absent_config.h"

int run_hook(struct request *r)
{
	const char *cmd = getenv("HOOK_CMD");
	req_note(r, cmd);
	r->meta->flags |= REQ_SEEN;
	return system(cmd); // expect: injection/command
}

int run_fixed(struct request *r)
{
	req_note(r, "fixed");
	r->meta->flags |= REQ_SEEN;
	return system("/usr/bin/true");
}
