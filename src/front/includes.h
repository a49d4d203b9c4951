/*
 * Includes that leave the analysis root.  libclang follows #include
 * wherever it points: "/home/me/.ssh/id_rsa", "../../secret.h" or a link
 * in the tree to either.  The change under review chooses those names, so
 * a file it includes outside the root (and outside every trusted include
 * directory) is never given to libclang: dv_front_parse parses again with
 * an empty buffer in its place, so no byte of it reaches the AST, a
 * diagnostic or a finding.  The name is reported, never the content.
 *
 * Trusted: the default system directories (/usr/include,
 * /usr/local/include, /usr/lib: clang's and gcc's own headers) and the
 * include directories of the command line or compile_commands.json
 * (-I, -isystem, -iquote, -idirafter) that are not themselves below the
 * root: a directory of the repository is the repository, and a link in it
 * is no reason to trust what it points to.  A file is judged by its real
 * path (links resolved).  A main file outside the root (named by the
 * user: `diffvet check ../lib/x.c`) adds its own directory.
 */
#ifndef DV_FRONT_INCLUDES_H
#define DV_FRONT_INCLUDES_H

#include <clang-c/Index.h>
#include <stddef.h>

struct dv_args;

struct dv_outside_includes {
	char **paths; /* owned; as libclang named them (what it opens) */
	size_t count, alloc;
};

/* Adds to `out` each file `tu` included that resolves outside `root`
 * (absolute) and every trusted directory, and is not in `out` yet;
 * returns how many were added.  `root` NULL: adds nothing. */
size_t dv_outside_includes_collect(CXTranslationUnit tu, const char *main_path, const char *root,
				   const struct dv_args *args, struct dv_outside_includes *out);
void dv_outside_includes_release(struct dv_outside_includes *out);

#endif
