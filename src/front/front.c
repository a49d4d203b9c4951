/* pthread_getattr_np: the calling thread's stack size */
#define _GNU_SOURCE
#include "front/front.h"
#include "front/infer.h"
#include "front/includes.h"
#include "model/paths.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <clang-c/CXCompilationDatabase.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Stack for parsing and analysing one translation unit.  clang's parser,
 * Sema and its CFG-based warnings recurse on expression depth (about 600
 * bytes a level: a 100,000-term `&&` chain needs 64 MB where clang's
 * driver and libclang give 8 MB).  The size is reserved address space;
 * pages are only committed when a deep input touches them.
 */
#define DV_LARGE_STACK ((size_t)1 << 30)
/* Below this, a fallback thread is not worth having. */
#define DV_MIN_LARGE_STACK ((size_t)64 << 20)

struct dv_front {
	CXCompilationDatabase db;
	char *db_dir;
	struct dv_front_options opt;
	/* database source files, absolute, for the sibling lookup of headers */
	char **db_files;
	size_t n_db_files;
};

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static CXCompilationDatabase load_db(const char *dir)
{
	CXCompilationDatabase_Error status;
	CXCompilationDatabase db;
	char *json = dv_path_join(dir, "compile_commands.json");
	int ok = file_exists(json);

	free(json);
	if (!ok)
		return NULL;
	db = clang_CompilationDatabase_fromDirectory(dir, &status);
	if (status != CXCompilationDatabase_NoError) {
		if (db)
			clang_CompilationDatabase_dispose(db);
		return NULL;
	}
	return db;
}

static void collect_db_files(struct dv_front *fr)
{
	CXCompileCommands cmds = clang_CompilationDatabase_getAllCompileCommands(fr->db);
	unsigned i, n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
	size_t alloc = 0;

	for (i = 0; i < n; i++) {
		CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, i);
		CXString file = clang_CompileCommand_getFilename(cmd);
		CXString dir = clang_CompileCommand_getDirectory(cmd);

		DV_GROW(fr->db_files, fr->n_db_files + 1, alloc);
		fr->db_files[fr->n_db_files++] =
			dv_path_absolute(clang_getCString(file), clang_getCString(dir));
		clang_disposeString(file);
		clang_disposeString(dir);
	}
	if (cmds)
		clang_CompileCommands_dispose(cmds);
}

void dv_front_process_init(void)
{
	/* libclang (CIndex.cpp, RunSafely) parses on a "safety" thread with a
	 * fixed 8 MB stack unless LIBCLANG_NOTHREADS is set, and its size
	 * (SetSafetyThreadStackSize) is not exported.  With the variable set,
	 * libclang parses on the calling thread, which dv_front_parse gives a
	 * large stack.  libclang only tests whether the variable exists. */
	if (!getenv("LIBCLANG_NOTHREADS"))
		setenv("LIBCLANG_NOTHREADS", "1", 1);
}

static int on_large_stack(void)
{
	pthread_attr_t attr;
	size_t size = 0;

	if (pthread_getattr_np(pthread_self(), &attr) != 0)
		return 0;
	if (pthread_attr_getstacksize(&attr, &size) != 0)
		size = 0;
	pthread_attr_destroy(&attr);
	return size >= DV_LARGE_STACK / 2;
}

struct stack_job {
	void (*fn)(void *);
	void *arg;
};

static void *stack_trampoline(void *data)
{
	struct stack_job *job = data;

	job->fn(job->arg);
	return NULL;
}

int dv_front_on_large_stack(void (*fn)(void *), void *arg)
{
	struct stack_job job = {fn, arg};
	size_t size;

	if (on_large_stack()) {
		fn(arg);
		return 0;
	}
	/* A system with strict overcommit may refuse 1 GB of address space:
	 * settle for less before giving up. */
	for (size = DV_LARGE_STACK; size >= DV_MIN_LARGE_STACK; size /= 2) {
		pthread_attr_t attr;
		pthread_t th;
		int ok;

		if (pthread_attr_init(&attr) != 0)
			break;
		ok = pthread_attr_setstacksize(&attr, size) == 0 &&
		     pthread_create(&th, &attr, stack_trampoline, &job) == 0;
		pthread_attr_destroy(&attr);
		if (ok) {
			pthread_join(th, NULL);
			return 0;
		}
	}
	fn(arg);
	return -1;
}

struct dv_front *dv_front_new(const struct dv_front_options *opt, struct dv_error *err)
{
	struct dv_front *fr = xcalloc(1, sizeof(*fr));
	const char *root = opt->root ? opt->root : ".";

	dv_front_process_init();

	fr->opt = *opt;
	if (opt->compdb_dir) {
		fr->db = load_db(opt->compdb_dir);
		if (!fr->db) {
			dv_error_set(err, DV_ERR_INPUT,
				     "'%s': no readable compile_commands.json in this directory "
				     "(generate one with 'bear -- make' or CMake's "
				     "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)",
				     opt->compdb_dir);
			dv_front_free(fr);
			return NULL;
		}
		fr->db_dir = dv_path_absolute(opt->compdb_dir, NULL);
	} else {
		static const char *const guesses[] = {".", "build"};
		size_t i;

		for (i = 0; i < 2 && !fr->db; i++) {
			char *dir = dv_path_join(root, guesses[i]);
			fr->db = load_db(dir);
			if (fr->db)
				fr->db_dir = dv_path_absolute(dir, NULL);
			free(dir);
		}
	}
	if (fr->db)
		collect_db_files(fr);
	return fr;
}

void dv_front_free(struct dv_front *fr)
{
	size_t i;

	if (!fr)
		return;
	if (fr->db)
		clang_CompilationDatabase_dispose(fr->db);
	for (i = 0; i < fr->n_db_files; i++)
		free(fr->db_files[i]);
	free(fr->db_files);
	free(fr->db_dir);
	free(fr);
}

const char *dv_front_compdb_dir(const struct dv_front *fr)
{
	return fr->db_dir;
}

static void args_push(struct dv_args *a, size_t *alloc, const char *s)
{
	DV_GROW(a->argv, (size_t)a->argc + 1, *alloc);
	a->argv[a->argc++] = xstrdup(s);
}

void dv_args_release(struct dv_args *a)
{
	int i;

	for (i = 0; i < a->argc; i++)
		free(a->argv[i]);
	free(a->argv);
	free(a->infer_root);
	free(a->confine_root);
	a->confine_root = NULL;
	a->argv = NULL;
	a->argc = 0;
	a->infer_root = NULL;
}

/* Options that take a separate value and name an output, which libclang
 * must not see (or it would try to write it). */
static int drops_next(const char *arg)
{
	static const char *const opts[] = {"-o", "-MF", "-MT", "-MQ", "-MJ", NULL};
	const char *const *o;

	for (o = opts; *o; o++)
		if (strcmp(arg, *o) == 0)
			return 1;
	return 0;
}

static int drops_self(const char *arg)
{
	return strcmp(arg, "-c") == 0 || strcmp(arg, "-MD") == 0 || strcmp(arg, "-MMD") == 0 ||
	       strcmp(arg, "-M") == 0 || strcmp(arg, "-MM") == 0 || strcmp(arg, "-MP") == 0 ||
	       strncmp(arg, "-o", 2) == 0 || strcmp(arg, "-pipe") == 0 ||
	       strncmp(arg, "-Werror", 7) == 0 || strncmp(arg, "-fdump", 6) == 0;
}

static const char *stem_end(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	return dot ? dot : path + strlen(path);
}

/* For a header: the database file with the same stem, else one in the same
 * directory, else NULL. */
static const char *sibling_in_db(const struct dv_front *fr, const char *abs_path)
{
	size_t stem = (size_t)(stem_end(abs_path) - abs_path);
	const char *slash = strrchr(abs_path, '/');
	size_t dirlen = slash ? (size_t)(slash - abs_path) : 0;
	const char *same_dir = NULL;
	size_t i;

	for (i = 0; i < fr->n_db_files; i++) {
		const char *f = fr->db_files[i];
		const char *fslash = strrchr(f, '/');

		if ((size_t)(stem_end(f) - f) == stem && strncmp(f, abs_path, stem) == 0)
			return f;
		if (!same_dir && fslash && (size_t)(fslash - f) == dirlen &&
		    strncmp(f, abs_path, dirlen) == 0)
			same_dir = f;
	}
	return same_dir;
}

static int args_from_db(struct dv_front *fr, const char *abs_path, const char *lookup,
			struct dv_args *out, size_t *alloc)
{
	CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(fr->db, lookup);
	CXCompileCommand cmd;
	CXString dir;
	unsigned i, n;

	if (!cmds)
		return -1;
	if (clang_CompileCommands_getSize(cmds) == 0) {
		clang_CompileCommands_dispose(cmds);
		return -1;
	}
	cmd = clang_CompileCommands_getCommand(cmds, 0);
	n = clang_CompileCommand_getNumArgs(cmd);
	dir = clang_CompileCommand_getDirectory(cmd);
	{
		char *wd = xasprintf("-working-directory=%s", clang_getCString(dir));
		args_push(out, alloc, wd);
		free(wd);
	}
	for (i = 1; i < n; i++) {
		CXString s = clang_CompileCommand_getArg(cmd, i);
		const char *arg = clang_getCString(s);

		if (strcmp(arg, "--") == 0) {
			/* only input files follow */
			clang_disposeString(s);
			break;
		}
		if (drops_next(arg)) {
			i++;
		} else if (strcmp(arg, "-x") == 0 || strncmp(arg, "-x", 2) == 0) {
			/* A language; for headers libclang's database interpolation
			 * says "c-header", which would build a PCH, not an AST. */
			const char *lang = arg + 2;
			CXString next = {0};
			char *plain;
			size_t len;

			if (!*lang && i + 1 < n) {
				next = clang_CompileCommand_getArg(cmd, ++i);
				lang = clang_getCString(next);
			}
			plain = xstrdup(lang);
			len = strlen(plain);
			if (len > 7 && strcmp(plain + len - 7, "-header") == 0)
				plain[len - 7] = '\0';
			args_push(out, alloc, "-x");
			args_push(out, alloc, plain);
			free(plain);
			if (next.data)
				clang_disposeString(next);
		} else if (arg[0] != '-' && dv_path_is_c_family(arg)) {
			/* The input file: libclang is given the file separately. */
			char *abs_arg = dv_path_absolute(arg, clang_getCString(dir));
			if (strcmp(abs_arg, lookup) != 0)
				args_push(out, alloc, arg);
			free(abs_arg);
		} else if (!drops_self(arg)) {
			args_push(out, alloc, arg);
		}
		clang_disposeString(s);
	}
	clang_disposeString(dir);
	clang_CompileCommands_dispose(cmds);
	if (strcmp(lookup, abs_path) != 0 && dv_path_is_header(abs_path)) {
		/* Parsed in the sibling's language (as a source: see below). */
		args_push(out, alloc, "-x");
		args_push(out, alloc, dv_path_is_cplusplus(lookup) ? "c++" : "c");
	}
	return 0;
}

void dv_front_args(struct dv_front *fr, const char *abs_path, struct dv_args *out)
{
	size_t alloc = 0, i;
	int cxx = dv_path_is_cplusplus(abs_path);

	memset(out, 0, sizeof(*out));
	if (fr->db) {
		const char *lookup = abs_path;
		if (args_from_db(fr, abs_path, lookup, out, &alloc) == 0) {
			out->from_database = 1;
		} else if (dv_path_is_header(abs_path) && (lookup = sibling_in_db(fr, abs_path)) &&
			   args_from_db(fr, abs_path, lookup, out, &alloc) == 0) {
			out->from_database = 1;
		} else {
			dv_args_release(out);
		}
	}
	if (!out->from_database) {
		args_push(out, &alloc, "-x");
		/* headers are parsed as sources: "-x c-header" makes libclang
		 * build a precompiled header instead of an AST */
		args_push(out, &alloc, cxx ? "c++" : "c");
		if (fr->opt.std) {
			char *s = xasprintf("-std=%s", fr->opt.std);
			args_push(out, &alloc, s);
			free(s);
		}
		for (i = 0; i < fr->opt.n_includes; i++) {
			char *s = xasprintf("-I%s", fr->opt.includes[i]);
			args_push(out, &alloc, s);
			free(s);
		}
		for (i = 0; i < fr->opt.n_defines; i++) {
			char *s = xasprintf("-D%s", fr->opt.defines[i]);
			args_push(out, &alloc, s);
			free(s);
		}
		out->infer_root = dv_path_absolute(fr->opt.root ? fr->opt.root : ".", NULL);
	}
	/* Analysis, not a build: never stop on warnings turned errors, keep
	 * quiet; what clang 16+ made errors in C99-era code (a missing header
	 * turns every call into an implicit declaration) stays a warning, so
	 * the call is still in the AST. */
	out->confine_root = dv_path_absolute(fr->opt.root ? fr->opt.root : ".", NULL);
	args_push(out, &alloc, "-Wno-error");
	if (!cxx) {
		static const char *const c99_era[] = {
			"-Wno-error=implicit-function-declaration",
			"-Wno-error=implicit-int",
			"-Wno-error=int-conversion",
			"-Wno-error=incompatible-pointer-types",
			"-Wno-error=incompatible-function-pointer-types",
			"-Wno-error=return-type",
			"-Wno-error=deprecated-non-prototype",
			NULL,
		};
		const char *const *w;
		for (w = c99_era; *w; w++)
			args_push(out, &alloc, *w);
	}
	args_push(out, &alloc, "-Wno-unknown-warning-option");
	args_push(out, &alloc, "-ferror-limit=0");
}

static void report_diagnostics(CXTranslationUnit tu, const char *display_path,
			       struct dv_notifications *notes)
{
	unsigned i, n = clang_getNumDiagnostics(tu), errors = 0;
	char *first = NULL;
	unsigned first_line = 0, first_col = 0;

	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);

		if (sev >= CXDiagnostic_Error) {
			if (!errors) {
				CXString text = clang_formatDiagnostic(
					d, CXDiagnostic_DisplaySourceLocation |
						   CXDiagnostic_DisplayColumn);
				CXFile file;
				first = xstrdup(clang_getCString(text));
				clang_disposeString(text);
				clang_getExpansionLocation(clang_getDiagnosticLocation(d), &file,
							   &first_line, &first_col, NULL);
			}
			errors++;
		}
		clang_disposeDiagnostic(d);
	}
	if (errors)
		dv_notifications_add(notes, DV_LEVEL_WARNING, display_path, first_line, first_col,
				     "%u error%s while parsing; analysis used the partial AST (first: %s)",
				     errors, errors == 1 ? "" : "s", first);
	free(first);
}

struct parse_job {
	CXIndex index;
	const char *path;
	const struct dv_args *args;
	struct CXUnsavedFile *unsaved;
	unsigned n_unsaved;
	unsigned flags;
	CXTranslationUnit tu;
	enum CXErrorCode rc;
};

/* Enough for libclang's crash handler, which only longjmps out. */
#define DV_ALT_STACK ((size_t)256 << 10)

/* libclang's crash recovery (llvm::CrashRecoveryContext) installs its
 * SIGSEGV/SIGBUS handlers without SA_ONSTACK, so a stack overflow, the
 * crash deep input causes, cannot run them and kills the process.  With
 * SA_ONSTACK added and an alternate stack on the parsing thread, the
 * handler runs and libclang returns CXError_Crashed: that file is not
 * analysed, every other file still is.  Idempotent, so concurrent
 * parsing threads may race on it. */
static void crash_handler_on_alt_stack(int sig)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) != 0 || (sa.sa_flags & SA_SIGINFO))
		return;
	if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN || (sa.sa_flags & SA_ONSTACK))
		return;
	sa.sa_flags |= SA_ONSTACK;
	sigaction(sig, &sa, NULL);
}

static void parse_on_this_thread(void *data)
{
	struct parse_job *job = data;
	stack_t alt, old;
	int have_alt;

	memset(&alt, 0, sizeof(alt));
	alt.ss_sp = malloc(DV_ALT_STACK);
	alt.ss_size = DV_ALT_STACK;
	have_alt = alt.ss_sp && sigaltstack(&alt, &old) == 0;
	if (have_alt) {
		crash_handler_on_alt_stack(SIGSEGV);
		crash_handler_on_alt_stack(SIGBUS);
	}
	job->rc = clang_parseTranslationUnit2(job->index, job->path,
					      (const char *const *)job->args->argv,
					      job->args->argc, job->unsaved, job->n_unsaved, job->flags,
					      &job->tu);
	if (have_alt) {
		/* the handler may still name the stack: disable it, then free */
		stack_t off;

		memset(&off, 0, sizeof(off));
		off.ss_flags = SS_DISABLE;
		sigaltstack((old.ss_flags & SS_DISABLE) ? &off : &old, NULL);
	}
	free(alt.ss_sp);
}

/* Sets job->argv/unsaved for a parse with what `inf` adds to `base`. */
static void job_with_inferred(struct parse_job *job, const struct dv_args *base,
			      struct CXUnsavedFile *base_unsaved, unsigned n_base,
			      const struct dv_inferred *inf, struct dv_args *args,
			      struct CXUnsavedFile **unsaved)
{
	size_t alloc = 0, i;
	int k;

	memset(args, 0, sizeof(*args));
	for (k = 0; k < base->argc; k++)
		args_push(args, &alloc, base->argv[k]);
	for (i = 0; i < inf->n_include_dirs; i++) {
		char *s = xasprintf("-I%s", inf->include_dirs[i]);
		args_push(args, &alloc, s);
		free(s);
	}
	for (i = 0; i < inf->n_defines; i++) {
		char *s = xasprintf("-D%s=1", inf->defines[i]);
		args_push(args, &alloc, s);
		free(s);
	}
	if (inf->prelude) {
		args_push(args, &alloc, "-include");
		args_push(args, &alloc, inf->prelude);
	}
	*unsaved = xcalloc(n_base + inf->n_stand_ins + 1, sizeof(**unsaved));
	if (n_base) /* base_unsaved may be NULL then: memcpy must not see it */
		memcpy(*unsaved, base_unsaved, n_base * sizeof(**unsaved));
	job->n_unsaved = n_base;
	for (i = 0; i < inf->n_stand_ins; i++) {
		/* a buffer of the run (editor, git blob) wins over a stand-in */
		unsigned j;
		for (j = 0; j < n_base; j++)
			if (strcmp(base_unsaved[j].Filename, inf->stand_ins[i].path) == 0)
				break;
		if (j < n_base)
			continue;
		(*unsaved)[job->n_unsaved].Filename = inf->stand_ins[i].path;
		(*unsaved)[job->n_unsaved].Contents = inf->stand_ins[i].bytes;
		(*unsaved)[job->n_unsaved].Length = (unsigned long)inf->stand_ins[i].len;
		job->n_unsaved++;
	}
	job->args = args;
	job->unsaved = *unsaved;
}

/* Without a database, headers the parse missed are looked for in the
 * tree and the file parsed again (a few rounds: a found header may
 * include more); the best parse is kept in job->tu. */
static void retry_with_inferred(struct parse_job *job, const struct dv_args *base,
				const char *display_path, struct dv_notifications *notes)
{
	struct CXUnsavedFile *base_unsaved = job->unsaved;
	unsigned n_base = job->n_unsaved;
	struct dv_inferred inf;
	struct strbuf shown;
	int round, improved = 0;
	size_t i;

	memset(&inf, 0, sizeof(inf));
	for (round = 0; round < 5; round++) {
		struct parse_job again = *job;
		struct dv_args args;
		struct CXUnsavedFile *unsaved = NULL;

		if (!dv_infer_from_tu(base->infer_root, job->path, job->tu, &inf))
			break;
		job_with_inferred(&again, base, base_unsaved, n_base, &inf, &args, &unsaved);
		again.tu = NULL;
		dv_front_on_large_stack(parse_on_this_thread, &again);
		free(unsaved);
		dv_args_release(&args);
		if (again.rc != CXError_Success || !again.tu) {
			if (again.tu)
				clang_disposeTranslationUnit(again.tu);
			break;
		}
		clang_disposeTranslationUnit(job->tu);
		job->tu = again.tu;
		improved = 1;
	}
	if (improved) {
		strbuf_init(&shown);
		for (i = 0; i < inf.n_include_dirs; i++)
			strbuf_addf(&shown, " -I%s", inf.include_dirs[i]);
		for (i = 0; i < inf.n_defines; i++)
			strbuf_addf(&shown, " -D%s=1", inf.defines[i]);
		if (inf.n_unknown_types)
			strbuf_addf(&shown, " (%zu unknown type name%s declared as int)",
				    inf.n_unknown_types, inf.n_unknown_types == 1 ? "" : "s");
		if (inf.n_unknown_idents)
			strbuf_addf(&shown, " (%zu undeclared identifier%s declared as constants)",
				    inf.n_unknown_idents, inf.n_unknown_idents == 1 ? "" : "s");
		for (i = 0; i < inf.n_std_headers; i++)
			strbuf_addf(&shown, "%s<%s>", i ? " " : " (standard headers included: ",
				    inf.std_headers[i]);
		if (inf.n_std_headers)
			strbuf_addch(&shown, ')');
		for (i = 0; i < inf.n_stand_ins; i++)
			if (!inf.prelude || strcmp(inf.stand_ins[i].path, inf.prelude) != 0)
				strbuf_addf(&shown, " (stand-in for absent %s)", inf.stand_ins[i].path);
		dv_notifications_add(notes, DV_LEVEL_NOTE, display_path, 0, 0,
				     "no compile database: inferred flags%s", shown.buf);
		strbuf_release(&shown);
	}
	job->args = base;
	job->unsaved = base_unsaved;
	job->n_unsaved = n_base;
	dv_inferred_release(&inf);
}

CXTranslationUnit dv_front_parse(CXIndex index, const char *abs_path, const char *display_path,
				 const struct dv_args *args, unsigned extra_flags,
				 const struct dv_overlay *overlay, struct dv_notifications *notes)
{
	CXTranslationUnit tu = NULL;
	struct parse_job job;
	struct dv_outside_includes outside;
	struct dv_notifications inferred;
	enum CXErrorCode rc;
	size_t k;
	int round;

	/* Until no new include leaves the root: each round blanks the ones
	 * found so far (an empty file includes nothing, but a macro it no
	 * longer defines can change what the main file includes).  Nothing
	 * of a round but its includes is used. */
	memset(&outside, 0, sizeof(outside));
	memset(&inferred, 0, sizeof(inferred));
	for (round = 0;; round++) {
		struct CXUnsavedFile *unsaved =
			xcalloc((overlay ? overlay->count : 0) + outside.count + 1, sizeof(*unsaved));
		unsigned n_unsaved = 0;

		/* Buffers (editor, git blobs) replace the disk for every file
		 * of the unit, headers included. */
		for (k = 0; overlay && k < overlay->count; k++, n_unsaved++) {
			unsaved[n_unsaved].Filename = overlay->files[k].path;
			unsaved[n_unsaved].Contents = overlay->files[k].bytes;
			unsaved[n_unsaved].Length = (unsigned long)overlay->files[k].len;
		}
		for (k = 0; k < outside.count; k++, n_unsaved++) {
			unsaved[n_unsaved].Filename = outside.paths[k];
			unsaved[n_unsaved].Contents = "";
		}
		memset(&job, 0, sizeof(job));
		job.index = index;
		job.path = abs_path;
		job.args = args;
		job.unsaved = unsaved;
		job.n_unsaved = n_unsaved;
		job.flags = CXTranslationUnit_KeepGoing | CXTranslationUnit_DetailedPreprocessingRecord |
			    CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles | extra_flags;
		dv_front_on_large_stack(parse_on_this_thread, &job);
		dv_notifications_release(&inferred);
		if (job.rc == CXError_Success && job.tu && args->infer_root)
			retry_with_inferred(&job, args, display_path, &inferred);
		free(unsaved);
		if (job.rc != CXError_Success || !job.tu ||
		    !dv_outside_includes_collect(job.tu, abs_path, args->confine_root, args, &outside))
			break;
		clang_disposeTranslationUnit(job.tu);
		job.tu = NULL;
		if (round == 3) { /* still changing: give up on this file */
			job.rc = CXError_Failure;
			break;
		}
	}
	for (k = 0; k < inferred.count; k++)
		dv_notifications_add(notes, inferred.items[k].level, inferred.items[k].path,
				     inferred.items[k].line, inferred.items[k].col, "%s",
				     inferred.items[k].message);
	dv_notifications_release(&inferred);
	for (k = 0; k < outside.count; k++)
		dv_notifications_add(notes, DV_LEVEL_WARNING, display_path, 0, 0,
				     "an #include reaches '%s', outside the repository and every "
				     "trusted include directory: not read (parsed as an empty file); "
				     "pass its directory with -I or -isystem if it is meant to be used",
				     outside.paths[k]);
	dv_outside_includes_release(&outside);
	rc = job.rc;
	tu = job.tu;
	if (rc == CXError_Crashed) {
		/* libclang recovered from a crash inside clang: the file is not
		 * analysed, the other files are. */
		if (tu)
			clang_disposeTranslationUnit(tu);
		dv_notifications_add(notes, DV_LEVEL_ERROR, display_path, 0, 0,
				     "libclang crashed while parsing this file; it was not analysed");
		return NULL;
	}
	if (rc != CXError_Success || !tu) {
		struct strbuf shown;
		int i;

		strbuf_init(&shown);
		for (i = 0; i < args->argc; i++)
			strbuf_addf(&shown, "%s%s", i ? " " : "", args->argv[i]);
		dv_notifications_add(notes, DV_LEVEL_ERROR, display_path, 0, 0,
				     "libclang could not parse this file (error %d) with flags '%s': "
				     "check its compile flags (-p, -I, -D, --std)",
				     (int)rc, shown.buf);
		strbuf_release(&shown);
		return NULL;
	}
	report_diagnostics(tu, display_path, notes);
	return tu;
}

struct reparse_job {
	CXTranslationUnit tu;
	struct CXUnsavedFile *unsaved;
	unsigned n_unsaved;
	int rc;
};

static void reparse_on_this_thread(void *data)
{
	struct reparse_job *job = data;

	job->rc = clang_reparseTranslationUnit(job->tu, job->n_unsaved, job->unsaved,
					       clang_defaultReparseOptions(job->tu));
}

int dv_front_reparse(CXTranslationUnit tu, const char *abs_path, const char *display_path,
		     const struct dv_args *args, const struct dv_overlay *overlay,
		     struct dv_notifications *notes)
{
	struct reparse_job job;
	struct dv_outside_includes outside;
	size_t k;

	memset(&job, 0, sizeof(job));
	job.tu = tu;
	if (overlay && overlay->count) {
		job.unsaved = xcalloc(overlay->count, sizeof(*job.unsaved));
		for (k = 0; k < overlay->count; k++) {
			job.unsaved[k].Filename = overlay->files[k].path;
			job.unsaved[k].Contents = overlay->files[k].bytes;
			job.unsaved[k].Length = (unsigned long)overlay->files[k].len;
		}
		job.n_unsaved = (unsigned)overlay->count;
	}
	dv_front_on_large_stack(reparse_on_this_thread, &job);
	free(job.unsaved);
	if (job.rc != 0)
		return -1; /* libclang: the unit is now invalid, dispose and parse again */
	/* a reparse reads every include from disk again: one outside the root
	 * sends the unit back to dv_front_parse, which blanks it, before any
	 * of this parse is reported */
	memset(&outside, 0, sizeof(outside));
	k = dv_outside_includes_collect(tu, abs_path, args->confine_root, args, &outside);
	dv_outside_includes_release(&outside);
	if (k)
		return -1;
	report_diagnostics(tu, display_path, notes);
	return 0;
}
