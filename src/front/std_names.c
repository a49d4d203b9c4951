/*
 * The standard names table: see std_names.h.  Only names whose meaning
 * does not depend on the platform's configuration, and only headers every
 * POSIX system has.
 */
#include "front/std_names.h"

#include <stddef.h>
#include <string.h>

struct std_name {
	const char *name;
	const char *header;
};

static const struct std_name names[] = {
	{"bool", "stdbool.h"},
	{"true", "stdbool.h"},
	{"false", "stdbool.h"},
	{"NULL", "stddef.h"},
	{"size_t", "stddef.h"},
	{"ptrdiff_t", "stddef.h"},
	{"offsetof", "stddef.h"},
	{"int8_t", "stdint.h"},
	{"int16_t", "stdint.h"},
	{"int32_t", "stdint.h"},
	{"int64_t", "stdint.h"},
	{"uint8_t", "stdint.h"},
	{"uint16_t", "stdint.h"},
	{"uint32_t", "stdint.h"},
	{"uint64_t", "stdint.h"},
	{"intptr_t", "stdint.h"},
	{"uintptr_t", "stdint.h"},
	{"intmax_t", "stdint.h"},
	{"uintmax_t", "stdint.h"},
	{"SIZE_MAX", "stdint.h"},
	{"INT32_MAX", "stdint.h"},
	{"UINT32_MAX", "stdint.h"},
	{"INT64_MAX", "stdint.h"},
	{"UINT64_MAX", "stdint.h"},
	{"INT_MAX", "limits.h"},
	{"INT_MIN", "limits.h"},
	{"UINT_MAX", "limits.h"},
	{"LONG_MAX", "limits.h"},
	{"PATH_MAX", "limits.h"},
	{"ssize_t", "sys/types.h"},
	{"off_t", "sys/types.h"},
	{"pid_t", "sys/types.h"},
	{"uid_t", "sys/types.h"},
	{"gid_t", "sys/types.h"},
	{"mode_t", "sys/types.h"},
	{"FILE", "stdio.h"},
	{"EOF", "stdio.h"},
	{"stdin", "stdio.h"},
	{"stdout", "stdio.h"},
	{"stderr", "stdio.h"},
	{"va_list", "stdarg.h"},
	{"errno", "errno.h"},
	{"EINVAL", "errno.h"},
	{"ENOMEM", "errno.h"},
	{"EAGAIN", "errno.h"},
	{"EINTR", "errno.h"},
	{"ENOENT", "errno.h"},
	{"time_t", "time.h"},
	{"struct tm", "time.h"},
	{"struct timespec", "time.h"},
	{"struct timeval", "sys/time.h"},
	{"socklen_t", "sys/socket.h"},
	{"struct sockaddr", "sys/socket.h"},
	{"struct sockaddr_storage", "sys/socket.h"},
	{"struct sockaddr_un", "sys/un.h"},
	{"struct sockaddr_in", "netinet/in.h"},
	{"struct sockaddr_in6", "netinet/in.h"},
	{"struct stat", "sys/stat.h"},
	{"pthread_t", "pthread.h"},
	{"pthread_mutex_t", "pthread.h"},
	{"pthread_cond_t", "pthread.h"},
	{"pthread_rwlock_t", "pthread.h"},
	{NULL, NULL},
};

const char *dv_std_header_for(const char *name)
{
	const struct std_name *n;
	for (n = names; n->name; n++)
		if (strcmp(n->name, name) == 0)
			return n->header;
	return NULL;
}
