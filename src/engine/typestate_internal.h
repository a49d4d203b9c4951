/*
 * Private to src/engine/typestate_*.c: the loaded spec, the lattice state,
 * the per-TU and per-function contexts, and the functions the files of
 * the analysis call in each other.  The contract is in typestate.h.
 *
 *   typestate_spec.c        descriptor check, API loading, name patterns
 *   typestate_keys.c        object keys, interning, display names
 *   typestate_api.c         which API entry a call is, the object it acts on
 *   typestate_lattice.c     disjuncts, facts, bindings; copy, join
 *   typestate_transitions.c acquire / release / escape of one object
 *   typestate_transfer.c    the transfer on calls, stores and returns
 *   typestate_guards.c      RAII guards (declaration, scope exit)
 *   typestate_branch.c      branch refinement
 *   typestate_exits.c       states at the ways out, exit findings
 *   typestate_summary.c     bottom-up summaries, applied at call sites
 *   typestate_slots.c       globals (and void * views) as hand-off points
 *   typestate_forwards.c    FORWARDS facts: parameters passed on elsewhere
 *   typestate_order.c       lock order pairs and their findings
 *   typestate_callers.c     what callers do with a wrapper's object
 *   typestate_partners.c    split lock APIs (a begin and an end function)
 *   typestate_report.c      message templates, report dedup
 *   typestate_driver.c      per-function driver, coverage gaps, the TU pass
 *   typestate_memo.c        keys and texts of cursors, once per function
 *
 * Strings handed around as keys and names are interned per TU
 * (ts_in_str / ts_in_take) and compare by pointer.
 */
#ifndef DV_ENGINE_TYPESTATE_INTERNAL_H
#define DV_ENGINE_TYPESTATE_INTERNAL_H

#include <stdint.h>

#include "front/ast.h"
#include "engine/typestate.h"
#include "engine/dataflow.h"
#include "engine/cursor_memo.h"

/* ---- API knowledge ---- */

enum ts_op { OP_ACQUIRE, OP_TRY, OP_RELEASE, OP_TAKE, OP_BORROW, OP_QUERY, OP_INIT, OP_DESTROY };
enum ts_succ { SUCC_ALWAYS, SUCC_ZERO, SUCC_NONNULL, SUCC_NONNEG, SUCC_STATUS };

struct ts_api {
	const char *name;
	enum ts_op op;
	int arg;   /* object argument, -1 = returned value */
	int deref; /* the argument is the object's address */
	enum ts_succ success;
	int member;
	int sql;   /* query: SQL argument */
	int from_index; /* a factory known from the project index: what it does
			 * with its arguments is unknown (they escape) */
	const char *kind; /* allocator family ("malloc", "new[]"): a release of another
			     kind is a mismatch; NULL = any */
	int when_null; /* >= 0: the entry applies only when this argument is a null
			  constant (getcwd(NULL, 0) allocates, getcwd(buf, n) does not) */
	int recursive; /* acquire of a recursive lock: taking it again is fine */
	/* init whose attribute object decides recursion ("recursive_if"):
	 * argument rec_arg is the attribute's address; a call of rec_setter
	 * on that attribute in the same function with argument rec_value_arg
	 * naming one of rec_values (enum constants) makes the lock recursive.
	 * rec_arg -1: none. */
	int rec_arg, rec_value_arg;
	const char *rec_setter;
	const cJSON *rec_values;
};

/* An attribute that teaches an API entry ("acquire_capability" -> acquire). */
struct ts_attr_op {
	const char *attr;
	enum ts_op op;
};

struct dv_ts_spec {
	const struct dv_ts_family *fam;
	struct ts_api *apis;
	size_t n_apis;
	struct ts_attr_op *attr_ops; /* the family's api "attributes" */
	size_t n_attr_ops;
	const char **member_classes, **guards, **borrow, **returns_held, **releases_held, **returns_held_if, **sql_begin, **sql_end;
	size_t n_member_classes, n_guards, n_borrow, n_returns_held, n_releases_held, n_returns_held_if, n_sql_begin, n_sql_end;
	/* functions that keep what they are given (pthread_setspecific, a
	 * container's push_back, g_hash_table_insert): a hand-off even when
	 * declared in a system header */
	const char **sinks;
	size_t n_sinks;
	/* functions that return their first argument (memset, strcpy):
	 * `return memset(p, 0, n)` returns p */
	const char **returns_arg0;
	size_t n_returns_arg0;
};

/* ---- the lattice: a short list of disjuncts ---- */

enum {
	M_ENTRY = 1,   /* as at function entry (untouched here) */
	M_HELD = 2,
	M_UNHELD = 4,
	M_UNKNOWN = 8, /* escaped or handed to unknown code */
};
enum {
	F_REL_ENTRY = 1, /* released while in its entry state */
	F_TRY = 2,       /* try-acquire result not looked at yet */
	F_REFINE = 4,    /* a test of the acquire's result refines the state */
	F_RETURNED = 8,  /* returned to the caller */
	F_ACQ_HERE = 16,
	F_RELEASED = 32, /* the last transition was a release in this function */
	F_INIT = 64,     /* initialised here (op init): not held, never released */
	/* hand-off slots (typestate_slots.c) */
	F_READ = 128,    /* a global read into a local here (its entry value) */
	F_SLOT = 256,    /* a global given a local's handle here */
	F_LENT = 512,    /* a callee read the handle out of its slot and left it */
};

#define TS_MAX_DISJ 8
#define TS_MAX_OBJS 64
#define TS_MAX_FACTS 32

struct ts_obj {
	const char *key, *name, *via, *order_id, *guard;
	unsigned mask, flags;
	unsigned prev; /* mask before the last acquire (restored when it fails) */
	unsigned acq_depth; /* loop depth of the acquire */
	unsigned nest; /* recursive lock: holds taken again, releases owed */
	int known; /* +1: the acquire's result tested as success; -1 as failure */
	enum ts_succ succ;
	const char *kind; /* the acquiring entry's allocator kind, or NULL */
	const char *twin; /* names of one handle (g = f) share this id (the first
			     name's key); NULL = the only name */
	CXCursor acq, last;
};

struct ts_fact {
	const char *text;
	enum dv_cmp cmp;
	long long value;
};

struct ts_bind {
	const char *var, *obj;
	enum ts_succ succ;
};

struct ts_disj {
	struct ts_obj *objs;
	unsigned n_objs;
	struct ts_fact *facts;
	unsigned n_facts;
	struct ts_bind *binds;
	unsigned n_binds;
};

struct ts_state {
	struct ts_disj d[TS_MAX_DISJ];
	unsigned n;
};

/* ---- summaries and the per-TU context ---- */

struct ts_intern {
	char **slots;
	size_t cap, n;
};

/* EFF_BORROW: a global's handle read and left as it was (typestate_slots.c) */
enum { EFF_ACQ = 1, EFF_REL, EFF_UNK, EFF_BORROW };

struct ts_effect {
	const char *key;
	int kind;
};

struct ts_summary {
	int valid;
	struct ts_effect *eff;
	unsigned n_eff;
	int returns_handle;
	const char **order_ids;
	const char **order_names;
	unsigned n_order;
	/* objects reachable from parameters or globals that it acquires
	 * inside, whatever it leaves them in (not those whose entry state it
	 * releases first): a caller holding one deadlocks in it */
	const char **inner;
	unsigned n_inner;
	/* imported from the project index only: the arguments whose objects
	 * the callee only uses or releases on every return, as eff says (an
	 * unknown call lets the others escape) */
	uint32_t borrows;
};

struct ts_pair {
	const char *a, *b;
	const char *name_a, *name_b;
	CXCursor site_a, site_b;
	unsigned off_b;
	const char *func;
};

/* What the attributes of a callee's declaration teach, per callee name
 * (found = 0: nothing); allocated one by one so that pointers stay. */
struct ts_attr_api {
	const char *name; /* interned */
	int found;
	struct ts_api api;
	/* the effects the project index gives the function (defined in
	 * another file): looked up once (imported_done), NULL when none */
	int imported_done;
	struct ts_summary *imported;
};

struct ts_pending;

struct ts_tu {
	const struct dv_ts_spec *spec;
	struct ts_pending *pending; /* findings on global locks (typestate_partners.c) */
	const char **recursive; /* order ids initialised as recursive locks */
	size_t n_recursive, alloc_recursive;
	size_t n_pending, alloc_pending;
	struct ts_attr_api **attr_apis; /* hash table by interned name */
	size_t n_attr_apis, alloc_attr_apis;
	struct dv_tu_ctx *tu;
	struct dv_ast_errors errors; /* compile errors in the main file */
	struct ts_intern in;
	struct ts_summary *sums;
	struct ts_pair *pairs;
	size_t n_pairs, alloc_pairs;
	/* USRs of the variables written somewhere in the TU (typestate_consts.c) */
	struct ts_intern written;
	int written_ready;
	struct dv_tokens *tokens; /* rendering long texts (front/tokens.h), made on first use */
	/* diff mode: the functions to analyse (engine/needed.h; NULL: all) */
	const struct dv_needed *needed;
};

/* ---- the per-function context (also the lattice context) ---- */

struct ts_exit_obj {
	const char *key;
	unsigned mask, flags;
};

struct ts_exit_rec {
	const char *key;
	int held, has_val;
	int after_failure; /* on this path an acquire's result was tested as failed */
	long long val;
	CXCursor site;
	struct ts_obj obj;
	/* the global that still holds obj's handle after a callee read it
	 * (typestate_slots.c: judged once the TU is analysed), or NULL */
	const char *slot;
};

struct ts_pending {
	int kind;
	unsigned fn;
	struct ts_exit_rec rec; /* an exit, or the release (key, obj.name, site) */
	/* a release: it is on every path through the function (a split
	 * API's close releases unconditionally; a stray unlock on one error
	 * path is no close) */
	int every_path;
};

struct ts_fn {
	struct ts_tu *t;
	unsigned idx;
	CXCursor func;
	const struct dv_cfg *cfg;
	char *name;
	int report;          /* report during replay */
	int name_returns_held;
	/* what its callers were found to do (typestate_callers.c) */
	struct {
		const char *oid;
		int want_release, found;
	} evidence[8];
	unsigned n_evidence;
	int name_returns_held_if; /* its name says its result tells whether it holds */
	int release_wrapper; /* its name or attributes say it releases for its callers */
	/* keys acquired anywhere in the function (filled during the solve) */
	const char **acquired;
	unsigned n_acquired;
	size_t alloc_acquired;
	/* union of the object states at every exit (from the solution) */
	struct ts_exit_obj *exits;
	unsigned n_exits;
	int returns_handle;
	int returns_other; /* some return hands back something else (a parameter) */
	const char **order_ids, **order_names;
	unsigned n_order, alloc_order, alloc_order_names;
	struct ts_exit_rec *recs;
	unsigned n_recs;
	unsigned cur_depth; /* loop depth of the current event's block */
	unsigned cur_block; /* the current event's block (UINT_MAX: unknown) */
	/* handed off inside a loop deeper than their acquire: a leak on the
	 * path that skips the loop is usually a zero-trip loop */
	const char **loop_escaped;
	unsigned n_loop_escaped;
	size_t alloc_loop_escaped;
	size_t alloc_recs;
	/* the handle a resizing call (realloc) just took, for the store of
	 * its result into the same variable */
	const char *moved_key;
	CXCursor moved_call;
	struct ts_obj moved_obj;
	/* per-event report dedup */
	const char *reported[16];
	unsigned n_reported;
	struct dv_cursor_memo memo; /* typestate_memo.c */
};

static inline const struct dv_ts_family *ts_fam(const struct ts_fn *fn)
{
	return fn->t->spec->fam;
}

/* typestate_spec.c */
int ts_matches_any(const char *const *pats, size_t n, const char *name);
int ts_name_is_api(const struct dv_ts_spec *spec, const char *name, int acquiring);

/* typestate_keys.c: keys are malloc'd unless interned */
char *ts_take_cx(CXString s); /* copies and disposes */
const char *ts_intern_str(struct ts_intern *t, const char *s);
const char *ts_intern_take(struct ts_intern *t, char *s); /* frees s */
int ts_intern_has(const struct ts_intern *t, const char *s);
void ts_intern_release(struct ts_intern *t);
const char *ts_in_str(struct ts_fn *fn, const char *s);
const char *ts_in_take(struct ts_fn *fn, char *s);
int ts_is_pointer_expr(CXCursor e);
char *ts_expr_key(CXCursor func, CXCursor e);
char *ts_deref_key(const char *k);
char *ts_decl_key(CXCursor func, CXCursor d);
int ts_key_is_variable(const char *k);
int ts_key_is_local(const char *k);
char *ts_order_id_of(const char *k);
int ts_is_ident_char(char c);
char *ts_display_text(CXCursor e);

/* typestate_memo.c: the same, interned and memoised per function by
 * cursor identity (never re-tokenised on a later transfer) */
const char *ts_key_of(struct ts_fn *fn, CXCursor e);     /* ts_expr_key */
const char *ts_text_of(struct ts_fn *fn, CXCursor e);    /* dv_ast_text */
const char *ts_display_of(struct ts_fn *fn, CXCursor e); /* ts_display_text */

/* typestate_api.c */
char *ts_type_name_of(CXType t);
int ts_is_guard_type(const struct dv_ts_spec *spec, CXType t);
int ts_is_guard_class_name(const struct dv_ts_spec *spec, const char *name);
void ts_attr_apis_release(struct ts_tu *t);
void ts_export_summaries(const struct ts_tu *t); /* into tu->exports, when collected */
int ts_decl_returns_held(const struct ts_tu *t, CXCursor func);
/* typestate_relevance.c: 0 when no function of the TU can create a fact
 * of the family (then there is nothing to solve, report or export). */
int ts_tu_relevant(struct ts_tu *t);
/* One byte per function of the TU: nonzero when its own body has what
 * ts_tu_relevant looks for (every function in a C++ TU).  Caller frees. */
unsigned char *ts_relevant_functions(struct ts_tu *t);
int ts_decl_releases(const struct ts_tu *t, CXCursor func);
const struct ts_api *ts_find_api(struct ts_fn *fn, const char *name, CXCursor call,
				 int *on_guard);
const char *ts_api_object(struct ts_fn *fn, const struct ts_api *a, CXCursor call,
			  const char **name_out, const char **order_out);
int ts_query_kind(const struct dv_ts_spec *spec, const struct ts_api *a, CXCursor call);
const struct ts_summary *ts_callee_summary(struct ts_fn *fn, CXCursor call);
/* For a callee this TU does not define: the acquire/release effects the
 * project index knows of it (engine/exports.h), or NULL. */
const struct ts_summary *ts_imported_summary(struct ts_fn *fn, CXCursor call);
int ts_decl_in_system_header(CXCursor call);
const char *ts_call_result_object(struct ts_fn *fn, CXCursor e);
int ts_call_returns_fresh(struct ts_fn *fn, CXCursor call);

/* typestate_lattice.c */
void ts_disj_release(struct ts_disj *d);
struct ts_obj *ts_find_obj(struct ts_disj *d, const char *key);
struct ts_obj *ts_get_obj(struct ts_disj *d, const char *key);
void ts_remove_obj(struct ts_disj *d, struct ts_obj *o);
int ts_fact_equal(const struct ts_fact *a, const struct ts_fact *b);
void ts_state_remove(struct ts_state *st, unsigned i);
void ts_kill_binds(struct ts_disj *d, const char *var);
void ts_add_bind(struct ts_disj *d, const char *var, const char *obj, enum ts_succ succ);
const struct ts_bind *ts_find_bind(const struct ts_disj *d, const char *var);
void ts_kill_facts(struct ts_disj *d, const char *text);
void *ts_state_entry(void *ctx);
void *ts_state_copy(void *ctx, const void *s);
void ts_state_free(void *ctx, void *s);
int ts_state_join(void *ctx, void *dst, const void *src);

/* typestate_consts.c: 0 and *out when e is an integer constant or a
 * variable that holds its constant initialiser everywhere in the TU */
int ts_const_value(struct ts_fn *fn, CXCursor e, long long *out);

/* typestate_heap.c: releases that know the allocator kind, C++ new and
 * delete */
void ts_release_kind(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		     const char *name, const char *kind, const char *via, CXCursor site);
void ts_on_delete(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev);
/* rhs is a new-expression: the API entry ("operator new" / "operator new[]") */
const struct ts_api *ts_new_api(const struct dv_ts_spec *spec, CXCursor rhs);
/* r, stored into a handle variable, replaces the handle for good (a
 * constant or a fresh acquire); the leak of o at such a store */
int ts_replaces_handle(struct ts_fn *fn, CXCursor r);
void ts_report_overwritten(struct ts_fn *fn, const struct ts_obj *o, CXCursor where);

/* typestate_transitions.c */
void ts_acquire(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		const char *name, const char *via, const char *order_id, enum ts_succ succ,
		int is_try, CXCursor site);
void ts_release(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		const char *name, CXCursor site);
void ts_escape(struct ts_fn *fn, struct ts_disj *d, const char *key, int returned);
/* the other names of o's handle (g = f) take o's state */
void ts_twin_follows(struct ts_disj *d, const struct ts_obj *o);
void ts_report_inner_reacquire(struct ts_fn *fn, const struct ts_obj *o,
			       const struct dv_event *ev);
void ts_init_obj(struct ts_fn *fn, struct ts_disj *d, const char *key, const char *name,
		 CXCursor site);
void ts_destroy(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		const char *via, CXCursor site);

/* typestate_transfer.c, typestate_branch.c: the lattice's callbacks */
void ts_transfer(void *ctx, void *state, const struct dv_event *ev);
void ts_branch(void *ctx, void *state, const struct dv_branch *br);

/* typestate_guards.c */
int ts_on_guard_decl(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev);
void ts_on_scope_exit(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev);

/* typestate_exits.c */
void ts_record_exit(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev);
void ts_report_exits(struct ts_fn *fn);
void ts_collect_exits(struct ts_fn *fn, const struct ts_state *st);
void ts_emit_exit(struct ts_fn *fn, const struct ts_exit_rec *r);

/* typestate_partners.c */
int ts_key_is_global_lock(const char *key);
void ts_defer_entry_release(struct ts_fn *fn, const char *key, const char *name, CXCursor site);
void ts_defer_exit(struct ts_fn *fn, const struct ts_exit_rec *r);
void ts_report_pending(struct ts_tu *t);

/* typestate_callers.c: some caller in the TU acquires (want_release 0)
 * or releases the lock identity oid (an interned order id) */
int ts_callers_use(struct ts_fn *fn, const char *oid, int want_release);
/* the order ids an init entry with "recursive" initialises anywhere here */
void ts_collect_recursive(struct ts_tu *t);
/* Diff mode: the functions that read or write a variable with static
 * storage, when the family hands objects off through globals
 * (typestate_slots.c: a slot's exit is judged against every function of
 * the TU that touches the global); NULL when it does not.  Caller frees. */
unsigned char *ts_slot_functions(const struct ts_tu *t);
int ts_is_recursive_lock(const struct ts_tu *t, const char *order_id);

/* typestate_slots.c: globals as hand-off points between functions.
 * ts_slot_store: `G = h` with h a local handle makes G another name of
 * it; ts_slot_read: `h = G` (a local copy of a global's entry value)
 * makes h a name of G's handle; both 0 when not such a store. */
int ts_slot_store(struct ts_fn *fn, struct ts_state *st, const char *lhs, const char *lhs_name,
		  CXCursor r);
int ts_slot_read(struct ts_fn *fn, struct ts_state *st, const char *lhs, const char *lhs_name,
		 CXCursor r);
/* the three above for a store of r into lhs (a variable or not) */
int ts_slot_on_store(struct ts_fn *fn, struct ts_state *st, const char *lhs, const char *lhs_name,
		     CXCursor r, CXCursor where, int is_var);
/* `T **p = (T **)vp;` whose only uses are `T *h = *p;`: no escape of vp */
int ts_slot_view_decl(struct ts_fn *fn, CXCursor where);
/* s (an imported summary) releases what parameter i points to */
int ts_releases_pointee(const struct ts_summary *s, unsigned i);
/* `free(G); G = NULL;`: o, G's released handle, stays released */
int ts_slot_cleared(const char *lhs, const struct ts_obj *o, CXCursor r);
/* the summary's effect on a global's handle read here and left alone */
int ts_slot_summary_kind(const struct ts_exit_obj *x);
/* EFF_BORROW applied at a call site: the callee read what key holds */
void ts_slot_lent(struct ts_disj *d, const char *key);
/* a call of unknown code: handles given to extern globals escape */
void ts_slot_unknown_call(struct ts_fn *fn, struct ts_state *st);
/* at an exit: the global that still holds o's handle (NULL: none); *keep
 * 1 when that global keeps it (no callee read it: an escape) */
const char *ts_slot_holding(const struct ts_disj *d, const struct ts_obj *o, int *keep);
/* the deferred exit of a handle a global still holds: a leak unless some
 * function of the TU or of the project index releases the global */
void ts_slot_defer(struct ts_fn *fn, const struct ts_exit_rec *r);
int ts_slot_report_pending(struct ts_tu *t, const struct ts_pending *p);

/* typestate_forwards.c: FORWARDS facts of TU function i (parameters
 * only passed on to a function of another file) into tu->exports */
void ts_export_forwards(const struct ts_tu *t, unsigned i, const struct ts_summary *s);

/* typestate_summary.c */
void ts_summary_release(struct ts_summary *s);
int ts_summary_equal(const struct ts_summary *a, const struct ts_summary *b);
void ts_build_summary(struct ts_fn *fn, struct ts_summary *s);
void ts_apply_summary(struct ts_fn *fn, int reporting, struct ts_state *st,
		      const struct ts_summary *s, const struct dv_event *ev);

/* typestate_order.c */
void ts_note_order_id(struct ts_fn *fn, const char *id, const char *name);
/* typestate_order_index.c: lock order through the project index */
int ts_order_id_exportable(const char *id);
void ts_export_lock_order(const struct ts_tu *t);
void ts_report_lock_cycles_index(struct ts_tu *t);
void ts_add_pair(struct ts_fn *fn, const struct ts_obj *held, const char *b, const char *name_b,
		 CXCursor site_b);
void ts_report_lock_order(struct ts_tu *t);
void ts_report_lock_cycles(struct ts_tu *t);

/* typestate_report.c */
struct ts_msg_args {
	const char *name, *via, *held, *other, *other_held;
};
/* The template with its placeholders filled in (typestate.h); caller frees. */
char *ts_message(const char *tmpl, const struct ts_msg_args *args);
/* dv_sink_report with a template; NULL when the rule is disabled. */
struct dv_finding *ts_report(struct dv_sink *sink, const char *rule, CXCursor site,
			     const char *tmpl, const struct ts_msg_args *args);
struct dv_finding *ts_report_at(struct dv_sink *sink, const char *rule, const char *path,
				unsigned line, unsigned col, unsigned end_col, const char *tmpl,
				const struct ts_msg_args *args);
void ts_add_related(struct dv_sink *sink, struct dv_finding *f, CXCursor site, const char *tmpl,
		    const struct ts_msg_args *args);
int ts_first_report(struct ts_fn *fn, const char *rule, const char *key);
void ts_set_function(const struct ts_fn *fn, struct dv_finding *f);

#endif
