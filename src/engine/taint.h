/*
 * Taint lattice values, shared by checkers that track untrusted data.
 *
 * A value of struct dv_taint says, for one expression or storage key:
 *   - rules: one bit per rule of the checker's family under which the
 *     value came from an untrusted source and was not sanitized (escaping
 *     for SQL does not make a string safe for a shell, so taint is per
 *     rule);
 *   - unknown: the value may be a non-constant value of unknown origin (a
 *     global, an unknown function's result).  A value with no rule bit, no
 *     unknown flag and no parameter dependence is built from constants;
 *   - params[p]: the rules under which parameter p of the analysed
 *     function still flows into the value (what a bottom-up summary
 *     composes at each call site);
 *   - marks: up to DV_TAINT_MAX_MARKS facts the checker defines (e.g. "a
 *     canonical path", "combined with other text"), joined by union.
 *
 * The four parts live in separate fields, so no rule bit can ever be read
 * as "unknown" or as another parameter's bit: the family may have up to
 * DV_TAINT_MAX_RULES rules and the function DV_TAINT_MAX_PARAMS tracked
 * parameters.  Join is union in every part (finite height: the solver
 * terminates).  Provenance (where the taint came from, the steps it took)
 * is the checker's business: these are values only, with no libclang and
 * no reporting.
 *
 * All functions take non-NULL pointers and allocate nothing.
 */
#ifndef DV_ENGINE_TAINT_H
#define DV_ENGINE_TAINT_H

#include <stdint.h>

#define DV_TAINT_MAX_RULES 16
#define DV_TAINT_MAX_PARAMS 16
#define DV_TAINT_MAX_MARKS 8

/* A set of rules: bit r stands for rule r of the family. */
typedef uint16_t dv_taint_rules;
/* A set of parameters: bit p stands for parameter p. */
typedef uint32_t dv_taint_params;

#define DV_TAINT_RULE(r) ((dv_taint_rules)(1u << (r)))
/* The first n rules (n <= DV_TAINT_MAX_RULES). */
#define DV_TAINT_FIRST_RULES(n) ((dv_taint_rules)((1ul << (n)) - 1u))

struct dv_taint {
	dv_taint_rules rules;
	unsigned char unknown;
	unsigned char marks;
	dv_taint_rules params[DV_TAINT_MAX_PARAMS];
};

/* Built from constants only: nothing set. */
void dv_taint_clean(struct dv_taint *v);
/* Of unknown origin and nothing else. */
void dv_taint_unknown(struct dv_taint *v);

/* Nonzero when v carries taint for any of `rules`. */
int dv_taint_has(const struct dv_taint *v, dv_taint_rules rules);
/* The parameters that flow into v under any of `rules`. */
dv_taint_params dv_taint_params_under(const struct dv_taint *v, dv_taint_rules rules);
/* Nonzero when v depends on some parameter (under any rule). */
int dv_taint_has_params(const struct dv_taint *v);
/* Forgets every parameter dependence. */
void dv_taint_clear_params(struct dv_taint *v);

/* dst |= src; returns nonzero when dst changed. */
int dv_taint_join(struct dv_taint *dst, const struct dv_taint *src);
/* Removes `rules` from v's taint and from each parameter's dependence. */
void dv_taint_sanitize(struct dv_taint *v, dv_taint_rules rules);
/* Keeps only `rules` in v's taint and parameter dependence (a value seen
 * through a callee that passes it on under those rules only); unknown and
 * marks stay. */
void dv_taint_restrict(struct dv_taint *v, dv_taint_rules rules);
int dv_taint_equal(const struct dv_taint *a, const struct dv_taint *b);

#endif
