/*
 * Statements lost to clang's error recovery.
 *
 * When a statement does not type-check (an identifier from a missing
 * header, a member of an incomplete type), clang drops it from the AST:
 * its tokens are inside the function but under no statement.  This module
 * finds those token runs in a function body and says whether a dropped run
 * could matter to a flow analysis: one that calls something, changes
 * control flow, opens a block or stores a local variable somewhere may have
 * released, acquired or handed off a resource; one that does none of these
 * (`opts->flags |= SOME_FLAG;`) cannot.
 *
 * A call clang could not resolve (wrong arguments, no fitting overload)
 * may survive as a recovery expression instead: the CFG sees no call in
 * it, so it is reported as a dropped statement that may call.
 *
 * Not dropped: the lines of preprocessor directives, the text of inactive
 * `#if` blocks and the invocations of macros that expand to nothing.
 *
 * Only meaningful for a function with compile errors: a macro expanding to
 * nothing also leaves tokens under no statement in clean code.
 */
#ifndef DV_ENGINE_RECOVERY_H
#define DV_ENGINE_RECOVERY_H

#include <clang-c/Index.h>
#include <stddef.h>

struct dv_dropped_stmt {
	unsigned first_line, last_line; /* expansion lines in the main file */
	int harmful;                    /* may hide a call, a jump or an escape */
};

struct dv_dropped_list {
	struct dv_dropped_stmt *items;
	size_t count;
};

/* Fills `out` with the dropped statements of `func`'s body (a function
 * definition cursor); returns their number. */
size_t dv_recovery_dropped(CXTranslationUnit tu, CXCursor func, struct dv_dropped_list *out);
void dv_dropped_list_release(struct dv_dropped_list *l);

struct dv_sink;

/*
 * For a checker, on a function with compile errors: nonzero when it can
 * be judged, i.e. error recovery only dropped statements that call
 * nothing and cannot jump (those are recorded as partial gaps of their
 * own lines); zero when a dropped statement, or a call kept only as a
 * recovery expression, may call or jump (recorded as a gap of the
 * function).  Gaps go to `sink` under `family`; a NULL sink records none
 * (a summary pass).
 */
int dv_recovery_judge(CXTranslationUnit tu, struct dv_sink *sink, CXCursor func,
		      const char *family);

#endif
