/*
 * The analysis thread of the server.  The protocol thread posts document
 * snapshots (opened, changed, saved, closed) and never waits for an
 * analysis: reading stdin goes on while one runs.  The analysis thread owns
 * the session (a session is used by one thread at a time), debounces
 * bursts of changes (a newer snapshot of a document replaces the pending
 * one; a change after a quiet spell is analysed at once, only the next
 * ones of a burst wait), and drops a result when a newer version or a close arrived while it
 * ran.  It publishes diagnostics itself through the shared writer.
 */
#ifndef DV_LSP_ANALYZER_H
#define DV_LSP_ANALYZER_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include "diffvet/lsp.h"
#include "lsp/jsonrpc.h"

struct analyzer;

/* root: absolute workspace root (copied).  diff_base: NULL, or a git
 * revision: each document is then analysed as a change against its blob
 * there (only what the buffer changed is reported). */
struct analyzer *analyzer_start(const struct dv_lsp_options *opt, const char *root,
				const char *diff_base, struct rpc_writer *out);
/* Stops the thread (a running analysis finishes first) and frees. */
void analyzer_stop(struct analyzer *an);

/* delay_ms: 0 for open/save, the debounce for changes (waited only by a
 * change that closely follows the previous one of the document). */
void analyzer_post(struct analyzer *an, const char *uri, const char *path, const char *text,
		   size_t len, int version, unsigned delay_ms);
void analyzer_close(struct analyzer *an, const char *uri, const char *path);
/* Answers request `id` with the help text of rule `rule` (markdown). */
void analyzer_explain(struct analyzer *an, const cJSON *id, const char *rule);

#endif
