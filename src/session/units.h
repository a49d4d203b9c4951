/*
 * Translation units kept between analyses (editor mode, the LSP server).
 *
 * The first analysis of a file parses it with a precompiled preamble; the
 * next ones reparse the same unit against the current buffers, which
 * recompiles only what follows the #include block.  A unit whose flags
 * changed is parsed again.  The cache owns its CXIndex and its units and
 * is used by one thread at a time (the session runs live analyses on one
 * worker).
 */
#ifndef DV_SESSION_UNITS_H
#define DV_SESSION_UNITS_H

#include "front/front.h"

struct dv_units;

struct dv_units *dv_units_new(void);
void dv_units_free(struct dv_units *u);

/* The unit of abs_path, parsed or reparsed against `overlay`; owned by the
 * cache (valid until the next call for the same path or dv_units_forget).
 * NULL when libclang produced no AST (a notification says why). */
CXTranslationUnit dv_units_get(struct dv_units *u, const char *abs_path, const char *display_path,
			       const struct dv_args *args, const struct dv_overlay *overlay,
			       struct dv_notifications *notes);

/* Disposes the unit of abs_path (the editor closed it). */
void dv_units_forget(struct dv_units *u, const char *abs_path);

#endif
