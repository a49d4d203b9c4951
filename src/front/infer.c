/*
 * Inferred include directories and stand-ins: see infer.h.
 */
#include "front/infer.h"
#include "front/std_names.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/confined.h"
#include "model/paths.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Bounds of the tree walk: a huge tree is only partly searched. */
#define DV_INFER_MAX_ENTRIES 50000
#define DV_INFER_MAX_DEPTH 12

struct tree {
	char **files; /* relative to the root */
	size_t n, alloc;
	size_t seen;
};

static void walk(int dirfd, const char *rel, int depth, struct tree *t)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;

	if (!d) {
		close(dirfd);
		return;
	}
	while ((e = readdir(d)) && t->seen < DV_INFER_MAX_ENTRIES) {
		struct stat st;
		char *sub;

		t->seen++;
		if (e->d_name[0] == '.')
			continue; /* ., .., .git and other hidden trees */
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		sub = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		if (S_ISREG(st.st_mode)) {
			DV_GROW(t->files, t->n + 1, t->alloc);
			t->files[t->n++] = sub;
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth < DV_INFER_MAX_DEPTH) {
			int fd = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
			if (fd >= 0)
				walk(fd, sub, depth + 1, t);
		}
		free(sub);
	}
	closedir(d);
}

static void tree_release(struct tree *t)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		free(t->files[i]);
	free(t->files);
}

/* "X" of a "'X' file not found" error, or NULL. */
static char *missing_header(CXDiagnostic d)
{
	CXString s = clang_getDiagnosticSpelling(d);
	const char *text = clang_getCString(s), *end;
	char *name = NULL;
	size_t n;

	end = text && text[0] == '\'' ? strstr(text, "' file not found") : NULL;
	if (end && end > text + 1) {
		n = (size_t)(end - text - 1);
		name = xmalloc(n + 1);
		memcpy(name, text + 1, n);
		name[n] = '\0';
	}
	clang_disposeString(s);
	return name;
}

static int has_dir(const struct dv_inferred *inf, const char *dir)
{
	size_t i;
	for (i = 0; i < inf->n_include_dirs; i++)
		if (strcmp(inf->include_dirs[i], dir) == 0)
			return 1;
	return 0;
}

static size_t add_dir(struct dv_inferred *inf, const char *root, const char *rel, size_t rel_len)
{
	char *dir;
	size_t n;

	while (rel_len && rel[rel_len - 1] == '/')
		rel_len--;
	dir = rel_len ? xasprintf("%s/%.*s", root, (int)rel_len, rel) : xstrdup(root);
	n = inf->n_include_dirs;

	if (has_dir(inf, dir)) {
		free(dir);
		return 0;
	}
	inf->include_dirs = xrealloc(inf->include_dirs, (n + 1) * sizeof(*inf->include_dirs));
	inf->include_dirs[inf->n_include_dirs++] = dir;
	return 1;
}

/* Length of the common directory prefix of two relative paths. */
static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0, last = 0;
	while (a[i] && a[i] == b[i]) {
		if (a[i] == '/')
			last = i + 1;
		i++;
	}
	return last;
}

/* Index of the tree file that provides `name` (as "dir/name", or with a
 * template suffix when `suffix` is given) nearest to `from`, or -1. */
static long find_provider(const struct tree *t, const char *name, const char *suffix,
			  const char *from)
{
	size_t nl = strlen(name), sl = suffix ? strlen(suffix) : 0, i, best_score = 0;
	long best = -1;

	for (i = 0; i < t->n; i++) {
		const char *f = t->files[i];
		size_t fl = strlen(f), score;

		if (fl < nl + sl || (sl && strcmp(f + fl - sl, suffix) != 0) ||
		    strncmp(f + fl - sl - nl, name, nl) != 0)
			continue;
		if (fl > nl + sl && f[fl - sl - nl - 1] != '/')
			continue;
		score = common_prefix(f, from) + 1;
		if (best < 0 || score > best_score) {
			best = (long)i;
			best_score = score;
		}
	}
	return best;
}


/* Nonzero when <rel> is in a system include directory (the multiarch
 * ones, /usr/local/include, /usr/include). */
static int system_header(const char *rel)
{
	static const char *const dirs[] = {"/usr/local/include", "/usr/include", NULL};
	const char *const *d;
	struct stat st;
	DIR *ui;
	struct dirent *e;
	int found = 0;

	for (d = dirs; *d && !found; d++) {
		char *p = xasprintf("%s/%s", *d, rel);
		found = stat(p, &st) == 0 && S_ISREG(st.st_mode);
		free(p);
	}
	ui = found ? NULL : opendir("/usr/include");
	while (ui && !found && (e = readdir(ui))) {
		char *p;
		if (!strstr(e->d_name, "-linux-"))
			continue; /* x86_64-linux-gnu and the like */
		p = xasprintf("/usr/include/%s/%s", e->d_name, rel);
		found = stat(p, &st) == 0 && S_ISREG(st.st_mode);
		free(p);
	}
	if (ui)
		closedir(ui);
	return found;
}

/* HAVE_SYS_TYPES_H: is one of sys/types.h, sys_types.h a system header?
 * (each '_' of the stem is a '/' or a '_'; a stem with many is cut off). */
static int header_macro_present(const char *name)
{
	size_t stem = strlen(name) - 5 - 2, i, k = 0;
	unsigned combo, ncombo;
	size_t unders[6];
	int found = 0;

	for (i = 0; i < stem; i++)
		if (name[5 + i] == '_' && k < 6)
			unders[k++] = i;
	ncombo = 1u << k;
	for (combo = 0; combo < ncombo && !found; combo++) {
		char *rel = xmalloc(stem + 3);
		size_t u = 0;
		for (i = 0; i < stem; i++) {
			char c = (char)tolower((unsigned char)name[5 + i]);
			if (c == '_' && u < k && unders[u] == i)
				c = (combo >> u++) & 1 ? '/' : '_';
			rel[i] = c;
		}
		memcpy(rel + stem, ".h", 3);
		found = system_header(rel);
		free(rel);
	}
	return found;
}

/* Would configure define feature macro `name` to 1 here?  (see infer.h) */
static int feature_present(const char *name, const struct tree *t)
{
	size_t n = strlen(name);

	if (strncmp(name, "HAVE_", 5) != 0)
		return 0;
	if (strcmp(name, "HAVE__BOOL") == 0 || strcmp(name, "HAVE_STDBOOL_H") == 0)
		return 1;
	if (strcmp(name, "HAVE_CONFIG_H") == 0)
		return find_provider(t, "config.h", NULL, "") >= 0 ||
		       find_provider(t, "config.h", ".in", "") >= 0;
	if (n > 7 && strcmp(name + n - 2, "_H") == 0)
		return header_macro_present(name);
	return 0;
}

static int has_define(const struct dv_inferred *inf, const char *name)
{
	size_t i;
	for (i = 0; i < inf->n_defines; i++)
		if (strcmp(inf->defines[i], name) == 0)
			return 1;
	return 0;
}

static size_t add_define(struct dv_inferred *inf, const char *name)
{
	if (has_define(inf, name))
		return 0;
	inf->defines = xrealloc(inf->defines, (inf->n_defines + 1) * sizeof(*inf->defines));
	inf->defines[inf->n_defines++] = xstrdup(name);
	return 1;
}

/* A template's `#undef HAVE_X` lines become `#define HAVE_X 1` where
 * configure would define it (feature_present). */
static void configure_template(struct strbuf *bytes, const struct tree *t)
{
	struct strbuf out;
	const char *p = bytes->buf, *end = bytes->buf + bytes->len;

	strbuf_init(&out);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		const char *q = p;
		char name[128];
		size_t nl = 0;

		while (q < p + len && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(p + len - q) > 7 && strncmp(q, "#undef", 6) == 0 &&
		    (q[6] == ' ' || q[6] == '\t')) {
			q += 7;
			while (q < p + len && (*q == ' ' || *q == '\t'))
				q++;
			while (q + nl < p + len && nl + 1 < sizeof(name) &&
			       (isalnum((unsigned char)q[nl]) || q[nl] == '_')) {
				name[nl] = q[nl];
				nl++;
			}
			name[nl] = '\0';
		}
		if (nl && feature_present(name, t))
			strbuf_addf(&out, "#define %s 1", name);
		else
			strbuf_addf(&out, "%.*s", (int)len, p);
		if (eol)
			strbuf_addf(&out, "\n");
		p = eol ? eol + 1 : end;
	}
	strbuf_release(bytes);
	*bytes = out;
}

struct feature_scan {
	CXTranslationUnit tu;
	const char *root;
	size_t rl;
	const struct tree *t;
	struct dv_inferred *inf;
	size_t added;
};

/* Feature macros tested in the #if lines of one file. */
static void scan_file(struct feature_scan *fs, CXFile file)
{
	CXString fn = clang_getFileName(file);
	const char *path = clang_getCString(fn);
	CXToken *toks = NULL;
	unsigned nt = 0, i, directive_line = 0, prev_line = 0;
	size_t size = 0;

	if (!path || strncmp(path, fs->root, fs->rl) != 0 || path[fs->rl] != '/' ||
	    !clang_getFileContents(fs->tu, file, &size) || size == 0) {
		clang_disposeString(fn);
		return;
	}
	clang_disposeString(fn);
	clang_tokenize(fs->tu,
		       clang_getRange(clang_getLocationForOffset(fs->tu, file, 0),
				      clang_getLocationForOffset(fs->tu, file, (unsigned)size)),
		       &toks, &nt);
	for (i = 0; i < nt; i++) {
		unsigned line;
		CXTokenKind k = clang_getTokenKind(toks[i]);
		CXString sp;
		const char *s;

		clang_getSpellingLocation(clang_getTokenLocation(fs->tu, toks[i]), NULL, &line,
					  NULL, NULL);
		sp = clang_getTokenSpelling(fs->tu, toks[i]);
		s = clang_getCString(sp);
		if (k == CXToken_Punctuation && s && strcmp(s, "#") == 0 && line != prev_line &&
		    i + 1 < nt) {
			CXString d = clang_getTokenSpelling(fs->tu, toks[i + 1]);
			const char *ds = clang_getCString(d);
			directive_line = ds && (strcmp(ds, "if") == 0 || strcmp(ds, "ifdef") == 0 ||
						strcmp(ds, "ifndef") == 0 || strcmp(ds, "elif") == 0)
						 ? line
						 : 0;
			clang_disposeString(d);
		} else if (k == CXToken_Identifier && line == directive_line && s &&
			   strncmp(s, "HAVE_", 5) == 0 && !has_define(fs->inf, s) &&
			   feature_present(s, fs->t)) {
			fs->added += add_define(fs->inf, s);
		}
		clang_disposeString(sp);
		prev_line = line;
	}
	clang_disposeTokens(fs->tu, toks, nt);
}

static void scan_inclusion(CXFile f, CXSourceLocation *stack, unsigned depth, CXClientData d)
{
	(void)stack;
	(void)depth;
	scan_file(d, f);
}

static int tu_has_errors(CXTranslationUnit tu)
{
	unsigned i, n = clang_getNumDiagnostics(tu);
	int errors = 0;
	for (i = 0; i < n && !errors; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		errors = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
		clang_disposeDiagnostic(d);
	}
	return errors;
}

static size_t add_stand_in(struct dv_inferred *inf, const char *root, const char *tmpl,
			   size_t tmpl_dir_len, const char *name, const struct tree *t)
{
	struct strbuf bytes;
	struct dv_error err;
	char *path;
	size_t i;

	path = xasprintf("%s/%.*s%s", root, (int)tmpl_dir_len, tmpl, name);
	for (i = 0; i < inf->n_stand_ins; i++)
		if (strcmp(inf->stand_ins[i].path, path) == 0) {
			free(path);
			return 0;
		}
	memset(&err, 0, sizeof(err));
	strbuf_init(&bytes);
	if (dv_confined_read(root, tmpl, 0, &bytes, NULL, &err) != 0) {
		strbuf_release(&bytes);
		free(path);
		return 0;
	}
	configure_template(&bytes, t);
	inf->stand_ins = xrealloc(inf->stand_ins, (inf->n_stand_ins + 1) * sizeof(*inf->stand_ins));
	inf->stand_ins[inf->n_stand_ins].path = path;
	inf->stand_ins[inf->n_stand_ins].len = bytes.len;
	inf->stand_ins[inf->n_stand_ins].bytes = strbuf_detach(&bytes);
	inf->n_stand_ins++;
	return 1;
}

/*
 * A header that neither the tree nor the system has (a git submodule
 * absent from the checkout, a third-party library not installed): an
 * empty stand-in under <root>/.diffvet-absent/, found through an -I of
 * its own.  A missing #include is a fatal error, and after a fatal error
 * clang gives up recovering the expressions that use what the header
 * declared: whole statements drop out of the AST.  With the header
 * present but empty, the same names are ordinary errors (unknown type,
 * undeclared identifier, implicit declaration) and the statements stay,
 * with recovery expressions where the names were.
 */
static size_t add_absent(struct dv_inferred *inf, const char *root, const char *name)
{
	static const char dir[] = ".diffvet-absent";
	static const char note[] = "/* diffvet: stand-in for a header absent from the tree */\n";
	char *path;
	size_t i;

	if (name[0] == '/' || strstr(name, "..") != NULL)
		return 0; /* only a name below an include directory */
	path = xasprintf("%s/%s/%s", root, dir, name);
	for (i = 0; i < inf->n_stand_ins; i++)
		if (strcmp(inf->stand_ins[i].path, path) == 0) {
			free(path);
			return 0;
		}
	inf->stand_ins = xrealloc(inf->stand_ins, (inf->n_stand_ins + 1) * sizeof(*inf->stand_ins));
	inf->stand_ins[inf->n_stand_ins].path = path;
	inf->stand_ins[inf->n_stand_ins].bytes = xstrdup(note);
	inf->stand_ins[inf->n_stand_ins].len = sizeof(note) - 1;
	inf->n_stand_ins++;
	add_dir(inf, root, dir, sizeof(dir) - 1);
	return 1;
}

/* "T" of an "unknown type name 'T'" error, or NULL. */
static char *unknown_type_name(CXDiagnostic d)
{
	static const char head[] = "unknown type name '";
	CXString s = clang_getDiagnosticSpelling(d);
	const char *text = clang_getCString(s), *end;
	char *name = NULL;

	if (text && strncmp(text, head, sizeof(head) - 1) == 0) {
		text += sizeof(head) - 1;
		end = strchr(text, '\'');
		if (end && end > text)
			name = xasprintf("%.*s", (int)(end - text), text);
	}
	clang_disposeString(s);
	return name;
}

/* In a body, `T v;`, `T v = ...`, `T *v = ...` with T from a missing
 * header is "use of undeclared identifier 'T'" at T: a declaration when
 * T is followed by a name (or `*` and a name) and then by `;`, `=` or
 * `,`.  Returns T, or NULL. */
static char *undeclared_type_name(CXTranslationUnit tu, CXDiagnostic d)
{
	static const char head[] = "use of undeclared identifier '";
	CXString s = clang_getDiagnosticSpelling(d);
	const char *text = clang_getCString(s);
	CXSourceLocation loc = clang_getDiagnosticLocation(d);
	CXFile file;
	unsigned off, nt = 0, k = 1;
	CXToken *toks = NULL;
	char *name = NULL;
	int decl = 0;

	if (!text || strncmp(text, head, sizeof(head) - 1) != 0) {
		clang_disposeString(s);
		return NULL;
	}
	clang_disposeString(s);
	size_t size = 0;

	clang_getFileLocation(loc, &file, NULL, NULL, &off);
	if (!file || !clang_getFileContents(tu, file, &size) || off >= size)
		return NULL;
	/* a few tokens: the range must end inside the file */
	clang_tokenize(tu,
		       clang_getRange(loc, clang_getLocationForOffset(
						   tu, file, size - off > 256 ? off + 256 : (unsigned)size)),
		       &toks, &nt);
	if (nt >= 3 && clang_getTokenKind(toks[0]) == CXToken_Identifier) {
		CXString t1 = clang_getTokenSpelling(tu, toks[1]);
		if (clang_getTokenKind(toks[1]) == CXToken_Punctuation &&
		    strcmp(clang_getCString(t1), "*") == 0)
			k = 2;
		clang_disposeString(t1);
		if (k + 1 < nt && clang_getTokenKind(toks[k]) == CXToken_Identifier &&
		    clang_getTokenKind(toks[k + 1]) == CXToken_Punctuation) {
			CXString t = clang_getTokenSpelling(tu, toks[k + 1]);
			const char *p = clang_getCString(t);
			decl = strcmp(p, ";") == 0 || strcmp(p, "=") == 0 || strcmp(p, ",") == 0;
			clang_disposeString(t);
		}
		if (decl) {
			CXString t0 = clang_getTokenSpelling(tu, toks[0]);
			name = xstrdup(clang_getCString(t0));
			clang_disposeString(t0);
		}
	}
	clang_disposeTokens(tu, toks, nt);
	return name;
}

/* The standard header declaring the name an error is about (`use of
 * undeclared identifier 'false'`, `unknown type name 'uint8_t'`, `field
 * has incomplete type 'struct sockaddr_in'`), or NULL. */
static const char *std_header_of(CXDiagnostic d)
{
	static const char *const heads[] = {"use of undeclared identifier '",
					    "unknown type name '", NULL};
	CXString s = clang_getDiagnosticSpelling(d);
	const char *text = clang_getCString(s), *from = NULL, *end, *h = NULL;
	const char *const *p;
	char *name;

	for (p = heads; text && *p && !from; p++)
		if (strncmp(text, *p, strlen(*p)) == 0)
			from = text + strlen(*p);
	if (text && !from && strstr(text, "incomplete") && (from = strstr(text, "'struct ")))
		from++;
	if (from && (end = strchr(from, '\'')) && end > from) {
		name = xasprintf("%.*s", (int)(end - from), from);
		h = dv_std_header_for(name);
		free(name);
	}
	clang_disposeString(s);
	return h;
}

/* X of a diagnostic that is exactly `head` X `'`, or NULL. */
static char *quoted_after(CXDiagnostic d, const char *head)
{
	CXString s = clang_getDiagnosticSpelling(d);
	const char *text = clang_getCString(s), *end;
	char *name = NULL;
	size_t hl = strlen(head);

	if (text && strncmp(text, head, hl) == 0 && (end = strchr(text + hl, '\'')) &&
	    end > text + hl && end[1] == '\0')
		name = xasprintf("%.*s", (int)(end - text - hl), text + hl);
	clang_disposeString(s);
	return name;
}

static int has_name(char *const *names, size_t n, const char *name)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

/* Declares the unknown type names of `tu` in the prelude (see infer.h);
 * the standard names among the unknown ones get their standard header. */
static size_t add_unknown_types(const char *root, CXTranslationUnit tu, struct dv_inferred *inf,
				int cxx)
{
	unsigned i, n = clang_getNumDiagnostics(tu);
	size_t added = 0, k;
	struct strbuf bytes;

	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		const char *std = std_header_of(d);
		char *name = std ? NULL : unknown_type_name(d);
		int seen = 0, is_ident = 0;

		if (!name && !std)
			name = undeclared_type_name(tu, d);

		clang_disposeDiagnostic(d);
		for (k = 0; std && k < inf->n_std_headers && !seen; k++)
			seen = strcmp(inf->std_headers[k], std) == 0;
		if (std && !seen) {
			inf->std_headers = xrealloc(inf->std_headers, (inf->n_std_headers + 1) *
								      sizeof(*inf->std_headers));
			inf->std_headers[inf->n_std_headers++] = std;
			added++;
		}
		if (!name && !std && !cxx) {
			/* a value: an enum constant or a variable of the header
			 * (in C++ more often a namespace or a class: `net::x`) */
			d = clang_getDiagnostic(tu, i);
			name = quoted_after(d, "use of undeclared identifier '");
			clang_disposeDiagnostic(d);
			is_ident = name != NULL;
		}
		if (!name)
			continue;
		if (has_name(inf->unknown_types, inf->n_unknown_types, name) ||
		    has_name(inf->unknown_idents, inf->n_unknown_idents, name)) {
			free(name);
			continue;
		}
		if (is_ident) {
			inf->unknown_idents = xrealloc(inf->unknown_idents,
						       (inf->n_unknown_idents + 1) *
							       sizeof(*inf->unknown_idents));
			inf->unknown_idents[inf->n_unknown_idents++] = name;
		} else {
			inf->unknown_types = xrealloc(inf->unknown_types,
						      (inf->n_unknown_types + 1) *
							      sizeof(*inf->unknown_types));
			inf->unknown_types[inf->n_unknown_types++] = name;
		}
		added++;
	}
	if (!added)
		return 0;
	strbuf_init(&bytes);
	strbuf_addf(&bytes, "/* diffvet: types whose declaration was not found */\n");
	for (k = 0; k < inf->n_std_headers; k++)
		strbuf_addf(&bytes, "#include <%s>\n", inf->std_headers[k]);
	/* a name a standard header of a later round turned out to define as
	 * a macro (AF_UNIX) must not be declared again */
	for (k = 0; k < inf->n_unknown_types; k++)
		strbuf_addf(&bytes, "#ifndef %s\ntypedef int %s;\n#endif\n", inf->unknown_types[k],
			    inf->unknown_types[k]);
	/* enum constants, each of its own value: most such names are a
	 * header's constants, and a `case` label needs a distinct constant */
	for (k = 0; k < inf->n_unknown_idents; k++)
		strbuf_addf(&bytes, "#ifndef %s\nenum { %s = %zu };\n#endif\n",
			    inf->unknown_idents[k], inf->unknown_idents[k], 0x4000 + k);
	if (!inf->prelude) {
		inf->prelude = xasprintf("%s/.diffvet-unknown-types.h", root);
		inf->stand_ins = xrealloc(inf->stand_ins,
					  (inf->n_stand_ins + 1) * sizeof(*inf->stand_ins));
		inf->stand_ins[inf->n_stand_ins].path = xstrdup(inf->prelude);
		inf->stand_ins[inf->n_stand_ins].bytes = NULL;
		inf->n_stand_ins++;
	}
	for (k = 0; k < inf->n_stand_ins; k++)
		if (strcmp(inf->stand_ins[k].path, inf->prelude) == 0) {
			free(inf->stand_ins[k].bytes);
			inf->stand_ins[k].len = bytes.len;
			inf->stand_ins[k].bytes = strbuf_detach(&bytes);
		}
	strbuf_release(&bytes);
	return added;
}

size_t dv_infer_from_tu(const char *root, const char *abs_path, CXTranslationUnit tu,
			struct dv_inferred *inf)
{
	static const char *const templates[] = {".in", ".dist", NULL};
	unsigned i, n = clang_getNumDiagnostics(tu);
	size_t added = 0, rl = strlen(root);
	struct tree t;
	const char *from;
	int fd, walked = 0;

	memset(&t, 0, sizeof(t));
	if (strncmp(abs_path, root, rl) != 0 || abs_path[rl] != '/')
		return 0; /* only files below the root take the tree's headers */
	from = abs_path + rl + 1;
	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *name = missing_header(d);
		const char *const *sfx;
		long p;

		clang_disposeDiagnostic(d);
		if (!name)
			continue;
		if (!walked) {
			walked = 1;
			fd = open(root, O_RDONLY | O_DIRECTORY);
			if (fd >= 0)
				walk(fd, "", 0, &t);
			if (dv_confined_kind(root, "include", 0) == DV_CONFINED_DIR)
				added += add_dir(inf, root, "include", 7);
			if (dv_confined_kind(root, "src", 0) == DV_CONFINED_DIR)
				added += add_dir(inf, root, "src", 3);
		}
		p = find_provider(&t, name, NULL, from);
		if (p >= 0) {
			const char *f = t.files[p];
			added += add_dir(inf, root, f, strlen(f) - strlen(name));
		} else {
			for (sfx = templates; *sfx; sfx++) {
				p = find_provider(&t, name, *sfx, from);
				if (p >= 0) {
					const char *f = t.files[p];
					size_t dl = strlen(f) - strlen(name) - strlen(*sfx);
					added += add_stand_in(inf, root, f, dl, name, &t);
					added += add_dir(inf, root, f, dl);
					break;
				}
			}
			if (!*sfx)
				added += add_absent(inf, root, name);
		}
		free(name);
	}
	if (tu_has_errors(tu)) {
		struct feature_scan fs;

		if (!walked) {
			fd = open(root, O_RDONLY | O_DIRECTORY);
			if (fd >= 0)
				walk(fd, "", 0, &t);
		}
		fs.tu = tu;
		fs.root = root;
		fs.rl = rl;
		fs.t = &t;
		fs.inf = inf;
		fs.added = 0;
		clang_getInclusions(tu, scan_inclusion, &fs);
		added += fs.added;
	}
	tree_release(&t);
	if (!added)
		added = add_unknown_types(root, tu, inf, dv_path_is_cplusplus(abs_path));
	return added;
}

void dv_inferred_release(struct dv_inferred *inf)
{
	size_t i;
	for (i = 0; i < inf->n_include_dirs; i++)
		free(inf->include_dirs[i]);
	free(inf->include_dirs);
	for (i = 0; i < inf->n_stand_ins; i++) {
		free(inf->stand_ins[i].path);
		free(inf->stand_ins[i].bytes);
	}
	free(inf->stand_ins);
	for (i = 0; i < inf->n_defines; i++)
		free(inf->defines[i]);
	free(inf->defines);
	for (i = 0; i < inf->n_unknown_types; i++)
		free(inf->unknown_types[i]);
	free(inf->unknown_types);
	for (i = 0; i < inf->n_unknown_idents; i++)
		free(inf->unknown_idents[i]);
	free(inf->unknown_idents);
	free(inf->std_headers);
	free(inf->prelude);
	memset(inf, 0, sizeof(*inf));
}
