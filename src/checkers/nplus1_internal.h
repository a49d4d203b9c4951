/*
 * Private to the nplus1 checker: nplus1_api.c (API knowledge, cached
 * prepares, statement tables), nplus1.c (summaries, checking, reporting),
 * nplus1_loop.c (runs once, endless, iterates over rows, row values),
 * nplus1_retry.c (retry loops, fan-out and statement lists), nplus1_vars.c
 * (variables, sets, walking a loop's elements).
 */
#ifndef DV_NPLUS1_INTERNAL_H
#define DV_NPLUS1_INTERNAL_H

#include <clang-c/Index.h>
#include <stddef.h>
#include "engine/loops.h"
#include "rules/rules.h"

/* Ordered: the first three are "runs a round trip", stronger last. */
enum np_op {
	NP_NONE = 0,
	NP_EXECUTE,     /* executes a statement prepared elsewhere */
	NP_PREPARE,     /* prepares (and usually runs) a statement */
	NP_QUERY,       /* sends SQL text */
	NP_FETCH,       /* advances to the next row (sqlite3_step, mysql_fetch_row, SQLFetch) */
	NP_ROW_VALUE,   /* reads a value of the current row */
	NP_ROW_COUNT,   /* number of rows of a result (index loops) */
	NP_BIND_COLUMN, /* binds a buffer the fetch fills (SQLBindCol) */
	NP_EACH,        /* calls its callable argument once per element (std::for_each) */
};

struct np_func {
	const char *name;  /* exact, glob (fnmatch) or qualified "ns::Class::method" */
	enum np_op op;
	int sql;           /* argument holding the SQL text, or -1 */
	int stmt;          /* prepare: argument receiving the statement handle, or -1 */
	int arg;           /* row_value / bind_column: output argument, or -1 (return value);
			      each: the callable argument, or -1 (the last one) */
	int row;           /* fetch: the return value is the row */
	int row_callback;  /* query: argument called once per result row, or -1 */
	int conn;          /* connection / statement handle argument (default 0);
			      C++ member calls use their object */
};

struct np_api {
	struct np_func *funcs;
	size_t n_funcs;
	int report_execute;
	const char **control;  /* transaction control statements (BEGIN, COMMIT, ...) */
	size_t n_control;
	const char **copies;   /* text copies dst <- src (memcpy, strcpy, ...): a wrapper's SQL
				  buffer filled from a parameter is that parameter's text */
	size_t n_copies;
	const char **keepers;  /* calls that move a buffer and keep its text (realloc) */
	size_t n_keepers;
};

/* Nonzero when `sql` (a constant SQL text) starts with one of the
 * configured transaction control keywords: it moves no data. */
int np_is_control_statement(const struct np_api *api, const char *sql);

/* The API entry a call matches (the last matching entry, so the project
 * config overrides shipped knowledge), or NULL. */
const struct np_func *np_classify(const struct np_api *api, CXCursor call);

/* Facts about one loop of one function, computed on demand. */
struct np_loopfacts {
	int computed;
	int runs_once;         /* constant trip count of at most 1 */
	int endless;           /* no edge leaves the loop: an event or server loop */
	CXCursor row_driver;   /* fetch / row-count call that drives the loop, or null */
	char *result_var;      /* USR of the C++ result object the loop iterates, or NULL */
	char **tainted;        /* USRs of variables holding values of the current row */
	size_t n_tainted, tainted_alloc;
	int taint_done;
};

/* What the checker knows about a query call in the function under check. */
struct np_query {
	CXCursor call;
	enum np_op op;
	const struct np_func *direct; /* API entry, or NULL for a wrapper */
};

struct np_fnctx {
	const struct np_api *api;
	const struct dv_cfg *cfg;
	struct dv_loopnest *ln;
	CXCursor body;
	struct np_loopfacts *facts;   /* per loop */
	struct np_query *queries;     /* every query call of the function */
	size_t n_queries;
	int (*is_query_call)(void *ctx, CXCursor call); /* wrappers included */
	void *query_ctx;
};

void np_loopfacts_compute(struct np_fnctx *f, unsigned loop);
void np_loopfacts_release(struct np_loopfacts *lf);
/* Nonzero when the loop repeats the same queries until one of them gives a
 * result it stops on (a retry or poll, not one query per element). */
int np_loop_is_retry(struct np_fnctx *f, unsigned loop);
/* Nonzero when `e` (a query's connection or SQL text) is read from the
 * data the loop iterates over: it mentions a variable that changes per
 * iteration, and every change of those variables is a plain read (an
 * element, a field, a getter) — no text built with a literal, no value
 * written by a call.  A query whose connection is each element's (fan-out
 * over servers) or whose SQL is each element's (a list of statements) is
 * not the same query repeated.  Writes made by the call `except` (may be
 * null) are not changes: a prepare fills its own handle. */
int np_from_iterated_data(struct np_fnctx *f, unsigned loop, CXCursor e, CXCursor except);
/* Nonzero when an argument of `call` (or its object) holds a value read
 * from the current row of row loop `loop`; *read gets the row read. */
int np_call_uses_row(struct np_fnctx *f, unsigned loop, CXCursor call);

/* Same node (kind and extent), whatever path reached it. */
int np_same_cursor(CXCursor a, CXCursor b);
/* USR of the variable an lvalue-ish expression is rooted in (x, x[i],
 * x.f, x->f, *x, &x), or NULL.  Caller frees. */
char *np_base_var(CXCursor e);
/* Nonzero when the expression (subtree) mentions variable `usr`. */
int np_mentions(CXCursor e, const char *usr);

/* Nonzero when every path from `c` ends in `return <negative constant>`
 * (or never returns): the call happens only when the function fails. */
int np_only_on_error_paths(const struct dv_cfg *cfg, CXCursor c);

/* ---- nplus1_api.c ---- */

/* "ns::Class::method" of a declaration (caller frees). */
char *np_qualified_name(CXCursor d);
/* Reads the merged "nplus1" API section (errors name the field). */
int np_api_load(const struct dv_ruleset *rules, struct np_api *api, struct dv_error *err);
/* A prepare whose handle outlives the call (static, global, field) and
 * that only runs when a test of that handle says so: prepares once. */
int np_prepare_is_cached(const struct np_func *f, CXCursor call, CXCursor body);

/* ---- nplus1_vars.c ---- */

struct np_varset {
	char **v; /* USRs, owned */
	size_t n, alloc;
};
int np_set_has(const struct np_varset *s, const char *usr);
/* Takes ownership of usr (may be NULL); returns 1 when it was new. */
int np_set_add(struct np_varset *s, char *usr);
void np_set_release(struct np_varset *s);
/* Mentions a variable of the set (lambda bodies skipped). */
int np_mentions_any(CXCursor e, const struct np_varset *set);

/* USR of a VarDecl / ParmDecl, or NULL.  Caller frees. */
char *np_decl_usr(CXCursor d);
/* The initialiser of a VarDecl, or a null cursor. */
CXCursor np_var_init(CXCursor d);
int np_is_assignment(CXCursor c);   /* = and compound assignments */
int np_is_incdec(CXCursor c);
int np_is_address_of(CXCursor e);
int np_is_text_buffer(CXType t);    /* writable char array / pointer */
int np_has_literal(CXCursor e);     /* a string literal in the subtree */
int np_contains_cursor(CXCursor e, CXCursor want);

typedef void (*np_node_fn)(struct np_fnctx *f, CXCursor c, void *data);
/* Calls fn on every cursor the loop's CFG elements evaluate (the whole
 * body when loop == DV_LOOP_NONE), lambda bodies skipped. */
void np_walk_loop(struct np_fnctx *f, unsigned loop, np_node_fn fn, void *data);

/* Variables a loop changes: assigned, incremented, declared with a
 * non-constant value, passed by address, text buffers passed to calls. */
struct np_modified {
	struct np_varset set;
};
void np_collect_modified(struct np_fnctx *f, CXCursor c, void *data); /* np_node_fn */

/* The text a buffer holds when the query `use` reads it: the source of
 * the one text copy into that buffer (memcpy(w->buf, sql, n) before
 * mysql_query(w->conn, w->buf)), when nothing else writes into it in
 * `body`; else a null cursor.  A wrapper that copies its SQL parameter
 * into a work buffer still runs the caller's statement. */
CXCursor np_copied_text(const struct np_api *api, CXCursor body, CXCursor text, CXCursor use);

#endif
