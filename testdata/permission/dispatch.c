// Dispatch tables: every handler listed in an initialiser is an entry point.
#include <errno.h>
#include <unistd.h>

struct req {
	void *user;
	const char *path;
};
int is_admin(void *u);

/* dispatch table: each handler is an entry point */
static int op_delete(struct req *r)
{
	if (!is_admin(r->user))
		return -EPERM;
	return unlink(r->path);
}

static int op_erase(struct req *r)
{
	return unlink(r->path); // expect: permission/missing-check
}

struct cmd {
	const char *name;
	int (*fn)(struct req *);
};
const struct cmd commands[] = {
	{ "delete", op_delete },
	{ "erase", op_erase },
};

