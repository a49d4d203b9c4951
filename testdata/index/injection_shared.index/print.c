/* Formats that are parameters: what the callers in other files pass
 * decides (nothing is known without the project index). */
#include <stdio.h>
#include "shared.h"

/* every caller passes a literal */
void print_title(const char *text)
{
	printf(text);
}

/* a caller two files away passes what it read from stdin */
void print_user(const char *text)
{
	printf(text); // expect-index: injection/format-string
}

/* a caller passes text of unknown origin: reported at that call */
void print_note(const char *text)
{
	printf(text);
}
