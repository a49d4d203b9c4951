#include "links.h"
void link1_show(char *p)
{
	link2_show(p);
}
void link1_drop(char *p)
{
	link2_drop(p);
}
void link1_unknown(char *p)
{
	link2_unknown(p);
}
void link1_maybe_drop(char *p, int flag)
{
	if (!flag)
		return;
	link2_drop(p);
}
