/*
 * Name patterns of the rules files: `*` matches any run of characters,
 * `?` any one character, every other character itself.  Unlike fnmatch
 * there are no bracket expressions, so C++ names such as `operator new[]`
 * are patterns of their own.  Linear in practice, O(len(p) * len(s)) at
 * worst (no backtracking blow-up on patterns like `*a*a*a*b`), since a
 * pattern may come from a user's configuration.
 */
#ifndef DV_UTIL_GLOB_H
#define DV_UTIL_GLOB_H

/* Nonzero when the whole of s matches pattern p. */
int dv_glob_match(const char *p, const char *s);

#endif
