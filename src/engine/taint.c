/*
 * Taint lattice values (see taint.h).
 */
#include "engine/taint.h"

#include <string.h>

void dv_taint_clean(struct dv_taint *v)
{
	memset(v, 0, sizeof(*v));
}

void dv_taint_unknown(struct dv_taint *v)
{
	dv_taint_clean(v);
	v->unknown = 1;
}

int dv_taint_has(const struct dv_taint *v, dv_taint_rules rules)
{
	return (v->rules & rules) != 0;
}

dv_taint_params dv_taint_params_under(const struct dv_taint *v, dv_taint_rules rules)
{
	dv_taint_params out = 0;
	unsigned p;
	for (p = 0; p < DV_TAINT_MAX_PARAMS; p++)
		if (v->params[p] & rules)
			out |= (dv_taint_params)1u << p;
	return out;
}

int dv_taint_has_params(const struct dv_taint *v)
{
	unsigned p;
	for (p = 0; p < DV_TAINT_MAX_PARAMS; p++)
		if (v->params[p])
			return 1;
	return 0;
}

void dv_taint_clear_params(struct dv_taint *v)
{
	memset(v->params, 0, sizeof(v->params));
}

int dv_taint_join(struct dv_taint *dst, const struct dv_taint *src)
{
	int changed = 0;
	unsigned p;
	if ((dst->rules | src->rules) != dst->rules) {
		dst->rules |= src->rules;
		changed = 1;
	}
	if (src->unknown && !dst->unknown) {
		dst->unknown = 1;
		changed = 1;
	}
	if ((dst->marks | src->marks) != dst->marks) {
		dst->marks |= src->marks;
		changed = 1;
	}
	for (p = 0; p < DV_TAINT_MAX_PARAMS; p++) {
		if ((dst->params[p] | src->params[p]) != dst->params[p]) {
			dst->params[p] |= src->params[p];
			changed = 1;
		}
	}
	return changed;
}

void dv_taint_sanitize(struct dv_taint *v, dv_taint_rules rules)
{
	unsigned p;
	v->rules &= (dv_taint_rules)~rules;
	for (p = 0; p < DV_TAINT_MAX_PARAMS; p++)
		v->params[p] &= (dv_taint_rules)~rules;
}

void dv_taint_restrict(struct dv_taint *v, dv_taint_rules rules)
{
	unsigned p;
	v->rules &= rules;
	for (p = 0; p < DV_TAINT_MAX_PARAMS; p++)
		v->params[p] &= rules;
}

int dv_taint_equal(const struct dv_taint *a, const struct dv_taint *b)
{
	return a->rules == b->rules && a->unknown == b->unknown && a->marks == b->marks &&
	       !memcmp(a->params, b->params, sizeof(a->params));
}
