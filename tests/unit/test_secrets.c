/*
 * Secrets checker: entropy, redaction, hashing, allowlists, name
 * heuristics, the text scanner, and the promise that no output format
 * ever holds a full secret.
 *
 * Every fake token is assembled at run time from parts, so that this
 * file (like the fixtures) holds nothing token-shaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkers/checker.h"
#include "checkers/secrets.h"
#include "session/run.h"
#include "model/source.h"
#include "front/front.h"
#include "report/report.h"
#include "rules/rules.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct fixture {
	struct dv_ruleset *rules;
	struct secrets_state *st;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	struct dv_error err = {0};

	fx->rules = dv_ruleset_load(DV_SOURCE_DIR "/rules", NULL, NULL, 0, &err);
	if (!fx->rules) {
		fprintf(stderr, "rules: %s\n", err.msg);
		free(fx);
		return -1;
	}
	fx->st = secrets_state_new(fx->rules, &err);
	if (!fx->st) {
		fprintf(stderr, "secrets: %s\n", err.msg);
		dv_ruleset_free(fx->rules);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	secrets_state_free(fx->st);
	dv_ruleset_free(fx->rules);
	free(fx);
	return 0;
}

/* Deterministic pseudo-random filler for fake tokens. */
static char *fake(const char *prefix, const char *charset, size_t n, unsigned seed)
{
	size_t plen = strlen(prefix), clen = strlen(charset), i;
	char *s = xmalloc(plen + n + 1);
	uint32_t x = seed * 2654435761u + 12345u;

	memcpy(s, prefix, plen);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		s[plen + i] = charset[x % clen];
	}
	s[plen + n] = '\0';
	return s;
}

static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* ---- entropy, redaction, hashing ---- */

static void test_entropy(void **state)
{
	(void)state;
	assert_true(secrets_entropy("", 0) == 0.0);
	assert_true(secrets_entropy("aaaaaaaa", 8) == 0.0);
	assert_true(secrets_entropy("abababab", 8) > 0.999 &&
		    secrets_entropy("abababab", 8) < 1.001);
	assert_true(secrets_entropy("abcd", 4) > 1.999 && secrets_entropy("abcd", 4) < 2.001);
	assert_true(secrets_entropy("0123456789abcdef", 16) > 3.999);
	assert_true(secrets_is_hex("DeadBeef09", 10));
	assert_false(secrets_is_hex("deadbeefg", 9));
	assert_false(secrets_is_hex("", 0));
}

static void test_redact(void **state)
{
	char *tok = fake("gh"
			 "p_",
			 ALNUM, 36, 1);
	char *r = secrets_redact(tok, strlen(tok));
	char *expect = xasprintf("%.4s\xe2\x80\xa6(40 chars)", tok);

	(void)state;
	assert_string_equal(r, expect);
	assert_null(strstr(r, tok + 4));
	free(r);
	free(expect);
	/* short values show less: never most of a password */
	r = secrets_redact("hunter2!", 8);
	assert_string_equal(r, "hu\xe2\x80\xa6(8 chars)");
	free(r);
	r = secrets_redact("abc123", 6);
	assert_string_equal(r, "\xe2\x80\xa6(6 chars)");
	free(r);
	/* never half a UTF-8 sequence or a control byte */
	r = secrets_redact("p\xc3\xa4ssw0rd-l0ng-enough", 22);
	assert_string_equal(r, "p\xe2\x80\xa6(22 chars)");
	free(r);
	free(tok);
}

static void test_hash(void **state)
{
	char *a = fake("AK"
		       "IA",
		       "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 2);
	char *b = fake("AK"
		       "IA",
		       "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 3);
	char *ha = secrets_hash(a, strlen(a)), *ha2 = secrets_hash(a, strlen(a));
	char *hb = secrets_hash(b, strlen(b));

	(void)state;
	assert_string_equal(ha, ha2);
	assert_string_not_equal(ha, hb);
	assert_null(strstr(ha, a));
	assert_int_equal(strlen(ha), 3 + 16);
	free(a);
	free(b);
	free(ha);
	free(ha2);
	free(hb);
}

/* ---- allowlists and names ---- */

static int allowed(const struct secrets_state *st, const char *s)
{
	return secrets_is_allowlisted(st, s, strlen(s));
}

static void test_allowlist(void **state)
{
	struct fixture *fx = *state;
	char *doc = xasprintf("%s%s", "AKIA", "IOSFODNN7EXAMPLE");
	char *real = fake("", ALNUM, 24, 4);

	assert_true(allowed(fx->st, ""));
	assert_true(allowed(fx->st, "changeme"));
	assert_true(allowed(fx->st, "Password"));
	assert_true(allowed(fx->st, "xxxxxxxxxxxx"));
	assert_true(allowed(fx->st, "********"));
	assert_true(allowed(fx->st, "<your-token>"));
	assert_true(allowed(fx->st, "${DB_PASSWORD}"));
	assert_true(allowed(fx->st, "$DB_PASSWORD"));
	assert_true(allowed(fx->st, "{{ vault_db_password }}"));
	assert_true(allowed(fx->st, "user=%s pass=%s"));
	assert_true(allowed(fx->st, "aaaaaaaaaaaaaaaa"));
	assert_true(allowed(fx->st, doc));
	assert_false(allowed(fx->st, real));
	assert_false(allowed(fx->st, "Tr0ub4dor&3x"));
	free(doc);
	free(real);
}

static void test_names(void **state)
{
	struct fixture *fx = *state;

	assert_true(secrets_name_is_passwordish(fx->st, "db_password"));
	assert_true(secrets_name_is_passwordish(fx->st, "ADMIN_PASSWD"));
	assert_true(secrets_name_is_passwordish(fx->st, "apiKey"));
	assert_true(secrets_name_is_passwordish(fx->st, "client_secret"));
	assert_true(secrets_name_is_passwordish(fx->st, "authToken"));
	assert_false(secrets_name_is_passwordish(fx->st, "password_len"));
	assert_false(secrets_name_is_passwordish(fx->st, "passwordPrompt"));
	assert_false(secrets_name_is_passwordish(fx->st, "token_type"));
	assert_false(secrets_name_is_passwordish(fx->st, "tokenizer"));
	assert_false(secrets_name_is_passwordish(fx->st, "secret_file"));
	assert_false(secrets_name_is_passwordish(fx->st, "user_name"));
	assert_false(secrets_name_is_passwordish(fx->st, "buffer"));
}

static int value_ok(const struct secrets_state *st, const char *s)
{
	return secrets_password_value_ok(st, s, strlen(s));
}

static void test_password_values(void **state)
{
	struct fixture *fx = *state;

	assert_true(value_ok(fx->st, "Tr0ub4dor&3x"));
	assert_true(value_ok(fx->st, "hunter2hunter2"));
	assert_false(value_ok(fx->st, "abc12"));	    /* too short */
	assert_false(value_ok(fx->st, "Enter password: ")); /* prompt */
	assert_false(value_ok(fx->st, "Password:"));
	assert_false(value_ok(fx->st, "password=%s")); /* format */
	assert_false(value_ok(fx->st, "/etc/ssl/private/server.key"));
	assert_false(value_ok(fx->st, "keys/server.pem"));
	assert_false(value_ok(fx->st, "DB_PASSWORD")); /* a key's name */
	assert_false(value_ok(fx->st, "X-Auth-Token"));
	assert_false(value_ok(fx->st, "https://vault.internal/v1/secret"));
	assert_false(value_ok(fx->st, "invalid password"));
}

/* ---- text scanner ---- */

struct scope_lines {
	unsigned lo, hi;
};

static int in_scope(const void *scope, unsigned line)
{
	const struct scope_lines *s = scope;
	return line >= s->lo && line <= s->hi;
}

static void scan(const struct fixture *fx, struct dv_sink *sink, const char *path, const char *text,
		 int is_c, const struct scope_lines *scope)
{
	struct dv_text_ctx txt;

	memset(&txt, 0, sizeof(txt));
	txt.path = path;
	txt.text = text;
	txt.len = strlen(text);
	txt.is_c_family = is_c;
	txt.sink = sink;
	txt.rules = fx->rules;
	if (scope) {
		txt.line_in_scope = in_scope;
		txt.scope = scope;
	}
	dv_checker_secrets.check_text(fx->st, &txt);
}

static void sink_init(struct dv_sink *sink, const struct dv_ruleset *rules)
{
	memset(sink, 0, sizeof(*sink));
	sink->rules = rules;
	dv_findings_init(&sink->findings);
	sink->srcroot = "/";
}

static void test_text_scan(void **state)
{
	struct fixture *fx = *state;
	char *gh = fake("gh"
			"p_",
			ALNUM, 36, 5);
	char *stripe = fake("sk_"
			    "live_",
			    ALNUM, 30, 6);
	char *pw = fake("", ALNUM, 10, 7);
	char *generic = fake("", ALNUM, 40, 8);
	char *text = xasprintf("# config\n"
			       "GITHUB_TOKEN=%s\n"
			       "STRIPE_KEY=\"%s\"\n"
			       "DB_PASSWORD=%s!\n"
			       "SIGNING_KEY=%s\n"
			       "SMTP_PASSWORD=changeme\n"
			       "REQUEST_ID=123e4567-e89b-12d3-a456-426614174000\n",
			       gh, stripe, pw, generic);
	struct dv_sink sink;
	struct scope_lines only3 = {3, 3};
	size_t i;

	sink_init(&sink, fx->rules);
	scan(fx, &sink, "app.env", text, 0, NULL);
	assert_int_equal(sink.findings.count, 4);
	assert_string_equal(sink.findings.items[0].rule_id, "secrets/github-pat");
	assert_int_equal(sink.findings.items[0].primary.line, 2);
	assert_int_equal(sink.findings.items[0].primary.col, 14);
	assert_int_equal(sink.findings.items[0].primary.end_col, 14 + 40);
	assert_string_equal(sink.findings.items[1].rule_id, "secrets/stripe-secret-key");
	assert_string_equal(sink.findings.items[2].rule_id, "secrets/hardcoded-password");
	assert_int_equal(sink.findings.items[2].primary.line, 4);
	assert_string_equal(sink.findings.items[3].rule_id, "secrets/generic-high-entropy");
	assert_int_equal(sink.findings.items[3].level, DV_LEVEL_NOTE);
	for (i = 0; i < sink.findings.count; i++) {
		const struct dv_finding *f = &sink.findings.items[i];
		assert_non_null(f->fingerprint_extra);
		assert_null(strstr(f->message, gh));
		assert_null(strstr(f->message, stripe));
		assert_null(strstr(f->message, pw));
		assert_null(strstr(f->message, generic));
		assert_null(strstr(f->fingerprint_extra, pw));
	}
	dv_findings_release(&sink.findings);

	/* diff mode: only the lines in scope */
	sink_init(&sink, fx->rules);
	scan(fx, &sink, "app.env", text, 0, &only3);
	assert_int_equal(sink.findings.count, 1);
	assert_string_equal(sink.findings.items[0].rule_id, "secrets/stripe-secret-key");
	dv_findings_release(&sink.findings);

	/* in C, name-based credentials belong to the libclang side, and an
	 * unquoted value outside a comment is code (SIGNING_KEY=... here) */
	sink_init(&sink, fx->rules);
	scan(fx, &sink, "app.c", text, 1, NULL);
	assert_int_equal(sink.findings.count, 2);
	dv_findings_release(&sink.findings);
	{
		char *commented = xasprintf("int x;\n// SIGNING_KEY=%s\n", generic);
		sink_init(&sink, fx->rules);
		scan(fx, &sink, "app.c", commented, 1, NULL);
		assert_int_equal(sink.findings.count, 1);
		assert_string_equal(sink.findings.items[0].rule_id, "secrets/generic-high-entropy");
		dv_findings_release(&sink.findings);
		free(commented);
	}

	free(gh);
	free(stripe);
	free(pw);
	free(generic);
	free(text);
}

static void test_same_span_once(void **state)
{
	struct fixture *fx = *state;
	char *aws = fake("", ALNUM, 40, 9);
	char *text = xasprintf("aws_secret_access_key = \"%s\"\n", aws);
	struct dv_sink sink;

	/* the format rule claims the span: no generic note, no password */
	sink_init(&sink, fx->rules);
	scan(fx, &sink, "creds.ini", text, 0, NULL);
	assert_int_equal(sink.findings.count, 1);
	assert_string_equal(sink.findings.items[0].rule_id, "secrets/aws-secret-access-key");
	dv_findings_release(&sink.findings);
	free(aws);
	free(text);
}

static void test_bad_pattern_names_rule(void **state)
{
	struct fixture *fx = *state;
	cJSON *api = (cJSON *)dv_ruleset_api(fx->rules, "secrets");
	cJSON *patterns = cJSON_GetObjectItemCaseSensitive(api, "patterns");
	cJSON *first = cJSON_GetArrayItem(patterns, 0);
	cJSON *regex = cJSON_GetObjectItemCaseSensitive(first, "regex");
	char *saved = xstrdup(regex->valuestring);
	struct dv_error err = {0};
	struct secrets_state *st;

	cJSON_SetValuestring(regex, "(?<secret>unclosed");
	st = secrets_state_new(fx->rules, &err);
	assert_null(st);
	assert_int_equal(err.code, DV_ERR_INPUT);
	assert_non_null(
		strstr(err.msg, cJSON_GetObjectItemCaseSensitive(first, "rule")->valuestring));
	assert_non_null(strstr(err.msg, "regex"));
	cJSON_SetValuestring(regex, saved);
	free(saved);
}

/* A bad regex from a user's --rules file or config is blamed on that file
 * and line: not on the shipped rules file, not on an index into the
 * merged patterns array. */
static void test_bad_user_regex_names_its_file(void **state)
{
	char dir[] = "/tmp/dv-test-secrets-XXXXXX";
	char *extra, *rules_file, *config, *want;
	struct dv_ruleset *rs;
	struct dv_error err = {0};
	FILE *f;
	int pass;

	(void)state;
	assert_non_null(mkdtemp(dir));
	extra = xasprintf("%s/extra", dir);
	assert_int_equal(mkdir(extra, 0700), 0);
	rules_file = xasprintf("%s/mine.json", extra);
	config = xasprintf("%s/diffvet.json", dir);
	for (pass = 0; pass < 2; pass++) {
		const char *path = pass ? config : rules_file;

		f = fopen(path, "w");
		assert_non_null(f);
		if (pass)
			fputs("{\"version\": 1,\n \"api\": {\"secrets\": {\"patterns\": [\n"
			      "  {\"rule\": \"secrets/github-pat\",\n"
			      "   \"regex\": \"(?<secret>broken\"}]}}}\n",
			      f);
		else
			fputs("{\"family\": \"secrets\",\n \"api\": {\"patterns\": [\n"
			      "  {\"rule\": \"secrets/github-pat\",\n"
			      "   \"regex\": \"(?<secret>broken\"}]}}\n",
			      f);
		fclose(f);
		memset(&err, 0, sizeof(err));
		rs = dv_ruleset_load(DV_SOURCE_DIR "/rules", pass ? NULL : extra,
				     pass ? config : NULL, 1, &err);
		if (!rs)
			fail_msg("load: %s", err.msg);
		assert_null(secrets_state_new(rs, &err));
		want = xasprintf("%s:4: rule 'secrets/github-pat': field 'api.patterns[].regex': "
				 "bad regular expression",
				 path);
		if (!strstr(err.msg, want) || strstr(err.msg, "rules/secrets.json"))
			fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
		free(want);
		dv_ruleset_free(rs);
		unlink(path);
	}
	rmdir(extra);
	rmdir(dir);
	free(extra);
	free(rules_file);
	free(config);
}

/* Placeholder words do not swallow real tokens that happen to hold one:
 * a short word between random characters is part of the token. */
static void test_placeholder_words(void **state)
{
	struct fixture *fx = *state;
	static const char *const placeholders[] = {
		"TODO", "<todo>", "token-TODO", "xxxxxxxxxxxxxxxx", "glpat-xxxxxxxxxxxxxxxxxxxx",
		"myFakeToken", "your_token_here", "wJalrXUtnFEMI7K7MDENG7bPxRfiCYEXAMPLEKEY",
	};
	static const char *const tokens[] = {
		"W0KKIYS1GYPXHXCRQCS2C41RUZ8PEF4DU583JTODO2N5GSUXKANXORPT", /* ...JTODO2... */
		"q8Zr4fakeT2m9Lx7VbN3pWs", "h7Kq2dummyX9v4", "aB3xxxxZq9",
	};
	size_t i;

	for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
		if (!secrets_is_allowlisted(fx->st, placeholders[i], strlen(placeholders[i])))
			fail_msg("'%s' should be a placeholder", placeholders[i]);
	for (i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
		if (secrets_is_allowlisted(fx->st, tokens[i], strlen(tokens[i])))
			fail_msg("'%s' is a token, not a placeholder", tokens[i]);
}

/* ---- no output format contains a full secret ---- */

struct secret_list {
	char **items;
	size_t n, alloc;
};

static void secret_add(struct secret_list *l, const char *s, size_t n)
{
	DV_GROW(l->items, l->n + 1, l->alloc);
	l->items[l->n++] = xstrndup(s, n);
}

/* Expands {{cat:A|B}} in `in`; each expansion on a line with an
 * expectation is a secret of a positive fixture. */
static char *expand(const char *in, struct secret_list *secrets)
{
	struct strbuf out;
	const char *p = in;

	strbuf_init(&out);
	while (*p) {
		const char *open = strstr(p, "{{cat:"), *close, *q;
		size_t start;
		if (!open) {
			strbuf_addstr(&out, p);
			break;
		}
		close = strstr(open, "}}");
		if (!close) {
			strbuf_addstr(&out, p);
			break;
		}
		strbuf_add(&out, p, (size_t)(open - p));
		start = out.len;
		for (q = open + 6; q < close; q++)
			if (*q != '|')
				strbuf_addch(&out, *q);
		/* a PEM header is not the secret; the body next to it is */
		if (out.len - start >= 12 && !strstr(out.buf + start, "-----"))
			secret_add(secrets, out.buf + start, out.len - start);
		p = close + 2;
	}
	return strbuf_detach(&out);
}

/* The longest string literal on each `expect:` line of a plain fixture. */
static void literal_secrets(const char *text, struct secret_list *secrets)
{
	const char *line = text;

	while (line && *line) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char *l = xstrndup(line, len);
		if (strstr(l, "expect:")) {
			const char *best = NULL, *q = l;
			size_t best_n = 0;
			while ((q = strchr(q, '"')) != NULL) {
				const char *end = strchr(q + 1, '"');
				if (!end)
					break;
				if ((size_t)(end - q - 1) > best_n) {
					best = q + 1;
					best_n = (size_t)(end - q - 1);
				}
				q = end + 1;
			}
			if (best && best_n >= 8)
				secret_add(secrets, best, best_n);
		}
		free(l);
		line = eol ? eol + 1 : NULL;
	}
}

static int has_expectations(const char *text)
{
	return strstr(text, "expect:") != NULL;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

typedef int (*reporter)(FILE *, const struct dv_report_input *);

/* Counts (and names, redacted) the secrets that `out` holds in full. */
static size_t leaks(const char *what, const char *out, const struct secret_list *secrets)
{
	size_t i, n = 0;

	for (i = 0; i < secrets->n; i++) {
		if (strstr(out, secrets->items[i])) {
			char *red = secrets_redact(secrets->items[i], strlen(secrets->items[i]));
			if (n++ < 5)
				print_error("%s output holds a full secret (%s)\n", what, red);
			free(red);
		}
	}
	return n;
}

static void test_no_output_holds_a_secret(void **state)
{
	struct fixture *fx = *state;
	char tmpl[] = DV_BINARY_DIR "/test-secrets-XXXXXX";
	char *dir = mkdtemp(tmpl);
	const char *src = DV_SOURCE_DIR "/testdata/secrets";
	struct secret_list secrets = {NULL, 0, 0};
	char **files = NULL;
	size_t n_files = 0, alloc_files = 0, i;
	DIR *d;
	struct dirent *de;
	struct dv_front_options fo;
	struct dv_front *front;
	struct dv_run_options ro;
	struct dv_run_result res;
	struct dv_error err = {0};
	char cwd[4096];
	int rc;
	size_t n_leaks = 0;
	static const struct {
		const char *name;
		reporter fn;
	} formats[] = {
		{"text", dv_report_text},
		{"sarif", dv_report_sarif},
		{"json", dv_report_json},
		{"markdown", dv_report_markdown},
	};

	assert_non_null(dir);
	d = opendir(src);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		struct strbuf in;
		char *path, *text, *name, *dst;
		struct stat sb;
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", src, de->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			free(path);
			continue;
		}
		strbuf_init(&in);
		assert_int_equal(strbuf_read_file(&in, path), 0);
		if (ends_with(de->d_name, ".tmpl")) {
			struct secret_list ignored = {NULL, 0, 0};
			text = expand(in.buf, has_expectations(in.buf) ? &secrets : &ignored);
			for (size_t k = 0; k < ignored.n; k++)
				free(ignored.items[k]);
			free(ignored.items);
			name = xstrndup(de->d_name, strlen(de->d_name) - 5);
		} else {
			literal_secrets(in.buf, &secrets);
			text = xstrdup(in.buf);
			name = xstrdup(de->d_name);
		}
		dst = xasprintf("%s/%s", dir, name);
		write_file(dst, text);
		DV_GROW(files, n_files + 1, alloc_files);
		files[n_files++] = dst;
		free(name);
		free(text);
		free(path);
		strbuf_release(&in);
	}
	closedir(d);
	assert_true(secrets.n >= 60);

	memset(&fo, 0, sizeof(fo));
	fo.root = dir;
	front = dv_front_new(&fo, &err);
	assert_non_null(front);
	memset(&ro, 0, sizeof(ro));
	ro.files = (const char *const *)files;
	ro.n_files = n_files;
	ro.root = dir;
	ro.scope = DV_SCOPE_LINES;
	ro.rules = fx->rules;
	ro.front = front;
	ro.jobs = 2;
	/* as the CLI does: run from the root (text findings' paths are
	 * relative to it) */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	rc = dv_run(&ro, &res, &err);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rc, 0);
	assert_true(res.findings.count >= 100);

	for (i = 0; i < res.findings.count; i++) {
		const struct dv_finding *f = &res.findings.items[i];
		char *joined = xasprintf("%s\n%s\n%s", f->message,
					 f->fingerprint_extra ? f->fingerprint_extra : "",
					 f->fingerprint ? f->fingerprint : "");
		n_leaks += leaks("finding", joined, &secrets);
		free(joined);
	}
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct dv_report_input in;
		struct dv_sources sources;
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);

		assert_non_null(out);
		memset(&in, 0, sizeof(in));
		dv_sources_init(&sources, dir);
		in.findings = &res.findings;
		in.rules = fx->rules;
		in.notes = &res.notes;
		in.srcroot = dir;
		in.execution_successful = 1;
		in.read_line = dv_sources_line;
		in.read_line_ctx = &sources;
		in.fail_on = DV_LEVEL_ERROR;
		assert_int_equal(formats[i].fn(out, &in), 0);
		fclose(out);
		assert_true(len > 0);
		n_leaks += leaks(formats[i].name, buf, &secrets);
		free(buf);
		dv_sources_release(&sources);
	}

	dv_run_result_release(&res);
	dv_front_free(front);
	for (i = 0; i < n_files; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	free(files);
	rmdir(dir);
	for (i = 0; i < secrets.n; i++)
		free(secrets.items[i]);
	free(secrets.items);
	assert_int_equal(n_leaks, 0);
}

/* ---- masking of arbitrary text ---- */

static void expect_masked(const char *masked, const char *secret)
{
	char *red = secrets_redact(secret, strlen(secret));

	if (strstr(masked, secret))
		fail_msg("secret left whole in '%s'", masked);
	if (!strstr(masked, red))
		fail_msg("'%s' lacks the redaction '%s'", masked, red);
	free(red);
}

static void test_mask_text(void **state)
{
	struct fixture *fx = *state;
	char *gh = fake("gh"
			"p_",
			ALNUM, 36, 11);
	char *aws = fake("AK"
			 "IA",
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 12);
	char *generic = fake("", ALNUM, 32, 13);
	char *placeholder = xasprintf("gh"
				      "p_%s",
				      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	char *diag, *masked, *want;

	/* The clang diagnostic for a token pasted without quotes. */
	diag = xasprintf("f.c:3:9: error: use of undeclared identifier '%s'", gh);
	masked = dv_secrets_mask_text(fx->st, diag);
	expect_masked(masked, gh);
	want = secrets_redact(gh, strlen(gh));
	free(diag);
	diag = xasprintf("f.c:3:9: error: use of undeclared identifier '%s'", want);
	/* exactly the report's redaction, and nothing else touched */
	assert_string_equal(masked, diag);
	free(masked);
	free(diag);
	free(want);

	/* several candidates in one text, of each kind */
	diag = xasprintf("'%s' and %s; note: api_key = \"%s\"; word %s; keep 'dv_sink_not_analysed'",
			 aws, placeholder, generic, generic);
	masked = dv_secrets_mask_text(fx->st, diag);
	expect_masked(masked, aws);
	expect_masked(masked, generic);
	/* a placeholder the scanner would not report is masked all the same */
	expect_masked(masked, placeholder);
	assert_non_null(strstr(masked, "keep 'dv_sink_not_analysed'"));
	free(masked);
	free(diag);

	/* a file path is judged component by component: a long, varied path
	 * stays readable, a random component in it is still masked */
	diag = xasprintf("no compile database: inferred flags -I/work/wt-gate8/build/cli-work/"
			 "include_dirs/src/core -I/srv/%s/include", generic);
	masked = dv_secrets_mask_text(fx->st, diag);
	assert_non_null(strstr(masked, "/work/wt-gate8/build/cli-work/include_dirs/src/core"));
	expect_masked(masked, generic);
	assert_non_null(strstr(masked, "/include"));
	free(masked);
	free(diag);

	/* so is a relative file path; a base64 value with slashes is not a
	 * path and stays masked whole */
	diag = xasprintf("in testcases/CWE134_Uncontrolled_Format_String_x9/s01/"
			 "CWE134_console_fprintf_54e_variant.c and lib/%s/x.c; secret %s/%s",
			 generic, generic, generic);
	masked = dv_secrets_mask_text(fx->st, diag);
	assert_non_null(strstr(masked, "testcases/CWE134_Uncontrolled_Format_String_x9/s01/"
				       "CWE134_console_fprintf_54e_variant.c"));
	assert_non_null(strstr(masked, "lib/"));
	assert_non_null(strstr(masked, "/x.c"));
	expect_masked(masked, generic);
	free(masked);
	free(diag);

	/* a worded identifier stays; a token with underscores does not */
	diag = xasprintf("passed to 'CWE134_Uncontrolled_Format_String__char_console_printf_54b_badSink'"
			 " and 'sk_live_%s'", generic);
	masked = dv_secrets_mask_text(fx->st, diag);
	assert_non_null(strstr(masked, "'CWE134_Uncontrolled_Format_String__char_console_printf_54b_badSink'"));
	assert_null(strstr(masked, generic));
	free(masked);
	free(diag);

	/* nothing to mask: an equal copy */
	masked = dv_secrets_mask_text(fx->st, "expected ';' after expression");
	assert_string_equal(masked, "expected ';' after expression");
	free(masked);
	masked = dv_secrets_mask_text(NULL, "x");
	assert_string_equal(masked, "x");
	free(masked);
	assert_null(dv_secrets_mask_text(fx->st, NULL));
	free(gh);
	free(aws);
	free(generic);
	free(placeholder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entropy),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_allowlist),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_password_values),
		cmocka_unit_test(test_text_scan),
		cmocka_unit_test(test_same_span_once),
		cmocka_unit_test(test_bad_pattern_names_rule),
		cmocka_unit_test(test_bad_user_regex_names_its_file),
		cmocka_unit_test_setup_teardown(test_placeholder_words, setup, teardown),
		cmocka_unit_test(test_no_output_holds_a_secret),
		cmocka_unit_test(test_mask_text),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
