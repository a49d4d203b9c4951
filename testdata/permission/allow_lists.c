// An allow list tested before the request is served (cron's
// allowed(user, CRON_ALLOW, CRON_DENY)): the check guards what follows;
// without it, deleting the user's spool file is unguarded.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int allowed(const char *user, const char *allow_file, const char *deny_file);

static void delete_spool(const char *user)
{
	char path[256];
	snprintf(path, sizeof path, "/var/spool/cron/%s", user);
	if (unlink(path) != 0)
		perror(path);
}

int cmd_delete(const char *user)
{
	if (!allowed(user, "/etc/cron.allow", "/etc/cron.deny")) {
		fprintf(stderr, "%s: not allowed\n", user);
		exit(1);
	}
	delete_spool(user);
	return 0;
}

int cmd_delete_unchecked(const char *user)
{
	char path[256];
	snprintf(path, sizeof path, "/var/spool/cron/%s", user);
	return unlink(path); // expect: permission/missing-check
}
