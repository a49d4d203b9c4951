/*
 * The protocol thread of `diffvet lsp`: reads framed messages, keeps the
 * lifecycle (initialize, initialized, shutdown, exit), the documents and
 * the code actions, and hands analyses to the analysis thread
 * (analyzer.h) so that reading never waits for one.
 */
#include "diffvet/lsp.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsp/analyzer.h"
#include "lsp/documents.h"
#include "lsp/jsonrpc.h"
#include "lsp/mem.h"
#include "lsp/text.h"

enum state { NOT_INITIALIZED, RUNNING, SHUT_DOWN };

struct server {
	const struct dv_lsp_options *opt;
	struct rpc_writer out;
	struct documents docs;
	struct analyzer *an;
	enum state state;
	unsigned debounce_ms;
	int exit_code; /* -1 while serving */
};

static const cJSON *item(const cJSON *o, const char *key)
{
	return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

static const char *string_of(const cJSON *o, const char *key)
{
	const cJSON *v = item(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The workspace root: rootUri, else the first workspace folder, else
 * rootPath, else the current directory. */
static char *workspace_root(const cJSON *params)
{
	const cJSON *folders = item(params, "workspaceFolders");
	const char *uri = string_of(params, "rootUri");
	char *root = NULL, cwd[PATH_MAX];

	if (uri)
		root = uri_to_path(uri);
	if (!root && cJSON_IsArray(folders) && cJSON_GetArraySize(folders) > 0)
		root = uri_to_path(string_of(cJSON_GetArrayItem(folders, 0), "uri"));
	if (!root && string_of(params, "rootPath") && string_of(params, "rootPath")[0] == '/')
		root = lsp_strdup(string_of(params, "rootPath"));
	if (!root && getcwd(cwd, sizeof(cwd)))
		root = lsp_strdup(cwd);
	if (root) {
		size_t n = strlen(root);
		while (n > 1 && root[n - 1] == '/')
			root[--n] = '\0';
	}
	return root;
}

static cJSON *capabilities(void)
{
	cJSON *caps = lsp_check(cJSON_CreateObject()), *sync, *save, *cmds;

	sync = cJSON_AddObjectToObject(caps, "textDocumentSync");
	cJSON_AddBoolToObject(sync, "openClose", 1);
	cJSON_AddNumberToObject(sync, "change", 2); /* incremental */
	save = cJSON_AddObjectToObject(sync, "save");
	cJSON_AddBoolToObject(save, "includeText", 1);
	cJSON_AddBoolToObject(caps, "codeActionProvider", 1);
	cmds = cJSON_AddArrayToObject(cJSON_AddObjectToObject(caps, "executeCommandProvider"),
				      "commands");
	cJSON_AddItemToArray(cmds, cJSON_CreateString("diffvet.explain"));
	return caps;
}

static void on_initialize(struct server *sv, const cJSON *id, const cJSON *params)
{
	const cJSON *init = item(params, "initializationOptions");
	const cJSON *debounce = item(init, "debounceMs");
	const cJSON *diff_base = item(init, "diffBase");
	cJSON *result, *info;
	char *root;

	if (sv->state != NOT_INITIALIZED) {
		rpc_send_error(&sv->out, id, RPC_INVALID_REQUEST, "initialize was already received");
		return;
	}
	if (cJSON_IsNumber(debounce) && debounce->valuedouble >= 0 && debounce->valuedouble <= 10000)
		sv->debounce_ms = (unsigned)debounce->valuedouble;
	root = sv->opt->session.root ? lsp_strdup(sv->opt->session.root) : workspace_root(params);
	if (diff_base && !(cJSON_IsString(diff_base) && diff_base->valuestring[0] &&
			   diff_base->valuestring[0] != '-' && strlen(diff_base->valuestring) < 256)) {
		free(root);
		rpc_send_error(&sv->out, id, RPC_INVALID_PARAMS,
			       "initializationOptions.diffBase: expected a git revision such as "
			       "\"HEAD\" or \"origin/main\"");
		return;
	}
	sv->an = analyzer_start(sv->opt, root ? root : ".",
				diff_base ? diff_base->valuestring : NULL, &sv->out);
	free(root);
	if (!sv->an) {
		rpc_send_error(&sv->out, id, RPC_INTERNAL_ERROR, "cannot start the analysis thread");
		return;
	}
	result = lsp_check(cJSON_CreateObject());
	cJSON_AddItemToObject(result, "capabilities", capabilities());
	info = cJSON_AddObjectToObject(result, "serverInfo");
	cJSON_AddStringToObject(info, "name", "diffvet");
	cJSON_AddStringToObject(info, "version", DIFFVET_VERSION);
	sv->state = RUNNING;
	rpc_send_result(&sv->out, id, result);
}

static const char *doc_uri(const cJSON *params)
{
	return string_of(item(params, "textDocument"), "uri");
}

static void on_did_open(struct server *sv, const cJSON *params)
{
	const cJSON *td = item(params, "textDocument");
	const cJSON *text = item(td, "text"), *version = item(td, "version");
	const char *uri = string_of(td, "uri");
	struct document *doc;

	if (!uri || !cJSON_IsString(text))
		return;
	doc = documents_open(&sv->docs, uri, text->valuestring, strlen(text->valuestring),
			     cJSON_IsNumber(version) ? version->valueint : 0);
	if (doc)
		analyzer_post(sv->an, doc->uri, doc->path, doc->text, doc->len, doc->version, 0);
}

static void on_did_change(struct server *sv, const cJSON *params)
{
	const cJSON *version = item(item(params, "textDocument"), "version");
	const cJSON *changes = item(params, "contentChanges"), *ch;
	struct document *doc;
	const char *uri = doc_uri(params);

	if (!uri || !(doc = documents_find(&sv->docs, uri)) || !cJSON_IsArray(changes))
		return;
	cJSON_ArrayForEach(ch, changes)
	{
		if (document_apply_change(doc, ch) != 0) {
			fprintf(stderr, "diffvet lsp: %s: malformed change ignored\n", uri);
			return;
		}
	}
	if (cJSON_IsNumber(version))
		doc->version = version->valueint;
	analyzer_post(sv->an, doc->uri, doc->path, doc->text, doc->len, doc->version,
		      sv->debounce_ms);
}

static void on_did_save(struct server *sv, const cJSON *params)
{
	const cJSON *text = item(params, "text");
	struct document *doc;
	const char *uri = doc_uri(params);

	if (!uri || !(doc = documents_find(&sv->docs, uri)))
		return;
	if (cJSON_IsString(text)) {
		free(doc->text);
		doc->len = strlen(text->valuestring);
		doc->text = lsp_strndup(text->valuestring, doc->len);
	}
	analyzer_post(sv->an, doc->uri, doc->path, doc->text, doc->len, doc->version, 0);
}

static void on_did_close(struct server *sv, const cJSON *params)
{
	const char *uri = doc_uri(params);
	struct document *doc;

	if (!uri || !(doc = documents_find(&sv->docs, uri)))
		return;
	analyzer_close(sv->an, doc->uri, doc->path);
	documents_close(&sv->docs, uri);
}

/* "Suppress RULE on this line": the suppression comment, indented like
 * the line, above it; "Explain RULE": the rule's help. */
static void add_actions(cJSON *out, const struct document *doc, const cJSON *diag)
{
	const char *rule = string_of(diag, "code"), *source = string_of(diag, "source");
	const cJSON *line = item(item(item(diag, "range"), "start"), "line");
	cJSON *action, *edit, *edits, *te, *r, *args, *cmd;
	char title[300], *comment;
	size_t start, indent = 0;

	if (!rule || !source || strcmp(source, "diffvet") != 0 || !strchr(rule, '/') ||
	    strncmp(rule, "diffvet/", 8) == 0 || !cJSON_IsNumber(line) || line->valuedouble < 0)
		return;
	start = text_line_start(doc->text, doc->len, (unsigned)line->valuedouble);
	while (start + indent < doc->len && (doc->text[start + indent] == ' ' ||
					     doc->text[start + indent] == '\t'))
		indent++;
	comment = lsp_alloc(indent + strlen(rule) + 64);
	memcpy(comment, doc->text + start, indent);
	sprintf(comment + indent, "// diffvet-ignore[%s]: why this is safe\n", rule);

	action = lsp_check(cJSON_CreateObject());
	snprintf(title, sizeof(title), "Suppress %s on this line", rule);
	cJSON_AddStringToObject(action, "title", title);
	cJSON_AddStringToObject(action, "kind", "quickfix");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(action, "diagnostics"), cJSON_Duplicate(diag, 1));
	edit = cJSON_AddObjectToObject(action, "edit");
	edits = cJSON_AddArrayToObject(cJSON_AddObjectToObject(edit, "changes"), doc->uri);
	te = lsp_check(cJSON_CreateObject());
	r = cJSON_AddObjectToObject(te, "range");
	cJSON_AddNumberToObject(cJSON_AddObjectToObject(r, "start"), "line", line->valuedouble);
	cJSON_AddNumberToObject(cJSON_GetObjectItem(r, "start"), "character", 0);
	cJSON_AddNumberToObject(cJSON_AddObjectToObject(r, "end"), "line", line->valuedouble);
	cJSON_AddNumberToObject(cJSON_GetObjectItem(r, "end"), "character", 0);
	cJSON_AddStringToObject(te, "newText", comment);
	cJSON_AddItemToArray(edits, te);
	cJSON_AddItemToArray(out, action);
	free(comment);

	action = lsp_check(cJSON_CreateObject());
	snprintf(title, sizeof(title), "Explain %s", rule);
	cJSON_AddStringToObject(action, "title", title);
	cmd = cJSON_AddObjectToObject(action, "command");
	cJSON_AddStringToObject(cmd, "title", title);
	cJSON_AddStringToObject(cmd, "command", "diffvet.explain");
	args = cJSON_AddArrayToObject(cmd, "arguments");
	cJSON_AddItemToArray(args, cJSON_CreateString(rule));
	cJSON_AddItemToArray(out, action);
}

static void on_code_action(struct server *sv, const cJSON *id, const cJSON *params)
{
	const char *uri = doc_uri(params);
	const cJSON *diags = item(item(params, "context"), "diagnostics"), *d;
	struct document *doc = uri ? documents_find(&sv->docs, uri) : NULL;
	cJSON *out = lsp_check(cJSON_CreateArray());

	if (doc && cJSON_IsArray(diags))
		cJSON_ArrayForEach(d, diags) add_actions(out, doc, d);
	rpc_send_result(&sv->out, id, out);
}

static void on_execute_command(struct server *sv, const cJSON *id, const cJSON *params)
{
	const char *cmd = string_of(params, "command");
	const cJSON *args = item(params, "arguments");
	const cJSON *rule = cJSON_IsArray(args) ? cJSON_GetArrayItem(args, 0) : NULL;

	if (!cmd || strcmp(cmd, "diffvet.explain") != 0 || !cJSON_IsString(rule)) {
		rpc_send_error(&sv->out, id, RPC_INVALID_PARAMS,
			       "expected command diffvet.explain with a rule id");
		return;
	}
	analyzer_explain(sv->an, id, rule->valuestring);
}

static void on_request(struct server *sv, const char *method, const cJSON *id,
		       const cJSON *params)
{
	if (strcmp(method, "initialize") == 0) {
		on_initialize(sv, id, params);
	} else if (sv->state == NOT_INITIALIZED) {
		rpc_send_error(&sv->out, id, RPC_SERVER_NOT_INITIALIZED,
			       "the server is not initialized");
	} else if (strcmp(method, "shutdown") == 0) {
		sv->state = SHUT_DOWN;
		rpc_send_result(&sv->out, id, NULL);
	} else if (sv->state == SHUT_DOWN) {
		rpc_send_error(&sv->out, id, RPC_INVALID_REQUEST, "the server is shutting down");
	} else if (strcmp(method, "textDocument/codeAction") == 0) {
		on_code_action(sv, id, params);
	} else if (strcmp(method, "workspace/executeCommand") == 0) {
		on_execute_command(sv, id, params);
	} else {
		rpc_send_error(&sv->out, id, RPC_METHOD_NOT_FOUND, "method not found");
	}
}

/* Notifications are never answered, whatever is wrong with them. */
static void on_notification(struct server *sv, const char *method, const cJSON *params)
{
	if (strcmp(method, "exit") == 0) {
		sv->exit_code = sv->state == SHUT_DOWN ? 0 : 1;
		return;
	}
	if (sv->state != RUNNING)
		return; /* before initialize, or after shutdown: dropped */
	if (strcmp(method, "textDocument/didOpen") == 0)
		on_did_open(sv, params);
	else if (strcmp(method, "textDocument/didChange") == 0)
		on_did_change(sv, params);
	else if (strcmp(method, "textDocument/didSave") == 0)
		on_did_save(sv, params);
	else if (strcmp(method, "textDocument/didClose") == 0)
		on_did_close(sv, params);
	/* initialized, $/cancelRequest (every request is answered at once or
	 * by the analysis thread shortly; nothing to cancel), $/ and others */
}

static void on_message(struct server *sv, const char *body, size_t len)
{
	cJSON *msg = cJSON_ParseWithLength(body, len);
	const cJSON *id, *method, *params;

	if (!msg) {
		rpc_send_error(&sv->out, NULL, RPC_PARSE_ERROR, "parse error: not JSON");
		return;
	}
	id = item(msg, "id");
	method = item(msg, "method");
	params = item(msg, "params");
	if (!cJSON_IsObject(msg) || !cJSON_IsString(item(msg, "jsonrpc")) ||
	    strcmp(item(msg, "jsonrpc")->valuestring, "2.0") != 0 ||
	    (id && !cJSON_IsString(id) && !cJSON_IsNumber(id) && !cJSON_IsNull(id))) {
		if (!method || id) /* a broken notification gets no answer */
			rpc_send_error(&sv->out, cJSON_IsString(id) || cJSON_IsNumber(id) ? id : NULL,
				       RPC_INVALID_REQUEST, "invalid JSON-RPC 2.0 message");
	} else if (!method) {
		/* a response to a request of ours: we send none that need one */
	} else if (!cJSON_IsString(method)) {
		if (id)
			rpc_send_error(&sv->out, id, RPC_INVALID_REQUEST, "method must be a string");
	} else if (params && !cJSON_IsObject(params) && !cJSON_IsArray(params)) {
		if (id)
			rpc_send_error(&sv->out, id, RPC_INVALID_PARAMS,
				       "params must be an object or an array");
	} else if (id) {
		on_request(sv, method->valuestring, id, params);
	} else {
		on_notification(sv, method->valuestring, params);
	}
	cJSON_Delete(msg);
}

int dv_lsp_serve(int in_fd, int out_fd, const struct dv_lsp_options *opt)
{
	struct server sv;
	struct rpc_reader rd;

	memset(&sv, 0, sizeof(sv));
	sv.opt = opt;
	sv.debounce_ms = opt->debounce_ms;
	sv.exit_code = -1;
	rpc_writer_init(&sv.out, out_fd);
	documents_init(&sv.docs);
	rpc_reader_init(&rd, in_fd);
	while (sv.exit_code < 0) {
		char *body;
		size_t len;
		enum rpc_read_result r = rpc_read(&rd, &body, &len);

		if (r == RPC_EOF) {
			sv.exit_code = 1; /* the client went away without exit */
		} else if (r == RPC_BAD_FRAME) {
			fprintf(stderr, "diffvet lsp: malformed message header skipped\n");
			rpc_send_error(&sv.out, NULL, RPC_PARSE_ERROR,
				       "malformed header (expected Content-Length: N)");
		} else if (r == RPC_TOO_LARGE) {
			rpc_send_error(&sv.out, NULL, RPC_INVALID_REQUEST,
				       "message larger than the server's limit; discarded");
		} else {
			on_message(&sv, body, len);
			free(body);
		}
	}
	analyzer_stop(sv.an);
	documents_release(&sv.docs);
	rpc_writer_release(&sv.out);
	return sv.exit_code;
}
