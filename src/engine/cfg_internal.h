/*
 * Shared between cfg_build.c (AST to blocks) and cfg.c (derived data).
 * Not for checkers.
 */
#ifndef DV_CFG_INTERNAL_H
#define DV_CFG_INTERNAL_H

#include "engine/cfg.h"

#define DV_CFG_NONE 0xFFFFFFFFu
#define DV_CFG_MAX_BLOCKS 20000u

/* Fills preds, rpo, idom, loop_depth and marks back edges (DV_EDGE_BACK).
 * Blocks, elements and successors must be complete. */
void dv_cfg_finalize(struct dv_cfg *cfg);

#endif
