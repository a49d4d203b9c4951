#include <stdio.h>
#include <string.h>
#include "shared.h"

char *pending_cmd;
const char *banner_fmt;
extern const char *note_text(int code);

int main(int argc, char **argv)
{
	char line[256];
	char *text = line;
	(void)argv;
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	print_title("usage\n");
	print_title("done\n");
	/* reported here too: a check of this file alone knows the sink */
	relay_user(line); // expect-index: injection/format-string
	print_note(note_text(argc)); // expect-index: injection/format-string
	/* the caller's side of the sink behind `void *` */
	run_boxed(&text); // expect-index: injection/command
	pending_cmd = line;
	run_pending();
	banner_fmt = "== %d ==\n";
	show_banner();
	return 0;
}
