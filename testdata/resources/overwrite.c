/* resources/leak at a store: a handle acquired here and still held is
 * replaced by a fresh acquire or a constant; nothing can release it any
 * more.  Stores of derived values, stores after a release or a hand-off,
 * and the other name of a copied handle are not findings. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct box {
	char *data;
};

/* --- positives --- */

void alloc_twice(size_t n)
{
	char *a = malloc(n);
	a = malloc(n); // expect: resources/leak
	free(a);
}

int forget_stream(const char *p)
{
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	fgetc(f);
	f = NULL; // expect: resources/leak
	return 0;
}

int forget_fd(const char *p)
{
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return -1;
	fd = -1; // expect: resources/leak
	return fd;
}

/* --- negatives --- */

void closed_then_cleared(const char *p)
{
	FILE *f = fopen(p, "r");
	if (f)
		fclose(f);
	f = NULL;
	(void)f;
}

void each_iteration_freed(int n)
{
	char *p = NULL;
	int i;
	for (i = 0; i < n; i++) {
		p = malloc(16);
		if (!p)
			return;
		free(p);
	}
}

void handed_to_box(struct box *b, size_t n)
{
	char *p = malloc(n);
	b->data = p;
	p = NULL;
	(void)p;
}

void copied_then_cleared(size_t n)
{
	char *p = malloc(n);
	char *q = p;
	p = NULL;
	free(q);
	(void)p;
}

void failed_then_retried(const char *a, const char *b)
{
	FILE *f = fopen(a, "r");
	if (!f)
		f = fopen(b, "r");
	if (f)
		fclose(f);
}
