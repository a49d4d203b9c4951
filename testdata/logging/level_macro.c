/* A logging macro with a level test inside (Open vSwitch's VLOG_ERR): the
 * macro is a logging statement on both sides of its test, so the helper
 * logs its failures and the caller's silent exit is not reported. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

struct vlog_module { int min_level; };
static struct vlog_module this_module;
void vlog(const struct vlog_module *m, int level, const char *fmt, ...);
#define VLOG(LEVEL, ...)                                \
	do {                                            \
		int level__ = LEVEL;                    \
		if (this_module.min_level >= level__)   \
			vlog(&this_module, level__, __VA_ARGS__); \
	} while (0)
#define VLOG_ERR(...) VLOG(3, __VA_ARGS__)

static int set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL, 0);
	if (flags == -1) {
		VLOG_ERR("fcntl(F_GETFL) failed: %d", errno);
		return errno;
	}
	if (fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1) {
		VLOG_ERR("fcntl(F_SETFL) failed: %d", errno);
		return errno;
	}
	return 0;
}

void xset_nonblocking(int fd)
{
	if (set_nonblocking(fd))
		exit(EXIT_FAILURE);
}

/* a level test written by hand is conditional logging */
static int verbose;
void xset_quiet(int fd)
{
	int flags = fcntl(fd, F_GETFL, 0);
	if (flags == -1) {
		if (verbose)
			vlog(&this_module, 3, "fcntl failed");
		exit(EXIT_FAILURE); // expect: logging/silent-error-return
	}
}
