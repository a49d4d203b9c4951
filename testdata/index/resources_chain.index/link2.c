#include "links.h"
void link2_show(char *p)
{
	last_show(p);
}
void link2_drop(char *p)
{
	last_drop(p);
}
void link2_unknown(char *p)
{
	not_defined_anywhere(p);
}
