#include "rules/json_pos.h"

#include <stdio.h>
#include <string.h>

struct json_path json_path_root(void)
{
	struct json_path path;

	memset(&path, 0, sizeof(path));
	return path;
}

struct json_path json_path_key(struct json_path base, const char *key)
{
	if (base.n < JSON_PATH_MAX) {
		base.seg[base.n].key = key;
		base.seg[base.n].index = -1;
		base.n++;
	}
	return base;
}

struct json_path json_path_index(struct json_path base, long index)
{
	if (base.n < JSON_PATH_MAX) {
		base.seg[base.n].key = NULL;
		base.seg[base.n].index = index;
		base.n++;
	}
	return base;
}

void json_path_format(const struct json_path *path, char *buf, size_t size)
{
	size_t used = 0;
	size_t i;
	int len;

	if (!size)
		return;
	buf[0] = '\0';
	for (i = 0; i < path->n && used < size; i++) {
		if (path->seg[i].key)
			len = snprintf(buf + used, size - used, "%s%s", i ? "." : "",
				       path->seg[i].key);
		else
			len = snprintf(buf + used, size - used, "[%ld]", path->seg[i].index);
		if (len < 0)
			break;
		used += (size_t)len;
	}
}

static const char *skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* p at the opening quote; returns the byte after the closing quote. */
static const char *skip_string(const char *p)
{
	p++;
	while (*p && *p != '"') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	return *p ? p + 1 : p;
}

static const char *skip_value(const char *p)
{
	int depth = 0;

	if (*p == '"')
		return skip_string(p);
	if (*p != '{' && *p != '[') {
		while (*p && !strchr(",]} \t\r\n", *p))
			p++;
		return p;
	}
	while (*p) {
		if (*p == '"') {
			p = skip_string(p);
			continue;
		}
		if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			if (--depth == 0)
				return p + 1;
		}
		p++;
	}
	return p;
}

/* p after a value: skips blanks and one comma. */
static const char *next_member(const char *p)
{
	p = skip_blank(p);
	if (*p == ',')
		p++;
	return skip_blank(p);
}

/* p at '{'; returns the key's opening quote and sets *value, or NULL. */
static const char *find_key(const char *p, const char *key, const char **value)
{
	size_t key_len = strlen(key);

	p = skip_blank(p + 1);
	while (*p == '"') {
		const char *start = p;
		const char *end = skip_string(p);
		int match = (size_t)(end - start) == key_len + 2 &&
			    memcmp(start + 1, key, key_len) == 0;

		p = skip_blank(end);
		if (*p != ':')
			return NULL;
		p = skip_blank(p + 1);
		if (match) {
			*value = p;
			return start;
		}
		p = next_member(skip_value(p));
	}
	return NULL;
}

/* p at '['; returns the element's first byte, or NULL. */
static const char *find_index(const char *p, long index)
{
	long i;

	p = skip_blank(p + 1);
	for (i = 0; *p && *p != ']'; i++) {
		if (i == index)
			return p;
		p = next_member(skip_value(p));
	}
	return NULL;
}

/* The value `path` names, or NULL. */
static const char *find_value(const char *text, const struct json_path *path)
{
	const char *p = skip_blank(text);
	size_t i;

	for (i = 0; i < path->n && p; i++) {
		const char *value = NULL;

		if (path->seg[i].key) {
			if (*p != '{' || !find_key(p, path->seg[i].key, &value))
				return NULL;
			p = value;
		} else {
			if (*p != '[')
				return NULL;
			p = find_index(p, path->seg[i].index);
		}
	}
	return p;
}

size_t json_pos_value(const char *text, const struct json_path *path)
{
	const char *p = text ? find_value(text, path) : NULL;

	return p ? (size_t)(p - text) : (size_t)-1;
}

size_t json_pos_find(const char *text, const struct json_path *path)
{
	const char *p = skip_blank(text);
	const char *best = p;
	size_t i;

	for (i = 0; i < path->n; i++) {
		const char *found;
		const char *value = NULL;

		if (path->seg[i].key) {
			if (*p != '{')
				break;
			found = find_key(p, path->seg[i].key, &value);
		} else {
			if (*p != '[')
				break;
			found = find_index(p, path->seg[i].index);
			value = found;
		}
		if (!found)
			break;
		best = found;
		p = value;
	}
	return (size_t)(best - text);
}

/* p at the first byte of node's value (`at`: where the node is said to
 * start); returns the byte after the value, or NULL when text and tree
 * disagree. */
static const char *walk(const char *text, const char *p, const char *at, const cJSON *node,
			json_pos_cb cb, void *ctx, int depth)
{
	const cJSON *child;
	char close;

	cb(ctx, node, (size_t)(at - text));
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return skip_value(p);
	if (depth > 64)
		return NULL; /* cJSON's own nesting limit is lower */
	close = cJSON_IsObject(node) ? '}' : ']';
	if (*p != (cJSON_IsObject(node) ? '{' : '['))
		return NULL;
	p = skip_blank(p + 1);
	for (child = node->child; child; child = child->next) {
		const char *start = p;

		if (cJSON_IsObject(node)) {
			if (*p != '"')
				return NULL;
			p = skip_blank(skip_string(p));
			if (*p != ':')
				return NULL;
			p = skip_blank(p + 1);
		}
		p = walk(text, p, start, child, cb, ctx, depth + 1);
		if (!p)
			return NULL;
		p = next_member(p);
	}
	return *p == close ? p + 1 : NULL;
}

void json_pos_each(const char *text, size_t offset, const cJSON *node, json_pos_cb cb, void *ctx)
{
	const char *p = text + offset;

	if (!text || !node)
		return;
	(void)walk(text, p, p, node, cb, ctx, 0);
}

size_t json_pos_line(const char *text, size_t offset)
{
	size_t line = 1;
	size_t i;

	for (i = 0; i < offset && text[i]; i++) {
		if (text[i] == '\n')
			line++;
	}
	return line;
}

size_t json_pos_column(const char *text, size_t offset)
{
	size_t col = 1;
	size_t i;

	for (i = 0; i < offset && text[i]; i++)
		col = text[i] == '\n' ? 1 : col + 1;
	return col;
}
