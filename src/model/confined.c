/*
 * Confined reader: a walk from a directory descriptor, one openat() per
 * component with O_NOFOLLOW, so that the kernel, not a string check,
 * guarantees that no link is followed (a lexical check would miss links
 * and would race with nothing but still be wrong about them).
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* O_NOFOLLOW, O_DIRECTORY, O_CLOEXEC, openat, readlinkat */
#endif
#include "model/confined.h"
#include "model/paths.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where a walk ended: the directory holding the last component. */
struct walk {
	int dirfd;        /* -1 when the walk did not get there */
	char *base;       /* the directory the walk starts from */
	char *rel;        /* path below base */
	const char *last; /* the last component, inside rel */
	char why[512];    /* for OUTSIDE and MISSING */
};

static void walk_release(struct walk *w)
{
	if (w->dirfd >= 0)
		close(w->dirfd);
	free(w->base);
	free(w->rel);
	memset(w, 0, sizeof(*w));
	w->dirfd = -1;
}

static int is_dotdot(const char *s, size_t n)
{
	return n == 2 && s[0] == '.' && s[1] == '.';
}

/* Chooses base and rel: relative paths are below root; absolute ones must
 * be, unless DV_CONFINE_NAMED. */
static enum dv_confined_kind split(const char *root, const char *path, unsigned flags, struct walk *w)
{
	char *abs, *rel, *slash;

	if (path[0] != '/') {
		w->base = xstrdup(root);
		w->rel = xstrdup(path);
		return DV_CONFINED_FILE;
	}
	abs = dv_path_absolute(path, NULL);
	rel = dv_path_relative(abs, root);
	if (rel[0] != '/') {
		free(abs);
		w->base = xstrdup(root);
		w->rel = rel;
		return DV_CONFINED_FILE;
	}
	free(rel);
	if (!(flags & DV_CONFINE_NAMED) || strcmp(abs, "/") == 0) {
		snprintf(w->why, sizeof(w->why), "it is outside the repository root '%.200s'", root);
		free(abs);
		return DV_CONFINED_OUTSIDE;
	}
	slash = strrchr(abs, '/');
	w->rel = xstrdup(slash + 1);
	*slash = '\0';
	w->base = abs[0] ? abs : xstrdup("/");
	if (!abs[0])
		free(abs);
	return DV_CONFINED_FILE;
}

/* Walks to the directory of the last component.  Returns FILE when
 * w->dirfd and w->last are set (the last component is not looked at
 * yet), DIR when the path is the base itself, or OUTSIDE / MISSING. */
static enum dv_confined_kind walk_to_parent(const char *root, const char *path, unsigned flags,
					    struct walk *w)
{
	enum dv_confined_kind k;
	char *p, *next;
	int fd;

	memset(w, 0, sizeof(*w));
	w->dirfd = -1;
	if ((k = split(root, path, flags, w)) != DV_CONFINED_FILE)
		return k;
	w->dirfd = open(w->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->dirfd < 0) {
		snprintf(w->why, sizeof(w->why), "cannot open '%.200s': %s", w->base, strerror(errno));
		return DV_CONFINED_MISSING;
	}
	p = w->rel;
	for (;;) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			return DV_CONFINED_DIR; /* "", "dir/": the directory itself */
		if (is_dotdot(p, n)) {
			snprintf(w->why, sizeof(w->why), "a '..' component leaves the repository root");
			return DV_CONFINED_OUTSIDE;
		}
		next = p + n;
		while (*next == '/')
			next++;
		if (!*next) {
			p[n] = '\0';
			if (n == 1 && p[0] == '.')
				return DV_CONFINED_DIR;
			w->last = p;
			return DV_CONFINED_FILE;
		}
		p[n] = '\0';
		if (n == 1 && p[0] == '.') {
			p = next;
			continue;
		}
		fd = openat(w->dirfd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			struct stat st;
			int e = errno;

			if (fstatat(w->dirfd, p, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
				snprintf(w->why, sizeof(w->why),
					 "'%.200s' on the way is a symbolic link, which diffvet never follows",
					 p);
				return DV_CONFINED_OUTSIDE;
			}
			snprintf(w->why, sizeof(w->why), "'%.200s': %s", p, strerror(e));
			return DV_CONFINED_MISSING;
		}
		close(w->dirfd);
		w->dirfd = fd;
		p = next;
	}
}

static enum dv_confined_kind kind_of_mode(mode_t m)
{
	if (S_ISREG(m))
		return DV_CONFINED_FILE;
	if (S_ISLNK(m))
		return DV_CONFINED_LINK;
	if (S_ISDIR(m))
		return DV_CONFINED_DIR;
	return DV_CONFINED_SPECIAL;
}

enum dv_confined_kind dv_confined_kind(const char *root, const char *path, unsigned flags)
{
	struct walk w;
	struct stat st;
	enum dv_confined_kind k = walk_to_parent(root, path, flags, &w);

	if (k == DV_CONFINED_FILE)
		k = fstatat(w.dirfd, w.last, &st, AT_SYMLINK_NOFOLLOW) == 0 ? kind_of_mode(st.st_mode)
									 : DV_CONFINED_MISSING;
	walk_release(&w);
	return k;
}

int dv_confined_parsable(const char *root, const char *path, unsigned flags)
{
	return dv_confined_kind(root, path, flags) == DV_CONFINED_FILE;
}

static int read_link(int dirfd, const char *name, struct strbuf *out)
{
	size_t size = 256;

	for (;;) {
		char *buf = xmalloc(size);
		ssize_t n = readlinkat(dirfd, name, buf, size);

		if (n < 0) {
			free(buf);
			return -1;
		}
		if ((size_t)n < size) {
			strbuf_add(out, buf, (size_t)n);
			free(buf);
			return 0;
		}
		free(buf);
		size *= 2; /* truncated: try again larger */
	}
}

static int read_fd(int fd, struct strbuf *out)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n > 0)
			strbuf_add(out, chunk, (size_t)n);
		else if (n == 0)
			return 0;
		else if (errno != EINTR)
			return -1;
	}
}

int dv_confined_read(const char *root, const char *path, unsigned flags, struct strbuf *out,
		     int *is_link, struct dv_error *err)
{
	struct walk w;
	struct stat st;
	enum dv_confined_kind k = walk_to_parent(root, path, flags, &w);
	int fd = -1, rc = 0;

	if (is_link)
		*is_link = 0;
	if (k == DV_CONFINED_DIR) {
		rc = dv_error_set(err, DV_ERR_IO, "'%s': not read: it is a directory", path);
		goto cleanup;
	}
	if (k != DV_CONFINED_FILE) {
		rc = dv_error_set(err, DV_ERR_IO, "'%s': not read: %s", path, w.why);
		goto cleanup;
	}
	/* O_NONBLOCK: opening a fifo must not hang; fstat decides below */
	fd = openat(w.dirfd, w.last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ELOOP) {
		if (read_link(w.dirfd, w.last, out) != 0) {
			rc = dv_error_set(err, DV_ERR_IO, "'%s': cannot read the link: %s", path,
					  strerror(errno));
			goto cleanup;
		}
		if (is_link)
			*is_link = 1;
		goto cleanup;
	}
	if (fd < 0) {
		rc = dv_error_set(err, DV_ERR_IO, "'%s': cannot read: %s", path, strerror(errno));
		goto cleanup;
	}
	if (fstat(fd, &st) != 0) {
		rc = dv_error_set(err, DV_ERR_IO, "'%s': cannot read: %s", path, strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = dv_error_set(err, DV_ERR_IO, "'%s': not read: %s", path,
				  S_ISDIR(st.st_mode) ? "it is a directory"
						      : "not a regular file (a fifo, socket or device)");
		goto cleanup;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || read_fd(fd, out) != 0)
		rc = dv_error_set(err, DV_ERR_IO, "'%s': cannot read: %s", path, strerror(errno));
cleanup:
	if (fd >= 0)
		close(fd);
	walk_release(&w);
	return rc;
}
