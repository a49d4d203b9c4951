/* resources/leak: branches on values that never change are not paths */
#include <stdio.h>
#include <stdlib.h>

static int always_on = 1;
static int always_off = 0;
static const int LIMIT = 5;
static int changed_later = 0;

void set_changed(void)
{
	changed_later = 1;
}

void closed_unless_off(const char *path)
{
	FILE *f = NULL;
	if (always_on)
		f = fopen(path, "r");
	if (always_off) {
		puts("never");
	} else {
		if (f)
			fclose(f);
	}
}

void closed_when_five(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (LIMIT == 5)
		fclose(f);
}

void constant_switch(size_t n)
{
	char *p = malloc(n);
	if (!p)
		return;
	switch (7) {
	case 7:
		free(p);
		break;
	default:
		puts("never");
		break;
	}
}

/* --- positive: a variable written elsewhere in the file is not constant --- */

void leaks_when_changed(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (changed_later)
		return;  // expect: resources/leak
	fclose(f);
}
