/* injection/path: untrusted data used as a file path (positives). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1. direct */
FILE *direct(void)
{
	return fopen(getenv("CONFIG_FILE"), "r"); // expect: injection/path
}

/* 15. an environment-supplied name joined to a directory inside a helper */
static FILE *open_in_spool(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "/var/spool/app/%s", name);
	return fopen(path, "r"); // expect: injection/path
}

/* 2. joined to a base directory with snprintf (the name comes from the
 * environment of a CGI-style program; command-line arguments are the
 * user's own choice and not reported for paths) */
int main(void)
{
	char path[4096];
	const char *name = getenv("SPOOL_NAME");
	FILE *f;
	if (!name)
		return 1;
	f = open_in_spool(name);
	if (f)
		fclose(f);
	snprintf(path, sizeof path, "/srv/data/%s", name);
	f = fopen(path, "r"); // expect: injection/path
	if (f == NULL)
		return 1;
	fclose(f);
	return 0;
}

/* 3. a helper in this file opens it */
static int open_data(const char *name)
{
	return open(name, O_RDONLY); // expect: injection/path
}

int helper(void)
{
	char name[128];
	if (!fgets(name, sizeof name, stdin))
		return -1;
	name[strcspn(name, "\n")] = '\0';
	return open_data(name);
}

/* 4. a struct field */
struct upload {
	long size;
	char *tmp_path;
};

void struct_field(void)
{
	struct upload u;
	u.size = 0;
	u.tmp_path = getenv("UPLOAD_TMP");
	unlink(u.tmp_path); // expect: injection/path
}

/* 5. a name read in a loop */
void loop_name(FILE *in)
{
	char name[64];
	int c, i = 0;
	while (i < 63 && (c = fgetc(in)) != EOF && c != '\n')
		name[i++] = (char)c;
	name[i] = '\0';
	remove(name); // expect: injection/path
}

/* 6. rename: the destination */
void rename_to(const char *unused)
{
	char dst[256];
	(void)unused;
	snprintf(dst, sizeof dst, "/var/spool/out/%s", getenv("DEST"));
	rename("/var/spool/in/job", dst); // expect: injection/path
}

/* 7. mkdir */
void make_dir(void)
{
	mkdir(getenv("NEW_DIR"), 0755); // expect: injection/path
}

/* 8. opendir */
void list_dir(void)
{
	DIR *d = opendir(getenv("BROWSE")); // expect: injection/path
	if (d)
		closedir(d);
}

/* 9. openat: the path argument */
int open_relative(int dirfd)
{
	char rel[100];
	if (scanf("%99s", rel) != 1)
		return -1;
	return openat(dirfd, rel, O_RDONLY); // expect: injection/path
}

/* 10. creat */
int create_file(void)
{
	return creat(getenv("OUT"), 0644); // expect: injection/path
}

/* 11. an entry point's parameter */
FILE *cgi_download(const char *file)
{
	char path[512];
	snprintf(path, sizeof path, "/var/www/files/%s", file);
	return fopen(path, "rb"); // expect: injection/path
}

/* 12. a prefix check without canonicalisation does not stop ../ */
FILE *prefix_only(void)
{
	const char *p = getenv("DOC");
	if (p == NULL || strncmp(p, "/srv/docs/", 10) != 0)
		return NULL;
	return fopen(p, "r"); // expect: injection/path
}

/* 13. opened on the branch where the name has a slash */
FILE *wrong_branch(void)
{
	const char *n = getenv("NAME");
	if (n != NULL && strchr(n, '/') != NULL)
		return fopen(n, "r"); // expect: injection/path
	return NULL;
}

/* 14. a helper returning input */
static const char *log_target(void)
{
	return getenv("LOG_TARGET");
}

FILE *open_log(void)
{
	return fopen(log_target(), "a"); // expect: injection/path
}

