/*
 * The Language Server: `diffvet lsp` speaks LSP (JSON-RPC 2.0 with
 * Content-Length framing) on in_fd/out_fd and publishes diffvet's findings
 * on the editor's unsaved buffers as diagnostics.  A thin client of the
 * session API (session.h); the session options give the rules and the
 * fallback flags (root and compile database come from the client's
 * rootUri / workspaceFolders unless set).
 */
#ifndef DIFFVET_LSP_H
#define DIFFVET_LSP_H

#include "diffvet/session.h"

struct dv_lsp_options {
	struct dv_session_options session; /* root NULL = from initialize */
	unsigned debounce_ms;              /* wait after a change before analysing */
	int verbose;                       /* timings on stderr */
};

/* Serves until `exit`; returns 0 after shutdown + exit, 1 for exit without
 * shutdown or end of input (the LSP's exit codes). */
int dv_lsp_serve(int in_fd, int out_fd, const struct dv_lsp_options *opt);

#endif
