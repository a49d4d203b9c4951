/* injection/command: untrusted data reaches a shell command (positives). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <wordexp.h>

/* 1. direct flow from the environment */
void direct_env(void)
{
	system(getenv("BACKUP_CMD")); // expect: injection/command
}

/* 2. through a local buffer built with snprintf */
void buffer_snprintf(const char *unused)
{
	char cmd[256];
	const char *dir = getenv("TARGET_DIR");
	(void)unused;
	snprintf(cmd, sizeof cmd, "tar czf /tmp/backup.tgz %s", dir);
	system(cmd); // expect: injection/command
}

/* 3. through a helper defined in this file: reported at the sink */
static void run_shell(const char *line)
{
	system(line); // expect: injection/command
}

void helper_sink(void)
{
	char buf[128];
	if (fgets(buf, sizeof buf, stdin) == NULL)
		return;
	run_shell(buf);
}

/* 4. a helper that returns untrusted data */
static const char *configured_command(void)
{
	return getenv("HOOK");
}

void helper_source(void)
{
	const char *hook = configured_command();
	system(hook); // expect: injection/command
}

/* 5. through a struct field */
struct job {
	int id;
	char *command;
};

void struct_field(void)
{
	struct job j;
	j.id = 1;
	j.command = getenv("JOB_COMMAND");
	system(j.command); // expect: injection/command
}

/* 6. read character by character in a loop */
void loop_fgetc(FILE *in)
{
	char line[200];
	int c;
	size_t i = 0;
	while ((c = fgetc(in)) != EOF && c != '\n' && i + 1 < sizeof line)
		line[i++] = (char)c;
	line[i] = '\0';
	system(line); // expect: injection/command
}

/* 7. popen of input */
void popen_input(void)
{
	char q[64];
	FILE *p;
	if (!fgets(q, sizeof q, stdin))
		return;
	p = popen(q, "r"); // expect: injection/command
	if (p)
		pclose(p);
}

/* 8. a shell with -c and a tainted script */
void exec_shell_list(void)
{
	const char *script = getenv("SCRIPT");
	execl("/bin/sh", "sh", "-c", script, (char *)NULL); // expect: injection/command
}

/* 9. a tainted program path */
int main(int argc, char **argv)
{
	char *args[] = {"tool", NULL};
	if (argc < 2)
		return 1;
	execv(argv[1], args); // expect: injection/command
	return 0;
}

/* 10. execvp of a shell whose argv holds -c and a tainted script */
void exec_shell_vector(void)
{
	char *cmd = getenv("CMD");
	char *args[] = {"sh", "-c", cmd, NULL};
	execvp("sh", args); // expect: injection/command
}

/* 11. built with strcpy / strcat */
void strcat_build(void)
{
	char cmd[256];
	strcpy(cmd, "echo ");
	strcat(cmd, getenv("GREETING"));
	system(cmd); // expect: injection/command
}

/* 12. a parameter of a configured entry point (handle_*) */
void handle_request(const char *query)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "lookup %s", query);
	system(cmd); // expect: injection/command
}

/* 13. a helper that fills an out-parameter */
static void read_command(char *out, size_t n)
{
	if (!fgets(out, (int)n, stdin))
		out[0] = '\0';
}

void out_param(void)
{
	char cmd[100];
	read_command(cmd, sizeof cmd);
	system(cmd); // expect: injection/command
}

/* 14. wordexp performs shell expansion */
void word_expansion(void)
{
	wordexp_t we;
	if (wordexp(getenv("PATTERN"), &we, 0) == 0) // expect: injection/command
		wordfree(&we);
}

/* 15. written through a pointer alias */
void pointer_alias(void)
{
	char cmd[128];
	char *p = cmd;
	strcpy(p, getenv("RAW"));
	system(cmd); // expect: injection/command
}

/* 16. data received from a socket */
void from_socket(int fd)
{
	char buf[512];
	ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return;
	buf[n] = '\0';
	system(buf); // expect: injection/command
}
