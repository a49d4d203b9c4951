#include "util/atomic_file.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The process umask without changing it (umask() both reads and sets it,
 * which would race with other threads creating files). */
static mode_t current_umask(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	mode_t mask = 022;

	if (!f)
		return mask;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "Umask:", 6) == 0) {
			mask = (mode_t)strtoul(line + 6, NULL, 8) & 0777;
			break;
		}
	}
	fclose(f);
	return mask;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static void release(struct dv_atomic_file *af)
{
	free(af->path);
	free(af->tmp);
	memset(af, 0, sizeof(*af));
}

int dv_atomic_open(struct dv_atomic_file *af, const char *path)
{
	const char *slash, *base;
	struct stat st;
	mode_t mode;
	char *dir;
	int fd, saved;

	memset(af, 0, sizeof(*af));
	if (!path || !*path || path[strlen(path) - 1] == '/') {
		errno = EINVAL;
		return -1;
	}
	/* A device, fifo or socket (`-o /dev/null`, `-o /dev/stdout`) is
	 * written in place: renaming a regular file over /dev/null would
	 * replace the device for the whole machine. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		if (!(af->fp = fopen(path, "w")))
			goto fail;
		af->path = xstrdup(path);
		return 0;
	}
	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	dir = dir_of(path);
	af->tmp = xasprintf("%s/.%s.tmpXXXXXX", dir, base);
	free(dir);
	fd = mkstemp(af->tmp);
	if (fd < 0)
		goto fail;
	/* lstat: a link at the destination is replaced, not its target */
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		mode = st.st_mode & 07777;
	else
		mode = 0666 & ~current_umask();
	if (fchmod(fd, mode) != 0 || !(af->fp = fdopen(fd, "w"))) {
		saved = errno;
		close(fd);
		unlink(af->tmp);
		errno = saved;
		goto fail;
	}
	af->path = xstrdup(path);
	return 0;
fail:
	saved = errno;
	release(af);
	errno = saved;
	return -1;
}

/* A rename is durable once the directory entry is on disk too. */
static void sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd); /* best effort: some file systems refuse */
		close(fd);
	}
	free(dir);
}

int dv_atomic_commit(struct dv_atomic_file *af)
{
	int failed, saved = 0;

	if (!af->fp) {
		release(af);
		errno = EBADF;
		return -1;
	}
	failed = fflush(af->fp) != 0 || ferror(af->fp);
	if (failed)
		saved = errno ? errno : EIO;
	if (!af->tmp) { /* written in place (not a regular file) */
		if (fclose(af->fp) != 0 && !failed) {
			failed = 1;
			saved = errno;
		}
		af->fp = NULL;
		release(af);
		errno = saved;
		return failed ? -1 : 0;
	}
	if (!failed && fsync(fileno(af->fp)) != 0) {
		failed = 1;
		saved = errno;
	}
	if (fclose(af->fp) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	af->fp = NULL;
	if (!failed && rename(af->tmp, af->path) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		unlink(af->tmp);
		release(af);
		errno = saved;
		return -1;
	}
	sync_dir(af->path);
	release(af);
	return 0;
}

void dv_atomic_abort(struct dv_atomic_file *af)
{
	if (af->fp) {
		fclose(af->fp);
		if (af->tmp)
			unlink(af->tmp);
	}
	release(af);
}

int dv_atomic_write(const char *path, const void *data, size_t len)
{
	struct dv_atomic_file af;

	if (dv_atomic_open(&af, path) != 0)
		return -1;
	if (len && fwrite(data, 1, len, af.fp) != len) {
		int saved = errno;
		dv_atomic_abort(&af);
		errno = saved;
		return -1;
	}
	return dv_atomic_commit(&af);
}

int dv_mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}
