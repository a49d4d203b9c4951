/* resources/double-release: a handle released twice on a path */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct buf {
	char *data;
};

void refill(struct buf *b);
void reopen(char **p);

void twice(size_t n)
{
	char *p = malloc(n);
	if (p == NULL)
		return;
	memset(p, 0, n);
	free(p);
	free(p);  // expect: resources/double-release
}

int closed_twice(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgetc(f) == EOF) {
		fclose(f);
	}
	fclose(f);  // expect: resources/double-release
	return 0;
}

void param_twice(char *p)
{
	free(p);
	free(p);  // expect: resources/double-release
}

/* --- negatives --- */

void reset_between(size_t n)
{
	char *p = malloc(n);
	free(p);
	p = NULL;
	free(p);
}

void reassigned_between(size_t n)
{
	char *p = malloc(n);
	free(p);
	p = malloc(n);
	free(p);
}

void failed_then_freed(size_t n)
{
	char *p = malloc(n);
	if (p == NULL) {
		free(p); /* free(NULL) does nothing */
		return;
	}
	free(p);
}

void each_element(char **v, int n)
{
	int i;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void field_refilled(struct buf *b)
{
	free(b->data);
	refill(b);
	free(b->data);
}

void rewritten_through_address(size_t n)
{
	char *p = malloc(n);
	free(p);
	reopen(&p);
	free(p);
}

void exclusive_paths(int fast, size_t n)
{
	char *p = malloc(n);
	if (fast)
		free(p);
	if (!fast)
		free(p);
}

int close_once(int fd)
{
	if (fd > STDERR_FILENO)
		close(fd);
	return 0;
}

void copy_freed_again(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	free(p);
	{
		char *q = p;
		free(q);  // expect: resources/double-release
	}
}

struct table {
	char *slots;
};
struct set {
	struct table *tbl;
	struct set *next;
};
struct owner {
	struct set *head;
};

/* the owner's head is replaced between the two releases: the second
 * frees the new head's table */
void replace_head(struct owner *o, struct set *other)
{
	free(o->head->tbl);
	o->head = other;
	free(o->head->tbl);
}
