/*
 * Values and states of the injection taint analysis.  A value is the
 * engine's lattice value (engine/taint.h) plus provenance for the report:
 * the source and a few propagation steps, kept from the first tainted
 * value joined in.  A state maps keys to values and holds alias pairs;
 * the lattice callbacks entry/copy/free/join live here with it.
 */
#include "checkers/injection_taint.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void inj_tval_clean(struct inj_tval *v)
{
	memset(v, 0, sizeof(*v));
}

void inj_tval_unknown(struct inj_tval *v)
{
	inj_tval_clean(v);
	dv_taint_unknown(&v->t);
}

void inj_tval_add_step(struct inj_tval *v, CXCursor c, int kind)
{
	if (!v->t.rules)
		return;
	if (v->n_steps && clang_equalCursors(v->steps[v->n_steps - 1].cursor, c))
		return;
	if (v->n_steps == INJ_MAX_STEPS)
		v->n_steps--; /* keep the source end; the last step is overwritten */
	v->steps[v->n_steps].cursor = c;
	v->steps[v->n_steps].kind = kind;
	v->n_steps++;
}

/* dst |= src; returns nonzero when dst's lattice value grew.  The first
 * tainted value joined in keeps its provenance. */
int inj_tval_join(struct inj_tval *dst, const struct inj_tval *src)
{
	/* the origin explains every rule of the value: a source tainted for
	 * more rules (fgets) takes over from one trusted for some (the user's
	 * HOME, tainted for formats only) */
	if (src->t.rules & ~dst->t.rules && !(dst->t.rules & ~src->t.rules)) {
		dst->origin_kind = src->origin_kind;
		dst->origin = src->origin;
		dst->n_steps = src->n_steps;
		memcpy(dst->steps, src->steps, sizeof(src->steps[0]) * src->n_steps);
	}
	return dv_taint_join(&dst->t, &src->t);
}

/* Removes the rule bits `rules` from v (and from each parameter's dependence). */
void inj_tval_sanitize(struct inj_tval *v, unsigned rules)
{
	dv_taint_sanitize(&v->t, (dv_taint_rules)rules);
}

/* ---- states ------------------------------------------------------------ */

static struct inj_state *state_new(void)
{
	return xcalloc(1, sizeof(struct inj_state));
}

static void state_free(struct inj_state *s)
{
	if (!s)
		return;
	free(s->e);
	free(s->al);
	free(s);
}

static struct inj_state *state_copy(const struct inj_state *s)
{
	struct inj_state *c = state_new();
	if (s->n) {
		c->e = xreallocarray(NULL, s->n, sizeof(*s->e));
		memcpy(c->e, s->e, s->n * sizeof(*s->e));
		c->n = c->alloc = s->n;
	}
	if (s->n_al) {
		c->al = xreallocarray(NULL, s->n_al, sizeof(*s->al));
		memcpy(c->al, s->al, s->n_al * sizeof(*s->al));
		c->n_al = c->al_alloc = s->n_al;
	}
	return c;
}

/* Index of key in s->e, or the insertion point encoded as -(pos + 1). */
long inj_state_find(const struct inj_state *s, unsigned key)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->e[mid].key == key)
			return (long)mid;
		if (s->e[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

static void key_default(const struct inj_ctx *ctx, unsigned key, struct inj_tval *out)
{
	const struct inj_keyinfo *ki = &ctx->keys[key];
	const struct inj_keyinfo *root = &ctx->keys[inj_key_root(ctx, key)];
	if (root->gslot >= 0)
		*out = ctx->globals[root->gslot].v;
	else if (ki->local || ki->const_init || root->const_init) /* a const table's fields */
		inj_tval_clean(out);
	else
		inj_tval_unknown(out);
}

static void state_get(const struct inj_ctx *ctx, const struct inj_state *s, unsigned key,
		      struct inj_tval *out)
{
	long i = inj_state_find(s, key);
	if (i >= 0)
		*out = s->e[i].v;
	else
		key_default(ctx, key, out);
}

/* What reading the object `key` sees: its own entry, the objects it is a
 * field of (whole-object writes such as fgets(&rec) or rec = other) up to
 * the first entry that stands alone, and its own fields. */
void inj_state_read(const struct inj_ctx *ctx, const struct inj_state *s, unsigned key,
		    struct inj_tval *out)
{
	long i = inj_state_find(s, key), p;
	size_t j;
	unsigned guard;
	struct inj_tval t;
	state_get(ctx, s, key, out);
	if (!(i >= 0 && s->e[i].own)) {
		for (p = ctx->keys[key].parent, guard = 0; p >= 0 && guard < 64;
		     p = ctx->keys[p].parent, guard++) {
			long pi = inj_state_find(s, (unsigned)p);
			state_get(ctx, s, (unsigned)p, &t);
			inj_tval_join(out, &t);
			if (pi >= 0 && s->e[pi].own)
				break;
		}
	}
	for (j = 0; j < s->n; j++)
		if (inj_key_inside(ctx, s->e[j].key, key))
			inj_tval_join(out, &s->e[j].v);
}

/* Fields of `key` go back to reading through it (after a whole write). */
void inj_reset_fields(const struct inj_ctx *ctx, struct inj_state *s, unsigned key)
{
	size_t j;
	for (j = 0; j < s->n; j++) {
		if (!inj_key_inside(ctx, s->e[j].key, key))
			continue;
		inj_tval_clean(&s->e[j].v);
		s->e[j].own = 0;
	}
}

/* The stored value of key, created from the default when absent. */
struct inj_tval *inj_state_slot(const struct inj_ctx *ctx, struct inj_state *s, unsigned key)
{
	long i = inj_state_find(s, key);
	size_t pos;
	if (i >= 0)
		return &s->e[i].v;
	pos = (size_t)(-i - 1);
	DV_GROW(s->e, s->n + 1, s->alloc);
	memmove(&s->e[pos + 1], &s->e[pos], (s->n - pos) * sizeof(*s->e));
	s->n++;
	s->e[pos].key = key;
	s->e[pos].own = 0;
	key_default(ctx, key, &s->e[pos].v);
	return &s->e[pos].v;
}

static int alias_cmp(const struct inj_alias *x, const struct inj_alias *y)
{
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return 0;
}

int inj_state_add_alias(struct inj_state *s, unsigned a, unsigned b)
{
	struct inj_alias al;
	size_t i;
	if (a == b)
		return 0;
	al.a = a < b ? a : b;
	al.b = a < b ? b : a;
	for (i = 0; i < s->n_al; i++) {
		int c = alias_cmp(&s->al[i], &al);
		if (!c)
			return 0;
		if (c > 0)
			break;
	}
	DV_GROW(s->al, s->n_al + 1, s->al_alloc);
	memmove(&s->al[i + 1], &s->al[i], (s->n_al - i) * sizeof(*s->al));
	s->al[i] = al;
	s->n_al++;
	return 1;
}

void inj_state_drop_aliases(struct inj_state *s, unsigned key)
{
	size_t i, o = 0;
	for (i = 0; i < s->n_al; i++)
		if (s->al[i].a != key && s->al[i].b != key)
			s->al[o++] = s->al[i];
	s->n_al = o;
}

/* ---- lattice callbacks --------------------------------------------------- */

void *inj_lat_entry(void *vctx)
{
	struct inj_ctx *ctx = vctx;
	struct inj_state *s = state_new();
	unsigned i;
	for (i = 0; i < ctx->n_params; i++) {
		struct inj_tval *v = inj_state_slot(ctx, s, ctx->param_keys[i]);
		if ((ctx->is_main && i >= 1 && ctx->api->main_argv) || ctx->is_entry) {
			inj_tval_clean(v);
			v->t.rules = INJ_ALL_RULES;
			v->origin_kind = ctx->is_main ? ORIGIN_ARGV : ORIGIN_ENTRY;
			v->origin = ctx->params[i];
		} else {
			/* non-constant through its parameter dependence, not unknown */
			inj_tval_clean(v);
			v->t.params[i] = INJ_ALL_RULES;
		}
	}
	return s;
}

void *inj_lat_copy(void *vctx, const void *s)
{
	(void)vctx;
	return state_copy(s);
}

void inj_lat_free(void *vctx, void *s)
{
	(void)vctx;
	state_free(s);
}

int inj_lat_join(void *vctx, void *vdst, const void *vsrc)
{
	struct inj_ctx *ctx = vctx;
	struct inj_state *dst = vdst;
	const struct inj_state *src = vsrc;
	size_t i;
	int changed = 0;
	for (i = 0; i < src->n; i++) {
		long j = inj_state_find(dst, src->e[i].key);
		if (j < 0) {
			struct inj_tval *v = inj_state_slot(ctx, dst, src->e[i].key);
			inj_tval_join(v, &src->e[i].v);
			changed = 1;
		} else {
			changed |= inj_tval_join(&dst->e[j].v, &src->e[i].v);
			if (dst->e[j].own && !src->e[i].own) {
				dst->e[j].own = 0;
				changed = 1;
			}
		}
	}
	/* keys only dst has: join with src's default */
	for (i = 0; i < dst->n; i++) {
		if (inj_state_find(src, dst->e[i].key) < 0) {
			struct inj_tval d;
			key_default(ctx, dst->e[i].key, &d);
			changed |= inj_tval_join(&dst->e[i].v, &d);
			if (dst->e[i].own) {
				dst->e[i].own = 0;
				changed = 1;
			}
		}
	}
	for (i = 0; i < src->n_al; i++)
		changed |= inj_state_add_alias(dst, src->al[i].a, src->al[i].b);
	return changed;
}
