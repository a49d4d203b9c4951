/* injection: environment variables that hold the user's own settings
 * (the program to edit with, the directory for temporary files) are the
 * interface of a command-line program, not untrusted input for commands
 * and paths.  No line here may get a finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1. the editor the user chose runs through the shell */
void edit(const char *file)
{
	const char *editor = getenv("VISUAL");
	char cmd[512];
	if (editor == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL)
		editor = "vi";
	snprintf(cmd, sizeof cmd, "%s %s", editor, "/tmp/edit.txt");
	(void)file;
	execlp("/bin/sh", "/bin/sh", "-c", cmd, (char *)0);
}

/* 2. the temporary directory the user chose, with a name the program picks */
FILE *scratch(void)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/scratch.%d", dir ? dir : "/tmp", (int)getpid());
	return fopen(path, "w");
}

/* 3. the home directory */
FILE *rc_file(void)
{
	char path[512];
	const char *home = secure_getenv("HOME");
	if (home == NULL)
		return NULL;
	snprintf(path, sizeof path, "%s/.toolrc", home);
	return fopen(path, "r");
}
