/*
 * The permission checker family (rules/permission.json): privileged
 * operations no authorization check guards, authorization results that
 * guard nothing, destructive operations for a human to confirm, and
 * privileges dropped unchecked or in the wrong order.
 *
 * permission_api.c reads the family's API knowledge into struct perm_api
 * (read-only after init, shared by threads); permission.c analyses a
 * translation unit.  Function names in the API are fnmatch patterns.
 */
#ifndef DV_PERMISSION_H
#define DV_PERMISSION_H

#include "checkers/checker.h"
#include "engine/dom.h"

/* The build defines it too; this keeps the header self-contained for
 * tools that parse it with other flags (diffvet's self-scan). */
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#define PERM_FAMILY "permission"

enum perm_arg_kind {
	PERM_ARG_NONE, /* privileged whatever its arguments (setuid, mount) */
	PERM_ARG_PATH, /* privileged unless the path is constant or housekeeping */
	PERM_ARG_FD,   /* privileged unless the descriptor was opened here */
	PERM_ARG_PID,  /* privileged unless the pid is constant or our own */
};

struct perm_op {
	const char *function;
	enum perm_arg_kind kind;
	int arg;
};

struct perm_check {
	const char *function;
	int any;                 /* convention unknown: any decisive test counts */
	enum dv_check_pass pass;
};

struct perm_func_arg {
	const char *function;
	int arg;
};

struct perm_api {
	struct perm_op *ops;
	size_t n_ops;
	const char **own_ops;        /* the project's privileged functions (patterns) */
	size_t n_own_ops;
	struct perm_func_arg *sql;   /* SQL execution: the argument holding the text */
	size_t n_sql;
	struct perm_check *checks;
	size_t n_checks;
	const char **noreturn_checks; /* checks that do not return on failure */
	size_t n_noreturn_checks;
	const char **entry_points;
	size_t n_entry_points;
	struct perm_func_arg *creators; /* calls that create the file named by arg */
	size_t n_creators;
	struct perm_func_arg *shell;    /* command interpreters: the command argument */
	size_t n_shell;
	const char **exec;              /* execl-style: argument list of strings */
	size_t n_exec;
	struct perm_func_arg *exec_argv; /* execv-style: the argv array argument */
	size_t n_exec_argv;
	struct perm_func_arg *walkers;  /* tree walks: the callback argument */
	size_t n_walkers;
	const char **removers;
	size_t n_removers;
	const char **uid_setters, **gid_setters;
	size_t n_uid_setters, n_gid_setters;
	const char **views;             /* fdopen, fileno, dup: the same file as argument 0 */
	size_t n_views;
	const char **account_ids;       /* "passwd.pw_uid": the ids of a user's account */
	size_t n_account_ids;
	pcre2_code **destructive_commands; /* on shell text */
	size_t n_destructive_commands;
	pcre2_code **destructive_sql;      /* on SQL text */
	size_t n_destructive_sql;
};

int perm_api_load(struct perm_api *api, const struct dv_ruleset *rs, struct dv_error *err);
void perm_api_release(struct perm_api *api);

/* Lookups by callee name (NULL when none matches). */
const struct perm_op *perm_find_op(const struct perm_api *api, const char *name);
const struct perm_check *perm_find_check(const struct perm_api *api, const char *name);
const struct perm_func_arg *perm_find_arg(const struct perm_func_arg *list, size_t n,
					  const char *name);
int perm_name_matches(const char *const *patterns, size_t n, const char *name);
/* Nonzero when some regex matches `text`. */
int perm_text_matches(pcre2_code *const *res, size_t n, const char *text);
/* The SQL statement kind that makes `sql` privileged ("DELETE", "DROP",
 * "UPDATE without WHERE", ...), or NULL. */
const char *perm_sql_privileged(const char *sql);

void perm_check_tu(const struct perm_api *api, struct dv_tu_ctx *tu);

#endif
