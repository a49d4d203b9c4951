/*
 * Resources: handles (files, sockets, database connections and statements)
 * not released on some path.  The analysis is the engine's typestate
 * service (engine/typestate.h) with the descriptor below; which functions
 * open and close handles is in rules/resources.json.
 */
#include "checkers/checker.h"
#include "engine/typestate.h"

static const struct dv_ts_family resources_family = {
	.family = "resources",
	.default_deref = 0, /* fclose(fp) closes the handle fp holds */
	/* a handle handed to code we cannot see may be kept or closed there */
	.unknown_call_escapes = 1,
	/* a handle stored in a parameter's or a global's field is the owner's */
	.local_objects_only = 1,
	.key_suffix = NULL,
	/* handed off in a loop: the path that skips it is a zero-trip loop */
	.loop_handoff_excuses_exit = 1,
	/* returning from main closes descriptors and frees memory */
	.process_exit_releases = 1,
	/* a second release of what this function released is a double free;
	 * free(NULL) after a failed allocation is not */
	.unheld_only_after_release = 1,
	.exit = {
		.rule = "resources/leak",
		.at_return = "'{name}' from {via}() is not released when the function returns here",
		.at_end = "'{name}' from {via}() is not released at the end of the function",
		.acquired_here = "'{name}' acquired here",
		.lost_on_failure = "'{name}' is overwritten with the result of {via}(); when "
				   "it fails and returns NULL, the block '{name}' held leaks",
		.overwritten = "'{name}' from {via}() is overwritten here while it is still held; "
			       "nothing releases the handle it held",
	},
	.mismatch = {
		.rule = "resources/mismatched-release",
		.message = "'{name}' from {via}() is released with {held}(), which belongs to "
			   "another allocator",
		.acquired_here = "'{name}' acquired here by {via}()",
	},
	.unheld = {
		.rule = "resources/double-release",
		.message = "'{name}' is released again here; it was already released on this path",
		.failed_here = "'{name}' was not acquired here",
		.released_here = "'{name}' released here",
	},
};

static int resources_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	return dv_ts_checker_init(rules, &resources_family, out, err);
}

const struct dv_checker dv_checker_resources = {
	.family = "resources",
	.init = resources_init,
	.free = dv_ts_checker_free,
	.check_tu = dv_ts_checker_check_tu,
	.check_text = NULL,
};
