#include "util/glob.h"

#include <stddef.h>

/*
 * Greedy matching with one backtrack point: on a mismatch after a `*`,
 * the last `*` absorbs one more character and matching resumes after it.
 * Earlier stars never need revisiting, because the last star can absorb
 * whatever they would have.
 */
int dv_glob_match(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;
	while (*s) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			if (!*p)
				return 1;
			star = p;
			resume = s;
		} else if (*p && (*p == '?' || *p == *s)) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}
