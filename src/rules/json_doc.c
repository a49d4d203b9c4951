/*
 * JSON documents for the rules loader: parsing from a file or from bytes,
 * and typed field readers.  Every problem is reported with the file, the
 * line and the field, because a rule file is written by hand and a typo
 * must not silently disable a check.
 */
#include "rules/loader.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------- */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xmalloc((lb + 1) * sizeof(*row));
	size_t i, j, result;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

const char *closest_word(const char *word, const char *const *cands, size_t n)
{
	size_t limit = strlen(word) / 3 + 1;
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t d = edit_distance(word, cands[i]);

		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best_d <= limit && best_d < strlen(word) ? best : NULL;
}

int in_list(const char *word, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(word, list[i]) == 0)
			return 1;
	}
	return 0;
}

static void join_list(struct strbuf *sb, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", list[i]);
}

void string_list_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---- files and error messages ----------------------------------------- */

void json_file_init(struct json_file *f, const char *path)
{
	f->path = path;
	strbuf_init(&f->buf);
	f->text = f->buf.buf;
	f->doc = NULL;
}

void json_file_release(struct json_file *f)
{
	cJSON_Delete(f->doc);
	f->doc = NULL;
	strbuf_release(&f->buf);
}

static const char *skip_leading_blank(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int syntax_error(const struct json_file *f, struct dv_error *err, size_t off)
{
	char near[24];
	size_t i;

	for (i = 0; i < sizeof(near) - 1 && f->text[off + i] && f->text[off + i] != '\n' &&
		    f->text[off + i] != '\r';
	     i++) {
		unsigned char c = (unsigned char)f->text[off + i];

		near[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	near[i] = '\0';
	if (!i)
		return dv_error_set(err, DV_ERR_INPUT, "%s:%zu:%zu: invalid JSON at end of file",
				    f->path, json_pos_line(f->text, off),
				    json_pos_column(f->text, off));
	return dv_error_set(err, DV_ERR_INPUT, "%s:%zu:%zu: invalid JSON near '%s'", f->path,
			    json_pos_line(f->text, off), json_pos_column(f->text, off), near);
}

int field_error(const struct json_file *f, struct dv_error *err, struct json_path path,
		const char *fmt, ...)
{
	char field[256];
	char msg[640];
	size_t off = json_pos_find(f->text, &path);
	va_list ap;

	json_path_format(&path, field, sizeof(field));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return dv_error_set(err, DV_ERR_INPUT, "%s:%zu: field '%s': %s", f->path,
			    json_pos_line(f->text, off), field, msg);
}

/* Parses what f->buf holds. */
static int parse_buffer(struct json_file *f, struct dv_error *err)
{
	const char *end = NULL;
	size_t len;

	f->text = f->buf.buf;
	len = f->buf.len;
	if (len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0) {
		f->text += 3;
		len -= 3;
	}
	if (strlen(f->text) != len) {
		size_t nul = strlen(f->text);

		return dv_error_set(err, DV_ERR_INPUT, "%s:%zu:%zu: invalid JSON: NUL byte", f->path,
				    json_pos_line(f->text, nul), json_pos_column(f->text, nul));
	}
	/* The parse-end pointer, not cJSON_GetErrorPtr: no shared state. */
	f->doc = cJSON_ParseWithOpts(f->text, &end, 1);
	if (!f->doc)
		return syntax_error(f, err, end && end >= f->text ? (size_t)(end - f->text) : 0);
	if (!cJSON_IsObject(f->doc))
		return dv_error_set(err, DV_ERR_INPUT, "%s:%zu: expected a JSON object at top level",
				    f->path,
				    json_pos_line(f->text, (size_t)(skip_leading_blank(f->text) - f->text)));
	return 0;
}

int json_file_load(struct json_file *f, struct dv_error *err, int missing_ok, int *missing)
{
	if (strbuf_read_file(&f->buf, f->path) < 0) {
		int saved = errno;

		if (missing_ok && saved == ENOENT) {
			*missing = 1;
			return 0;
		}
		return dv_error_set(err, DV_ERR_IO, "cannot read '%s': %s", f->path, strerror(saved));
	}
	return parse_buffer(f, err);
}

int json_file_load_bytes(struct json_file *f, const char *bytes, size_t len,
			 struct dv_error *err)
{
	strbuf_reset(&f->buf);
	strbuf_add(&f->buf, bytes ? bytes : "", bytes ? len : 0);
	return parse_buffer(f, err);
}

int check_members(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		  struct json_path path, const char *const *allowed, size_t n_allowed)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, obj) {
		const cJSON *prev;

		if (allowed && !in_list(item->string, allowed, n_allowed)) {
			const char *guess = closest_word(item->string, allowed, n_allowed);
			struct strbuf known;
			int rc;

			if (guess)
				return field_error(f, err, json_path_key(path, item->string),
						   "unknown field (did you mean '%s'?)", guess);
			strbuf_init(&known);
			join_list(&known, allowed, n_allowed);
			rc = field_error(f, err, json_path_key(path, item->string),
					 "unknown field (known fields: %s)", known.buf);
			strbuf_release(&known);
			return rc;
		}
		for (prev = obj->child; prev != item; prev = prev->next) {
			if (strcmp(prev->string, item->string) == 0)
				return field_error(f, err, json_path_key(path, item->string),
						   "field given twice");
		}
	}
	return 0;
}

int get_string(const struct json_file *f, struct dv_error *err, const cJSON *obj,
	       struct json_path path, const char *key, int required, const char **out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!item)
		return required ? field_error(f, err, json_path_key(path, key),
					      "missing required field")
				: 0;
	if (!cJSON_IsString(item) || !item->valuestring[0])
		return field_error(f, err, json_path_key(path, key), "expected a non-empty string");
	*out = item->valuestring;
	return 0;
}

int get_choice(const struct json_file *f, struct dv_error *err, const cJSON *obj,
	       struct json_path path, const char *key, int required,
	       const char *const *choices, size_t n, int *out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	struct strbuf list;
	size_t i;
	int rc;

	*out = -1;
	if (!item && !required)
		return 0;
	if (!item)
		return field_error(f, err, json_path_key(path, key), "missing required field");
	for (i = 0; cJSON_IsString(item) && i < n; i++) {
		if (strcmp(item->valuestring, choices[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	strbuf_init(&list);
	join_list(&list, choices, n);
	rc = field_error(f, err, json_path_key(path, key), "expected one of %s", list.buf);
	strbuf_release(&list);
	return rc;
}

int get_strings(const struct json_file *f, struct dv_error *err, const cJSON *obj,
		struct json_path path, const char *key, char ***out, size_t *n)
{
	const cJSON *array = cJSON_GetObjectItemCaseSensitive(obj, key);
	const cJSON *item;
	size_t alloc = 0;
	long i = 0;

	*out = NULL;
	*n = 0;
	if (!array)
		return 0;
	path = json_path_key(path, key);
	if (!cJSON_IsArray(array))
		return field_error(f, err, path, "expected an array of strings");
	cJSON_ArrayForEach(item, array) {
		if (!cJSON_IsString(item) || !item->valuestring[0]) {
			string_list_free(*out, *n);
			*out = NULL;
			*n = 0;
			return field_error(f, err, json_path_index(path, i),
					   "expected a non-empty string");
		}
		DV_GROW(*out, *n + 1, alloc);
		(*out)[(*n)++] = xstrdup(item->valuestring);
		i++;
	}
	return 0;
}
