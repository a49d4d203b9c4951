/*
 * Merging of API knowledge: the "api" objects of rule files and of the
 * project config are layered, later over earlier.
 */
#ifndef DV_RULES_MERGE_H
#define DV_RULES_MERGE_H

#include <cjson/cJSON.h>

/*
 * Merges object `src` into object `dst`: arrays are appended (an element
 * equal to one already present is dropped), objects are merged by key
 * recursively, anything else (scalars, or values whose types differ) is
 * replaced by the later value.  Members are moved out of `src`, which the
 * caller still owns and deletes.  Returns 0, or -1 when cJSON ran out of
 * memory (`dst` is then partly merged but consistent).
 */
int rules_api_merge(cJSON *dst, cJSON *src);

#endif
