/* BlueZ's obexd declares its own logger named like GNU error(3), whose
 * format is the first parameter, not the third: its calls are not GNU
 * error() calls (false alarm seen on BlueZ 5.66). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

void error(const char *format, ...) __attribute__((format(printf, 1, 2)));

int is_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		error("stat(%s): %s (%d)", dir, strerror(errno), errno);
		return 0;
	}
	return S_ISDIR(st.st_mode);
}
