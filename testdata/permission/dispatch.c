// Dispatch tables: every handler listed in an initialiser is an entry point.
#include <errno.h>
#include <unistd.h>
#include <stdio.h>

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


/* designated initialisers list handlers too */
static int op_chmod(struct req *r)
{
	return chown(r->path, 0, 0); // expect: permission/missing-check
}

const struct cmd more[] = {
	{ .name = "chown", .fn = op_chmod },
};

/* switch dispatch on a command code: the dispatcher is where requests
 * arrive, so its targets are on a request path */
enum op_code { OP_READ, OP_DELETE, OP_RENAME, OP_PURGE };

static int do_read(struct req *r)
{
	(void)r;
	return 0;
}

static int do_delete(struct req *r)
{
	return unlink(r->path); // expect: permission/missing-check
}

static int do_rename(struct req *r, const char *to)
{
	if (!is_admin(r->user))
		return -EPERM;
	return rename(r->path, to);
}

int dispatch(int code, struct req *r, const char *to)
{
	switch (code) {
	case OP_READ:
		return do_read(r);
	case OP_DELETE:
		return do_delete(r);
	case OP_RENAME:
		return do_rename(r, to);
	default:
		return -EINVAL;
	}
}

/* the dispatcher checks once before the switch: every target is covered */
struct msg {
	int op;
	struct req req;
};

static int do_purge(struct req *r)
{
	return unlink(r->path);
}

static int do_truncate(struct req *r)
{
	return truncate(r->path, 0);
}

int serve(struct msg *m)
{
	if (!is_admin(m->req.user))
		return -EPERM;
	switch (m->op) {
	case OP_PURGE:
		return do_purge(&m->req);
	default:
		return do_truncate(&m->req);
	}
}

/* ---- not dispatchers ---- */

/* a switch on something computed here, not handed in */
int next_state(void);
static int step_a(const char *p)
{
	return unlink(p);
}
static int step_b(const char *p)
{
	return rmdir(p);
}
int run_machine(const char *p)
{
	switch (next_state()) {
	case 0:
		return step_a(p);
	default:
		return step_b(p);
	}
}

/* a switch that calls one function only */
static int remove_one(const char *p)
{
	return unlink(p);
}
int cleanup_kind(int kind, const char *p)
{
	switch (kind) {
	case 1:
		return remove_one(p);
	case 2:
		return remove_one(p);
	default:
		return 0;
	}
}

/* a switch in a function the TU calls: its caller decides */
static int inner_switch(int kind, const char *p)
{
	switch (kind) {
	case 0:
		return step_a(p);
	default:
		return step_b(p);
	}
}
int outer(const char *p)
{
	return inner_switch(0, p);
}
