/* A command-line tool deriving its output file from the input file named
 * on its command line: the user chose both paths, nothing is confined to
 * a directory (BlueZ's hex2hcd; false alarm seen there). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void convert_file(const char *input_path)
{
	char *path;
	const char *dot = strrchr(input_path, '.');
	int in, out;

	if (dot) {
		path = malloc((size_t)(dot - input_path) + 6);
		if (!path)
			return;
		memcpy(path, input_path, (size_t)(dot - input_path));
		strcpy(path + (dot - input_path), ".hcd");
	} else if (asprintf(&path, "%s.hcd", input_path) < 0) {
		return;
	}
	in = open(input_path, O_RDONLY);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	free(path);
}

int main(int argc, char **argv)
{
	int i;
	for (i = 1; i < argc; i++)
		convert_file(argv[i]);
	return 0;
}

/* A device name from the command line placed under /dev (BlueZ's
 * hciattach): the user who runs the tool names the path anyway. */
int open_device(int argc, char **argv)
{
	char dev[64];
	if (argc < 2)
		return -1;
	strcpy(dev, "/dev/");
	strncat(dev, argv[1], sizeof(dev) - 6);
	return open(dev, O_RDWR);
}
