// A function of the TU whose result is an authorization check's verdict is a check itself.
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>

struct user {
	int uid;
	int locked;
};
struct req {
	struct user *user;
	const char *path;
};
int is_admin(struct user *u);
int check_permission(struct user *u, int op); /* 0 when allowed */
int audit(const char *what);

/* the verdict is the check's value, combined */
static int may_delete(struct user *u)
{
	return is_admin(u) && !u->locked;
}

int handle_delete(struct req *r)
{
	if (!may_delete(r->user))
		return -EPERM;
	return unlink(r->path);
}

/* constants: 1 only after the check passed */
static bool allowed(struct user *u)
{
	if (!is_admin(u))
		return false;
	return true;
}

int handle_remove(struct req *r)
{
	if (allowed(r->user))
		return unlink(r->path);
	return -EPERM;
}

/* errno style: 0 after the check, -EPERM otherwise */
static int require_write(struct user *u)
{
	if (check_permission(u, 2) != 0)
		return -EPERM;
	return 0;
}

int handle_truncate(struct req *r)
{
	int rc = require_write(r->user);
	if (rc < 0)
		return rc;
	return truncate(r->path, 0);
}

/* the verdict stored in a variable first */
static int owner_or_admin(struct user *u, int owner)
{
	int ok = is_admin(u);
	if (u->uid == owner)
		ok = 1;
	return ok;
}

/* a wrapper of a wrapper */
static int may_purge(struct user *u)
{
	return may_delete(u);
}

int handle_purge(struct req *r)
{
	if (!may_purge(r->user))
		return -EPERM;
	return unlink(r->path);
}

/* ---- not wrappers: the result proves nothing about a check ---- */

/* 0 is returned both before and after the check */
static int maybe_fine(struct user *u)
{
	if (u->locked)
		return 0;
	if (!is_admin(u))
		return 0;
	return audit("ok") == 0 ? 1 : 0;
}

int handle_maybe(struct req *r)
{
	if (!maybe_fine(r->user))
		return -EPERM;
	return unlink(r->path); // expect: permission/missing-check
}

/* the same value on both kinds of path */
static int same_both_ways(struct user *u)
{
	if (!is_admin(u))
		return 1;
	return 1;
}

int handle_same(struct req *r)
{
	if (same_both_ways(r->user))
		return unlink(r->path); // expect: permission/missing-check
	return 0;
}

/* a test of the wrong thing: the audit result is not a verdict */
static int audited(struct user *u)
{
	(void)u;
	return audit("delete");
}

int handle_audited(struct req *r)
{
	if (audited(r->user) != 0)
		return -EIO;
	return unlink(r->path); // expect: permission/missing-check
}

/* a wrapper whose result is ignored guards nothing */
int handle_ignored(struct req *r)
{
	may_delete(r->user);
	return unlink(r->path); // expect: permission/missing-check
}

/* a wrapper that acts before its check: the act is unguarded */
static int wipe_then_check(struct req *r)
{
	unlink(r->path); // expect: permission/missing-check
	return is_admin(r->user);
}

int handle_wipe(struct req *r)
{
	if (!wipe_then_check(r))
		return -EPERM;
	return 0;
}

int handle_owner(struct req *r)
{
	if (!owner_or_admin(r->user, 0))
		return -EPERM;
	return unlink(r->path);
}
