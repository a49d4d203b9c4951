/* injection: validators written by the project, recognised by what their
 * summary proves, whatever their name.  No line here may get a finding. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_user_name(const char *s)
{
	if (*s == '\0')
		return 0;
	while (*s) {
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
		s++;
	}
	return 1;
}

static int check_token(const char *t)
{
	size_t i;
	for (i = 0; t[i]; i++)
		if (!isdigit((unsigned char)t[i]))
			return -1;
	return 0;
}

/* 1. a nonzero result means "safe" */
int show_groups(void)
{
	const char *user = getenv("TARGET");
	char cmd[128];
	if (!user || !valid_user_name(user))
		return -1;
	snprintf(cmd, sizeof cmd, "groups %s", user);
	return system(cmd);
}

/* 2. a validator used on a line read from the terminal, for a path */
int remove_token(void)
{
	char tok[32], path[64];
	if (fgets(tok, sizeof tok, stdin) == NULL)
		return -1;
	tok[strcspn(tok, "\n")] = '\0';
	if (!valid_user_name(tok))
		return -1;
	snprintf(path, sizeof path, "/var/lib/tokens/%s", tok);
	return remove(path);
}

/* 3. a validator that returns 0 for "valid" and -1 otherwise */
int kill_pid(void)
{
	const char *pid = getenv("PID");
	char cmd[64];
	if (!pid || check_token(pid) != 0)
		return -1;
	snprintf(cmd, sizeof cmd, "kill %s", pid);
	return system(cmd);
}
