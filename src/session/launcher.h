/*
 * `diffvet cc -- <compiler command>`: the command a build system runs,
 * seen as a one-command compile database, so that its C/C++ inputs are
 * analysed with exactly the flags they are compiled with (libclang's
 * database loader then drops outputs, -c, -Werror and the like, as for any
 * database).  The database lives in a private temporary directory,
 * removed by dv_launch_release.
 */
#ifndef DV_SESSION_LAUNCHER_H
#define DV_SESSION_LAUNCHER_H

#include <stddef.h>
#include "diffvet/diffvet.h"

struct dv_launch {
	char *db_dir;    /* the temporary directory holding compile_commands.json */
	char **inputs;   /* absolute paths of the command's C/C++ source inputs */
	size_t n_inputs;
	char *root;      /* the repository holding the first input (nearest .git
			    above it), else its directory */
};

/* argv[0] is the compiler (a leading ccache/sccache/distcc/icecc is
 * skipped); `cwd` the directory the command runs in (absolute).  A command
 * with no source input (a link) gives n_inputs == 0 and no database.
 * Returns 0 or a dv_result. */
int dv_launch_prepare(const char *const *argv, size_t argc, const char *cwd,
		      struct dv_launch *out, struct dv_error *err);
void dv_launch_release(struct dv_launch *l);

#endif
