/* Unit tests for the typestate engine: key normalisation, summary key
 * substitution, API name patterns, and a fourth family ("pool") defined
 * here, with no engine edit, run on an in-memory C buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "engine/typestate.h"
#include "engine/callgraph.h"
#include "parse_helper.h"

static void simplify(const char *in, const char *want)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", in);
	dv_ts_key_simplify(buf);
	assert_string_equal(buf, want);
}

static void test_simplify(void **state)
{
	(void)state;
	simplify("(*(&L{m}))", "L{m}");
	simplify("(&(*P{0}))", "P{0}");
	simplify("(*(&(*P{0}).F{lock}))", "(*P{0}).F{lock}");
	simplify("(*(&L{x})).F{a}", "L{x}.F{a}");
	simplify("(*L{p})", "(*L{p})");
	/* not a matching pair: (&X) inside a larger expression stays */
	simplify("(*(&L{a})[0])", "(*(&L{a})[0])");
	simplify("(*(&(*(&G{g}))))", "G{g}");
}

static void test_substitute(void **state)
{
	const char *args[] = {"(&L{s})", "L{fp}", NULL};
	char *r;
	(void)state;
	r = dv_ts_key_substitute("(*P{0}).F{mu}", args, 3);
	assert_string_equal(r, "L{s}.F{mu}");
	free(r);
	r = dv_ts_key_substitute("P{1}", args, 3);
	assert_string_equal(r, "L{fp}");
	free(r);
	r = dv_ts_key_substitute("P{1}#txn", args, 3);
	assert_string_equal(r, "L{fp}#txn");
	free(r);
	/* argument without a key, or missing */
	assert_null(dv_ts_key_substitute("(*P{2})", args, 3));
	assert_null(dv_ts_key_substitute("(*P{7})", args, 3));
	/* globals pass through */
	r = dv_ts_key_substitute("G{c:@g_lock}", args, 3);
	assert_string_equal(r, "G{c:@g_lock}");
	free(r);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(dv_ts_name_matches("*_lock", "stats_lock"));
	assert_false(dv_ts_name_matches("*_lock", "stats_unlock_all"));
	assert_true(dv_ts_name_matches("sqlite3_*", "sqlite3_step"));
	assert_true(dv_ts_name_matches("PQ*", "PQclear"));
	assert_false(dv_ts_name_matches("PQ*", "xPQclear"));
	assert_true(dv_ts_name_matches("std::lock_guard", "std::lock_guard"));
	assert_true(dv_ts_name_matches("*mutex", "std::mutex"));
	assert_true(dv_ts_name_matches("Mutex", "ns::Mutex"));
	assert_true(dv_ts_name_matches("a?c", "abc"));
	assert_false(dv_ts_name_matches("a?c", "ac"));
}

/* ---- a family that is none of the shipped ones --------------------------- */

/* Connections borrowed from a pool must go back to it; putting one back
 * twice corrupts the pool's free list. */
static const struct dv_ts_family pool_family = {
	.family = "pool",
	.default_deref = 0,
	.exit = {
		.rule = "pool/leak",
		.at_return = "connection '{name}' from {via}() is never put back when the "
			     "function returns here",
		.at_end = "connection '{name}' from {via}() is never put back at the end",
		.acquired_here = "'{name}' taken {here}",
	},
	.unheld = {
		.rule = "pool/double-put",
		.message = "connection '{name}' is put back twice",
		.failed_here = "taking '{name}' failed here",
		.released_here = "'{name}' already put back here",
	},
};

static const char pool_api[] =
	"{\"pool\": {\"functions\": ["
	"  {\"name\": \"pool_get\", \"op\": \"acquire\", \"arg\": -1, \"success\": \"nonnull\"},"
	"  {\"name\": \"pool_put\", \"op\": \"release\", \"arg\": 0}]}}";

static const char pool_src[] =
	"typedef struct conn conn;\n"                  /* 1 */
	"typedef struct pool pool;\n"                  /* 2 */
	"conn *pool_get(pool *p);\n"                   /* 3 */
	"void pool_put(conn *c);\n"                    /* 4 */
	"int use(conn *c);\n"                          /* 5 */
	"int leaks(pool *p, int x)\n"                  /* 6 */
	"{\n"                                          /* 7 */
	"\tconn *c = pool_get(p);\n"                   /* 8 */
	"\tif (!c)\n"                                  /* 9 */
	"\t\treturn -1;\n"                             /* 10 */
	"\tif (x)\n"                                   /* 11 */
	"\t\treturn -2;\n"                             /* 12: pool/leak */
	"\tuse(c);\n"                                  /* 13 */
	"\tpool_put(c);\n"                             /* 14 */
	"\treturn 0;\n"                                /* 15 */
	"}\n"                                          /* 16 */
	"int balanced(pool *p)\n"                      /* 17 */
	"{\n"                                          /* 18 */
	"\tconn *c = pool_get(p);\n"                   /* 19 */
	"\tif (!c)\n"                                  /* 20 */
	"\t\treturn -1;\n"                             /* 21 */
	"\tuse(c);\n"                                  /* 22 */
	"\tpool_put(c);\n"                             /* 23 */
	"\treturn 0;\n"                                /* 24 */
	"}\n"                                          /* 25 */
	"void twice(pool *p)\n"                        /* 26 */
	"{\n"                                          /* 27 */
	"\tconn *c = pool_get(p);\n"                   /* 28 */
	"\tif (!c)\n"                                  /* 29 */
	"\t\treturn;\n"                                /* 30 */
	"\tpool_put(c);\n"                             /* 31 */
	"\tpool_put(c);\n"                             /* 32: pool/double-put */
	"}\n"                                          /* 33 */
	"int broken(pool *p)\n"                        /* 34 */
	"{\n"                                          /* 35 */
	"\tconn *c = pool_get(p);\n"                   /* 36 */
	"\treturn use(c) + ;\n"                        /* 37: compile error */
	"}\n"                                          /* 38 */
	"int jumps(pool *p, int i)\n"                  /* 39 */
	"{\n"                                          /* 40 */
	"\tstatic void *t[] = {&&a, &&b};\n"           /* 41 */
	"\tconn *c = pool_get(p);\n"                   /* 42 */
	"\tgoto *t[i];\n"                              /* 43: computed goto */
	"a:\n"                                         /* 44 */
	"\tpool_put(c);\n"                             /* 45 */
	"b:\n"                                         /* 46 */
	"\treturn 0;\n"                                /* 47 */
	"}\n";                                         /* 48 */

struct pool_run {
	struct dv_rule rules[2]; /* sorted by id, as dv_ruleset_find expects */
	struct dv_ruleset rs;
	struct dv_ts_spec *spec;
	struct dv_sink sink;
	struct dv_test_tu t;
};

static void pool_ruleset(struct pool_run *r)
{
	static char id_put[] = "pool/double-put", id_leak[] = "pool/leak", fam[] = "pool";
	char *ids[2] = {id_put, id_leak};
	unsigned i;
	memset(r, 0, sizeof(*r));
	for (i = 0; i < 2; i++) {
		r->rules[i].id = ids[i];
		r->rules[i].family = fam;
		r->rules[i].enabled = 1;
		r->rules[i].level = r->rules[i].default_level = DV_LEVEL_ERROR;
	}
	r->rs.rules = r->rules;
	r->rs.n_rules = 2;
	r->rs.api = cJSON_Parse(pool_api);
	assert_non_null(r->rs.api);
}

static void pool_run(struct pool_run *r, const char *src)
{
	struct dv_error err = {0};
	struct dv_tu_ctx ctx;
	pool_ruleset(r);
	assert_int_equal(dv_ts_spec_load(&r->rs, &pool_family, &r->spec, &err), 0);
	r->sink.rules = &r->rs;
	r->sink.srcroot = "/";
	dv_findings_init(&r->sink.findings);
	dv_coverage_init(&r->sink.coverage);
	assert_int_equal(dv_test_parse(&r->t, src, 0), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.tu = r->t.tu;
	ctx.path = "t.c";
	ctx.sink = &r->sink;
	ctx.rules = &r->rs;
	ctx.cg = dv_callgraph_build(r->t.tu);
	assert_non_null(ctx.cg);
	dv_ts_check_tu(r->spec, &ctx);
	dv_callgraph_free(ctx.cg);
}

static void pool_release(struct pool_run *r)
{
	dv_findings_release(&r->sink.findings);
	dv_coverage_release(&r->sink.coverage);
	dv_ts_spec_free(r->spec);
	dv_test_release(&r->t);
	cJSON_Delete(r->rs.api);
}

static const struct dv_finding *only_finding(const struct pool_run *r, const char *rule)
{
	const struct dv_finding *found = NULL;
	size_t i;
	for (i = 0; i < r->sink.findings.count; i++) {
		if (strcmp(r->sink.findings.items[i].rule_id, rule) != 0)
			continue;
		assert_null(found);
		found = &r->sink.findings.items[i];
	}
	assert_non_null(found);
	return found;
}

static void test_fourth_family(void **state)
{
	struct pool_run r;
	const struct dv_finding *f;
	(void)state;
	pool_run(&r, pool_src);
	/* exactly the two broken protocols: balanced() is quiet, and the
	 * functions not analysed report nothing */
	assert_int_equal(r.sink.findings.count, 2);

	f = only_finding(&r, "pool/leak");
	assert_int_equal(f->primary.line, 12);
	assert_string_equal(f->function, "leaks");
	assert_string_equal(f->message, "connection 'c' from pool_get() is never put back when the "
					"function returns here");
	assert_int_equal(f->n_related, 1);
	assert_int_equal(f->related[0].line, 8);
	/* an unknown placeholder stays as written */
	assert_string_equal(f->related[0].message, "'c' taken {here}");

	f = only_finding(&r, "pool/double-put");
	assert_int_equal(f->primary.line, 32);
	assert_string_equal(f->function, "twice");
	assert_string_equal(f->message, "connection 'c' is put back twice");
	assert_int_equal(f->n_related, 1);
	assert_int_equal(f->related[0].line, 31);
	assert_string_equal(f->related[0].message, "'c' already put back here");
	pool_release(&r);
}

static const struct dv_coverage_gap *gap_of(const struct pool_run *r, const char *function)
{
	size_t i;
	for (i = 0; i < r->sink.coverage.n_gaps; i++)
		if (r->sink.coverage.gaps[i].function &&
		    !strcmp(r->sink.coverage.gaps[i].function, function))
			return &r->sink.coverage.gaps[i];
	return NULL;
}

/* Fail closed: the functions the family could not judge are coverage
 * gaps under its name, the others are not. */
static void test_not_analysed(void **state)
{
	struct pool_run r;
	const struct dv_coverage_gap *g;
	(void)state;
	pool_run(&r, pool_src);
	assert_int_equal(r.sink.coverage.n_gaps, 2);
	g = gap_of(&r, "broken");
	assert_non_null(g);
	assert_string_equal(g->checker, "pool");
	assert_int_equal(g->state, DV_COV_PARTIAL);
	assert_int_equal(g->first_line, 34);
	assert_int_equal(g->last_line, 38);
	assert_non_null(strstr(g->reason, "compile errors"));
	g = gap_of(&r, "jumps");
	assert_non_null(g);
	assert_string_equal(g->checker, "pool");
	assert_non_null(strstr(g->reason, "control flow could not be modelled"));
	assert_null(gap_of(&r, "leaks"));
	pool_release(&r);
}

/* A descriptor that reports a rule must say how. */
static void test_descriptor_checked(void **state)
{
	struct pool_run r;
	struct dv_ts_family bad = pool_family;
	struct dv_ts_spec *spec = NULL;
	struct dv_error err = {0};
	(void)state;
	pool_ruleset(&r);
	bad.unheld.released_here = NULL;
	assert_int_equal(dv_ts_spec_load(&r.rs, &bad, &spec, &err), DV_ERR_INTERNAL);
	assert_null(spec);
	assert_non_null(strstr(err.msg, "pool/double-put"));

	memset(&err, 0, sizeof(err));
	bad = pool_family;
	bad.key_suffix = "txn";
	assert_int_equal(dv_ts_spec_load(&r.rs, &bad, &spec, &err), DV_ERR_INTERNAL);
	assert_null(spec);

	memset(&err, 0, sizeof(err));
	/* an unreported rule needs no messages */
	bad = pool_family;
	bad.unheld.rule = NULL;
	bad.unheld.message = NULL;
	assert_int_equal(dv_ts_spec_load(&r.rs, &bad, &spec, &err), 0);
	dv_ts_spec_free(spec);
	cJSON_Delete(r.rs.api);
}

/* The API knowledge is the family's: a bad entry names family and field. */
static void test_api_errors(void **state)
{
	struct pool_run r;
	struct dv_ts_spec *spec = NULL;
	struct dv_error err = {0};
	(void)state;
	pool_ruleset(&r);
	cJSON_Delete(r.rs.api);
	r.rs.api = cJSON_Parse("{\"pool\": {\"functions\": [{\"name\": \"pool_get\", "
			       "\"op\": \"borrowed\"}]}}");
	assert_int_equal(dv_ts_spec_load(&r.rs, &pool_family, &spec, &err), DV_ERR_INPUT);
	assert_null(spec);
	assert_non_null(strstr(err.msg, "rules family 'pool'"));
	assert_non_null(strstr(err.msg, "api.functions[0].op"));
	cJSON_Delete(r.rs.api);
	/* a recursive_if without its setter */
	r.rs.api = cJSON_Parse("{\"pool\": {\"functions\": [{\"name\": \"pool_init\", "
			       "\"op\": \"init\", \"recursive_if\": {\"arg\": 1, \"value_arg\": 1, "
			       "\"values\": [\"R\"]}}]}}");
	memset(&err, 0, sizeof(err));
	assert_int_equal(dv_ts_spec_load(&r.rs, &pool_family, &spec, &err), DV_ERR_INPUT);
	assert_null(spec);
	assert_non_null(strstr(err.msg, "api.functions[0].recursive_if"));
	cJSON_Delete(r.rs.api);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simplify),
		cmocka_unit_test(test_substitute),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_fourth_family),
		cmocka_unit_test(test_not_analysed),
		cmocka_unit_test(test_descriptor_checked),
		cmocka_unit_test(test_api_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
