/* The open documents: see documents.h. */
#include "lsp/documents.h"

#include <stdlib.h>
#include <string.h>

#include "lsp/mem.h"
#include "lsp/text.h"

void documents_init(struct documents *d)
{
	memset(d, 0, sizeof(*d));
}

static void document_release(struct document *doc)
{
	free(doc->uri);
	free(doc->path);
	free(doc->text);
}

void documents_release(struct documents *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		document_release(&d->items[i]);
	free(d->items);
	documents_init(d);
}

struct document *documents_find(struct documents *d, const char *uri)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (strcmp(d->items[i].uri, uri) == 0)
			return &d->items[i];
	return NULL;
}

struct document *documents_open(struct documents *d, const char *uri, const char *text,
				size_t len, int version)
{
	struct document *doc = documents_find(d, uri);
	char *path = uri_to_path(uri);

	if (!path)
		return NULL;
	if (doc) {
		document_release(doc);
	} else {
		if (d->count == d->alloc) {
			d->alloc = d->alloc ? d->alloc * 2 : 8;
			d->items = lsp_realloc(d->items, d->alloc, sizeof(*d->items));
		}
		doc = &d->items[d->count++];
	}
	doc->uri = lsp_strdup(uri);
	doc->path = path;
	doc->text = lsp_strndup(text, len);
	doc->len = len;
	doc->version = version;
	return doc;
}

void documents_close(struct documents *d, const char *uri)
{
	struct document *doc = documents_find(d, uri);

	if (!doc)
		return;
	document_release(doc);
	*doc = d->items[--d->count];
}

static int position(const cJSON *pos, unsigned *line, unsigned *character)
{
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(pos, "line");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(pos, "character");

	if (!cJSON_IsNumber(l) || !cJSON_IsNumber(c) || l->valuedouble < 0 ||
	    c->valuedouble < 0 || l->valuedouble > 4e9 || c->valuedouble > 4e9)
		return -1;
	*line = (unsigned)l->valuedouble;
	*character = (unsigned)c->valuedouble;
	return 0;
}

int document_apply_change(struct document *doc, const cJSON *change)
{
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(change, "text");
	const cJSON *range = cJSON_GetObjectItemCaseSensitive(change, "range");
	unsigned l0, c0, l1, c1;
	size_t a, b, n;
	char *grown;

	if (!cJSON_IsString(text))
		return -1;
	n = strlen(text->valuestring);
	if (!range) {
		free(doc->text);
		doc->text = lsp_strndup(text->valuestring, n);
		doc->len = n;
		return 0;
	}
	if (position(cJSON_GetObjectItemCaseSensitive(range, "start"), &l0, &c0) != 0 ||
	    position(cJSON_GetObjectItemCaseSensitive(range, "end"), &l1, &c1) != 0)
		return -1;
	a = text_offset(doc->text, doc->len, l0, c0);
	b = text_offset(doc->text, doc->len, l1, c1);
	if (b < a)
		return -1;
	grown = lsp_alloc(doc->len - (b - a) + n + 1);
	memcpy(grown, doc->text, a);
	memcpy(grown + a, text->valuestring, n);
	memcpy(grown + a + n, doc->text + b, doc->len - b);
	doc->len = doc->len - (b - a) + n;
	free(doc->text);
	doc->text = grown;
	return 0;
}
