/* A format parameter is judged by the callers in this file (Juliet's
 * goodG2B sinks): constant when every caller passes constants, through
 * chains of helpers; a warning when the function can be called from
 * elsewhere (address taken) or a caller passes something unknown. */
#include <stdio.h>
#include <string.h>

extern const char *label_of(int id);

static void good_sink_e(char *data) { printf(data); }
static void good_sink_d(char *data) { good_sink_e(data); }
static void good_sink_c(char *data) { good_sink_d(data); }

void good_chain(void)
{
	char buffer[100] = "";
	char *data = buffer;
	strcpy(data, "fixedstringtest");
	good_sink_c(data);
}

static void banner(const char *text) { fputs("== ", stdout); printf(text); }

void show_banners(void)
{
	banner("start\n");
	banner("stop\n");
}

static void callback(const char *msg) { printf(msg); } // expect: injection/format-string
void (*on_message)(const char *) = callback;

static void show_label(const char *msg) { printf(msg); } // expect: injection/format-string
void labels(int id)
{
	show_label("none\n");
	show_label(label_of(id));
}

/* Callers in other files only, unknown here: no evidence on its own (the
 * project index tells what they pass; see testdata/index). */
void print_exported(const char *msg) { printf(msg); }

/* A variable another file defines and sets: likewise. */
extern const char *other_file_format;
void print_other(void) { printf(other_file_format); }
