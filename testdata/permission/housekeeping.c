// Real daemon and CLI shapes that are not missing checks: housekeeping of
// files the function made, temp files, pid files, and dispatch tables whose
// handlers check.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct req {
	void *user;
	const char *path;
};
int is_admin(void *u);

int handle_upload(struct req *r, const char *data)
{
	char tmpl[] = "/tmp/upload.XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0)
		return -1;
	if (write(fd, data, 1) < 0) {
		close(fd);
		unlink(tmpl);
		return -1;
	}
	fchmod(fd, 0600);
	close(fd);
	(void)r;
	return rename(tmpl, "/srv/upload/current");
}

int handle_write(struct req *r, const char *tmp)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, 0) != 0) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	(void)r;
	return 0;
}

int handle_sock(struct req *r, int pid)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/myd.%d.sock", pid);
	(void)r;
	return unlink(path);
}

/* a CLI's main acts with its own user's rights: not an entry point by default */
int main(int argc, char **argv)
{
	if (argc > 1)
		return unlink(argv[1]);
	return 0;
}
