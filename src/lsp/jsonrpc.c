/* LSP framing and JSON-RPC messages: see jsonrpc.h. */
#include "lsp/jsonrpc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lsp/mem.h"

void rpc_reader_init(struct rpc_reader *r, int fd)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
}

static int fill(struct rpc_reader *r)
{
	ssize_t n;

	if (r->eof)
		return 0;
	do
		n = read(r->fd, r->buf, sizeof(r->buf));
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		r->eof = 1;
		return 0;
	}
	r->pos = 0;
	r->len = (size_t)n;
	return 1;
}

/* One header line without its CR LF into line[]; 1, 0 at EOF, -1 when
 * longer than the bound (the rest of it is skipped). */
static int read_line(struct rpc_reader *r, char *line, size_t cap)
{
	size_t n = 0;
	int too_long = 0;

	for (;;) {
		char c;

		if (r->pos == r->len && !fill(r))
			return 0;
		c = r->buf[r->pos++];
		if (c == '\n')
			break;
		if (n + 1 < cap)
			line[n++] = c;
		else
			too_long = 1;
	}
	if (n && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	return too_long ? -1 : 1;
}

/* Reads (into body, when non-NULL) or skips len bytes; 0 at EOF. */
static int read_body(struct rpc_reader *r, char *body, size_t len)
{
	size_t got = 0;

	while (got < len) {
		size_t take;

		if (r->pos == r->len && !fill(r))
			return 0;
		take = r->len - r->pos;
		if (take > len - got)
			take = len - got;
		if (body)
			memcpy(body + got, r->buf + r->pos, take);
		r->pos += take;
		got += take;
	}
	return 1;
}

static int parse_length(const char *v, size_t *out)
{
	unsigned long long n = 0;
	int digits = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	for (; *v >= '0' && *v <= '9'; v++, digits++) {
		if (n > (1ULL << 40))
			return -1; /* absurd: treat as too large, not as overflow */
		n = n * 10 + (unsigned long long)(*v - '0');
	}
	while (*v == ' ' || *v == '\t')
		v++;
	if (!digits || *v)
		return -1;
	*out = (size_t)n;
	return 0;
}

enum rpc_read_result rpc_read(struct rpc_reader *r, char **body, size_t *len)
{
	char line[RPC_MAX_HEADER_LINE];
	size_t length = 0;
	int have_length = 0, bad = 0, lines = 0, rc;

	*body = NULL;
	*len = 0;
	for (;;) {
		rc = read_line(r, line, sizeof(line));
		if (rc == 0)
			return RPC_EOF;
		if (rc < 0) {
			bad = 1;
			continue;
		}
		if (!line[0]) {
			if (lines == 0)
				continue; /* stray blank lines between messages */
			break;
		}
		lines++;
		if (strncasecmp(line, "Content-Length:", 15) == 0) {
			if (parse_length(line + 15, &length) != 0)
				bad = 1;
			else
				have_length = 1;
		} else if (!strchr(line, ':')) {
			bad = 1;
		}
	}
	if (bad || !have_length)
		return RPC_BAD_FRAME;
	if (length > RPC_MAX_BODY)
		return read_body(r, NULL, length) ? RPC_TOO_LARGE : RPC_EOF;
	*body = lsp_alloc(length + 1);
	if (!read_body(r, *body, length)) {
		free(*body);
		*body = NULL;
		return RPC_EOF;
	}
	(*body)[length] = '\0';
	*len = length;
	return RPC_MESSAGE;
}

void rpc_writer_init(struct rpc_writer *w, int fd)
{
	w->fd = fd;
	w->broken = 0;
	pthread_mutex_init(&w->lock, NULL);
}

void rpc_writer_release(struct rpc_writer *w)
{
	pthread_mutex_destroy(&w->lock);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int rpc_send(struct rpc_writer *w, const cJSON *msg)
{
	char *text = cJSON_PrintUnformatted(msg);
	char header[64];
	int rc = -1, hl;

	if (!text)
		return -1;
	hl = snprintf(header, sizeof(header), "Content-Length: %zu\r\n\r\n", strlen(text));
	pthread_mutex_lock(&w->lock);
	if (!w->broken) {
		rc = write_all(w->fd, header, (size_t)hl) || write_all(w->fd, text, strlen(text))
			     ? -1
			     : 0;
		if (rc)
			w->broken = 1;
	}
	pthread_mutex_unlock(&w->lock);
	cJSON_free(text);
	return rc;
}

static cJSON *message(void)
{
	cJSON *m = cJSON_CreateObject();

	if (!m)
		lsp_check(NULL);
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	return m;
}

static void add_id(cJSON *m, const cJSON *id)
{
	cJSON *copy = id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull();

	if (!copy)
		lsp_check(NULL);
	cJSON_AddItemToObject(m, "id", copy);
}

int rpc_send_result(struct rpc_writer *w, const cJSON *id, cJSON *result)
{
	cJSON *m = message();
	int rc;

	add_id(m, id);
	cJSON_AddItemToObject(m, "result", result ? result : cJSON_CreateNull());
	rc = rpc_send(w, m);
	cJSON_Delete(m);
	return rc;
}

int rpc_send_error(struct rpc_writer *w, const cJSON *id, int code, const char *text)
{
	cJSON *m = message(), *e;
	int rc;

	add_id(m, id);
	e = cJSON_AddObjectToObject(m, "error");
	cJSON_AddNumberToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", text);
	rc = rpc_send(w, m);
	cJSON_Delete(m);
	return rc;
}

int rpc_send_notification(struct rpc_writer *w, const char *method, cJSON *params)
{
	cJSON *m = message();
	int rc;

	cJSON_AddStringToObject(m, "method", method);
	if (params)
		cJSON_AddItemToObject(m, "params", params);
	rc = rpc_send(w, m);
	cJSON_Delete(m);
	return rc;
}
