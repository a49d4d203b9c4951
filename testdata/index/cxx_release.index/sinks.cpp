#include <stdio.h>
#include <stdlib.h>
#include "sink.h"

namespace mem {
void Freeing::take(char *p) const
{
	free(p);
}

void Reading::take(char *p) const
{
	puts(p);
}
} // namespace mem

namespace other {
void take(char *p)
{
	free(p);
}
} // namespace other
