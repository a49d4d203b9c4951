/*
 * The open documents: what the editor has in its buffers (didOpen,
 * didChange, didClose), owned by the thread that reads the protocol.
 * Changes are full texts or ranges in UTF-16 positions.
 */
#ifndef DV_LSP_DOCUMENTS_H
#define DV_LSP_DOCUMENTS_H

#include <cjson/cJSON.h>
#include <stddef.h>

struct document {
	char *uri;
	char *path;  /* absolute */
	char *text;  /* NUL-terminated */
	size_t len;
	int version;
};

struct documents {
	struct document *items;
	size_t count, alloc;
};

void documents_init(struct documents *d);
void documents_release(struct documents *d);
struct document *documents_find(struct documents *d, const char *uri);
/* Opens (or replaces) a document; NULL when the URI is not a local file. */
struct document *documents_open(struct documents *d, const char *uri, const char *text,
				size_t len, int version);
void documents_close(struct documents *d, const char *uri);
/* Applies one element of didChange's contentChanges: {text} replaces
 * everything, {range, text} a range.  0, or -1 for a malformed change. */
int document_apply_change(struct document *doc, const cJSON *change);

#endif
