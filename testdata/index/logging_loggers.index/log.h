#include <stddef.h>
void note_problem(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tell_admin(const char *msg);
struct buf {
	char data[256];
	size_t len;
};
void buf_appendf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
