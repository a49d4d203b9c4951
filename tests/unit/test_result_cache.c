/* Unit tests for the result cache (src/session/result_cache*.c): SHA-256
 * against the FIPS 180-4 vectors, the serialisation of a work item's
 * results (a round trip is exact; any malformed part rejects the whole
 * entry and leaves the item untouched), and the context hashes (a
 * disabled rule, a changed level, an imported fact each change them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "session/result_cache.h"
#include "util/sha256.h"
#include "util/xalloc.h"

static void test_sha256_vectors(void **state)
{
	char hex[65];
	struct dv_sha256 c;
	char chunk[1003];
	int i;

	(void)state;
	dv_sha256_hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	dv_sha256_hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	dv_sha256_hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* a million 'a', in pieces that straddle the 64-byte blocks */
	memset(chunk, 'a', sizeof(chunk));
	dv_sha256_init(&c);
	for (i = 0; i < 1000; i++)
		dv_sha256_update(&c, chunk, i % 2 ? 997 : 1003);
	dv_sha256_hex(&c, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void fill_item(struct work_item *it)
{
	struct dv_finding *f;
	struct dv_location *l;

	memset(it, 0, sizeof(*it));
	dv_findings_init(&it->findings);
	it->parsed = 1;
	f = dv_findings_push(&it->findings);
	f->rule_id = xstrdup("injection/command");
	f->level = DV_LEVEL_ERROR;
	f->message = xstrdup("tainted data from 'getenv' reaches \"system\"\n\ttab é");
	dv_location_set(&f->primary, "a.c", 2, 16, 2, 27, NULL);
	l = dv_finding_add_flow(f);
	dv_location_set(l, "a.c", 2, 23, 0, 0, "untrusted data comes from 'getenv'");
	l = dv_finding_add_flow(f);
	dv_location_set(l, "inc/cfg.h", 2, 13, 0, 0, "expanded here");
	l = dv_finding_add_related(f);
	dv_location_set(l, "a.c", 1, 1, 1, 9, NULL);
	f->function = xstrdup("f");
	f = dv_findings_push(&it->findings);
	f->rule_id = xstrdup("secrets/aws-access-key-id");
	f->level = DV_LEVEL_WARNING;
	f->message = xstrdup("hard-coded key 'AKIA…(20 chars)'");
	dv_location_set(&f->primary, "a.c", 9, 1, 0, 0, NULL);
	f->fingerprint_extra = xstrdup("0123abcd");
	dv_notifications_add(&it->notes, DV_LEVEL_WARNING, "a.c", 3, 4, "%s", "a note");
	dv_notifications_add(&it->notes, DV_LEVEL_NOTE, NULL, 0, 0, "%s", "no path");
	dv_coverage_add(&it->coverage, DV_COV_PARTIAL, "a.c", 10, 20, "g", "locks", "%s",
			"CFG too deep");
	dv_coverage_add(&it->coverage, DV_COV_NOT_ANALYSED, "a.c", 0, 0, NULL, NULL, "%s",
			"whole file");
	it->funcs = xcalloc(2, sizeof(*it->funcs));
	it->funcs[0].first = 2, it->funcs[0].last = 2;
	it->funcs[1].first = 5, it->funcs[1].last = 12;
	it->n_funcs = 2;
}

static void release_item(struct work_item *it)
{
	dv_findings_release(&it->findings);
	dv_notifications_release(&it->notes);
	dv_coverage_release(&it->coverage);
	free(it->funcs);
}

static char *encoded_text(const struct work_item *it)
{
	cJSON *j = dv_rcache_encode_results(it);
	char *text;

	assert_non_null(j);
	text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	assert_non_null(text);
	return text;
}

static void test_round_trip(void **state)
{
	struct work_item a, b;
	char *ta, *tb;
	cJSON *j;

	(void)state;
	fill_item(&a);
	ta = encoded_text(&a);
	memset(&b, 0, sizeof(b));
	dv_findings_init(&b.findings);
	j = cJSON_Parse(ta);
	assert_int_equal(dv_rcache_decode_results(j, &b), 0);
	cJSON_Delete(j);
	assert_int_equal(b.findings.count, 2);
	assert_string_equal(b.findings.items[0].message, a.findings.items[0].message);
	assert_int_equal(b.findings.items[0].n_flow, 2);
	assert_string_equal(b.findings.items[0].flow[1].path, "inc/cfg.h");
	assert_null(b.findings.items[0].related[0].message);
	assert_null(b.findings.items[1].function);
	assert_string_equal(b.findings.items[1].fingerprint_extra, "0123abcd");
	assert_int_equal(b.notes.count, 2);
	assert_null(b.notes.items[1].path);
	assert_int_equal(b.coverage.n_gaps, 2);
	assert_int_equal(b.coverage.gaps[0].state, DV_COV_PARTIAL);
	assert_int_equal(b.n_funcs, 2);
	assert_int_equal(b.funcs[1].last, 12);
	assert_int_equal(b.parsed, 1);
	/* every field survives: encoding the decoded item gives the same text */
	tb = encoded_text(&b);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	release_item(&a);
	release_item(&b);
}

/* Each corruption of a valid encoding must reject the whole entry. */
static void test_malformed_rejected(void **state)
{
	static const char *const bad[][2] = {
		{"\"level\":3", "\"level\":7"},          /* no such level */
		{"\"level\":3", "\"level\":2.5"},        /* not an integer */
		{"[\"a.c\",2,16,2,27,null]", "[\"a.c\",-2,16,2,27,null]"}, /* negative line */
		{"[\"a.c\",2,16,2,27,null]", "[\"a.c\",2,16,2,27]"},       /* short location */
		{"[\"a.c\",2,16,2,27,null]", "[null,2,16,2,27,null]"},     /* path missing */
		{"\"funcs\":", "\"funcz\":"},            /* field missing */
		{"\"parsed\":true", "\"parsed\":1"},     /* wrong type */
		{"\"CFG too deep\",1,0]", "\"CFG too deep\",9,0]"}, /* no such coverage state */
		{"\"findings\":[", "\"findings\":[7,"},  /* not a finding */
	};
	struct work_item a, b;
	char *text;
	size_t i;

	(void)state;
	fill_item(&a);
	text = encoded_text(&a);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *at = strstr(text, bad[i][0]);
		char *copy;
		cJSON *j;

		assert_non_null(at); /* the corruption applies to this encoding */
		copy = xasprintf("%.*s%s%s", (int)(at - text), text, bad[i][1],
				 at + strlen(bad[i][0]));
		j = cJSON_Parse(copy);
		assert_non_null(j);
		memset(&b, 0, sizeof(b));
		dv_findings_init(&b.findings);
		assert_int_equal(dv_rcache_decode_results(j, &b), -1);
		/* nothing of a rejected entry is used */
		assert_int_equal(b.findings.count, 0);
		assert_int_equal(b.notes.count, 0);
		assert_int_equal(b.coverage.n_gaps, 0);
		assert_int_equal(b.n_funcs, 0);
		assert_int_equal(b.parsed, 0);
		cJSON_Delete(j);
		free(copy);
	}
	free(text);
	release_item(&a);
}

static void test_context_hashes(void **state)
{
	struct dv_error err = {0};
	struct dv_ruleset *rs = dv_ruleset_load(DV_SOURCE_DIR "/rules", NULL, NULL, 0, &err);
	char h0[65], h1[65], h2[65];
	struct dv_exports x;

	(void)state;
	assert_non_null(rs);
	dv_rcache_hash_rules(rs, h0);
	rs->rules[0].enabled = 0; /* a disabled rule */
	dv_rcache_hash_rules(rs, h1);
	assert_string_not_equal(h0, h1);
	rs->rules[0].enabled = 1;
	dv_rcache_hash_rules(rs, h1);
	assert_string_equal(h0, h1);
	rs->rules[1].level = rs->rules[1].level == DV_LEVEL_NOTE ? DV_LEVEL_ERROR : DV_LEVEL_NOTE;
	dv_rcache_hash_rules(rs, h2);
	assert_string_not_equal(h0, h2);
	rs->gate.max_changed_lines++; /* a gate option */
	dv_rcache_hash_rules(rs, h1);
	assert_string_not_equal(h2, h1);
	dv_ruleset_free(rs);

	memset(&x, 0, sizeof(x));
	dv_rcache_hash_imports(NULL, h0);
	dv_rcache_hash_imports(&x, h1);
	assert_string_not_equal(h0, h1); /* no index is not an empty index */
	dv_exports_add(&x, "run_cmd", "injection", DV_EXPORT_SINK, 0, "injection/command");
	dv_rcache_hash_imports(&x, h2);
	assert_string_not_equal(h1, h2);
	dv_exports_release(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_malformed_rejected),
		cmocka_unit_test(test_context_hashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
