/*
 * Injection checker: format walker, API loading (shipped rules and bad
 * project config), and the checker end to end on in-memory snippets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkers/checker.h"
#include "checkers/injection.h"
#include "engine/callgraph.h"
#include "rules/rules.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "parse_helper.h"

extern const struct dv_checker dv_checker_injection;

/* ---- format walker ------------------------------------------------------ */

struct convs {
	char text[64];
	size_t n;
};

static void collect(void *ctx, unsigned off, char conv, const char *spec)
{
	assert_true(spec[0] == '%');
	struct convs *c = ctx;
	if (c->n + 3 < sizeof c->text) {
		c->text[c->n++] = (char)('0' + off);
		c->text[c->n++] = conv;
		c->text[c->n] = '\0';
	}
}

static void test_printf_format(void **state)
{
	struct convs c = {{0}, 0};
	(void)state;
	assert_int_equal(inj_format_walk("%s=%-5d %*d %.2f %% %q%Q %lu %c", 0, collect, &c), 9);
	assert_string_equal(c.text, "0s1d2*3d4f5q6Q7u8c");
}

static void test_scanf_format(void **state)
{
	struct convs c = {{0}, 0};
	(void)state;
	assert_int_equal(inj_format_walk("%d %63s %*s %[^\n] %[]x]", 1, collect, &c), 4);
	assert_string_equal(c.text, "0d1s2[3[");
}

static void test_positional_format(void **state)
{
	struct convs c = {{0}, 0};
	(void)state;
	assert_int_equal(inj_format_walk("%2$s %1$s", 0, collect, &c), (unsigned)-1);
}

/* ---- API ---------------------------------------------------------------- */

static struct dv_ruleset *load_shipped(const char *config)
{
	struct dv_error err = {0};
	struct dv_ruleset *rs = dv_ruleset_load(DV_SOURCE_DIR "/rules", NULL, config, config != NULL,
						&err);
	if (!rs)
		fail_msg("%s", err.msg);
	return rs;
}

static void test_api_shipped(void **state)
{
	struct dv_ruleset *rs = load_shipped(NULL);
	struct inj_api api;
	struct dv_error err = {0};
	const struct inj_func *f;
	(void)state;
	assert_int_equal(inj_api_load(&api, rs, &err), 0);
	assert_true(api.main_argv);
	assert_true(inj_api_is_entry_point(&api, "handle_request"));
	assert_true(inj_api_is_entry_point(&api, "upload_handler"));
	assert_false(inj_api_is_entry_point(&api, "main_loop"));
	f = inj_api_find(&api, "system");
	assert_non_null(f);
	assert_int_equal(f->sink_args[INJ_COMMAND], 1u);
	f = inj_api_find(&api, "rename");
	assert_int_equal(f->sink_args[INJ_PATH], 3u);
	f = inj_api_find(&api, "PQprepare");
	assert_int_equal(f->sink_args[INJ_SQL], 4u);
	f = inj_api_find(&api, "fgets");
	assert_true(f->src_return);
	assert_int_equal(f->src_args, 1u);
	f = inj_api_find(&api, "execvp");
	assert_int_equal(f->exec, INJ_EXEC_VECTOR);
	f = inj_api_find(&api, "sqlite3_mprintf");
	assert_int_equal(f->to, INJ_TO_RETURN);
	assert_int_equal(f->format_arg, 0);
	assert_int_equal(f->n_escapes, 3);
	f = inj_api_find(&api, "mysql_real_escape_string");
	assert_int_equal(f->to, INJ_TO_ARG);
	assert_int_equal(f->to_arg, 1);
	assert_int_equal(f->sanitizes, INJ_BIT(INJ_SQL));
	f = inj_api_find(&api, "atoi");
	assert_true(f->clean_return);
	/* printf is a format sink and nothing else */
	f = inj_api_find(&api, "printf");
	assert_int_equal(f->sink_args[INJ_FORMAT], 1u);
	assert_false(f->prop);
	assert_null(inj_api_find(&api, "no_such_function"));
	inj_api_release(&api);
	dv_ruleset_free(rs);
}

static char *write_temp(const char *text)
{
	char *path = xstrdup("/tmp/dv-inj-XXXXXX");
	int fd = mkstemp(path);
	FILE *fp;
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void expect_init_error(const char *config_api, const char *needle)
{
	struct strbuf sb;
	char *path;
	struct dv_ruleset *rs;
	struct dv_error err = {0};
	void *st = NULL;
	strbuf_init(&sb);
	strbuf_addf(&sb, "{\"version\": 1, \"api\": {\"injection\": %s}}", config_api);
	path = write_temp(sb.buf);
	/* the loader rejects a value of another type than the shipped rules
	 * use (with the config's file and line); the checker the rest */
	rs = dv_ruleset_load(DV_SOURCE_DIR "/rules", NULL, path, 1, &err);
	if (!rs) {
		assert_int_equal(err.code, DV_ERR_INPUT);
		if (!strstr(err.msg, needle) || !strstr(err.msg, path))
			fail_msg("'%s' does not mention '%s' in %s", err.msg, needle, path);
		goto cleanup;
	}
	assert_int_equal(dv_checker_injection.init(rs, &st, &err), DV_ERR_INPUT);
	assert_null(st);
	if (!strstr(err.msg, needle))
		fail_msg("'%s' does not mention '%s'", err.msg, needle);
	dv_ruleset_free(rs);
cleanup:
	unlink(path);
	free(path);
	strbuf_release(&sb);
}

static void test_api_errors(void **state)
{
	(void)state;
	expect_init_error("{\"sinks\": {\"injection/nope\": {\"f\": 0}}}", "sinks.injection/nope");
	expect_init_error("{\"sinks\": {\"injection/sql\": {\"run\": \"x\"}}}", "sinks.injection/sql.run");
	expect_init_error("{\"sources\": {\"get\": {\"args\": [40]}}}", "sources.get.args");
	expect_init_error("{\"validators\": {\"ok\": {\"valid_when\": \"maybe\"}}}",
			  "validators.ok.valid_when");
	expect_init_error("{\"sanitizers\": {\"q\": {\"to\": \"return\", \"rules\": [\"x\"]}}}",
			  "sanitizers.q.rules");
	expect_init_error("{\"propagators\": {\"cp\": {\"from\": [1]}}}", "propagators.cp.to");
}

/* ---- end to end ------------------------------------------------------------ */

struct run {
	struct dv_ruleset *rs;
	void *state;
	struct dv_sink sink;
	struct dv_test_tu t;
};

static void run_snippet(struct run *r, const char *src, int cxx)
{
	struct dv_error err = {0};
	struct dv_tu_ctx ctx;
	memset(r, 0, sizeof(*r));
	r->rs = load_shipped(NULL);
	assert_int_equal(dv_checker_injection.init(r->rs, &r->state, &err), 0);
	r->sink.rules = r->rs;
	dv_findings_init(&r->sink.findings);
	assert_int_equal(dv_test_parse(&r->t, src, cxx), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.tu = r->t.tu;
	ctx.path = cxx ? "t.cpp" : "t.c";
	ctx.sink = &r->sink;
	ctx.rules = r->rs;
	ctx.is_cplusplus = cxx;
	ctx.cg = dv_callgraph_build(r->t.tu);
	dv_checker_injection.check_tu(r->state, &ctx);
	dv_callgraph_free(ctx.cg);
}

static void run_release(struct run *r)
{
	dv_findings_release(&r->sink.findings);
	dv_coverage_release(&r->sink.coverage);
	dv_checker_injection.free(r->state);
	dv_test_release(&r->t);
	dv_ruleset_free(r->rs);
}

static const char prelude[] = "char *getenv(const char *);\n"
			      "int system(const char *);\n"
			      "int printf(const char *, ...);\n"
			      "int snprintf(char *, unsigned long, const char *, ...);\n";

static void test_flow_and_related(void **state)
{
	struct run r;
	char src[1024];
	const struct dv_finding *f;
	(void)state;
	snprintf(src, sizeof src,
		 "%s"
		 "void f(void) {\n"
		 "  char cmd[64];\n"
		 "  const char *d = getenv(\"D\");\n"
		 "  snprintf(cmd, sizeof cmd, \"ls %%s\", d);\n"
		 "  system(cmd);\n"
		 "}\n",
		 prelude);
	run_snippet(&r, src, 0);
	assert_int_equal(r.sink.findings.count, 1);
	f = &r.sink.findings.items[0];
	assert_string_equal(f->rule_id, "injection/command");
	assert_int_equal(f->level, DV_LEVEL_ERROR);
	assert_int_equal(f->primary.line, 9);
	assert_string_equal(f->message, "tainted data from 'getenv' reaches the command of 'system'");
	assert_int_equal(f->n_related, 1);
	assert_int_equal(f->related[0].line, 7);
	assert_string_equal(f->related[0].message, "tainted value comes from getenv here");
	/* source, assignment to d, snprintf, sink */
	assert_int_equal(f->n_flow, 4);
	assert_int_equal(f->flow[0].line, 7);
	assert_int_equal(f->flow[2].line, 8);
	assert_int_equal(f->flow[3].line, 9);
	run_release(&r);
}

static void test_format_levels(void **state)
{
	struct run r;
	char src[1024];
	(void)state;
	snprintf(src, sizeof src,
		 "%s"
		 /* line 5: warning (callers anywhere: its address is taken) */
		 "void show(const char *m) { printf(m); } void (*hook)(const char *) = show;\n"
		 "void consts(int d) { const char *f = d ? \"%%d\" : \"%%x\"; printf(f, d); }\n"
		 "int main(int argc, char **argv) { printf(argv[0]); return argc; }\n", /* error */
		 prelude);
	run_snippet(&r, src, 0);
	assert_int_equal(r.sink.findings.count, 2);
	/* parameter-only formats are judged last, after every caller */
	assert_int_equal(r.sink.findings.items[0].primary.line, 7);
	assert_int_equal(r.sink.findings.items[0].level, DV_LEVEL_ERROR);
	assert_int_equal(r.sink.findings.items[1].primary.line, 5);
	assert_int_equal(r.sink.findings.items[1].level, DV_LEVEL_WARNING);
	run_release(&r);
}

/* A format parameter is constant when every caller in the TU passes
 * constants, through chains of helpers too; not when the function's
 * address is taken or another caller passes something unknown. */
static void test_format_param_from_callers(void **state)
{
	struct run r;
	char src[2048];
	(void)state;
	snprintf(src, sizeof src,
		 "%s"
		 "static void sink(char *m) { printf(m); }\n"               /* 5: constant callers */
		 "static void mid(char *m) { sink(m); }\n"
		 "void good(void) { char b[32]; strcpy(b, \"fixed\"); mid(b); }\n"
		 "static void cb(const char *m) { printf(m); }\n"           /* 8: address taken */
		 "void (*hook)(const char *) = cb;\n"
		 "static void mixed(const char *m) { printf(m); }\n"        /* 10: one unknown */
		 "extern const char *name_of(int);\n"
		 "void use(int i) { mixed(\"%%d\"); mixed(name_of(i)); cb(\"x\"); }\n",
		 prelude);
	run_snippet(&r, src, 0);
	assert_int_equal(r.sink.findings.count, 2);
	assert_int_equal(r.sink.findings.items[0].primary.line, 8);
	assert_int_equal(r.sink.findings.items[1].primary.line, 10);
	run_release(&r);
}

/* A taint flow into a helper's sink is reported once, at the sink, with
 * each tainted call site as a related location and a code-flow step. */
static void test_summary_anchored_at_sink(void **state)
{
	struct run r;
	char src[1024];
	const struct dv_finding *f;
	size_t i;
	int call_step = 0;
	(void)state;
	snprintf(src, sizeof src,
		 "%s"
		 "static void run(const char *c) { system(c); }\n"
		 "void ok(void) { run(\"date\"); }\n"
		 "void bad(void) { run(getenv(\"X\")); }\n"
		 "void bad2(void) { run(getenv(\"Y\")); }\n",
		 prelude);
	run_snippet(&r, src, 0);
	assert_int_equal(r.sink.findings.count, 1);
	f = &r.sink.findings.items[0];
	assert_int_equal(f->primary.line, 5);
	assert_int_equal(f->n_related, 2);
	assert_int_equal(f->related[1].line, 7); /* the call site */
	for (i = 0; i < f->n_flow; i++)
		call_step |= f->flow[i].line == 7;
	assert_true(call_step);
	assert_int_equal(f->flow[f->n_flow - 1].line, 5);
	run_release(&r);
}

static void test_recursion_terminates(void **state)
{
	struct run r;
	char src[1024];
	(void)state;
	snprintf(src, sizeof src,
		 "%s"
		 "static void b(const char *s, int n);\n"
		 "static void a(const char *s, int n) { if (n) b(s, n - 1); else system(s); }\n"
		 "static void b(const char *s, int n) { a(s, n); }\n"
		 "void go(void) { a(getenv(\"X\"), 3); }\n",
		 prelude);
	run_snippet(&r, src, 0);
	assert_int_equal(r.sink.findings.count, 1);
	assert_int_equal(r.sink.findings.items[0].primary.line, 6); /* the sink */
	run_release(&r);
}

/* The coverage gaps the injection checker recorded for function `name`. */
static unsigned gaps_of(const struct run *r, const char *name, const char *reason_part)
{
	size_t i;
	unsigned n = 0;
	for (i = 0; i < r->sink.coverage.n_gaps; i++) {
		const struct dv_coverage_gap *g = &r->sink.coverage.gaps[i];
		if (g->function && !strcmp(g->function, name) && g->checker &&
		    !strcmp(g->checker, "injection") && strstr(g->reason, reason_part))
			n++;
	}
	return n;
}

/* Fail closed: a callee whose CFG is incomplete (computed goto) is unknown
 * to its callers, never clean: what its arguments carry comes back through
 * its result and its non-const pointer parameters.  The callee is one
 * coverage gap, also when it is recursive (analysed in several rounds). */
static void test_failed_callee_is_unknown(void **state)
{
	struct run r;
	char src[2048];
	(void)state;
	snprintf(src, sizeof src,
		 "%s"
		 "static const char *id(const char *s, int n) {\n"           /* 5 */
		 "  static void *const next[] = {&&out};\n"
		 "  if (n) return id(s, n - 1);\n"
		 "  goto *next[0];\n"
		 "out:\n"
		 "  return s;\n"
		 "}\n"
		 "static void fill(char *dst, const char *src) {\n"         /* 12 */
		 "  static void *const next[] = {&&out};\n"
		 "  goto *next[0];\n"
		 "out:\n"
		 "  dst[0] = src[0];\n"
		 "}\n"
		 "static int peek(const char *a, const char *b) {\n"      /* 18 */
		 "  static void *const next[] = {&&out};\n"
		 "  goto *next[0];\n"
		 "out:\n"
		 "  return a[0] == b[0];\n"
		 "}\n"
		 "void bad(void) { system(id(getenv(\"X\"), 2)); }\n"    /* 24 */
		 "void good(void) { system(id(\"date\", 2)); }\n"
		 "void bad_out(void) { char b[8]; fill(b, getenv(\"X\")); system(b); }\n"
		 "void good_out(void) { char b[8]; fill(b, \"ls\"); system(b); }\n"
		 /* const pointers: nothing written into b */
		 "void const_params(void) { char b[8] = \"ls\"; peek(b, getenv(\"X\")); system(b); }\n",
		 prelude);
	run_snippet(&r, src, 0);
	assert_int_equal(r.sink.findings.count, 2);
	assert_int_equal(r.sink.findings.items[0].primary.line, 24);
	assert_int_equal(r.sink.findings.items[1].primary.line, 26);
	assert_int_equal(gaps_of(&r, "id", "control flow"), 1);
	assert_int_equal(gaps_of(&r, "fill", "control flow"), 1);
	assert_int_equal(gaps_of(&r, "peek", "control flow"), 1);
	assert_int_equal(r.sink.coverage.n_gaps, 3);
	run_release(&r);
}

/* The same for a callee whose solution does not converge within the
 * solver's budget: a loop shifting a value through more variables than
 * the budget of visits. */
static void test_unconverged_callee_is_unknown(void **state)
{
	struct strbuf sb;
	struct run r;
	unsigned i, n = 260;
	(void)state;
	strbuf_init(&sb);
	strbuf_addstr(&sb, prelude);
	strbuf_addstr(&sb, "static const char *shift(const char *s, int k) {\n"
			   "  const char *r = \"\"");
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, ", *v%u = \"\"", i);
	strbuf_addstr(&sb, ";\n  while (k--) {\n    r = v0;\n");
	for (i = 0; i + 1 < n; i++)
		strbuf_addf(&sb, "    v%u = v%u;\n", i, i + 1);
	strbuf_addf(&sb, "    v%u = s;\n  }\n  return r;\n}\n", n - 1);
	strbuf_addstr(&sb, "void bad(int k) { system(shift(getenv(\"X\"), k)); }\n"
			   "void good(int k) { system(shift(\"date\", k)); }\n");
	run_snippet(&r, sb.buf, 0);
	assert_int_equal(gaps_of(&r, "shift", "converge"), 1);
	assert_int_equal(r.sink.coverage.n_gaps, 1);
	assert_int_equal(r.sink.findings.count, 1);
	assert_int_equal(r.sink.findings.items[0].primary.line, 4 + 3 + n + 4 + 1);
	run_release(&r);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_format),
		cmocka_unit_test(test_scanf_format),
		cmocka_unit_test(test_positional_format),
		cmocka_unit_test(test_api_shipped),
		cmocka_unit_test(test_api_errors),
		cmocka_unit_test(test_flow_and_related),
		cmocka_unit_test(test_format_levels),
		cmocka_unit_test(test_format_param_from_callers),
		cmocka_unit_test(test_summary_anchored_at_sink),
		cmocka_unit_test(test_recursion_terminates),
		cmocka_unit_test(test_failed_callee_is_unknown),
		cmocka_unit_test(test_unconverged_callee_is_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
