/*
 * Source positions inside JSON text, for error messages that name a line.
 *
 * cJSON keeps no positions, so after a successful parse the loader walks
 * the same text again with a tiny scanner that only follows a key path.
 * The text must be valid JSON (already accepted by cJSON); the scanner
 * stops safely at a NUL byte otherwise.
 */
#ifndef DV_RULES_JSON_POS_H
#define DV_RULES_JSON_POS_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* deep enough for api.<family>.<map>.<key>.<entry>.<field>[i].<sub> */
#define JSON_PATH_MAX 10

/* One step of a path: an object key, or (key == NULL) an array index. */
struct json_path_seg {
	const char *key;
	long index;
};

struct json_path {
	struct json_path_seg seg[JSON_PATH_MAX];
	size_t n;
};

struct json_path json_path_root(void);
/* Extends `base` by a key / an index; beyond JSON_PATH_MAX steps the
 * path is left unchanged (positions then point at the parent). */
struct json_path json_path_key(struct json_path base, const char *key);
struct json_path json_path_index(struct json_path base, long index);

/* Writes "rules[3].level" into buf (always NUL-terminated). */
void json_path_format(const struct json_path *path, char *buf, size_t size);

/*
 * Byte offset in `text` of the deepest step of `path` that exists: the
 * opening quote of a key, the first byte of an array element; the first
 * non-blank byte of the document when not even the first step exists.
 * Keys are compared byte for byte with their raw (unescaped) spelling.
 */
size_t json_pos_find(const char *text, const struct json_path *path);

/*
 * Walks the text of the value starting at byte `offset` in step with
 * `node`, the cJSON tree parsed from that same text, and calls `cb` once
 * per node in document order with the offset of its first byte (for an
 * object member: its key's opening quote).  cJSON keeps members and
 * elements in text order, so the walk stays aligned; it stops early
 * (without a callback for the rest) if text and tree disagree.
 */
typedef void (*json_pos_cb)(void *ctx, const cJSON *node, size_t offset);
void json_pos_each(const char *text, size_t offset, const cJSON *node, json_pos_cb cb,
		   void *ctx);

/* Byte offset of the value that `path` names (after its key and colon),
 * or (size_t)-1 when the path does not exist in the text. */
size_t json_pos_value(const char *text, const struct json_path *path);

/* 1-based line and column of a byte offset (column counts bytes). */
size_t json_pos_line(const char *text, size_t offset);
size_t json_pos_column(const char *text, size_t offset);

#endif
