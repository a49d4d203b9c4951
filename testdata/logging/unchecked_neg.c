/* Checked results, results ignored on purpose, and fclose after reading. */
#include <stdio.h>
#include <syslog.h>
#include <unistd.h>

int drop_root(uid_t uid, gid_t gid)
{
	if (setgid(gid) != 0 || setuid(uid) != 0) {
		syslog(LOG_ERR, "cannot drop privileges: %m");
		return -1;
	}
	return 0;
}

void emit(int fd, const char *buf, size_t n)
{
	(void)write(fd, buf, n);
}

ssize_t emit_n(int fd, const char *buf, size_t n)
{
	ssize_t w = write(fd, buf, n);
	return w;
}

void load(const char *path, char *buf, int n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, n, f))
		buf[0] = 0;
	fclose(f);
}

/* a comment at the call says why the result does not matter */
void sync_hint(int fd)
{
	fsync(fd); /* best effort: some file systems refuse */
	close(fd);
}

/* a diagnostic stream flushed inside an assertion macro: the stream is
 * stderr even though the macro's name is what the source spells */
#define CHECK_TYPE(p)                                        \
	do {                                                 \
		if (!(p)) {                                  \
			fprintf(stderr, "bad object\n");     \
			fflush(stderr);                      \
		}                                            \
	} while (0)

void check_object(void *obj)
{
	CHECK_TYPE(obj);
}

/* closing a stream on an error path that already reported the failure:
 * the data is being abandoned */
int save_all(const char *path, const char *text)
{
	FILE *tmp = fopen(path, "w");
	if (!tmp)
		return -1;
	fputs(text, tmp);
	if (fflush(tmp) != 0) {
		fprintf(stderr, "error while writing %s\n", path);
		fclose(tmp);
		return -2;
	}
	return fclose(tmp) == 0 ? 0 : -2;
}
