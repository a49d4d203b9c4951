/* A file-scope variable as the hand-off point between two functions of
 * the file: the writer stores its handle there and calls a reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *shown;
static char *dropped;
static char *cached;
static char *shared;
static char *moved_on;
static char *elsewhere;

/* reads the handle and leaves it */
static void show_shown(void)
{
	char *b = shown;
	puts(b);
}

/* releases what the global holds */
static void drop_dropped(void)
{
	char *b = dropped;
	free(b);
}

static void show_shared(void)
{
	char *b = shared;
	puts(b);
}

/* called from elsewhere: releases what the global holds */
void release_shared(void)
{
	free(shared);
	shared = NULL;
}

/* passes the handle on to another global: it is kept */
static void move_on(void)
{
	char *b = moved_on;
	elsewhere = b;
}

void lent_and_lost(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	strcpy(p, "text");
	shown = p;
	show_shown();
} // expect: resources/leak

void handed_and_released(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	dropped = p;
	drop_dropped();
}

void released_then_handed(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	free(p);
	dropped = p;
	drop_dropped(); // expect: resources/double-release
}

/* kept in a global nobody reads here: the global owns it */
void kept_in_cache(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	cached = p;
}

/* read and left, but another function of the file releases it */
void lent_and_released_later(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	shared = p;
	show_shared();
}

void lent_and_kept(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	moved_on = p;
	move_on();
}

/* released through the global by the callee, then by us: a double free */
void handed_then_freed(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	dropped = p;
	drop_dropped();
	free(p); // expect: resources/double-release
}

/* an extern global: another file may release what it holds (without the
 * project index nothing says none does) */
char *exported_slot;

static void show_exported(void)
{
	char *b = exported_slot;
	puts(b);
}

void lent_to_extern(void)
{
	char *p = malloc(32);
	if (!p)
		return;
	exported_slot = p;
	show_exported();
}
