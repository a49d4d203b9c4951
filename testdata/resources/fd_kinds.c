/* resources/mismatched-release between descriptors, streams and
 * directory streams: each has its own release. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

void fd_with_fclose(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd != -1)
		fclose((FILE *)fd); // expect: resources/mismatched-release
}

void dir_with_fclose(const char *path)
{
	DIR *d = opendir(path);
	if (d)
		fclose((FILE *)d); // expect: resources/mismatched-release
}

/* --- negatives --- */

void fd_closed(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd != -1)
		close(fd);
}

void stream_over_fd(const char *path)
{
	int fd = open(path, O_RDONLY);
	FILE *f;
	if (fd < 0)
		return;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return;
	}
	fclose(f);
}

void dir_closed(const char *path)
{
	DIR *d = opendir(path);
	if (d)
		closedir(d);
}

/* fdopendir takes the descriptor over: closedir closes both */
int dir_over_fd(int at, const char *path)
{
	int fd = openat(at, path, O_RDONLY | O_DIRECTORY);
	DIR *d;
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	(void)readdir(d);
	(void)closedir(d);
	return 0;
}
