/*
 * Missing logging on error paths: logging/silent-error-return,
 * logging/swallowed-error, logging/unchecked-result.  The model is in
 * logging.h; the path analysis in logging_paths.c.  This file reads the
 * API knowledge (rules/logging.json), recognises logging calls, runs the
 * syntactic rules (empty catch blocks, ignored results) and reports the
 * path candidates that survive the call-graph check: a static function
 * whose every call site tests its failure and traces it is not silent.
 */
#include "checkers/logging.h"
#include "engine/needed.h"
#include "engine/recovery.h"
#include "engine/cursor_memo.h"
#include "engine/dataflow.h"
#include "front/ast.h"
#include "util/glob.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- names ---- */

int lg_names_match(const struct lg_names *n, const char *name)
{
	size_t i;
	const char *last;
	if (!name)
		return 0;
	last = strrchr(name, ':');
	for (i = 0; i < n->n; i++)
		if (dv_glob_match(n->v[i], name) || (last && dv_glob_match(n->v[i], last + 1)))
			return 1;
	return 0;
}

/* ---- spec ---- */

static int load_names(const struct dv_ruleset *rules, const cJSON *api, const char *field,
		      struct lg_names *out, struct dv_error *err)
{
	return dv_api_strings(rules, "logging", api, field, &out->v, &out->n, err);
}

static int load_stream_fns(const cJSON *api, const char *field, struct lg_stream_fn **out,
			   size_t *n, struct dv_error *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(api, field), *e;
	int i = 0;
	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!cJSON_IsArray(arr))
		return dv_error_set(err, DV_ERR_INPUT, "rules family 'logging': field 'api.%s': "
				    "expected an array", field);
	*out = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(**out));
	cJSON_ArrayForEach(e, arr)
	{
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
		const cJSON *arg = cJSON_GetObjectItemCaseSensitive(e, "arg");
		if (!cJSON_IsString(name) || !name->valuestring[0] || !cJSON_IsNumber(arg) ||
		    arg->valuedouble < 0 || arg->valuedouble > 64)
			return dv_error_set(err, DV_ERR_INPUT, "rules family 'logging': field "
					    "'api.%s[%d]': expected {\"name\": string, \"arg\": 0..64}",
					    field, i);
		(*out)[*n].name = name->valuestring;
		(*out)[*n].arg = arg->valueint;
		(*n)++;
		i++;
	}
	return 0;
}

static int load_bool(const cJSON *api, const char *field, int dflt, int *out, struct dv_error *err)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(api, field);
	*out = dflt;
	if (!b)
		return 0;
	if (!cJSON_IsBool(b))
		return dv_error_set(err, DV_ERR_INPUT, "rules family 'logging': field 'api.%s': "
				    "expected true or false", field);
	*out = cJSON_IsTrue(b);
	return 0;
}

void lg_spec_free(struct lg_spec *s)
{
	if (!s)
		return;
	free(s->loggers.v);
	free(s->logger_macros.v);
	free(s->streams.v);
	free(s->stream_fns);
	free(s->recorders.v);
	free(s->alloc.v);
	free(s->null_on_failure.v);
	free(s->zero_success.v);
	free(s->no_errno.v);
	free(s->non_failing.v);
	free(s->success_constants.v);
	free(s->error_constants.v);
	free(s->must_check.v);
	free(s->check_after_write.v);
	free(s->writes);
	free(s->exits.v);
	free(s);
}

int lg_spec_load(const struct dv_ruleset *rules, struct lg_spec **out, struct dv_error *err)
{
	const cJSON *api = dv_ruleset_api(rules, "logging");
	struct lg_spec *s = xcalloc(1, sizeof(*s));
	int rc;
	*out = NULL;
	s->unknown_callees_log = 1;
	if (!api) {
		*out = s;
		return 0;
	}
	if ((rc = load_names(rules, api, "loggers", &s->loggers, err)) ||
	    (rc = load_names(rules, api, "logger_macros", &s->logger_macros, err)) ||
	    (rc = load_names(rules, api, "log_streams", &s->streams, err)) ||
	    (rc = load_stream_fns(api, "stream_loggers", &s->stream_fns, &s->n_stream_fns, err)) ||
	    (rc = load_names(rules, api, "recorders", &s->recorders, err)) ||
	    (rc = load_names(rules, api, "allocators", &s->alloc, err)) ||
	    (rc = load_names(rules, api, "null_on_failure", &s->null_on_failure, err)) ||
	    (rc = load_names(rules, api, "zero_success", &s->zero_success, err)) ||
	    (rc = load_names(rules, api, "no_errno", &s->no_errno, err)) ||
	    (rc = load_names(rules, api, "non_failing", &s->non_failing, err)) ||
	    (rc = load_names(rules, api, "success_constants", &s->success_constants, err)) ||
	    (rc = load_names(rules, api, "error_constants", &s->error_constants, err)) ||
	    (rc = load_names(rules, api, "must_check", &s->must_check, err)) ||
	    (rc = load_names(rules, api, "check_after_write", &s->check_after_write, err)) ||
	    (rc = load_stream_fns(api, "stream_writes", &s->writes, &s->n_writes, err)) ||
	    (rc = load_names(rules, api, "exits", &s->exits, err)) ||
	    (rc = load_bool(api, "allocation_failures", 0, &s->allocation_failures, err)) ||
	    (rc = load_bool(api, "unknown_callees_log", 1, &s->unknown_callees_log, err)) ||
	    (rc = load_bool(api, "specific_codes_are_detailed", 1, &s->specific_codes_detailed, err))) {
		lg_spec_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* ---- logging calls ---- */

/* Name of the macro whose expansion produced the cursor, or NULL. */
static char *macro_name(CXTranslationUnit tu, CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	CXFile ef = NULL, sf = NULL;
	unsigned eoff = 0, soff = 0, i;
	size_t size = 0;
	const char *text;
	clang_getExpansionLocation(loc, &ef, NULL, NULL, &eoff);
	clang_getSpellingLocation(loc, &sf, NULL, NULL, &soff);
	if (!ef || (clang_File_isEqual(ef, sf) && eoff == soff))
		return NULL;
	text = clang_getFileContents(tu, ef, &size);
	if (!text || eoff >= size)
		return NULL;
	for (i = eoff; i < size && (text[i] == '_' || (text[i] >= 'a' && text[i] <= 'z') ||
				     (text[i] >= 'A' && text[i] <= 'Z') ||
				     (i > eoff && text[i] >= '0' && text[i] <= '9'));
	     i++)
		;
	return i > eoff ? xstrndup(text + eoff, i - eoff) : NULL;
}

static int range_has_printf(CXTranslationUnit tu, CXSourceRange r)
{
	CXToken *toks = NULL;
	unsigned n = 0, i;
	int found = 0;
	clang_tokenize(tu, r, &toks, &n);
	for (i = 0; i < n && !found; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *p = clang_getCString(s);
		found = p && (!strcmp(p, "printf") || !strcmp(p, "__printf__"));
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return found;
}

static enum CXChildVisitResult find_format_attr(CXCursor c, CXCursor parent, void *data)
{
	int *found = data;
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXSourceRange r = clang_getCursorExtent(c);
	(void)parent;
	if (!clang_isAttribute(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	*found = range_has_printf(tu, r);
	if (!*found) {
		/* `format_attr(printf, 3, 4)` expanding to [[gnu::format(type,
		 * fmt, va)]]: the extent is the macro body's, whose words are the
		 * parameters; the invocation names the archetype */
		CXFile f1 = NULL, f2 = NULL;
		unsigned b = 0, e = 0;
		clang_getExpansionLocation(clang_getRangeStart(r), &f1, NULL, NULL, &b);
		clang_getExpansionLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &e);
		if (f1 && clang_File_isEqual(f1, f2) && e > b)
			*found = range_has_printf(
				tu, clang_getRange(clang_getLocationForOffset(tu, f1, b),
						   clang_getLocationForOffset(tu, f1, e + 1)));
		if (!*found && f1) {
			/* the invocation's extent: from its start to the closing paren */
			size_t size = 0;
			const char *text = clang_getFileContents(tu, f1, &size);
			unsigned k = b, depth = 0;
			while (text && k < size && k < b + 256) {
				if (text[k] == '(')
					depth++;
				else if (text[k] == ')' && depth && !--depth)
					break;
				k++;
			}
			if (text && k < size && k > b)
				*found = range_has_printf(
					tu, clang_getRange(clang_getLocationForOffset(tu, f1, b),
							   clang_getLocationForOffset(tu, f1, k + 1)));
		}
	}
	return *found ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* A project function declared with a printf format that returns no
 * string (not an asprintf-like formatter): a message printer.  The
 * attribute search tokenises the declarations' attributes: its answer is
 * kept per declaration for the TU in `memo` (call sites repeat callees). */
static int is_format_printer(struct dv_cursor_memo *memo, CXCursor decl, const char *name)
{
	static const char yes = 1;
	const void *known;
	int found = 0;
	CXType rt;
	if (clang_Cursor_isNull(decl) || clang_Location_isInSystemHeader(clang_getCursorLocation(decl)) ||
	    strstr(name, "printf"))
		return 0;
	rt = clang_getCanonicalType(clang_getResultType(clang_getCursorType(decl)));
	if (rt.kind == CXType_Pointer)
		return 0;
	if (dv_cursor_memo_get(memo, decl, 0, &known))
		return known != NULL;
	if (clang_Cursor_hasAttrs(decl))
		clang_visitChildren(decl, find_format_attr, &found);
	if (!found) {
		CXCursor canon = clang_getCanonicalCursor(decl);
		if (!clang_equalCursors(canon, decl) && clang_Cursor_hasAttrs(canon))
			clang_visitChildren(canon, find_format_attr, &found);
	}
	dv_cursor_memo_put(memo, decl, 0, found ? &yes : NULL);
	return found;
}

char *lg_spelled_name(CXCursor e)
{
	CXCursor s = dv_ast_strip_casts(e);
	enum CXCursorKind k = clang_getCursorKind(s);
	char *m = macro_name(clang_Cursor_getTranslationUnit(s), s);
	if (m)
		return m;
	if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr) {
		CXString sp = clang_getCursorSpelling(s);
		char *r = xstrdup(clang_getCString(sp) ? clang_getCString(sp) : "");
		clang_disposeString(sp);
		return r;
	}
	return dv_ast_text(s);
}

int lg_is_stream(const struct lg_spec *spec, CXCursor e)
{
	char *text = lg_spelled_name(e);
	int r = text && lg_names_match(&spec->streams, text);
	free(text);
	if (!r) {
		/* inside a macro body the spelling is the outer macro's name
		 * (`#define eprintf(...) fprintf(stderr, __VA_ARGS__)`,
		 * `fflush(stderr)` in an assertion macro): ask the variable */
		CXCursor d = clang_getCursorReferenced(dv_ast_strip_casts(e));
		if (clang_getCursorKind(d) == CXCursor_VarDecl) {
			CXString sp = clang_getCursorSpelling(d);
			r = lg_names_match(&spec->streams, clang_getCString(sp));
			clang_disposeString(sp);
		}
	}
	return r;
}

static int stream_logs(const struct lg_spec *spec, CXCursor call, const char *callee)
{
	size_t i;
	for (i = 0; i < spec->n_stream_fns; i++) {
		if (strcmp(spec->stream_fns[i].name, callee) ||
		    dv_ast_call_nargs(call) <= spec->stream_fns[i].arg)
			continue;
		if (lg_is_stream(spec, dv_ast_call_arg(call, (unsigned)spec->stream_fns[i].arg)))
			return 1;
	}
	return 0;
}

int lg_in_logging_macro(const struct lg_tu *t, CXCursor c)
{
	char *macro = macro_name(t->tu->tu, c);
	int r = macro && (lg_names_match(&t->spec->logger_macros, macro) ||
			  lg_names_match(&t->spec->loggers, macro));
	free(macro);
	return r;
}

static int imported_logger(const struct lg_tu *t, CXCursor call, const char *callee);

int lg_call_logs(const struct lg_tu *t, CXCursor call, const char *callee)
{
	const struct lg_spec *spec = t->spec;
	char *macro;
	long fi;
	int r = 0;
	if (callee && (lg_names_match(&spec->loggers, callee) || stream_logs(spec, call, callee)))
		return 1;
	macro = macro_name(t->tu->tu, call);
	if (macro) {
		r = lg_names_match(&spec->logger_macros, macro) || lg_names_match(&spec->loggers, macro);
		free(macro);
		if (r)
			return 1;
	}
	fi = dv_callgraph_callee(t->tu->cg, call);
	if (fi >= 0 && t->sums[fi].logs_always)
		return 1;
	if (fi < 0 && callee && (r = imported_logger(t, call, callee)) >= 0)
		return r;
	return callee && is_format_printer(t->printers, dv_ast_callee_decl(call), callee);
}

/* ---- the project index: loggers defined in other files ---- */

/* What the index says of a function defined in another file: 1 a logger,
 * 0 a printf-like formatter that logs nothing, -1 nothing known. */
static int imported_logger(const struct lg_tu *t, CXCursor call, const char *callee)
{
	const struct dv_export *e;
	size_t n, i;
	int r = -1;
	if (!t->tu->imports || clang_getCursorKind(dv_ast_callee_decl(call)) != CXCursor_FunctionDecl)
		return -1;
	e = dv_exports_find(t->tu->imports, callee, "logging", &n);
	for (i = 0; i < n; i++)
		if (e[i].kind == DV_EXPORT_LOGS)
			r = r == 1 || e[i].op == 1 ? 1 : 0;
	return r;
}

struct body_scan {
	const struct lg_tu *t;
	int logs;      /* some call logs */
	int formats;   /* some call formats into a buffer (vsnprintf) */
	int unknown;   /* some call of a project function defined elsewhere */
};

static enum CXChildVisitResult scan_body(CXCursor c, CXCursor parent, void *data)
{
	struct body_scan *bs = data;
	char *callee;
	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	callee = dv_ast_callee_name(c);
	if (lg_call_logs(bs->t, c, callee)) {
		bs->logs = 1;
	} else if (callee && (!strcmp(callee, "vsnprintf") || !strcmp(callee, "vsprintf") ||
			      !strcmp(callee, "vasprintf"))) {
		bs->formats = 1;
	} else if (dv_callgraph_callee(bs->t->tu->cg, c) < 0 &&
		   (!callee || strncmp(callee, "__builtin_", 10) != 0)) { /* va_start */
		CXCursor d = dv_ast_callee_decl(c);
		if (clang_Cursor_isNull(d) || !clang_Location_isInSystemHeader(clang_getCursorLocation(d)))
			bs->unknown = 1;
	}
	free(callee);
	return CXChildVisit_Recurse;
}

/*
 * For calls from other files: a function with external linkage is a
 * logger when it logs on every path, or when it is declared printf-like
 * and writes its message to a log sink (a level filter may return before
 * the write: plugin_log(level, fmt, ...)); a printf-like function that
 * only formats into a buffer and calls nothing unknown is a formatter,
 * whatever its attribute suggests to a caller that sees only the header.
 */
static void export_loggers(const struct lg_tu *t)
{
	unsigned i;
	if (!t->tu->exports)
		return;
	for (i = 0; i < t->tu->cg->n_funcs; i++) {
		CXCursor f = t->tu->cg->funcs[i].cursor;
		const char *name = t->tu->cg->funcs[i].name;
		struct body_scan bs;
		struct dv_export e;
		int printer;
		if (clang_getCursorKind(f) != CXCursor_FunctionDecl ||
		    clang_getCursorLinkage(f) != CXLinkage_External ||
		    dv_ast_errors_in(&t->errors, f) || lg_names_match(&t->spec->loggers, name))
			continue;
		printer = is_format_printer(t->printers, f, name);
		memset(&bs, 0, sizeof(bs));
		bs.t = t;
		if (printer || !t->sums[i].logs_always)
			clang_visitChildren(f, scan_body, &bs);
		e = dv_export_fact(name, "logging", DV_EXPORT_LOGS);
		if (t->sums[i].logs_always || (printer && bs.logs))
			e.op = 1;
		else if (printer && bs.formats && !bs.unknown)
			e.op = 0;
		else
			continue;
		dv_exports_add_fact(t->tu->exports, &e);
	}
}

int lg_call_records(const struct lg_tu *t, CXCursor call, const char *callee)
{
	(void)call;
	return callee && lg_names_match(&t->spec->recorders, callee);
}

int lg_extent_has_comment(CXTranslationUnit tu, CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile f1 = NULL, f2 = NULL;
	unsigned b = 0, e = 0, i;
	size_t size = 0;
	const char *text;
	clang_getExpansionLocation(clang_getRangeStart(r), &f1, NULL, NULL, &b);
	clang_getExpansionLocation(clang_getRangeEnd(r), &f2, NULL, NULL, &e);
	if (!f1 || !clang_File_isEqual(f1, f2))
		return 1; /* cannot tell: assume intended */
	text = clang_getFileContents(tu, f1, &size);
	if (!text)
		return 1;
	for (i = b; i + 1 < e && i + 1 < size; i++)
		if (text[i] == '/' && (text[i + 1] == '/' || text[i + 1] == '*'))
			return 1;
	return 0;
}

int lg_extent_has_tokens(CXTranslationUnit tu, CXCursor c)
{
	CXToken *toks = NULL;
	unsigned n = 0, i;
	int found = 0;
	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	for (i = 0; i < n && !found; i++) {
		CXTokenKind k = clang_getTokenKind(toks[i]);
		found = k == CXToken_Identifier || k == CXToken_Keyword || k == CXToken_Literal;
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return found;
}

/* ---- syntactic rules ---- */

static int same_text(CXCursor a, CXCursor b)
{
	char *x = lg_spelled_name(a), *y = lg_spelled_name(b);
	int r = x && y && !strcmp(x, y);
	free(x);
	free(y);
	return r;
}

/* stderr/stdout: nobody checks the flush of a diagnostic stream. */
static int is_log_stream(const struct lg_spec *spec, CXCursor e)
{
	return lg_is_stream(spec, e);
}

/* The function writes to the stream named by `stream` (for fclose). */
static int stream_written(const struct lg_spec *spec, const struct dv_cfg *cfg, CXCursor stream)
{
	unsigned b, i;
	for (b = 0; b < cfg->n_blocks; b++) {
		for (i = 0; i < cfg->blocks[b].n_elems; i++) {
			CXCursor e = dv_ast_strip(cfg->blocks[b].elems[i].cursor);
			char *name;
			size_t k;
			int hit = 0;
			if (clang_getCursorKind(e) != CXCursor_CallExpr)
				continue;
			name = dv_ast_callee_name(e);
			for (k = 0; name && k < spec->n_writes && !hit; k++)
				hit = !strcmp(name, spec->writes[k].name) &&
				      dv_ast_call_nargs(e) > spec->writes[k].arg &&
				      same_text(dv_ast_call_arg(e, (unsigned)spec->writes[k].arg), stream);
			free(name);
			if (hit)
				return 1;
		}
	}
	return 0;
}

/* A comment after the statement on the same line that says the result is
 * ignored on purpose ("best effort", "ignore", "intentional", ...). */
static int intent_comment_after(CXTranslationUnit tu, CXCursor c)
{
	static const char *const words[] = {"best effort", "best-effort", "ignor", "intentional",
					    "on purpose", "deliberate", "not fatal", "harmless",
					    "may fail", "can fail", "don't care"};
	CXFile f = NULL;
	unsigned e = 0, i, k;
	size_t size = 0, end;
	const char *text;
	clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), &f, NULL, NULL, &e);
	text = f ? clang_getFileContents(tu, f, &size) : NULL;
	if (!text)
		return 0;
	for (end = e; end < size && text[end] != '\n'; end++)
		;
	for (i = e; i + 1 < end; i++) {
		if (text[i] != '/' || (text[i + 1] != '/' && text[i + 1] != '*'))
			continue;
		for (; i < end; i++)
			for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
				if (end - i >= strlen(words[k]) &&
				    !strncasecmp(text + i, words[k], strlen(words[k])))
					return 1;
	}
	return 0;
}

/* Calls that are whole expression statements: their result is dropped. */
/* Nonzero when an element before `at` in block b logs: the path already
 * reported a failure and is abandoning the stream it closes. */
static int logged_before(const struct lg_tu *t, const struct dv_block *blk, unsigned at)
{
	unsigned i;
	for (i = 0; i < at; i++) {
		CXCursor e = dv_ast_strip(blk->elems[i].cursor);
		char *name;
		int logs;
		if (clang_getCursorKind(e) != CXCursor_CallExpr)
			continue;
		name = dv_ast_callee_name(e);
		logs = lg_call_logs(t, e, name);
		free(name);
		if (logs)
			return 1;
	}
	return 0;
}

static void unchecked_results(struct lg_tu *t, const struct dv_cfg *cfg)
{
	const struct lg_spec *spec = t->spec;
	unsigned b, i;
	for (b = 0; b < cfg->n_blocks; b++) {
		for (i = 0; i < cfg->blocks[b].n_elems; i++) {
			const struct dv_elem *el = &cfg->blocks[b].elems[i];
			CXCursor e = el->cursor;
			char *name;
			if (el->kind != DV_ELEM_EXPR || clang_getCursorKind(e) != CXCursor_CallExpr)
				continue;
			/* a condition (if, &&, ?:, loops) or a switch operand is tested */
			if (clang_equalCursors(e, cfg->blocks[b].cond) ||
			    (i + 1 == cfg->blocks[b].n_elems &&
			     !clang_Cursor_isNull(cfg->blocks[b].terminator) &&
			     clang_getCursorKind(cfg->blocks[b].terminator) == CXCursor_SwitchStmt))
				continue;
			if (intent_comment_after(t->tu->tu, e))
				continue; /* a comment says why the result is ignored */
			name = dv_ast_callee_name(e);
			if (name && lg_names_match(&spec->must_check, name))
				dv_sink_report(t->tu->sink, "logging/unchecked-result", e,
					       "the result of '%s' is ignored: a failure goes unnoticed", name);
			else if (name && lg_names_match(&spec->check_after_write, name) &&
				 dv_ast_call_nargs(e) >= 1 && !is_log_stream(spec, dv_ast_call_arg(e, 0)) &&
				 !logged_before(t, &cfg->blocks[b], i) &&
				 stream_written(spec, cfg, dv_ast_call_arg(e, 0)))
				dv_sink_report(t->tu->sink, "logging/unchecked-result", e,
					       "the result of '%s' is ignored after writing: buffered data may "
					       "be lost without a trace", name);
			free(name);
		}
	}
}

/* ---- reporting ---- */

/* A static function whose address is never taken and whose every call
 * site tests its failure and traces it (or passes it on) does not need
 * to log itself. */
struct refcount {
	const struct dv_callgraph *cg;
	unsigned *refs;
};

static enum CXChildVisitResult count_refs(CXCursor c, CXCursor parent, void *data)
{
	struct refcount *rc = data;
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		CXCursor d = clang_getCursorReferenced(c);
		if (clang_getCursorKind(d) == CXCursor_FunctionDecl) {
			long i = dv_callgraph_lookup(rc->cg, d);
			if (i >= 0)
				rc->refs[i]++;
		}
	}
	return CXChildVisit_Recurse;
}

static int callers_trace(const struct lg_tu *t, const unsigned *refs, unsigned fn)
{
	CXCursor f = t->tu->cg->funcs[fn].cursor;
	unsigned sites = 0;
	size_t i;
	if (clang_getCursorLinkage(f) != CXLinkage_Internal || !refs[fn])
		return 0;
	for (i = 0; i < t->n_sites; i++) {
		if (t->sites[i].callee != fn)
			continue;
		if (t->sites[i].unhandled || !t->sites[i].handled)
			return 0;
		sites++;
	}
	return sites == refs[fn];
}

static void report_cands(struct lg_tu *t)
{
	struct dv_callgraph *cg = t->tu->cg;
	struct refcount rc;
	size_t i;
	rc.cg = cg;
	rc.refs = xcalloc(cg->n_funcs, sizeof(unsigned));
	clang_visitChildren(clang_getTranslationUnitCursor(t->tu->tu), count_refs, &rc);
	for (i = 0; i < t->n_cands; i++) {
		const struct lg_cand *c = &t->cands[i];
		struct dv_finding *f = NULL;
		char *callee = dv_ast_callee_name(c->call);
		const char *name = callee ? callee : "the call";
		if (callers_trace(t, rc.refs, c->fn)) {
			free(callee);
			continue;
		}
		switch (c->kind) {
		case LG_SILENT_RETURN:
			f = dv_sink_report(t->tu->sink, "logging/silent-error-return", c->site,
					   "error return after '%s' failed, with no log and no detailed "
					   "error for the caller", name);
			break;
		case LG_SILENT_EXIT:
			f = dv_sink_report(t->tu->sink, "logging/silent-error-return", c->site,
					   "the process exits after '%s' failed without a message", name);
			break;
		case LG_SWALLOWED:
			f = dv_sink_report(t->tu->sink, "logging/swallowed-error", c->site,
					   "the failure of '%s' is detected but ignored: the branch does "
					   "nothing", name);
			break;
		}
		if (f) {
			dv_finding_add_related_cursor(t->tu->sink, f, c->call, "'%s' can fail here", name);
			if (c->kind != LG_SWALLOWED)
				dv_finding_add_related_cursor(t->tu->sink, f, c->test,
							      "its failure is detected here");
		}
		free(callee);
	}
	free(rc.refs);
}

/* ---- checker ---- */

static int from_macro(CXCursor func)
{
	CXSourceLocation loc = clang_getCursorLocation(func);
	CXFile ef = NULL, sf = NULL;
	unsigned eo = 0, so = 0;
	clang_getExpansionLocation(loc, &ef, NULL, NULL, &eo);
	clang_getSpellingLocation(loc, &sf, NULL, NULL, &so);
	return ef && (!clang_File_isEqual(ef, sf) || eo != so);
}

static int bottom_up_step(void *ctx, unsigned fn)
{
	struct lg_tu *t = ctx;
	const struct dv_function *f = &t->tu->cg->funcs[fn];
	/* error recovery drops calls (a logging call may be among them);
	 * diff mode: nothing it reports or teaches can matter */
	if (dv_ast_errors_in(&t->errors, f->cursor) || !dv_tu_fn_needed(t->tu, fn))
		return 0;
	return lg_analyze_function(t, fn, t->early && !f->recursive && !from_macro(f->cursor)
						  ? LG_COLLECT_EARLY
						  : 0);
}

/* The reporting loop re-analyses a function with compile errors that
 * recovery lets it judge, and the summary it then writes is what the
 * functions after it see: with such functions, analyse everything in
 * that loop, as before. */
static int any_errors(const struct lg_tu *t)
{
	unsigned i;
	for (i = 0; i < t->tu->cg->n_funcs; i++)
		if (dv_ast_errors_in(&t->errors, t->tu->cg->funcs[i].cursor))
			return 1;
	return 0;
}

static void logging_check_tu(const void *state, struct dv_tu_ctx *tu)
{
	struct lg_tu t;
	struct dv_cursor_memo printers;
	unsigned i;
	if (!tu->cg || !tu->cg->n_funcs)
		return;
	memset(&t, 0, sizeof(t));
	memset(&printers, 0, sizeof(printers));
	t.printers = &printers;
	t.spec = state;
	t.tu = tu;
	t.sums = xcalloc(tu->cg->n_funcs, sizeof(*t.sums));
	dv_ast_errors_collect(t.tu->tu, &t.errors);
	if (!any_errors(&t))
		t.early = xcalloc(tu->cg->n_funcs, 1);
	dv_callgraph_bottom_up(tu->cg, bottom_up_step, &t, 4);
	if (t.early && !lg_summaries_settled(&t))
		lg_forget_early(&t);
	for (i = 0; i < tu->cg->n_funcs; i++) {
		const struct dv_cfg *cfg;
		if (!dv_tu_fn_needed(tu, i))
			continue; /* diff mode (engine/needed.h) */
		if (from_macro(tu->cg->funcs[i].cursor))
			continue; /* generated by a macro: nothing to fix at the use */
		/* with compile errors: judged when recovery dropped only
		 * statements that call nothing and cannot jump */
		if (dv_ast_errors_in(&t.errors, tu->cg->funcs[i].cursor) &&
		    !dv_recovery_judge(tu->tu, tu->sink, tu->cg->funcs[i].cursor, "logging"))
			continue;
		if (t.early && t.early[i] == LG_EARLY_UNCONVERGED)
			dv_sink_not_analysed(tu->sink, tu->cg->funcs[i].cursor, "logging",
					     LG_UNCONVERGED_REASON);
		else if (!t.early || t.early[i] == LG_EARLY_NO)
			lg_analyze_function(&t, i, 1);
		cfg = dv_callgraph_cfg(tu->cg, i);
		if (cfg && !cfg->incomplete)
			unchecked_results(&t, cfg);
		if (tu->is_cplusplus)
			lg_check_catches(&t, tu->cg->funcs[i].cursor);
	}
	lg_sort_cands(&t);
	report_cands(&t);
	export_loggers(&t);
	free(t.early);
	free(t.sums);
	free(t.cands);
	free(t.sites);
	dv_cursor_memo_release(&printers);
	dv_ast_errors_release(&t.errors);
}

static int logging_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	struct lg_spec *spec;
	int rc = lg_spec_load(rules, &spec, err);
	*out = rc ? NULL : spec;
	return rc;
}

static void logging_free(void *state)
{
	lg_spec_free(state);
}

const struct dv_checker dv_checker_logging = {
	.family = "logging",
	.init = logging_init,
	.free = logging_free,
	.check_tu = logging_check_tu,
	.check_text = NULL,
};
