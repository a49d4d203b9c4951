// A printer known by its format attribute, spelled through a macro in a header.
#include <stdlib.h>
#include "format_printer.h"

int run_editor(const char *cmd)
{
	int status = system(cmd);
	if (status == -1) {
		warn_errno("cannot run %s", cmd);
		exit(1);
	}
	return status;
}

int run_quiet(const char *cmd)
{
	if (system(cmd) == -1)
		exit(1); // expect: logging/silent-error-return
	return 0;
}
