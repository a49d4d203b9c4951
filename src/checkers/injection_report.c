/*
 * Findings of the injection checker: message, related locations and the
 * code flow from the source to the sink.  The only file of the analysis
 * that talks to the sink.
 */
#include "checkers/injection_taint.h"
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

/* Reports rule r at `call`: v reached `sink_name` directly, or through
 * `via` (a TU function) whose inner sink is `inner`/`inner_name`. */
void inj_report_taint(struct inj_ctx *ctx, int r, CXCursor call, const char *sink_name,
		      const struct inj_tval *v, const char *via, CXCursor inner,
		      const char *inner_name)
{
	char *origin = origin_text(v);
	struct dv_finding *f;
	if (via)
		f = dv_sink_report(ctx->tu->sink, inj_rule_ids[r], call,
				   "tainted data from %s reaches the %s of '%s' through '%s'", origin,
				   rule_nouns[r], inner_name, via);
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
			dv_finding_add_related_cursor(ctx->tu->sink, f, inner,
						      "'%s' passes it to '%s' here", via, inner_name);
		add_flow(ctx->tu->sink, f, v, origin);
		if (via) {
			dv_finding_add_flow_cursor(ctx->tu->sink, f, call, "passed to '%s'", via);
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
