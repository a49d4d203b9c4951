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

/* --- loops whose trip count the stores tell --- */

void show_text(const char *s);

void acquire_once_release_once(void)
{
	int i, k;
	char *data = NULL;
	for (i = 0; i < 1; i++) {
		data = malloc(64);
		if (data == NULL)
			exit(1);
		show_text(data);
	}
	for (k = 0; k < 1; k++)
		free(data);
}

void never_runs(void)
{
	int n = 0, i;
	char *data = malloc(64);
	if (!data)
		return;
	for (i = 0; i < n; i++)
		show_text(data);
	free(data);
}
