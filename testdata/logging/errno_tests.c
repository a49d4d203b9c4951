/* errno tests after a call: `errno == ERANGE`, `errno != 0` hold only
 * when the last call failed; its error path must leave a trace. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *end;
	long v;
	if (argc < 2)
		return 2;
	errno = 0;
	v = strtol(argv[1], &end, 10);
	if (errno == ERANGE)
		return 1; // expect: logging/silent-error-return
	if (v == 0) {
		errno = 0;
		v = strtol(argv[1] + 1, &end, 10);
		if (errno == ERANGE) {
			fprintf(stderr, "%s: out of range\n", argv[1]);
			return 1;
		}
	}
	printf("%ld\n", v);
	return 0;
}

unsigned long parse_size_or_die(const char *s)
{
	unsigned long n;
	errno = 0;
	n = strtoul(s, NULL, 0);
	if (errno != 0)
		exit(2); // expect: logging/silent-error-return
	return n;
}

/* getpwent returns NULL at the end too: errno tells a failure */
int count_users(void)
{
	int n = 0;
	for (;;) {
		struct passwd *pw;
		errno = 0;
		pw = getpwent();
		if (pw)
			n++;
		else if (errno)
			_exit(1); // expect: logging/silent-error-return
		else
			break;
	}
	return n;
}

double parse_ratio(const char *s)
{
	double d;
	errno = 0;
	d = strtod(s, NULL);
	if (errno == ERANGE) // expect: logging/swallowed-error
	{
	}
	return d;
}

/* ---- not findings ---- */

/* -1 with errno still set: the POSIX convention tells the caller */
int parse_port(const char *s, long *out)
{
	errno = 0;
	*out = strtol(s, NULL, 10);
	if (errno)
		return -1;
	return 0;
}

/* the failure was logged before errno is looked at again */
int open_or_die(const char *p)
{
	int fd = open(p, O_RDONLY);
	if (fd < 0) {
		perror(p);
		if (errno == EACCES)
			exit(3);
		exit(1);
	}
	return fd;
}

/* recovery: the value is clamped, nothing is given up */
long clamp_parse(const char *s)
{
	long v;
	errno = 0;
	v = strtol(s, NULL, 10);
	if (errno == ERANGE && v > 0)
		v = 1000000;
	return v;
}

/* a retry on EINTR */
ssize_t read_full(int fd, void *b, size_t n)
{
	ssize_t r;
	do {
		r = read(fd, b, n);
	} while (r < 0 && errno == EINTR);
	return r;
}

/* ignored on purpose, and said so */
void drop_file(const char *p)
{
	if (unlink(p) == 0)
		return;
	if (errno == ENOENT) {
		/* already gone */
	}
}

/* errno == 0 is the success side */
int checked_parse(const char *s, long *v)
{
	errno = 0;
	*v = strtol(s, NULL, 10);
	if (errno == 0)
		return 0;
	fprintf(stderr, "bad number: %s\n", s);
	return -1;
}

/* a forked child hands errno to its parent before it exits: the parent
 * reports it */
void send_exec_status(int fd, int err);

void exec_child(int status_fd, char **argv)
{
	int err;
	if (dup2(status_fd + 1, 1) == -1)
		goto failed;
	execv(argv[0], argv);
failed:
	err = errno;
	send_exec_status(status_fd, err);
	_exit(127);
}

void exec_child_direct(int status_fd, char **argv)
{
	if (dup2(status_fd + 1, 1) == -1) {
		send_exec_status(status_fd, errno);
		_exit(127);
	}
	execv(argv[0], argv);
	_exit(126);
}

/* the twin that gives up without a word */
void exec_child_silent(int fd, char **argv)
{
	if (dup2(fd, 1) == -1)
		_exit(127); // expect: logging/silent-error-return
	execv(argv[0], argv);
	_exit(126);
}
