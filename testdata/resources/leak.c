/* resources/leak: files, descriptors, directories, pipes, heap */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct ctx {
	FILE *log;
	int fd;
	char *name;
};

static FILE *g_out;

/* --- positives --- */

int read_first_line(const char *path, char *buf, int n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, n, f) == NULL)
		return -1;  // expect: resources/leak
	fclose(f);
	return 0;
}

int count_bytes(const char *path)
{
	char buf[64];
	int total = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	while ((r = read(fd, buf, sizeof buf)) > 0) {
		if (r == 1)
			return total;  // expect: resources/leak
		total += (int)r;
	}
	close(fd);
	return total;
}

int connect_to(const struct sockaddr *sa, socklen_t len)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return -1;
	if (connect(s, sa, len) < 0)
		return -1;  // expect: resources/leak
	return s;
}

int list_dir(const char *path)
{
	int n = 0;
	struct dirent *de;
	DIR *d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '!')
			return -2;  // expect: resources/leak
		n++;
	}
	closedir(d);
	return n;
}

int run_cmd(void)
{
	char line[128];
	FILE *p = popen("uname -a", "r");
	if (!p)
		return -1;
	if (!fgets(line, sizeof line, p))
		return -1;  // expect: resources/leak
	pclose(p);
	return 0;
}

int goto_cleanup_wrong(const char *a, const char *b)
{
	int rc = -1;
	FILE *fa = NULL, *fb = NULL;
	fa = fopen(a, "r");
	if (!fa)
		goto out;
	fb = fopen(b, "w");
	if (!fb)
		goto out;
	rc = 0;
	fclose(fb);
out:
	return rc;  // expect: resources/leak
}

char *dup_name(const char *s, int upper)
{
	char *copy = strdup(s);
	if (!copy)
		return NULL;
	if (upper < 0)
		return NULL;  // expect: resources/leak
	return copy;
}

int buffer_work(size_t n)
{
	char *buf = malloc(n);
	if (!buf)
		return -1;
	memset(buf, 0, n);
	if (n > 4096)
		return -2;  // expect: resources/leak
	free(buf);
	return 0;
}

void unchecked_open(const char *p)
{
	FILE *f = fopen(p, "w");
	fputs("x", f);
}  // expect: resources/leak

int switch_leak(const char *p, int mode)
{
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	switch (mode) {
	case 0:
		break;
	case 1:
		return 1;  // expect: resources/leak
	default:
		break;
	}
	fclose(f);
	return 0;
}

int loop_break_leak(const char **paths, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "r");
		if (!f)
			continue;
		if (fgetc(f) == EOF)
			break;
		fclose(f);
	}
	return i;  // expect: resources/leak
}

/* --- negatives --- */

int goto_cleanup_right(const char *a, const char *b)
{
	int rc = -1;
	FILE *fa = NULL, *fb = NULL;
	fa = fopen(a, "r");
	if (!fa)
		goto out;
	fb = fopen(b, "w");
	if (!fb)
		goto out;
	rc = 0;
out:
	if (fb)
		fclose(fb);
	if (fa)
		fclose(fa);
	return rc;
}

FILE *open_log(const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return NULL;
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

void use_open_log(void)
{
	FILE *f = open_log("/tmp/x");
	if (!f)
		return;
	fputs("hello", f);
	fclose(f);
}

int store_in_struct(struct ctx *c, const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	c->log = f;
	return 0;
}

int store_in_global(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	g_out = f;
	return 0;
}

int out_param(const char *path, int *out)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	*out = fd;
	return 0;
}

void register_fd(int fd);

int handed_to_unknown(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	register_fd(fd);
	return 0;
}

static void close_quietly(FILE *f)
{
	if (f)
		fclose(f);
}

int closed_by_helper(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	fgetc(f);
	close_quietly(f);
	return 0;
}

int socket_returned(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0)
		return -1;
	return s;
}

int loop_closed(const char **paths, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "r");
		if (!f)
			continue;
		if (fgetc(f) == EOF) {
			fclose(f);
			break;
		}
		fclose(f);
	}
	return i;
}

char *strdup_returned(const char *s)
{
	char *p = strdup(s);
	return p;
}

void *realloc_grow(size_t n)
{
	char *p = malloc(n);
	char *q;
	if (!p)
		return NULL;
	q = realloc(p, 2 * n);
	if (!q) {
		free(p);
		return NULL;
	}
	return q;
}

int switch_closed(const char *p, int mode)
{
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	switch (mode) {
	case 1:
		fclose(f);
		return 1;
	default:
		break;
	}
	fclose(f);
	return 0;
}

int init_ctx(struct ctx *c, const char *name)
{
	char *n = strdup(name);
	if (!n)
		return -1;
	*c = (struct ctx){ .log = NULL, .fd = -1, .name = n };
	return 0;
}

int fd_checked_with_eq(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}
