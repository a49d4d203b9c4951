/*
 * Missing logging on error paths: shared between logging.c (API
 * knowledge, logger recognition, the checker entry point and the
 * syntactic rules) and logging_paths.c (the error-path analysis of one
 * function).
 *
 * Model.  A failure test is a TRUE/FALSE edge whose condition tests the
 * result of a call that can fail (a system/library function, or a
 * function of this TU whose summary says it fails silently) in the
 * failing direction of its convention (`< 0`, `== -1`, `== NULL`,
 * `!= 0` for zero-success functions, `!= *_OK`).  From that edge an
 * error-path token follows the paths forward.  The token is dropped when
 * the path leaves the failing branch by falling through (the failure
 * was handled, retried or ignored: not an error return), unless the
 * branch committed to failing (a goto out of the branch, or the store of
 * an error constant into a local).  A logging call, an error recorded
 * for the caller (errno, an error out-parameter, an error-recording
 * call) marks the token traced.  A return of an error value or a
 * process exit with failure status reached by an untraced token is a
 * silent error return, unless the value propagates a detailed error:
 * the callee's own code unchanged, errno (-errno, or -1/NULL right after
 * a function that sets errno).
 *
 * Ownership: lg_spec_load returns a spec freed with lg_spec_free; its
 * strings point into the ruleset, which must outlive it.
 */
#ifndef DV_LOGGING_H
#define DV_LOGGING_H

#include "front/ast.h"
#include "checkers/checker.h"
#include "engine/cursor_memo.h"

#include <stddef.h>

struct lg_names {
	const char **v;
	size_t n;
};

struct lg_stream_fn {
	const char *name;
	int arg; /* index of the FILE * / descriptor argument */
};

struct lg_spec {
	struct lg_names loggers;       /* logging function names / globs */
	struct lg_names logger_macros; /* macro names / globs whose expansion logs */
	struct lg_names streams;       /* stream expressions that are a log (stderr) */
	struct lg_stream_fn *stream_fns; /* fprintf-like: log when the stream is one of streams */
	size_t n_stream_fns;
	struct lg_names recorders;     /* functions that record an error for the caller */
	struct lg_names alloc;         /* allocation functions (NULL = out of memory) */
	struct lg_names null_on_failure; /* library functions returning NULL on failure */
	struct lg_names zero_success;  /* library functions returning nonzero on failure */
	struct lg_names no_errno;      /* library functions that do not set errno on failure */
	struct lg_names non_failing;   /* functions whose results are never failures (strcmp) */
	struct lg_names success_constants; /* SQLITE_OK, PGRES_*_OK */
	struct lg_names error_constants;   /* enum constants that mean failure */
	struct lg_names must_check;    /* unchecked-result */
	struct lg_names check_after_write; /* fclose: must be checked when the stream was written */
	struct lg_stream_fn *writes;   /* stream writes for check_after_write */
	size_t n_writes;
	struct lg_names exits;         /* process exit functions (exit, abort) */
	int allocation_failures;       /* report out-of-memory paths (off by default) */
	int unknown_callees_log;       /* functions not in this TU are assumed to log */
	int specific_codes_detailed;   /* -EIO, ERR_IO: a specific code is a detailed error */
};

/* What a function of the TU does, computed bottom-up. */
struct lg_summary {
	int logs_always;   /* every path that returns passes a logging call */
	int fails_neg;     /* has an error return of a negative value */
	int fails_null;    /* has an error return of NULL */
	int fails_false;   /* has an error return of false / 0 from a bool function */
	int returns_positive; /* some return of a positive constant (not zero-success) */
	int fails_silently;   /* some error return is not traced */
	int errno_failure;    /* its silent failures leave errno set */
};

/* A candidate finding (reported after the call-graph suppression). */
enum lg_cand_kind { LG_SILENT_RETURN, LG_SILENT_EXIT, LG_SWALLOWED };
struct lg_cand {
	enum lg_cand_kind kind;
	CXCursor site;   /* return statement, exit call, or the test */
	CXCursor call;   /* failed call */
	CXCursor test;   /* condition that detected the failure */
	unsigned fn;     /* function index in the call graph */
};

/* Outcome of a call site of a TU function, for "all callers log". */
struct lg_site {
	CXCursor call;
	unsigned callee;
	int handled;   /* failure tested and traced / propagated / fallback */
	int unhandled; /* reached a silent error return */
};

struct lg_tu {
	const struct lg_spec *spec;
	struct dv_tu_ctx *tu;
	struct lg_summary *sums;
	struct lg_cand *cands;
	size_t n_cands, cands_alloc;
	struct lg_site *sites;
	size_t n_sites, sites_alloc;
	struct dv_ast_errors errors; /* compile errors in the main file */
	unsigned char *early; /* per function: LG_EARLY_* (collected in the bottom-up pass) */
	struct dv_cursor_memo *printers; /* declaration -> has a printf format attribute */
};

/* A function that is not recursive is analysed once: in the bottom-up
 * pass its callees' summaries are already final, so that pass collects
 * its candidates (LG_COLLECT_EARLY) and the reporting loop only records
 * the coverage gap it deferred, in the reporting loop's order. */
enum { LG_EARLY_NO = 0, LG_EARLY_DONE = 1, LG_EARLY_UNCONVERGED = 2 };
#define LG_COLLECT_EARLY 2
#define LG_UNCONVERGED_REASON "the error-path analysis did not converge within its budget"
/* Nonzero when re-analysing the recursive functions changes no summary
 * (t->sums is left as it was): the early candidates stand. */
int lg_summaries_settled(struct lg_tu *t);
/* Drops the early candidates and sites: every function is analysed again. */
void lg_forget_early(struct lg_tu *t);
/* Sorts t->cands by function, keeping the order within a function. */
void lg_sort_cands(struct lg_tu *t);

int lg_spec_load(const struct dv_ruleset *rules, struct lg_spec **out, struct dv_error *err);
void lg_spec_free(struct lg_spec *spec);

/* name matches one of the patterns (util/glob.h), whole or after its last ':' */
int lg_names_match(const struct lg_names *n, const char *name);

/* Nonzero when the call logs (logging function, fprintf to a log stream,
 * a logging macro's expansion, a printf-format function, or a TU
 * function that logs on every path). */
int lg_call_logs(const struct lg_tu *t, CXCursor call, const char *callee);
/* Nonzero when the expression is a log stream (stderr), also when it is
 * written inside a macro's body. */
int lg_is_stream(const struct lg_spec *spec, CXCursor e);
/* Nonzero when the cursor comes from the expansion of a logging macro
 * (its level test included: `VLOG_ERR(...)` is a logging statement). */
int lg_in_logging_macro(const struct lg_tu *t, CXCursor c);
/* Nonzero when the call records an error for the caller. */
int lg_call_records(const struct lg_tu *t, CXCursor call, const char *callee);

/* Analyses function `fn`: fills its summary; with `collect`, appends
 * candidates and call-site outcomes to t.  With LG_COLLECT_EARLY it
 * collects only when the CFG is complete, records no coverage gap and
 * sets t->early[fn] instead.  Returns nonzero when the summary changed. */
int lg_analyze_function(struct lg_tu *t, unsigned fn, int collect);

/* The name an expression is written with: the macro it was expanded
 * from (`errno`, `SQLITE_DONE`, `stderr`), a referenced declaration's
 * name, else its source text.  Caller frees. */
char *lg_spelled_name(CXCursor e);

/* logging_catch.c: the catch blocks of a function (C++). */
void lg_check_catches(struct lg_tu *t, CXCursor func);

/* Nonzero when the cursor's source holds a word (an identifier, keyword
 * or literal): `{ Debug(("...")); }` whose macro expanded to nothing was
 * still written to handle the case. */
int lg_extent_has_tokens(CXTranslationUnit tu, CXCursor c);

/* Nonzero when a text span of the main file holds a comment. */
int lg_extent_has_comment(CXTranslationUnit tu, CXCursor c);

#endif
