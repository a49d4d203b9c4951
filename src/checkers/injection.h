/*
 * Internal header of the injection checker (injection.c, injection_api.c,
 * and the taint analysis of injection_taint.h).  Not used outside
 * src/checkers/injection*.c.
 *
 * The API knowledge of rules/injection.json ("api" object) is read once
 * into a struct inj_api: one struct inj_func per function name, merging
 * what the sources, propagators, sanitizers, validators and sinks
 * sections say about it, sorted by name for bsearch.  Names point into
 * the ruleset's JSON, which outlives the checker state.
 */
#ifndef DV_CHECKERS_INJECTION_H
#define DV_CHECKERS_INJECTION_H

#include <stdint.h>
#include "checkers/checker.h"
#include "engine/taint.h"

/* Rule ids are append-only; the taint lattice has room for
 * DV_TAINT_MAX_RULES of them. */
enum inj_rule { INJ_COMMAND, INJ_SQL, INJ_FORMAT, INJ_PATH, INJ_NRULES };
_Static_assert(INJ_NRULES <= DV_TAINT_MAX_RULES, "injection rules exceed the taint lattice");
#define INJ_BIT(r) DV_TAINT_RULE(r)
#define INJ_ALL_RULES DV_TAINT_FIRST_RULES(INJ_NRULES)

extern const char *const inj_rule_ids[INJ_NRULES];

enum inj_to { INJ_TO_NONE, INJ_TO_RETURN, INJ_TO_ARG, INJ_TO_OBJECT, INJ_TO_ARGS_FROM };
enum inj_exec { INJ_EXEC_NONE, INJ_EXEC_LIST, INJ_EXEC_VECTOR };
enum inj_valid_when { INJ_VALID_NONZERO, INJ_VALID_ZERO, INJ_VALID_ALWAYS };

#define INJ_MAX_ESCAPES 8

struct cJSON;

struct inj_func {
	const char *name;
	/* source: return value and/or out-arguments carry untrusted data */
	int src_return;
	uint32_t src_args;    /* bit i: what argument i points to is tainted */
	int src_args_from;    /* every argument >= this one (-1: none) */
	int src_scanf_fmt;    /* scanf-style: format index, conversions pick the args (-1) */
	/* "user_settings": rule id -> names (argument 0, a constant) whose
	 * value is the choice of the user running the program (getenv("EDITOR")
	 * names the program to run, getenv("TMPDIR") the directory to use):
	 * not untrusted for that rule.  Points into the ruleset's JSON. */
	const struct cJSON *user_settings;
	/* propagator or escaping sanitizer: `to` <- `from` */
	int prop;
	enum inj_to to;
	int to_arg;           /* INJ_TO_ARG: index; INJ_TO_ARGS_FROM: first index */
	int also_to;          /* second destination argument (realpath), -1 */
	uint32_t from_args;
	int from_all;         /* all arguments (and the object) */
	int from_object;      /* the C++ object of a member call */
	int format_arg;       /* printf-style: conversions pick the args (-1) */
	int overwrite;        /* the destination is replaced, not appended to */
	int canonical;        /* result is a canonical path (realpath) */
	unsigned sanitizes;   /* rule bits removed from the propagated value */
	unsigned n_escapes;
	char escape_conv[INJ_MAX_ESCAPES];
	unsigned escape_rules[INJ_MAX_ESCAPES];
	/* sanitizer: return value is clean (integer conversions) */
	int clean_return;
	/* validator: the tested result proves the argument safe for rules */
	int validator;
	int valid_arg;
	enum inj_valid_when valid_when;
	unsigned valid_rules;
	const char *needle;   /* the other argument must contain this text */
	int requires_canonical;
	int other_constant;   /* the other argument must be a constant string */
	/* sinks: bit i of sink_args[r]: argument i is a sink of rule r */
	uint32_t sink_args[INJ_NRULES];
	int exact_sinks;      /* sink_args are the function's own (project index) */
	enum inj_exec exec;   /* exec family (command rule) */
	/* the sink is harmless when integer argument safe_flags_arg is a
	 * constant with every bit of safe_flags_mask set (wordexp WRDE_NOCMD) */
	int safe_flags_arg;   /* -1: none */
	long long safe_flags_mask;
};

struct inj_api {
	struct inj_func *funcs; /* sorted by name */
	size_t n_funcs;
	int main_argv;
	const char **entry_points; /* fnmatch globs */
	size_t n_entry_points;
};

/* Reads rs's "injection" api; 0 or a negative dv_result with err set. */
int inj_api_load(struct inj_api *api, const struct dv_ruleset *rs, struct dv_error *err);
void inj_api_release(struct inj_api *api);
const struct inj_func *inj_api_find(const struct inj_api *api, const char *name);
int inj_api_is_entry_point(const struct inj_api *api, const char *name);

/* The rule bits for which source f's value is the user's own setting
 * when its argument 0 is the constant `name` (see user_settings). */
unsigned inj_api_setting_rules(const struct inj_func *f, const char *name);

/* Rule index of "injection/..." or -1. */
int inj_rule_index(const char *id);

/*
 * printf/scanf format parsing: for each conversion that consumes a
 * value argument, calls fn(ctx, arg_offset, conv, spec) where arg_offset
 * counts the value arguments after the format (0 = first), conv is the
 * conversion character ('s', 'd', 'q', ...) and spec points at the
 * conversion's '%' in fmt (for '*' widths too).  '*' widths consume an
 * argument with conv '*'.  scanf mode: '%*d' consumes nothing, '[' sets
 * are skipped.  Returns the number of arguments consumed.
 */
unsigned inj_format_walk(const char *fmt, int scanf_mode,
			 void (*fn)(void *ctx, unsigned arg_offset, char conv, const char *spec),
			 void *ctx);

/* The checker entry point (injection_taint.c). */
void inj_check_tu(const struct inj_api *api, struct dv_tu_ctx *tu);

#endif
