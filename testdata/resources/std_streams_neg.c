/* A handle that may be one of the process's standard streams is closed
 * only when it is not one: no finding either way. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

int copy_out(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	if (!f)
		return -1;
	fputs("x\n", f);
	if (f != stdout && fclose(f) != 0)
		return -1;
	return 0;
}

int read_in(const char *path)
{
	FILE *f = stdin;
	if (path)
		f = fopen(path, "r");
	if (!f)
		return -1;
	fgetc(f);
	if (f != stdin)
		fclose(f);
	return 0;
}

int write_fd(const char *path)
{
	int fd = STDOUT_FILENO;
	if (path)
		fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	(void)write(fd, "x", 1);
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}
