#include "rules/merge.h"
#include "util/xalloc.h"

#include <stdlib.h>

static int array_contains(const cJSON *array, const cJSON *item)
{
	const cJSON *elem;

	cJSON_ArrayForEach(elem, array) {
		if (cJSON_Compare(elem, item, 1))
			return 1;
	}
	return 0;
}

/* Appending the same sink twice would only produce duplicate findings. */
static void append_array(cJSON *dst, cJSON *src)
{
	while (src->child) {
		cJSON *item = cJSON_DetachItemViaPointer(src, src->child);

		if (array_contains(dst, item))
			cJSON_Delete(item);
		else
			cJSON_AddItemToArray(dst, item);
	}
}

/* Moves `item` (a member of `src`) into `dst`, replacing `old` if any. */
static int move_member(cJSON *dst, cJSON *old, cJSON *src, cJSON *item)
{
	char *key;
	int ok;

	cJSON_DetachItemViaPointer(src, item);
	if (old)
		return cJSON_ReplaceItemViaPointer(dst, old, item) ? 0 : -1;
	/* cJSON frees item->string while adding: give it a separate copy. */
	key = xstrdup(item->string);
	ok = cJSON_AddItemToObject(dst, key, item);
	free(key);
	if (!ok) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

int rules_api_merge(cJSON *dst, cJSON *src)
{
	cJSON *item = src->child;

	while (item) {
		cJSON *next = item->next;
		cJSON *old = cJSON_GetObjectItemCaseSensitive(dst, item->string);

		if (old && cJSON_IsObject(old) && cJSON_IsObject(item)) {
			if (rules_api_merge(old, item) < 0)
				return -1;
		} else if (old && cJSON_IsArray(old) && cJSON_IsArray(item)) {
			append_array(old, item);
		} else if (move_member(dst, old, src, item) < 0) {
			return -1;
		}
		item = next;
	}
	return 0;
}
