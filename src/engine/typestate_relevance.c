/*
 * Whether a typestate family has anything to do in a translation unit.
 * Facts are born only at calls of the family's API (by name, or by what a
 * declaration's attributes or the project index teach, including a
 * wrapper in another file that acquires or releases) and at
 * declarations of RAII guards; everything else (summaries, escapes of
 * parameters, lock order) only moves facts that exist.  A TU without any
 * such call or declaration therefore has no finding and exports nothing
 * for this family, whatever the dataflow does, and is not solved at all.
 * Most TUs touch no transaction API and many no lock: on Open vSwitch's
 * lib/db-ctl-base.c the three typestate families were 40% of the
 * analysis.
 *
 * Conservative: C++ TUs are always solved (new/delete, destructors and
 * guard objects enter the model in ways a scan of calls would have to
 * mirror), and so is a TU with a function whose CFG could not be built or
 * that has compile errors: a statement error recovery dropped may have
 * been the family's call, and the coverage gaps that say so come from
 * solving.
 */
#include "engine/typestate_internal.h"

#include <string.h>

#include "engine/needed.h"
#include "util/xalloc.h"

struct scan {
	struct ts_fn *fn;
	int relevant;
};

static void scan_event(void *ctx, const struct dv_event *ev)
{
	struct scan *sc = ctx;
	const struct dv_ts_spec *spec = sc->fn->t->spec;
	int on_guard;
	const struct ts_api *a;

	if (sc->relevant)
		return;
	/* a destroy alone (free() for the lock family) ends objects, it
	 * creates none: only a held one is a finding */
	if (ev->kind == DV_EV_CALL && ev->callee &&
	    (ts_is_guard_class_name(spec, ev->callee) ||
	     ((a = ts_find_api(sc->fn, ev->callee, ev->cursor, &on_guard)) &&
	      a->op != OP_DESTROY) ||
	     ts_imported_summary(sc->fn, ev->cursor)))
		sc->relevant = 1;
	else if (ev->kind == DV_EV_DECL &&
		 ts_is_guard_type(spec, clang_getCursorType(ev->cursor)))
		sc->relevant = 1;
}

int ts_tu_relevant(struct ts_tu *t)
{
	struct ts_fn fn;
	struct scan sc;
	unsigned i;

	if (t->tu->is_cplusplus)
		return 1;
	/* building the index, where a function that only reads or passes on
	 * its pointer or int (descriptor) parameter is a fact (BORROWS,
	 * FORWARDS) of a family in
	 * which unknown calls let objects escape, whatever the TU calls */
	for (i = 0; t->tu->exports && t->spec->fam->unknown_call_escapes && i < t->tu->cg->n_funcs;
	     i++) {
		CXCursor f = t->tu->cg->funcs[i].cursor;
		int n = clang_Cursor_getNumArguments(f), p;
		if (clang_getCursorLinkage(f) != CXLinkage_External)
			continue;
		for (p = 0; p < n; p++) {
			/* pointers, and ints (descriptors) */
			enum CXTypeKind k = clang_getCanonicalType(clang_getCursorType(
				clang_Cursor_getArgument(f, (unsigned)p))).kind;
			if (k == CXType_Pointer || k == CXType_Int)
				return 1;
		}
	}
	memset(&fn, 0, sizeof(fn));
	fn.t = t;
	sc.fn = &fn;
	sc.relevant = 0;
	for (i = 0; i < t->tu->cg->n_funcs && !sc.relevant; i++) {
		if (!dv_needed_has(t->needed, i))
			continue; /* diff mode: not analysed, whatever it holds */
		fn.idx = i;
		fn.func = t->tu->cg->funcs[i].cursor;
		fn.name = t->tu->cg->funcs[i].name;
		fn.cfg = dv_callgraph_cfg(t->tu->cg, i);
		if (!fn.cfg || fn.cfg->incomplete || dv_ast_errors_in(&t->errors, fn.func)) {
			sc.relevant = 1;
			break;
		}
		dv_cfg_walk_events(fn.cfg, scan_event, &sc);
	}
	dv_cursor_memo_release(&fn.memo);
	return sc.relevant;
}

unsigned char *ts_relevant_functions(struct ts_tu *t)
{
	unsigned n = t->tu->cg->n_funcs, i;
	unsigned char *mark = xcalloc(n ? n : 1, 1);
	struct ts_fn fn;
	struct scan sc;

	memset(&fn, 0, sizeof(fn));
	fn.t = t;
	sc.fn = &fn;
	for (i = 0; i < n; i++) {
		sc.relevant = t->tu->is_cplusplus;
		fn.idx = i;
		fn.func = t->tu->cg->funcs[i].cursor;
		fn.name = t->tu->cg->funcs[i].name;
		fn.cfg = dv_callgraph_cfg(t->tu->cg, i);
		if (!fn.cfg || fn.cfg->incomplete || dv_ast_errors_in(&t->errors, fn.func))
			sc.relevant = 1;
		if (!sc.relevant)
			dv_cfg_walk_events(fn.cfg, scan_event, &sc);
		mark[i] = (unsigned char)sc.relevant;
	}
	dv_cursor_memo_release(&fn.memo);
	return mark;
}
