/*
 * Internal header of the injection checker's taint analysis, shared by
 * the files below and not used outside src/checkers/injection*.c.
 *
 * Lattice: per function, a map from a storage key to a taint value, plus
 * a set of alias pairs.  A key is the canonical declaration of a
 * variable or parameter, or (object key, field declaration) for a struct
 * field: `s.f` and `p->f` are keys of their own, reading one also sees
 * whole-object writes to `s` / `p` (fgets(&s), read(fd, &s, n)), and
 * reading `s` sees its fields.  Pointees are not told apart from their
 * pointer (`*p`, `p[i]` use the key of `p`), nor array elements; `p =
 * buf` makes an alias pair, and writes through either reach both.
 *
 * A taint value is a lattice value of the engine (engine/taint.h: rule
 * bits, "unknown" for a non-constant string of unknown origin such as a
 * global, an unknown function's result or a parameter beyond the 16th,
 * per-parameter dependence for summaries, and the marks below) plus the
 * source and a short chain of propagation steps (code flow).
 * Join is union; absent keys are "constant" for locals and "unknown" for
 * everything else.
 *
 * Summaries, computed bottom-up over the TU call graph: the return
 * value's taint and parameter dependence, parameters reaching a sink of a
 * rule (reported at the sink, once, with the call site as a step), and taint written through
 * pointer parameters.  Findings are reported only during the replay of a
 * complete solution; functions in a recursive SCC are reported in a last
 * pass, once the SCC's summaries are stable.  A function whose analysis
 * failed is one coverage gap and, for its callers, an unknown function
 * that passes its arguments on (fail closed: never a clean summary).
 */
#ifndef DV_CHECKERS_INJECTION_TAINT_H
#define DV_CHECKERS_INJECTION_TAINT_H

#include "checkers/injection.h"
#include "engine/callgraph.h"
#include "engine/dataflow.h"
#include "engine/taint.h"
#include "front/ast.h"

/* marks of a taint value: a canonical path (realpath's result) */
#define INJ_CANON 0x1u
/* the value was combined with other text (a format, a concatenation):
 * a command-line argument placed inside a path the program chose */
#define INJ_JOINED 0x2u
/* built at run time by a format whose output holds a '%' ("%%%d$s"):
 * a format made from an integer is not a constant format */
#define INJ_BUILT 0x4u
#define INJ_MAX_STEPS 6
#define INJ_MAX_PARAMS DV_TAINT_MAX_PARAMS
#define INJ_MAX_VISITS 200
#define INJ_SCC_ROUNDS 8
#define INJ_GLOBAL_ROUNDS 4

enum inj_step_kind {
	STEP_ASSIGN,    /* cursor: VarDecl or assignment operator */
	STEP_PROPAGATE, /* cursor: call of a string function */
	STEP_RETURN,    /* cursor: call of a TU function returning the value */
	STEP_OUT_PARAM, /* cursor: call of a TU function writing it through a pointer */
};

/* ORIGIN_SHARED: a global other files store untrusted data into (the
 * project index), origin its declaration here */
enum inj_origin_kind { ORIGIN_NONE, ORIGIN_CALL, ORIGIN_ARGV, ORIGIN_ENTRY, ORIGIN_SHARED };

struct inj_step {
	CXCursor cursor;
	int kind;
};

struct inj_tval {
	struct dv_taint t;
	int origin_kind;
	unsigned n_steps;
	CXCursor origin;
	struct inj_step steps[INJ_MAX_STEPS];
};

struct inj_entry {
	unsigned key;
	int own; /* a field's value stands alone: its ancestors are not joined in */
	struct inj_tval v;
};

struct inj_alias {
	unsigned a, b; /* a < b */
};

struct inj_state {
	struct inj_entry *e;
	size_t n, alloc;
	struct inj_alias *al;
	size_t n_al, al_alloc;
};

struct inj_keyinfo {
	CXCursor decl;
	long parent;    /* a field's key: the key of the object it belongs to; else -1 */
	int local;      /* automatic variable of the function: absent means constant */
	int array;      /* a local array: an overwrite replaces its contents */
	int const_init; /* a const global whose initialiser is made of literals */
	int pointer;
	long gslot;     /* a tracked global: index into ctx->globals (else -1) */
};

struct inj_anchor {
	int rule;
	CXCursor at;
};

/* The TU-wide value of a tracked global (injection_globals.c). */
struct inj_global {
	struct inj_tval v;
	CXCursor decl;    /* canonical declaration */
	int shared;       /* external linkage, address not taken: other files' stores (index) */
};

struct inj_param_sink {
	int set;
	int joined;       /* the parameter was combined with other text on the way */
	CXCursor at;      /* the innermost sink call */
	const char *name; /* its function name (points into the api) */
	CXCursor hop;     /* the call of a TU function it passes through first, or null */
	const char *hop_name;
};

/* A summary while it is collected (the replay of one function's
 * solution): dense, one at a time. */
struct inj_summary_draft {
	struct inj_tval ret;
	int has_ret;
	unsigned n_params;
	struct inj_param_sink sinks[INJ_MAX_PARAMS][INJ_NRULES];
	uint32_t out_mask;
	struct inj_tval out[INJ_MAX_PARAMS];
	/* every return of a value other than 0 is reached with parameter p
	 * clean for valid[p] (a validator written by the project) */
	int valid_seen;
	dv_taint_rules valid[INJ_MAX_PARAMS];
	/* the same for the returns that may be 0 (a validator that returns 0
	 * for "valid" and an error code otherwise) */
	int valid_zero_seen;
	dv_taint_rules valid_zero[INJ_MAX_PARAMS];
	/* parameters whose pointee was replaced on every return seen */
	int kills_seen;
	uint32_t kills;
};

/* A parameter reaching a sink of a rule, as a stored summary keeps it. */
struct inj_sum_sink {
	unsigned char param, rule;
	struct inj_param_sink sink;
};

/* A stored summary, one per call-graph function.  Sparse: a TU may hold
 * a million functions, most with no sink, no out-parameter and a return
 * value that is clean or short, so only what is there is allocated (a
 * dense summary took 8 KB per function).  Read it through
 * inj_summary_ret/out/sinks. */
struct inj_summary {
	unsigned char done;
	/* The analysis of the function failed (its CFG is incomplete or its
	 * solution did not converge): fail closed, callers treat it like an
	 * unknown function that passes its arguments on (see
	 * inj_eval_unknown_callee, inj_write_unknown_callee), never as clean. */
	unsigned char unknown;
	unsigned char has_ret;
	unsigned char n_params;
	uint32_t out_mask;
	/* a validator: a nonzero result proves parameter p clean for the
	 * rules in bits 4p..4p+3 (see inj_summary_valid) */
	uint64_t valid;
	uint64_t valid_zero; /* the same for a zero result */
	/* bit p: what parameter p points to is replaced (vsnprintf into it)
	 * on every return, so its old content dies in the caller */
	uint32_t kills;
	unsigned n_sinks;
	struct inj_tval *ret;         /* has_ret and not clean: its value, steps trimmed */
	struct inj_tval *out;         /* one per bit of out_mask, lowest parameter first */
	struct inj_sum_sink *sinks;   /* ordered by rule, then parameter */
};

/* The return value of a summary (clean when it has none stored). */
void inj_summary_ret(const struct inj_summary *sum, struct inj_tval *out);
/* The rules for which a nonzero (zero_result: a zero) result proves
 * parameter p clean. */
unsigned inj_summary_valid(const struct inj_summary *sum, unsigned p, int zero_result);
/* What the function writes through parameter p (out_mask has bit p). */
void inj_summary_out(const struct inj_summary *sum, unsigned p, struct inj_tval *out);

struct inj_ctx {
	const struct inj_api *api;
	struct dv_tu_ctx *tu;
	struct dv_callgraph *cg;
	struct inj_summary *sums; /* per call-graph function */
	/* interned keys */
	struct inj_keyinfo *keys;
	size_t n_keys, keys_alloc;
	unsigned *table; /* open addressing: key id + 1, 0 = empty */
	size_t table_size;
	/* the function being analysed */
	unsigned fn;
	const struct dv_cfg *cfg;
	CXCursor func;
	unsigned n_params;
	CXCursor params[INJ_MAX_PARAMS];
	unsigned param_keys[INJ_MAX_PARAMS];
	int wrapper; /* variadic or takes a va_list */
	uint32_t params_assigned; /* parameters given a new value (`s = ...`) somewhere */
	int is_main, is_entry;
	/* replay modes */
	struct inj_summary_draft *collect; /* summary being collected, or NULL */
	int report;
	/* Non-constant formats whose only origin is a parameter are judged
	 * once every caller in the TU is known (see inj_resolve_format_warnings). */
	struct inj_format_warning *warnings;
	size_t n_warnings, warnings_alloc;
	struct inj_param_use *uses;
	size_t n_uses, uses_alloc;
	/* what the declarations of callees outside the TU teach (format and
	 * format_arg attributes), per callee name; see inj_attr_api */
	struct inj_attr_func **attr_funcs;
	size_t n_attr_funcs, attr_funcs_alloc;
	/* globals across functions (injection_globals.c) */
	struct inj_global *globals;
	size_t n_globals, globals_alloc;
	int globals_changed;
	CXCursor *addr_taken;
	size_t n_addr_taken;
	/* validation written as code in the function (injection_validate.c) */
	struct inj_guard *guards;
	size_t n_guards, guards_alloc;
	/* calls passing parameters on to functions of other files, for the
	 * project index (inj_record_forwards) */
	struct inj_forward *forwards;
	size_t n_forwards, forwards_alloc;
	/* sinks inside TU functions already reported (once per sink) */
	struct inj_anchor *anchored;
	size_t n_anchored, anchored_alloc;
};

/* Validation written as code (injection_validate.c): at the FALSE edge of
 * the loop condition `extent` (LOOP_EXIT), `key` is clean for `rules`;
 * the assignment at `extent` (COPY) copies a character clean for `rules`. */
enum inj_guard_kind { INJ_GUARD_LOOP_EXIT, INJ_GUARD_COPY };

struct inj_guard {
	int kind;
	CXSourceRange extent;
	long key;
	unsigned rules;
};

struct inj_attr_func {
	char *name;
	char *key; /* the fact keys of the call's targets, "\n"-joined (cache key) */
	int found;
	struct inj_func f;
};

/*
 * API knowledge a callee's declaration carries when no API entry names
 * it and the TU does not define it: `format(printf, N, M)` makes
 * parameter N a format sink (and, for a function returning a string,
 * its result the formatted text), `format_arg(N)` makes the result as
 * constant or tainted as argument N (gettext-like).  NULL when the
 * declaration teaches nothing.  Cached in ctx, released with
 * inj_attr_funcs_release.
 */
const struct inj_func *inj_attr_api(struct inj_ctx *ctx, CXCursor call, const char *name);
void inj_attr_funcs_release(struct inj_ctx *ctx);
/* Writes the TU's summaries worth knowing elsewhere to ctx->tu->exports. */
void inj_export_summaries(const struct inj_ctx *ctx);

/* Function fn passes its parameter param on as argument arg of callee, a
 * function the TU declares but does not define; or (passes) gives
 * argument arg of callee a value of its own: tainted under `rules`,
 * non-constant (`nonconst`), at line `line` (DV_EXPORT_PASSES); or
 * (passes 2) stores such a value into the global named `callee`
 * (DV_EXPORT_STORES). */
struct inj_forward {
	unsigned fn, param, arg;
	char *callee;
	int passes, nonconst, line;
	unsigned rules;
};
/* During the report pass, when exports are collected: the parameters
 * `call` (of a function neither the API nor the TU knows) passes on. */
void inj_record_forwards(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call);
/* During the report pass, when exports are collected: a store of v into
 * `global`, a variable other files share (DV_EXPORT_STORES). */
void inj_record_store(struct inj_ctx *ctx, CXCursor global, const struct inj_tval *v);
void inj_forwards_release(struct inj_ctx *ctx);

/* A printf-family call whose format depends on parameters of `fn`. */
struct inj_format_warning {
	CXCursor call;
	const char *name;
	unsigned fn;
	dv_taint_params params; /* the parameters it depends on */
};

/* At a call of TU function `callee`, its parameter `param` receives a
 * value that is non-constant (`nonconst`) or depends on the caller's
 * parameters `caller_params` (under the format rule). */
struct inj_param_use {
	unsigned callee, param, caller;
	int nonconst;
	dv_taint_params caller_params;
};

/*
 * injection_keys.c: storage keys.  Keys are indices into ctx->keys, valid
 * for the whole TU.
 */

/* The key of a variable or parameter declaration (any redeclaration). */
unsigned inj_intern_key(struct inj_ctx *ctx, CXCursor decl);
/* The outermost object a field key belongs to (the key itself if none). */
unsigned inj_key_root(const struct inj_ctx *ctx, unsigned key);
/* Nonzero when `key` is a field, at any depth, of the object keyed `anc`. */
int inj_key_inside(const struct inj_ctx *ctx, unsigned key, unsigned anc);
/* The key of the storage an lvalue-ish expression designates, or -1;
 * *direct (may be NULL) says whether it names that storage itself (`x`,
 * `&x`, `s.f`) so that an overwrite may replace it. */
long inj_base_key(struct inj_ctx *ctx, CXCursor e, int *direct);

/*
 * injection_state.c: values and states.  States are created by the
 * lattice callbacks and freed by inj_lat_free; a pointer from
 * inj_state_slot is valid until the next insertion into that state.
 */

void inj_tval_clean(struct inj_tval *v);
void inj_tval_unknown(struct inj_tval *v);
/* Appends a propagation step to a tainted value (no-op when untainted). */
void inj_tval_add_step(struct inj_tval *v, CXCursor c, int kind);
/* dst |= src; nonzero when dst's lattice value changed. */
int inj_tval_join(struct inj_tval *dst, const struct inj_tval *src);
void inj_tval_sanitize(struct inj_tval *v, unsigned rules);
/* Index of key in s->e, or -(insertion point + 1). */
long inj_state_find(const struct inj_state *s, unsigned key);
/* What reading the object `key` sees (its entry, enclosing objects, fields). */
void inj_state_read(const struct inj_ctx *ctx, const struct inj_state *s, unsigned key,
		    struct inj_tval *out);
/* After a whole-object write: the fields of `key` read through it again. */
void inj_reset_fields(const struct inj_ctx *ctx, struct inj_state *s, unsigned key);
/* The stored value of key, created from its default when absent. */
struct inj_tval *inj_state_slot(const struct inj_ctx *ctx, struct inj_state *s, unsigned key);
/* Records that a and b share storage; nonzero when the pair is new. */
int inj_state_add_alias(struct inj_state *s, unsigned a, unsigned b);
void inj_state_drop_aliases(struct inj_state *s, unsigned key);
/* struct dv_lattice callbacks (ctx is the struct inj_ctx). */
void *inj_lat_entry(void *vctx);
void *inj_lat_copy(void *vctx, const void *s);
void inj_lat_free(void *vctx, void *s);
int inj_lat_join(void *vctx, void *vdst, const void *vsrc);

/* injection_eval.c: the taint value of an expression. */

/* The API knowledge for a call named `name`, or NULL (see the definition
 * for which callees count). */
const struct inj_func *inj_api_for_call(struct inj_ctx *ctx, CXCursor call,
					const char *name);
/* The value of expression e in state s (depth bounds the recursion). */
void inj_eval(struct inj_ctx *ctx, const struct inj_state *s, CXCursor e, struct inj_tval *out,
	      unsigned depth);
/* The value a propagator or escaping sanitizer `f` copies to its destination. */
void inj_eval_flow(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
		   const struct inj_func *f, struct inj_tval *out, unsigned depth);
/* The result of a call to a TU function whose analysis failed: unknown,
 * and tainted by what its non-numeric arguments (and object) carry. */
void inj_eval_unknown_callee(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			     struct inj_tval *out, unsigned depth);
/* Joins into out the arguments of a call to a TU function, each seen
 * through the callee's dependence dep[p] on its parameter p. */
void inj_compose_params(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			const dv_taint_rules *dep, unsigned n_params, struct inj_tval *out,
			unsigned depth);

/* injection_write.c: writes into a state. */

/* Strong update of `key`; its fields read through it again. */
void inj_state_set(struct inj_ctx *ctx, struct inj_state *s, unsigned key,
		   const struct inj_tval *v);
/* Joins v into what shares storage with key's object. */
void inj_write_aliases(struct inj_ctx *ctx, struct inj_state *s, unsigned key,
		       const struct inj_tval *v);
/* Writes v into what `dst` designates (replacing a directly named local
 * when `overwrite`, else joining) and into its aliases. */
void inj_write_to(struct inj_ctx *ctx, struct inj_state *s, CXCursor dst,
		  const struct inj_tval *v, int overwrite);
/* A call to a TU function `callee` whose analysis failed: what its
 * non-numeric arguments carry may be written through each parameter that
 * points to (or refers to) non-const storage. */
void inj_write_unknown_callee(struct inj_ctx *ctx, struct inj_state *s, CXCursor call,
			      unsigned callee);
/* A call to a function neither the API nor the TU knows that is given a
 * buffer to fill: a `char *` with its size (a size_t parameter, or
 * `sizeof` of that buffer) or a first `char *` parameter named like a
 * destination (dst, out, buf...).  The buffer is rewritten: its old
 * taint dies, and its new content carries what the other arguments do.
 * Nonzero when the call was one. */
int inj_write_external_callee(struct inj_ctx *ctx, struct inj_state *s, CXCursor call);
/* Removes `rules` from what e designates, its fields and its aliases. */
void inj_clean_key(struct inj_ctx *ctx, struct inj_state *s, CXCursor e, unsigned rules);
void inj_clean_key_id(struct inj_ctx *ctx, struct inj_state *s, unsigned key, unsigned rules);
/* `p = buf`, `p = &x`, `p = buf + n`: records the alias of key and rhs. */
void inj_maybe_alias(struct inj_ctx *ctx, struct inj_state *s, unsigned key, CXCursor rhs);

/* injection_validate.c: validation written as code. */

/* Records the validation loops and filter copies of `func` in ctx->guards. */
void inj_scan_validation(struct inj_ctx *ctx, CXCursor func);
/* The guard of `kind` recorded at (the extent of) `at`, or NULL. */
const struct inj_guard *inj_guard_at(const struct inj_ctx *ctx, int kind, CXCursor at);
/* Does e designate a whole string (not `f + n`, `&s[n]`): a test of it
 * says something about all of its text? */
int inj_whole_string(CXCursor e);

/* injection_report.c: findings. */

/* Reports rule r at `call`: v reached `sink_name` directly; or at the
 * sink `inner` (ps->name) inside `via` (a TU function) that `call`
 * passes it to, once per sink. */
void inj_report_taint(struct inj_ctx *ctx, int r, CXCursor call, const char *sink_name,
		      const struct inj_tval *v, const char *via, CXCursor inner,
		      const struct inj_param_sink *ps);
/* Was the sink `at` inside a TU function reported for rule r (through a
 * caller passing tainted data)? */
int inj_sink_anchored(const struct inj_ctx *ctx, int r, CXCursor at);
/* The warning-level "format is not a constant string"; nonzero when made. */
void inj_report_callers_taint(struct inj_ctx *ctx, CXCursor call, const char *name,
			      const char *fn, const struct dv_export *t);
int inj_report_nonconstant_format(struct inj_ctx *ctx, CXCursor call, const char *name);

/* injection_sinks.c: sink checks at a call (during collection or report). */

/* Numbers are never commands, queries, formats or paths. */
int inj_is_scalar_valued(CXCursor e);
int inj_takes_va_list(CXCursor func);
void inj_check_api_sinks(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			 const struct inj_func *f, const char *name);
/* Arguments of a call to a TU function reaching a sink inside it. */
void inj_check_summary_sinks(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			     const struct inj_summary *sum, const char *callee_name);

/* injection_transfer.c: struct dv_lattice transfer and branch callbacks. */

void inj_lat_transfer(void *vctx, void *vs, const struct dv_event *ev);
void inj_lat_branch(void *vctx, void *vs, const struct dv_branch *br);

/* injection_globals.c: file-scope and static variables across functions. */

/* Scans the TU (address-taken globals); nonzero when some function
 * refers to a project global, so that the values need summary rounds. */
int inj_globals_prepare(struct inj_ctx *ctx);
/* The tracked-global slot for a new variable key, or -1. */
long inj_global_slot(struct inj_ctx *ctx, CXCursor decl);
/* During a replay: v was stored into (what aliases) `key`. */
void inj_global_note(struct inj_ctx *ctx, unsigned key, const struct inj_tval *v);
/* After a call to a TU function: globals read their TU-wide value again. */
void inj_globals_forget(struct inj_ctx *ctx, struct inj_state *s);
/* Rounds did not converge: every tracked global becomes unknown too. */
void inj_globals_widen(struct inj_ctx *ctx);
void inj_globals_release(struct inj_ctx *ctx);

/* injection_callers.c: format parameters judged by every caller. */

/* Report pass: records what a call of TU function `callee` passes. */
void inj_record_param_uses(struct inj_ctx *ctx, const struct inj_state *s, CXCursor call,
			   unsigned callee);
/* After every function was reported: the deferred format warnings. */
void inj_resolve_format_warnings(struct inj_ctx *ctx);

#endif
