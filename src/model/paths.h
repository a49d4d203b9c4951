/* Path helpers.  Every returned string is malloc'd; the caller frees it. */
#ifndef DV_PATHS_H
#define DV_PATHS_H

/* `path` relative to directory `root` when it lies below it (both made
 * absolute and lexically normalised first), else the normalised path. */
char *dv_path_relative(const char *path, const char *root);
/* Absolute, lexically normalised (".", "..", "//" removed) path; relative
 * paths are taken from `base` (NULL = current directory). */
char *dv_path_absolute(const char *path, const char *base);
/* Joins dir and name with one '/'. */
char *dv_path_join(const char *dir, const char *name);
/* Nonzero for C/C++ source and header extensions (.c .h .cc .cpp .cxx .hh .hpp .hxx .C .c++ .h++ .ipp .inl). */
int dv_path_is_c_family(const char *path);
/* Nonzero for C++ (not C) extensions. */
int dv_path_is_cplusplus(const char *path);
/* Nonzero for header extensions. */
int dv_path_is_header(const char *path);

#endif
