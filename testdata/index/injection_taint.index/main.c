#include <stdlib.h>
#include <string.h>
#include "helpers.h"
int main(int argc, char **argv)
{
	char buf[128];
	char *line;
	if (argc < 2)
		return 1;
	/* the shell two calls away in other files */
	run_report("lint", argv[1]); // expect-index: injection/command
	/* a format string in another file */
	show(getenv("GREETING")); // expect-index: injection/format-string
	/* constants reach the same sinks: no finding */
	run_report("lint", "all");
	show("hello\n");
	/* a sink-free helper */
	count_chars(argv[1]);
	/* data read in another file, returned or written through the buffer */
	line = read_line(buf, sizeof(buf));
	system(line); // expect-index: injection/command
	read_into(buf, sizeof(buf));
	system(buf); // expect-index: injection/command
	/* the buffer overwritten with a constant first */
	read_into(buf, sizeof(buf));
	strcpy(buf, "date");
	system(buf);
	return 0;
}
