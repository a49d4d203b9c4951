/*
 * JSON-RPC 2.0 over a byte stream with LSP framing: "Content-Length: N"
 * headers, a blank line, N bytes of JSON.
 *
 * The reader never trusts the peer: header lines are bounded, the body
 * is capped (a larger message is read and discarded, then reported), and
 * end of input in the middle of a message is end of input.  The writer
 * serialises whole messages under a lock, so the reading thread and the
 * analysis thread may both send.
 */
#ifndef DV_LSP_JSONRPC_H
#define DV_LSP_JSONRPC_H

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stddef.h>

/* JSON-RPC and LSP error codes. */
enum {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	RPC_INTERNAL_ERROR = -32603,
	RPC_SERVER_NOT_INITIALIZED = -32002,
	RPC_REQUEST_CANCELLED = -32800,
};

#define RPC_MAX_BODY ((size_t)64 << 20) /* a whole source file fits many times */
#define RPC_MAX_HEADER_LINE 1024

struct rpc_reader {
	int fd;
	char buf[65536];
	size_t pos, len;
	int eof;
};

enum rpc_read_result {
	RPC_MESSAGE = 0, /* *body holds a NUL-terminated message (malloc'd) */
	RPC_EOF,         /* input closed (possibly mid-message) */
	RPC_BAD_FRAME,   /* header without a valid Content-Length: skipped */
	RPC_TOO_LARGE,   /* body above the cap: discarded */
};

void rpc_reader_init(struct rpc_reader *r, int fd);
enum rpc_read_result rpc_read(struct rpc_reader *r, char **body, size_t *len);

struct rpc_writer {
	int fd;
	pthread_mutex_t lock;
	int broken; /* a write failed (peer gone): later writes are dropped */
};

void rpc_writer_init(struct rpc_writer *w, int fd);
void rpc_writer_release(struct rpc_writer *w);
/* Sends msg (not consumed); 0 or -1. */
int rpc_send(struct rpc_writer *w, const cJSON *msg);
/* Responses: `id` is copied (NULL = null). */
int rpc_send_result(struct rpc_writer *w, const cJSON *id, cJSON *result /* consumed */);
int rpc_send_error(struct rpc_writer *w, const cJSON *id, int code, const char *message);
int rpc_send_notification(struct rpc_writer *w, const char *method, cJSON *params /* consumed */);

#endif
