/* Patterns from Open vSwitch that must stay quiet (lib/vconn.c,
 * lib/stream-ssl.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

struct vconn_class {
	int (*open)(const char *name, void **vconnp);
	void (*close)(void *vconn);
};

/* `class->open` is a function pointer, not open(2). */
int vconn_open(const struct vconn_class *class, const char *name, void **vconnp)
{
	int error = class->open(name, vconnp);
	if (error)
		return error;
	return 0;
}

/* fdopen() takes over the descriptor; fclose() closes both. */
int write_cert(const char *path, const char *pem)
{
	FILE *file;
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0444);
	if (fd < 0)
		return errno;
	file = fdopen(fd, "w");
	if (!file)
		return errno;
	if (fputs(pem, file) == EOF) {
		fclose(file);
		return EIO;
	}
	if (fclose(file))
		return errno;
	return 0;
}
