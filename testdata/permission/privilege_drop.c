// permission/privilege-not-dropped: setuid/setgid unchecked or in the wrong order.
#define _GNU_SOURCE
#include <err.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

void drop_unchecked(const struct passwd *pw)
{
	if (setgid(pw->pw_gid) != 0)
		err(1, "setgid");
	setuid(pw->pw_uid); // expect: permission/privilege-not-dropped
}

void drop_void_cast(uid_t uid)
{
	(void)seteuid(uid); // expect: permission/privilege-not-dropped
}

int drop_wrong_order(const struct passwd *pw)
{
	if (setuid(pw->pw_uid) != 0) // expect: permission/privilege-not-dropped
		return -1;
	if (setgid(pw->pw_gid) != 0)
		return -1;
	return 0;
}

int drop_groups_late(uid_t uid, gid_t gid)
{
	if (setresuid(uid, uid, uid) != 0) // expect: permission/privilege-not-dropped
		return -1;
	if (setgroups(1, &gid) != 0)
		return -1;
	return 0;
}

/* ---- negatives ---- */

int drop_right(const struct passwd *pw)
{
	if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
		return -1;
	return 0;
}

/* regain root, switch groups, drop again (OpenSSH's temporarily_use_uid) */
int switch_groups(uid_t uid, gid_t gid)
{
	if (seteuid(0) != 0)
		return -1;
	if (setegid(gid) != 0)
		return -1;
	return seteuid(uid);
}

int drop_stored(uid_t uid)
{
	int rc = setuid(uid);
	return rc;
}
