// permission/check-ignored: authorization results that guard nothing.
#include <errno.h>
#include <unistd.h>

struct user;
int is_admin(struct user *u);
int check_permission(struct user *u, int op);
int verify_token(const char *tok);
void require_role(struct user *u, int role); /* exits on failure */
int acl_check(struct user *u, const char *path);

int handle_reset(struct user *u, const char *p)
{
	check_permission(u, 7); // expect: permission/check-ignored
	return unlink(p); // expect: permission/missing-check
}

void token_touch(const char *tok)
{
	verify_token(tok); // expect: permission/check-ignored
}

void admin_probe(struct user *u)
{
	(void)is_admin(u); // expect: permission/check-ignored
}

/* ---- negatives ---- */

int uses_result(struct user *u)
{
	return is_admin(u);
}

int stores_and_tests(struct user *u, const char *p)
{
	int rc = acl_check(u, p);
	if (rc < 0)
		return -EACCES;
	return 0;
}

/* void check: does not return on failure */
int handle_role(struct user *u, const char *p)
{
	require_role(u, 2);
	return unlink(p);
}

int tested_in_condition(const char *tok)
{
	if (!verify_token(tok))
		return -EPERM;
	return 0;
}
