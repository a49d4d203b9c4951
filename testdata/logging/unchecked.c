/* Results of calls that can fail, ignored: logging/unchecked-result. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

void drop_root(uid_t uid, gid_t gid)
{
	setgid(gid); // expect: permission/privilege-not-dropped
	setuid(uid); // expect: permission/privilege-not-dropped
}

void emit(int fd, const char *buf, size_t n)
{
	write(fd, buf, n); // expect: logging/unchecked-result
}

void save(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f); // expect: logging/unchecked-result
}

void start(pthread_t *t, void *(*fn)(void *))
{
	pthread_create(t, NULL, fn, NULL); // expect: logging/unchecked-result
}

/* a comment that does not say the result is ignored on purpose */
void persist_note(int fd)
{
	fsync(fd); /* flush it */ // expect: logging/unchecked-result
}
