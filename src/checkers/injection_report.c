/*
 * Findings of the injection checker: message, related locations and the
 * code flow from the source to the sink.  The only file of the analysis
 * that talks to the sink.
 */
#include "checkers/injection_taint.h"
#include "front/cxx.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const rule_nouns[INJ_NRULES] = {
	"command", "query", "format string", "path",
};

static char *origin_text(const struct inj_tval *v)
{
	char *name = NULL, *text;
	switch (v->origin_kind) {
	case ORIGIN_CALL:
		name = dv_ast_callee_name(v->origin);
		text = xasprintf("'%s'", name ? name : "a source");
		break;
	case ORIGIN_ARGV: {
		CXString sp = clang_getCursorSpelling(v->origin);
		text = xasprintf("'%s'", clang_getCString(sp));
		clang_disposeString(sp);
		break;
	}
	case ORIGIN_ENTRY: {
		CXString sp = clang_getCursorSpelling(v->origin);
		name = dv_ast_enclosing_function(v->origin);
		text = xasprintf("parameter '%s' of entry point '%s'", clang_getCString(sp),
				 name ? name : "?");
		clang_disposeString(sp);
		break;
	}
	case ORIGIN_SHARED: {
		CXString sp = clang_getCursorSpelling(v->origin);
		text = xasprintf("the global '%s' (another file stores untrusted data into it)",
				 clang_getCString(sp));
		clang_disposeString(sp);
		break;
	}
	default:
		text = xstrdup("an untrusted source");
		break;
	}
	free(name);
	return text;
}

static int is_word_token(CXTranslationUnit tu, CXToken t)
{
	CXTokenKind k = clang_getTokenKind(t);
	(void)tu;
	return k == CXToken_Identifier || k == CXToken_Keyword || k == CXToken_Literal;
}

/* Source text of an expression, spaced like code: `j.command`, `buf[i++]`. */
static char *expr_text(CXCursor c)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXToken *toks = NULL;
	unsigned n = 0, i;
	struct strbuf sb;
	strbuf_init(&sb);
	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	for (i = 0; i < n && sb.len < 80; i++) {
		CXString sp = clang_getTokenSpelling(tu, toks[i]);
		if (i && is_word_token(tu, toks[i]) && is_word_token(tu, toks[i - 1]))
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, clang_getCString(sp));
		clang_disposeString(sp);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return strbuf_detach(&sb);
}

static char *step_target_text(CXCursor c)
{
	if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		CXString sp = clang_getCursorSpelling(c);
		char *t = xstrdup(clang_getCString(sp));
		clang_disposeString(sp);
		return t;
	}
	return expr_text(dv_ast_child(c, 0));
}

static void add_flow(struct dv_sink *sink, struct dv_finding *f, const struct inj_tval *v,
		     const char *origin)
{
	unsigned i;
	dv_finding_add_flow_cursor(sink, f, v->origin, "untrusted data comes from %s", origin);
	for (i = 0; i < v->n_steps; i++) {
		CXCursor c = v->steps[i].cursor;
		char *t;
		switch (v->steps[i].kind) {
		case STEP_ASSIGN:
			t = step_target_text(c);
			dv_finding_add_flow_cursor(sink, f, c, "assigned to '%s'", t);
			break;
		case STEP_PROPAGATE:
			t = dv_ast_callee_name(c);
			dv_finding_add_flow_cursor(sink, f, c, "copied by '%s'", t ? t : "a call");
			break;
		case STEP_RETURN:
			t = dv_ast_callee_name(c);
			dv_finding_add_flow_cursor(sink, f, c, "returned by '%s'", t ? t : "a call");
			break;
		default:
			t = dv_ast_callee_name(c);
			dv_finding_add_flow_cursor(sink, f, c, "written by '%s'", t ? t : "a call");
			break;
		}
		free(t);
	}
}

int inj_sink_anchored(const struct inj_ctx *ctx, int r, CXCursor at)
{
	size_t i;
	for (i = 0; i < ctx->n_anchored; i++)
		if (ctx->anchored[i].rule == r && clang_equalCursors(ctx->anchored[i].at, at))
			return 1;
	return 0;
}

/* Has the sink `at` already been reported for rule r (through another
 * call of its function)?  Marks it when not. */
static int sink_seen(struct inj_ctx *ctx, int r, CXCursor at)
{
	if (inj_sink_anchored(ctx, r, at))
		return 1;
	DV_GROW(ctx->anchored, ctx->n_anchored + 1, ctx->anchored_alloc);
	ctx->anchored[ctx->n_anchored].rule = r;
	ctx->anchored[ctx->n_anchored].at = at;
	ctx->n_anchored++;
	return 0;
}

/* The sink of rule r that the project index knows inside `callee`, a
 * function of another file (NULL: none, or the TU defines it). */
static const struct dv_export *imported_sink(const struct inj_ctx *ctx, int r, CXCursor call,
					     const char *callee)
{
	const struct dv_export *e, *found = NULL;
	struct dv_call_targets tg;
	size_t n, i;
	unsigned t;
	if (!ctx->tu->imports || !callee || dv_callgraph_callee(ctx->cg, call) >= 0)
		return NULL;
	/* the functions the call may run (a virtual call's overrides) */
	dv_callgraph_targets(ctx->cg, call, &tg);
	for (t = 0; t < tg.n && !found; t++) {
		char *key = dv_cxx_fact_key(tg.decl[t]);
		e = key ? dv_exports_find(ctx->tu->imports, key, "injection", &n) : NULL;
		for (i = 0; e && i < n && !found; i++)
			if (e[i].kind == DV_EXPORT_SINK && e[i].rule &&
			    !strcmp(e[i].rule, inj_rule_ids[r]))
				found = &e[i];
		free(key);
	}
	return found;
}

/* Reports rule r: v reached `sink_name` at `call` directly, or reached
 * the sink `inner` (ps->name) inside `via` (a TU function) through the
 * call `call`.  An interprocedural finding is anchored at the sink,
 * where the fix goes, once per sink: the call site is a code-flow step
 * and a related location (in a diff, a change to either is the
 * finding's). */
void inj_report_taint(struct inj_ctx *ctx, int r, CXCursor call, const char *sink_name,
		      const struct inj_tval *v, const char *via, CXCursor inner,
		      const struct inj_param_sink *ps)
{
	const char *inner_name = ps ? ps->name : NULL;
	const struct dv_export *far = via ? NULL : imported_sink(ctx, r, call, sink_name);
	char *origin;
	struct dv_finding *f;
	if (via && sink_seen(ctx, r, inner))
		return;
	origin = origin_text(v);
	if (far && far->what && far->file)
		/* the sink is in a file this run does not parse: the call is
		 * the last place the reader sees, the sink a related location */
		f = dv_sink_report(ctx->tu->sink, inj_rule_ids[r], call,
				   "tainted data from %s, passed to '%s' (%s), reaches the %s of '%s' "
				   "there", origin, sink_name, far->file, rule_nouns[r], far->what);
	else if (via)
		f = dv_sink_report(ctx->tu->sink, inj_rule_ids[r], inner,
				   "tainted data from %s, passed to '%s', reaches the %s of '%s'",
				   origin, via, rule_nouns[r], inner_name);
	else
		f = dv_sink_report(ctx->tu->sink, inj_rule_ids[r], call,
				   "tainted data from %s reaches the %s of '%s'", origin, rule_nouns[r],
				   sink_name);
	if (f) {
		char *plain = NULL;
		if (v->origin_kind == ORIGIN_CALL) {
			plain = dv_ast_callee_name(v->origin);
		} else if (v->origin_kind == ORIGIN_ARGV) {
			CXString sp = clang_getCursorSpelling(v->origin);
			plain = xstrdup(clang_getCString(sp));
			clang_disposeString(sp);
		}
		dv_finding_add_related_cursor(ctx->tu->sink, f, v->origin,
					      "tainted value comes from %s here",
					      plain ? plain : origin);
		free(plain);
		if (via)
			dv_finding_add_related_cursor(ctx->tu->sink, f, call,
						      "'%s' is called here with it", via);
		if (far && far->file)
			dv_finding_add_related_at(ctx->tu->sink, f, far->file, (unsigned)far->line,
						  "'%s' is reached here, through '%s'",
						  far->what ? far->what : "the sink", sink_name);
		add_flow(ctx->tu->sink, f, v, origin);
		if (via) {
			dv_finding_add_flow_cursor(ctx->tu->sink, f, call, "passed to '%s'", via);
			if (ps->hop_name && !clang_Cursor_isNull(ps->hop))
				dv_finding_add_flow_cursor(ctx->tu->sink, f, ps->hop,
							   "passed on to '%s'", ps->hop_name);
			dv_finding_add_flow_cursor(ctx->tu->sink, f, inner, "reaches '%s'",
						   inner_name);
		} else {
			dv_finding_add_flow_cursor(ctx->tu->sink, f, call, "reaches '%s'",
						   sink_name);
		}
	}
	free(origin);
}

int inj_report_nonconstant_format(struct inj_ctx *ctx, CXCursor call, const char *name)
{
	struct dv_finding *f = dv_sink_report(ctx->tu->sink, inj_rule_ids[INJ_FORMAT], call,
					      "format string of '%s' is not a constant string", name);
	if (f && f->level > DV_LEVEL_WARNING)
		f->level = DV_LEVEL_WARNING;
	return f != NULL;
}

/* Untrusted data that a caller in another file (the project index's
 * fact t) passes to parameter of `fn` reaches the format of `name` at
 * `call`: anchored here, where the fix goes, the caller a related
 * location. */
void inj_report_callers_taint(struct inj_ctx *ctx, CXCursor call, const char *name,
			      const char *fn, const struct dv_export *t)
{
	struct dv_finding *f = dv_sink_report(
		ctx->tu->sink, inj_rule_ids[INJ_FORMAT], call,
		"tainted data that '%s'%s%s passes along to '%s' reaches the format string of '%s'",
		t->what ? t->what : "a caller", t->file ? " in " : "", t->file ? t->file : "", fn,
		name);
	if (f && t->file)
		dv_finding_add_related_at(ctx->tu->sink, f, t->file, (unsigned)t->line,
					  "tainted data is passed on here, on its way to '%s'", fn);
}
