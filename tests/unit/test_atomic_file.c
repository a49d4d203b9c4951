/* Unit tests for atomic output files (src/util/atomic_file.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic_file.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct fixture {
	char dir[256];
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/dv-atomic-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	umask(022);
	*state = fx;
	return 0;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char *p;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	remove_tree(fx->dir);
	free(fx);
	return 0;
}

static char *in_dir(const struct fixture *fx, const char *name)
{
	return xasprintf("%s/%s", fx->dir, name);
}

static unsigned n_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void assert_contents(const char *path, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb);
	assert_int_equal(strbuf_read_file(&sb, path), 0);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void write_plain(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_new_file(void **state)
{
	struct fixture *fx = *state;
	char *out = in_dir(fx, "out.sarif");
	struct stat st;

	assert_int_equal(dv_atomic_write(out, "{\"runs\":[]}\n", 12), 0);
	assert_contents(out, "{\"runs\":[]}\n");
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644); /* 0666 less the umask, as fopen */
	assert_int_equal(n_entries(fx->dir), 1);    /* no temporary left behind */
	free(out);
}

/* A device or fifo is written in place, never replaced by a regular
 * file (`-o /dev/null` once turned /dev/null into a file for the whole
 * machine). */
static void test_fifo_written_in_place(void **state)
{
	struct fixture *fx = *state;
	char *fifo = in_dir(fx, "pipe");
	struct dv_atomic_file af;
	struct stat st;
	char buf[16] = {0};
	int rd;

	assert_int_equal(mkfifo(fifo, 0600), 0);
	rd = open(fifo, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_int_equal(dv_atomic_open(&af, fifo), 0);
	fputs("report\n", af.fp);
	assert_int_equal(dv_atomic_commit(&af), 0);
	assert_int_equal(read(rd, buf, sizeof(buf) - 1), 7);
	assert_string_equal(buf, "report\n");
	close(rd);
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(n_entries(fx->dir), 1); /* no temporary left behind */
	free(fifo);

	assert_int_equal(dv_atomic_write("/dev/null", "x", 1), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

/* Until commit, readers see the old file whole; after it, the new one. */
static void test_replace_keeps_old_until_commit(void **state)
{
	struct fixture *fx = *state;
	char *out = in_dir(fx, "report.json");
	struct dv_atomic_file af;
	struct stat st;

	write_plain(out, "old\n", 0600);
	assert_int_equal(dv_atomic_open(&af, out), 0);
	fputs("new, first half ", af.fp);
	fflush(af.fp);
	assert_contents(out, "old\n");
	assert_int_equal(n_entries(fx->dir), 2);
	fputs("and second half\n", af.fp);
	assert_int_equal(dv_atomic_commit(&af), 0);
	assert_null(af.fp);
	assert_contents(out, "new, first half and second half\n");
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* the replaced file's mode */
	assert_int_equal(n_entries(fx->dir), 1);
	free(out);
}

static void test_abort_leaves_destination(void **state)
{
	struct fixture *fx = *state;
	char *out = in_dir(fx, "report.md");
	struct dv_atomic_file af;

	write_plain(out, "previous\n", 0644);
	assert_int_equal(dv_atomic_open(&af, out), 0);
	fputs("half a rep", af.fp);
	dv_atomic_abort(&af);
	dv_atomic_abort(&af); /* released: a second abort is harmless */
	assert_contents(out, "previous\n");
	assert_int_equal(n_entries(fx->dir), 1);
	free(out);
}

/* A failing rename (the destination is a non-empty directory) fails the
 * commit and removes the temporary file. */
static void test_failed_commit_cleans_up(void **state)
{
	struct fixture *fx = *state;
	char *out = in_dir(fx, "busy");
	char *inner;
	struct dv_atomic_file af;

	assert_int_equal(mkdir(out, 0755), 0);
	inner = in_dir(fx, "busy/keep");
	write_plain(inner, "x", 0644);
	assert_int_equal(dv_atomic_open(&af, out), 0);
	fputs("data", af.fp);
	assert_int_equal(dv_atomic_commit(&af), -1);
	assert_true(errno != 0);
	assert_int_equal(n_entries(fx->dir), 1); /* only the directory */
	assert_contents(inner, "x");
	free(inner);
	free(out);
}

static void test_missing_directory(void **state)
{
	struct fixture *fx = *state;
	char *out = in_dir(fx, "no/such/dir/out.sarif");
	struct dv_atomic_file af;

	errno = 0;
	assert_int_equal(dv_atomic_open(&af, out), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(af.fp);
	assert_int_equal(dv_atomic_commit(&af), -1); /* empty af: fails, no crash */
	assert_int_equal(dv_atomic_write(out, "x", 1), -1);
	assert_int_equal(dv_atomic_open(&af, ""), -1);
	assert_int_equal(errno, EINVAL);
	free(out);
}

/* A link at the destination is replaced by the report; the file it
 * pointed to is never written. */
static void test_symlink_replaced_not_followed(void **state)
{
	struct fixture *fx = *state;
	char *target = in_dir(fx, "precious");
	char *link = in_dir(fx, "out.sarif");
	struct stat st;

	write_plain(target, "keep me\n", 0644);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(dv_atomic_write(link, "report\n", 7), 0);
	assert_contents(target, "keep me\n");
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_contents(link, "report\n");
	free(target);
	free(link);
}

static void test_relative_path(void **state)
{
	struct fixture *fx = *state;
	char cwd[4096];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(fx->dir), 0);
	assert_int_equal(dv_atomic_write("plain.txt", "", 0), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(n_entries(fx->dir), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_keeps_old_until_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_leaves_destination, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_commit_cleans_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_replaced_not_followed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_written_in_place, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
