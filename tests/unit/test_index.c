/* Unit tests for the project index: entries and manifest on disk
 * (src/index/), and through the session API: an unchanged file is not
 * analysed again, a changed callee updates its caller's findings, and the
 * index only adds findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diffvet/session.h"
#include "index/index.h"
#include "util/xalloc.h"

static const char lib_h[] = "#include <stdio.h>\n"
			    "FILE *open_log(const char *path);\n"
			    "void plog(int level, const char *fmt, ...);\n";

static const char lib_c_factory[] = "#include <stdarg.h>\n"
				    "#include \"lib.h\"\n"
				    "FILE *open_log(const char *path)\n"
				    "{\n"
				    "\treturn fopen(path, \"a\");\n"
				    "}\n"
				    "void plog(int level, const char *fmt, ...)\n"
				    "{\n"
				    "\tva_list ap;\n"
				    "\tva_start(ap, fmt);\n"
				    "\tfprintf(stderr, \"%d \", level);\n"
				    "\tvfprintf(stderr, fmt, ap);\n"
				    "\tva_end(ap);\n"
				    "}\n";

/* the same API, but open_log hands out a shared stream: no new handle */
static const char lib_c_shared[] = "#include <stdarg.h>\n"
				   "#include \"lib.h\"\n"
				   "FILE *open_log(const char *path)\n"
				   "{\n"
				   "\t(void)path;\n"
				   "\treturn stderr;\n"
				   "}\n"
				   "void plog(int level, const char *fmt, ...)\n"
				   "{\n"
				   "\tva_list ap;\n"
				   "\tva_start(ap, fmt);\n"
				   "\tfprintf(stderr, \"%d \", level);\n"
				   "\tvfprintf(stderr, fmt, ap);\n"
				   "\tva_end(ap);\n"
				   "}\n";

static const char use_c[] = "#include <stdlib.h>\n"
			    "#include \"lib.h\"\n"
			    "int write_it(const char *path, const char *msg)\n"
			    "{\n"
			    "\tFILE *fp = open_log(path);\n"
			    "\tif (!fp)\n"
			    "\t\treturn -1;\n"
			    "\tif (!msg)\n"
			    "\t\treturn -2;\n" /* line 9: fp leaks when open_log is a factory */
			    "\tfputs(msg, fp);\n"
			    "\tfclose(fp);\n"
			    "\treturn 0;\n"
			    "}\n"
			    "void say(void)\n"
			    "{\n"
			    "\tplog(1, getenv(\"MSG\"));\n" /* line 16 */
			    "}\n";

struct fixture {
	char root[64];
	char index[96];
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	strcpy(f->root, "/tmp/diffvet-index-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	snprintf(f->index, sizeof(f->index), "%s/.diffvet/index", f->root);
	write_file(f->root, "lib.h", lib_h);
	write_file(f->root, "lib.c", lib_c_factory);
	write_file(f->root, "use.c", use_c);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->root);
	int rc = system(cmd);
	free(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

static struct dv_session *new_session(const struct fixture *f, const char *index_dir)
{
	struct dv_session_options so;
	struct dv_error err = {0, {0}};
	struct dv_session *s;

	memset(&so, 0, sizeof(so));
	so.root = f->root;
	so.rules_dir = DV_SOURCE_DIR "/rules";
	so.jobs = 1;
	so.index_dir = index_dir;
	s = dv_session_new(&so, &err);
	if (!s)
		fprintf(stderr, "session: %s\n", err.msg);
	assert_non_null(s);
	return s;
}

static void run_index(const struct fixture *f, struct dv_index_stats *st)
{
	struct dv_session *s = new_session(f, NULL);
	struct dv_error err = {0, {0}};
	const char *paths[1];
	paths[0] = f->root;
	assert_int_equal(dv_session_index(s, paths, 1, f->index, st, &err), 0);
	dv_session_free(s);
}

static size_t count_rule(const struct fixture *f, const char *index_dir, const char *rule,
			 unsigned line)
{
	struct dv_session *s = new_session(f, index_dir);
	struct dv_analysis *a = NULL;
	struct dv_error err = {0, {0}};
	char *use = xasprintf("%s/use.c", f->root);
	const char *paths[1];
	const struct dv_findings *fs;
	size_t i, n = 0;

	paths[0] = use;
	assert_int_equal(dv_session_check(s, paths, 1, &a, &err), 0);
	fs = dv_analysis_findings(a);
	for (i = 0; i < fs->count; i++)
		if (!strcmp(fs->items[i].rule_id, rule) && fs->items[i].primary.line == line)
			n++;
	dv_analysis_free(a);
	dv_session_free(s);
	free(use);
	return n;
}

static void test_unchanged_files_are_reused(void **state)
{
	struct fixture *f = *state;
	struct dv_index_stats st;

	run_index(f, &st);
	assert_int_equal(st.files, 3);
	assert_int_equal(st.analysed, 3);
	assert_int_equal(st.reused, 0);
	assert_true(st.facts >= 2); /* open_log returns a handle, plog's format */

	run_index(f, &st);
	assert_int_equal(st.analysed, 0);
	assert_int_equal(st.reused, 3);

	/* one file changes: only it is analysed again */
	write_file(f->root, "lib.c", lib_c_shared);
	run_index(f, &st);
	assert_int_equal(st.analysed, 1);
	assert_int_equal(st.reused, 2);
}

static void test_callee_summary_change_updates_caller(void **state)
{
	struct fixture *f = *state;
	struct dv_index_stats st;

	/* without the index the callees in lib.c are unknown */
	assert_int_equal(count_rule(f, NULL, "resources/leak", 9), 0);
	assert_int_equal(count_rule(f, NULL, "injection/format-string", 16), 0);

	run_index(f, &st);
	assert_int_equal(count_rule(f, f->index, "resources/leak", 9), 1);
	assert_int_equal(count_rule(f, f->index, "injection/format-string", 16), 1);

	/* the callee stops returning a new handle: its entry is stale at once
	 * (the key is the content), and after re-indexing the caller has no
	 * leak while the format wrapper is still known */
	write_file(f->root, "lib.c", lib_c_shared);
	assert_int_equal(count_rule(f, f->index, "resources/leak", 9), 0);
	run_index(f, &st);
	assert_int_equal(st.analysed, 1);
	assert_int_equal(count_rule(f, f->index, "resources/leak", 9), 0);
	assert_int_equal(count_rule(f, f->index, "injection/format-string", 16), 1);
}

static void test_entry_round_trip_and_hostile_keys(void **state)
{
	struct fixture *f = *state;
	struct dv_exports x, back;
	struct dv_error err = {0, {0}};
	struct dv_index_manifest m;
	const struct dv_export *e;
	size_t n;

	memset(&x, 0, sizeof(x));
	memset(&back, 0, sizeof(back));
	dv_exports_add(&x, "plog", "injection", DV_EXPORT_SINK, 1, "injection/format-string");
	dv_exports_add(&x, "open_log", "resources", DV_EXPORT_RETURNS_HANDLE, -1, NULL);
	dv_exports_add(&x, "plog", "injection", DV_EXPORT_SINK, 1, "injection/format-string");
	dv_exports_sort(&x);
	assert_int_equal(x.n, 2); /* the duplicate is dropped */
	assert_int_equal(dv_index_store(f->index, "0123456789abcdef", "lib.c", &x, &err), 0);
	assert_true(dv_index_has(f->index, "0123456789abcdef"));
	assert_int_equal(dv_index_load_entry(f->index, "0123456789abcdef", &back), 0);
	dv_exports_sort(&back);
	e = dv_exports_find(&back, "plog", "injection", &n);
	assert_int_equal(n, 1);
	assert_int_equal(e->kind, DV_EXPORT_SINK);
	assert_int_equal(e->param, 1);
	assert_string_equal(e->rule, "injection/format-string");
	assert_null(dv_exports_find(&back, "plog", "resources", &n));
	assert_non_null(dv_exports_find(&back, "open_log", "resources", &n));
	/* a key is 16 hex digits, never a path */
	assert_false(dv_index_has(f->index, "../../etc/passwd"));
	assert_int_equal(dv_index_load_entry(f->index, "../manifest", &back), -1);
	assert_int_not_equal(dv_index_store(f->index, "../x", "lib.c", &x, &err), 0);

	/* the manifest keeps one key per path */
	memset(&m, 0, sizeof(m));
	dv_index_manifest_set(&m, "a.c", "0123456789abcdef");
	dv_index_manifest_set(&m, "a.c", "fedcba9876543210");
	assert_int_equal(m.n, 1);
	assert_int_equal(dv_index_manifest_write(f->index, &m, &err), 0);
	dv_index_manifest_release(&m);
	assert_int_equal(dv_index_manifest_read(f->index, &m), 0);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.keys[0], "fedcba9876543210");
	dv_index_manifest_release(&m);
	dv_exports_release(&x);
	dv_exports_release(&back);
}

static void test_manifest_paths_stay_below_the_root(void **state)
{
	struct fixture *f = *state;
	struct dv_index_manifest m;
	struct dv_error err = {0, {0}};
	struct dv_index_stats st;

	run_index(f, &st);
	assert_int_equal(dv_index_manifest_read(f->index, &m), 0);
	/* an entry naming a file outside the root is never read as fresh */
	dv_index_manifest_set(&m, "../outside.c", m.keys[0]);
	dv_index_manifest_set(&m, "/etc/passwd.c", m.keys[0]);
	assert_int_equal(dv_index_manifest_write(f->index, &m, &err), 0);
	dv_index_manifest_release(&m);
	assert_int_equal(count_rule(f, f->index, "resources/leak", 9), 1);
}

static void test_fact_fields_round_trip_and_bad_values(void **state)
{
	struct fixture *f = *state;
	struct dv_exports x, back;
	struct dv_export e;
	struct dv_error err = {0, {0}};
	const struct dv_export *got;
	size_t n;
	char *path;
	FILE *fp;

	memset(&x, 0, sizeof(x));
	memset(&back, 0, sizeof(back));
	e = dv_export_fact("db_get_user", "nplus1", DV_EXPORT_QUERIES);
	e.op = 2;
	e.depth = 1;
	e.param = -1;
	e.param2 = 0;
	e.what = "sqlite3_prepare_v2";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("conn_lock", "locks", DV_EXPORT_ACQUIRES);
	e.what = "(*P{0}).F{c:@S@conn@FI@mu}";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("conn_lock", "locks", DV_EXPORT_RELEASES);
	e.what = "(*P{0}).F{c:@S@conn@FI@mu}";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("post", "locks", DV_EXPORT_ORDER);
	e.what = "G{c:@accounts_mu}";
	e.rule = "F{c:@S@conn@FI@mu}";
	e.line = 13;
	dv_exports_add_fact(&x, &e);
	dv_exports_sort(&x);
	assert_int_equal(x.n, 4); /* same function and family, different facts */
	assert_int_equal(dv_index_store(f->index, "00000000000000aa", "db.c", &x, &err), 0);
	assert_int_equal(dv_index_load_entry(f->index, "00000000000000aa", &back), 0);
	dv_exports_sort(&back);
	got = dv_exports_find(&back, "db_get_user", "nplus1", &n);
	assert_int_equal(n, 1);
	assert_int_equal(got->kind, DV_EXPORT_QUERIES);
	assert_int_equal(got->op, 2);
	assert_int_equal(got->depth, 1);
	assert_int_equal(got->param, -1);
	assert_int_equal(got->param2, 0);
	assert_string_equal(got->what, "sqlite3_prepare_v2");
	got = dv_exports_find(&back, "conn_lock", "locks", &n);
	assert_int_equal(n, 2);
	got = dv_exports_find(&back, "post", "locks", &n);
	assert_int_equal(n, 1);
	assert_int_equal(got->kind, DV_EXPORT_ORDER);
	assert_string_equal(got->what, "G{c:@accounts_mu}");
	assert_string_equal(got->rule, "F{c:@S@conn@FI@mu}");
	assert_int_equal(got->line, 13);
	assert_string_equal(got->file, "db.c");
	dv_exports_release(&back);

	/* out-of-range numbers and facts missing their object add nothing
	 * (an order fact needs both locks and the line) */
	path = xasprintf("%s/00000000000000bb.json", f->index);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "{\"format\": %d, \"path\": \"x.c\", \"exports\": ["
	      "{\"function\": \"a\", \"family\": \"nplus1\", \"kind\": \"queries\", \"op\": 99, \"what\": \"q\"},"
	      "{\"function\": \"o1\", \"family\": \"locks\", \"kind\": \"order\", \"what\": \"G{c:@a}\", \"line\": 3},"
	      "{\"function\": \"o2\", \"family\": \"locks\", \"kind\": \"order\", \"what\": \"G{c:@a}\", \"rule\": \"G{c:@b}\"},"
	      "{\"function\": \"b\", \"family\": \"locks\", \"kind\": \"acquires\"},"
	      "{\"function\": \"c\", \"family\": \"nplus1\", \"kind\": \"queries\", \"param\": 1.5, \"what\": \"q\"},"
	      "{\"function\": \"d\", \"family\": \"logging\", \"kind\": \"logs\", \"op\": 1}]}", DV_INDEX_FORMAT);
	assert_int_equal(fclose(fp), 0);
	free(path);
	assert_int_equal(dv_index_load_entry(f->index, "00000000000000bb", &back), 0);
	assert_int_equal(back.n, 1);
	assert_string_equal(back.items[0].function, "d");
	dv_exports_release(&back);
	dv_exports_release(&x);
}

/* Typestate FORWARDS: a chain of ten files whose last link releases (or
 * only reads) its parameter gives every link that fact of its own
 * parameter; a chain ending in a function nobody describes, or a
 * release of another parameter, gives nothing. */
static void test_typestate_forward_chains(void **state)
{
	struct dv_exports x;
	struct dv_export e;
	const struct dv_export *got;
	char name[32], next[32];
	size_t n;
	int i;

	(void)state;
	memset(&x, 0, sizeof(x));
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "drop%d", i);
		snprintf(next, sizeof(next), "drop%d", i + 1);
		e = dv_export_fact(name, "resources", DV_EXPORT_FORWARDS);
		e.param = i == 0 ? 0 : 1; /* drop0's parameter 0 is the others' 1 */
		e.param2 = 1;
		e.what = next;
		dv_exports_add_fact(&x, &e);
		snprintf(name, sizeof(name), "show%d", i);
		snprintf(next, sizeof(next), "show%d", i + 1);
		e = dv_export_fact(name, "resources", DV_EXPORT_FORWARDS);
		e.param = 0;
		e.param2 = 0;
		e.what = next;
		dv_exports_add_fact(&x, &e);
	}
	e = dv_export_fact("drop10", "resources", DV_EXPORT_RELEASES);
	e.what = "P{1}";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("show10", "resources", DV_EXPORT_BORROWS);
	e.param = 0;
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("lost", "resources", DV_EXPORT_FORWARDS);
	e.param = 0;
	e.param2 = 0;
	e.what = "nobody";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("other", "resources", DV_EXPORT_FORWARDS);
	e.param = 0;
	e.param2 = 0;
	e.what = "drop10";
	dv_exports_add_fact(&x, &e);
	dv_exports_sort(&x);
	dv_exports_resolve(&x);
	for (i = 0; i < 10; i++) {
		size_t k;
		int rel = 0, bor = 0;
		snprintf(name, sizeof(name), "drop%d", i);
		got = dv_exports_find(&x, name, "resources", &n);
		for (k = 0; k < n; k++)
			rel |= got[k].kind == DV_EXPORT_RELEASES &&
			       !strcmp(got[k].what, i == 0 ? "P{0}" : "P{1}") &&
			       got[k].param == -1;
		assert_true(rel);
		snprintf(name, sizeof(name), "show%d", i);
		got = dv_exports_find(&x, name, "resources", &n);
		for (k = 0; k < n; k++)
			bor |= got[k].kind == DV_EXPORT_BORROWS && got[k].param == 0;
		assert_true(bor);
	}
	got = dv_exports_find(&x, "lost", "resources", &n);
	assert_int_equal(n, 1);
	got = dv_exports_find(&x, "other", "resources", &n);
	assert_int_equal(n, 1);
	dv_exports_release(&x);
}

/* A parameter forwarded through files b -> c -> d reaches d's sink: the
 * chain resolves whatever the order of the facts, with many other facts
 * around (an unsorted tail must not hide them), and keeps the sink's
 * place; a fact stored with a line comes back with it and its file. */
static void test_forward_chains_resolve(void **state)
{
	struct fixture *f = *state;
	struct dv_exports x, back;
	struct dv_export e;
	struct dv_error err = {0, {0}};
	const struct dv_export *got;
	char name[32];
	size_t n;
	int i;

	(void)f;
	memset(&x, 0, sizeof(x));
	memset(&back, 0, sizeof(back));
	for (i = 0; i < 40; i++) { /* unrelated chains of one hop */
		snprintf(name, sizeof(name), "a%02d", i);
		e = dv_export_fact(name, "injection", DV_EXPORT_FORWARDS);
		e.param = 0;
		e.param2 = 1;
		e.what = "sink_z";
		dv_exports_add_fact(&x, &e);
	}
	e = dv_export_fact("sink_z", "injection", DV_EXPORT_SINK);
	e.param = 1;
	e.rule = "injection/command";
	e.what = "system";
	e.line = 7;
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("hop_b", "injection", DV_EXPORT_FORWARDS);
	e.param = 2;
	e.param2 = 0;
	e.what = "hop_c";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("hop_c", "injection", DV_EXPORT_FORWARDS);
	e.param = 0;
	e.param2 = 0;
	e.what = "hop_d";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("hop_d", "injection", DV_EXPORT_FORWARDS);
	e.param = 0;
	e.param2 = 1;
	e.what = "sink_z";
	dv_exports_add_fact(&x, &e);
	/* the other parameter of the sink function is not forwarded there */
	e = dv_export_fact("hop_e", "injection", DV_EXPORT_FORWARDS);
	e.param = 0;
	e.param2 = 0;
	e.what = "sink_z";
	dv_exports_add_fact(&x, &e);
	dv_exports_sort(&x);
	dv_exports_resolve(&x);
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "a%02d", i);
		got = dv_exports_find(&x, name, "injection", &n);
		assert_int_equal(n, 2);
	}
	got = dv_exports_find(&x, "hop_b", "injection", &n);
	assert_int_equal(n, 2);
	assert_int_equal(got[0].kind, DV_EXPORT_SINK);
	assert_int_equal(got[0].param, 2);
	assert_string_equal(got[0].what, "system");
	assert_int_equal(got[0].line, 7);
	got = dv_exports_find(&x, "hop_e", "injection", &n);
	assert_int_equal(n, 1);
	assert_int_equal(got[0].kind, DV_EXPORT_FORWARDS);

	/* line and file round trip */
	assert_int_equal(dv_index_store(f->index, "00000000000000cc", "lib/run.c", &x, &err), 0);
	assert_int_equal(dv_index_load_entry(f->index, "00000000000000cc", &back), 0);
	dv_exports_sort(&back);
	got = dv_exports_find(&back, "sink_z", "injection", &n);
	assert_int_equal(n, 1);
	assert_int_equal(got->line, 7);
	assert_string_equal(got->file, "lib/run.c");
	dv_exports_release(&back);
	dv_exports_release(&x);
}

/* What the first caller of a chain passes (a PASSES fact on hop_b)
 * reaches the function at its end, with the first caller's place; a
 * parameter the chain does not forward learns nothing; two callers
 * passing different values stay two facts. */
static void test_passes_follow_forwards(void **state)
{
	struct dv_exports x;
	struct dv_export e;
	const struct dv_export *got;
	size_t n, i;
	int tainted = 0, other = 0;

	(void)state;
	memset(&x, 0, sizeof(x));
	e = dv_export_fact("hop_b", "injection", DV_EXPORT_PASSES);
	e.param = 1;
	e.op = 4;
	e.param2 = 0;
	e.what = "main";
	e.line = 12;
	dv_exports_add_fact(&x, &e);
	e.op = 1;
	e.what = "other";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("hop_b", "injection", DV_EXPORT_FORWARDS);
	e.param = 1;
	e.param2 = 0;
	e.what = "hop_c";
	dv_exports_add_fact(&x, &e);
	e = dv_export_fact("hop_c", "injection", DV_EXPORT_FORWARDS);
	e.param = 0;
	e.param2 = 2;
	e.what = "sink_f";
	dv_exports_add_fact(&x, &e);
	/* hop_b's parameter 0 is passed nothing by anyone */
	e = dv_export_fact("hop_b", "injection", DV_EXPORT_FORWARDS);
	e.param = 0;
	e.param2 = 0;
	e.what = "sink_g";
	dv_exports_add_fact(&x, &e);
	dv_exports_sort(&x);
	dv_exports_resolve(&x);
	got = dv_exports_find(&x, "sink_f", "injection", &n);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(got[i].kind, DV_EXPORT_PASSES);
		assert_int_equal(got[i].param, 2);
		if (got[i].op == 4) {
			tainted = 1;
			assert_string_equal(got[i].what, "main");
			assert_int_equal(got[i].line, 12);
		} else if (got[i].op == 1) {
			other = 1;
		}
	}
	assert_true(tainted && other);
	assert_null(dv_exports_find(&x, "sink_g", "injection", &n));
	dv_exports_release(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unchanged_files_are_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callee_summary_change_updates_caller, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_entry_round_trip_and_hostile_keys, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_manifest_paths_stay_below_the_root, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fact_fields_round_trip_and_bad_values, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forward_chains_resolve, setup, teardown),
		cmocka_unit_test(test_typestate_forward_chains),
		cmocka_unit_test(test_passes_follow_forwards),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
