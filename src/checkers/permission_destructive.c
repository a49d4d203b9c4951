/*
 * The permission checker's reports on single functions: destructive
 * operations (shell commands, exec, SQL, tree walks that delete) and
 * privileges dropped unchecked or in the wrong order.
 */
#include "checkers/permission.h"
#include "checkers/permission_facts.h"
#include "front/ast.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- destructive operations ---- */

/* The text of a command argument: a literal, or the literal format that
 * snprintf/sprintf wrote into the buffer in this function. */
static char *command_text(const struct fn_facts *f, CXCursor arg)
{
	char *text = dv_ast_string_value(arg), *key;
	unsigned i;
	if (text)
		return text;
	key = dv_ast_lvalue_key(dv_ast_strip_casts(arg));
	for (i = 0; key && i < f->n_calls && !text; i++) {
		int fa = perm_format_arg(f->calls[i].callee);
		char *k;
		if (fa < 0 || dv_ast_call_nargs(f->calls[i].call) <= fa)
			continue;
		k = dv_ast_lvalue_key(dv_ast_strip_casts(dv_ast_call_arg(f->calls[i].call, 0)));
		if (k && !strcmp(k, key))
			text = dv_ast_string_value(dv_ast_call_arg(f->calls[i].call, (unsigned)fa));
		free(k);
	}
	free(key);
	return text;
}

/* execl("/bin/rm", "rm", "-rf", path, NULL) reads as "rm -rf ?". */
static char *exec_text(CXCursor call)
{
	struct strbuf sb;
	int n = dv_ast_call_nargs(call), i;
	strbuf_init(&sb);
	for (i = 1; i < n; i++) {
		char *s = dv_ast_string_value(dv_ast_call_arg(call, (unsigned)i));
		strbuf_addf(&sb, "%s%s", i > 1 ? " " : "", s ? s : "?");
		free(s);
	}
	return strbuf_detach(&sb);
}

/* execv("/bin/rm", argv) with `char *argv[] = { "rm", "-rf", dir, NULL }`
 * reads as "rm -rf ?": the initialiser of the array the call is handed. */
static char *argv_text(CXCursor arg)
{
	CXCursor var = clang_getCursorReferenced(dv_ast_strip_casts(arg));
	CXCursor *kids = NULL, *items = NULL;
	unsigned n, m = 0, i;
	struct strbuf sb;
	if (clang_getCursorKind(var) != CXCursor_VarDecl)
		return NULL;
	n = dv_ast_children(var, &kids);
	for (i = 0; i < n && !m; i++)
		if (clang_getCursorKind(kids[i]) == CXCursor_InitListExpr)
			m = dv_ast_children(kids[i], &items);
	free(kids);
	if (!m) {
		free(items);
		return NULL;
	}
	strbuf_init(&sb);
	for (i = 0; i < m; i++) {
		char *s = dv_ast_string_value(items[i]);
		long long v;
		if (!s && dv_ast_int_value(items[i], &v) == 0)
			continue; /* the terminating NULL */
		strbuf_addf(&sb, "%s%s", sb.len ? " " : "", s ? s : "?");
		free(s);
	}
	free(items);
	return strbuf_detach(&sb);
}

static int calls_remover(const struct perm_ctx *ctx, unsigned fn)
{
	const struct fn_facts *g = &ctx->fx[fn];
	unsigned i;
	for (i = 0; i < g->n_calls; i++)
		if (perm_name_matches(ctx->api->removers, ctx->api->n_removers, g->calls[i].callee))
			return 1;
	return 0;
}

static unsigned offset_of(CXCursor c)
{
	unsigned off = 0;
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
	return off;
}

/* A call written after the destruction, in the same function, that
 * builds state again: a creator (mkdir, open) or SQL CREATE.  Written
 * after, not dominated by: the parent re-creates what the exec'd child
 * deleted.  Only a flow step: it never decides whether to report. */
static const struct call_site *recreation_after(const struct perm_ctx *ctx,
						const struct fn_facts *f, const struct call_site *cs)
{
	const struct perm_api *api = ctx->api;
	unsigned i;
	for (i = 0; i < f->n_calls; i++) {
		const struct call_site *g = &f->calls[i];
		const struct perm_func_arg *a;
		int nargs = dv_ast_call_nargs(g->call), hit = 0;
		if (g == cs || offset_of(g->call) <= offset_of(cs->call))
			continue;
		if (perm_find_arg(api->creators, api->n_creators, g->callee))
			hit = 1;
		else if ((a = perm_find_arg(api->sql, api->n_sql, g->callee)) && a->arg < nargs) {
			char *t = dv_ast_string_value(dv_ast_call_arg(g->call, (unsigned)a->arg));
			hit = t && strncasecmp(t + strspn(t, " \t\n"), "CREATE", 6) == 0;
			free(t);
		}
		if (hit)
			return g;
	}
	return NULL;
}

void perm_report_destructive(struct perm_ctx *ctx, unsigned fn)
{
	const struct fn_facts *f = &ctx->fx[fn];
	const struct perm_api *api = ctx->api;
	unsigned i;
	for (i = 0; i < f->n_calls; i++) {
		const struct call_site *cs = &f->calls[i];
		const struct perm_func_arg *a;
		int nargs = dv_ast_call_nargs(cs->call);
		char *text = NULL;
		const char *what = NULL;
		const struct call_site *rebuilt;
		struct dv_finding *fd;
		if ((a = perm_find_arg(api->shell, api->n_shell, cs->callee)) && a->arg < nargs) {
			text = command_text(f, dv_ast_call_arg(cs->call, (unsigned)a->arg));
			if (perm_text_matches(api->destructive_commands, api->n_destructive_commands, text))
				what = "runs a destructive shell command";
		} else if (perm_name_matches(api->exec, api->n_exec, cs->callee)) {
			text = exec_text(cs->call);
			if (perm_text_matches(api->destructive_commands, api->n_destructive_commands, text))
				what = "executes a destructive command";
		} else if ((a = perm_find_arg(api->exec_argv, api->n_exec_argv, cs->callee)) &&
			   a->arg < nargs) {
			text = argv_text(dv_ast_call_arg(cs->call, (unsigned)a->arg));
			if (perm_text_matches(api->destructive_commands, api->n_destructive_commands, text))
				what = "executes a destructive command";
		} else if ((a = perm_find_arg(api->sql, api->n_sql, cs->callee)) && a->arg < nargs) {
			text = dv_ast_string_value(dv_ast_call_arg(cs->call, (unsigned)a->arg));
			if (perm_text_matches(api->destructive_sql, api->n_destructive_sql, text))
				what = "runs SQL that destroys a table or database";
		} else if ((a = perm_find_arg(api->walkers, api->n_walkers, cs->callee)) && a->arg < nargs) {
			CXCursor cb = dv_ast_strip_casts(dv_ast_call_arg(cs->call, (unsigned)a->arg));
			long target = dv_callgraph_lookup(ctx->cg, clang_getCursorReferenced(cb));
			if (target >= 0 && calls_remover(ctx, (unsigned)target))
				what = "walks a directory tree deleting what it visits";
		} else if (f->walks && perm_name_matches(api->removers, api->n_removers, cs->callee)) {
			what = "deletes the entries of an fts tree walk";
		}
		free(text);
		if (!what)
			continue;
		rebuilt = recreation_after(ctx, f, cs);
		/* the seed incident: a repair path reached from a request with no
		 * check, wiping state and building it again */
		fd = dv_sink_report(ctx->tu->sink, "permission/destructive-operation", cs->call,
				    "'%s' %s%s: irreversible, confirm it is intended%s", cs->callee, what,
				    rebuilt ? " and then re-creates it" : "",
				    f->reached && !perm_is_guarded(ctx, fn, i) ? " (no authorization or confirmation check on the "
						 "request path)"
					       : "");
		perm_add_request_path(ctx, fd, fn);
		if (fd)
			dv_finding_add_flow_cursor(ctx->tu->sink, fd, cs->call, "destructive '%s'",
						   cs->callee);
		if (fd && rebuilt)
			dv_finding_add_flow_cursor(ctx->tu->sink, fd, rebuilt->call,
						   "re-creates the state with '%s'", rebuilt->callee);
	}
}

/* ---- dropping privileges ---- */

void perm_report_privilege_drops(struct perm_ctx *ctx, unsigned fn)
{
	const struct fn_facts *f = &ctx->fx[fn];
	const struct perm_api *api = ctx->api;
	unsigned i, j;
	for (i = 0; i < f->n_calls; i++) {
		const struct call_site *cs = &f->calls[i];
		int uid = perm_name_matches(api->uid_setters, api->n_uid_setters, cs->callee);
		int gid = perm_name_matches(api->gid_setters, api->n_gid_setters, cs->callee);
		long long v;
		if (!uid && !gid)
			continue;
		if (perm_value_discarded(f, cs)) {
			dv_sink_report(ctx->tu->sink, "permission/privilege-not-dropped", cs->call,
				       "the result of '%s' is not checked: if it fails the process "
				       "keeps its privileges",
				       cs->callee);
			continue;
		}
		/* seteuid(0) regains root (to change groups next): not a drop */
		if (!uid || (dv_ast_call_nargs(cs->call) > 0 &&
			     dv_ast_int_value(dv_ast_call_arg(cs->call, 0), &v) == 0 && v == 0))
			continue;
		for (j = 0; j < f->n_calls; j++) {
			const struct call_site *g = &f->calls[j];
			struct dv_finding *fd;
			if (j == i || !perm_name_matches(api->gid_setters, api->n_gid_setters, g->callee) ||
			    !perm_dominates(f, cs->pos, g->pos))
				continue;
			fd = dv_sink_report(ctx->tu->sink, "permission/privilege-not-dropped", cs->call,
					    "'%s' drops the user id before '%s' changes the groups: "
					    "without root the group change fails",
					    cs->callee, g->callee);
			if (fd)
				dv_finding_add_related_cursor(ctx->tu->sink, fd, g->call,
							      "groups changed here, too late");
			break;
		}
	}
}
