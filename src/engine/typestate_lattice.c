/*
 * The lattice value: a short list of disjuncts, each a set of object
 * states with the branch facts and result bindings of its paths; copy,
 * join (exact while there is room, merging beyond TS_MAX_DISJ).
 */
#include "engine/typestate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void ts_disj_release(struct ts_disj *d)
{
	free(d->objs);
	free(d->facts);
	free(d->binds);
	memset(d, 0, sizeof(*d));
}

static void disj_copy(struct ts_disj *dst, const struct ts_disj *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->n_objs) {
		dst->objs = xmalloc(src->n_objs * sizeof(*dst->objs));
		memcpy(dst->objs, src->objs, src->n_objs * sizeof(*dst->objs));
	}
	if (src->n_facts) {
		dst->facts = xmalloc(src->n_facts * sizeof(*dst->facts));
		memcpy(dst->facts, src->facts, src->n_facts * sizeof(*dst->facts));
	}
	if (src->n_binds) {
		dst->binds = xmalloc(src->n_binds * sizeof(*dst->binds));
		memcpy(dst->binds, src->binds, src->n_binds * sizeof(*dst->binds));
	}
	dst->n_objs = src->n_objs;
	dst->n_facts = src->n_facts;
	dst->n_binds = src->n_binds;
}

struct ts_obj *ts_find_obj(struct ts_disj *d, const char *key)
{
	unsigned i;
	for (i = 0; i < d->n_objs; i++)
		if (d->objs[i].key == key)
			return &d->objs[i];
	return NULL;
}

struct ts_obj *ts_get_obj(struct ts_disj *d, const char *key)
{
	struct ts_obj *o = ts_find_obj(d, key);
	if (o)
		return o;
	if (d->n_objs >= TS_MAX_OBJS)
		return NULL;
	d->objs = xreallocarray(d->objs, d->n_objs + 1, sizeof(*d->objs));
	o = &d->objs[d->n_objs++];
	memset(o, 0, sizeof(*o));
	o->key = key;
	o->mask = M_ENTRY;
	o->acq = clang_getNullCursor();
	o->last = clang_getNullCursor();
	return o;
}

void ts_remove_obj(struct ts_disj *d, struct ts_obj *o)
{
	unsigned i = (unsigned)(o - d->objs);
	memmove(&d->objs[i], &d->objs[i + 1], (d->n_objs - i - 1) * sizeof(*o));
	d->n_objs--;
}

static int obj_same_state(const struct ts_obj *a, const struct ts_obj *b)
{
	return a->mask == b->mask && a->flags == b->flags && a->known == b->known &&
	       a->guard == b->guard && a->nest == b->nest;
}

static int binds_contain(const struct ts_disj *d, const struct ts_bind *b)
{
	unsigned i;
	for (i = 0; i < d->n_binds; i++)
		if (d->binds[i].var == b->var && d->binds[i].obj == b->obj)
			return 1;
	return 0;
}

static int disj_same_objects(const struct ts_disj *a, const struct ts_disj *b)
{
	unsigned i, j;
	if (a->n_objs != b->n_objs || a->n_binds != b->n_binds)
		return 0;
	for (i = 0; i < a->n_objs; i++) {
		for (j = 0; j < b->n_objs; j++)
			if (b->objs[j].key == a->objs[i].key)
				break;
		if (j == b->n_objs || !obj_same_state(&a->objs[i], &b->objs[j]))
			return 0;
	}
	for (i = 0; i < a->n_binds; i++)
		if (!binds_contain(b, &a->binds[i]))
			return 0;
	return 1;
}

int ts_fact_equal(const struct ts_fact *a, const struct ts_fact *b)
{
	return a->text == b->text && a->cmp == b->cmp && a->value == b->value;
}

/* dst.facts &= src.facts; nonzero if dst changed */
static int facts_intersect(struct ts_disj *dst, const struct ts_disj *src)
{
	unsigned i, j, w = 0;
	int changed = 0;
	for (i = 0; i < dst->n_facts; i++) {
		for (j = 0; j < src->n_facts; j++)
			if (ts_fact_equal(&dst->facts[i], &src->facts[j]))
				break;
		if (j < src->n_facts)
			dst->facts[w++] = dst->facts[i];
		else
			changed = 1;
	}
	dst->n_facts = w;
	return changed;
}

/* Merges src into dst losing path distinctions (when out of disjuncts). */
static int disj_merge(struct ts_disj *dst, const struct ts_disj *src)
{
	unsigned i, w;
	int changed = facts_intersect(dst, src);
	for (i = 0; i < dst->n_objs; i++) {
		struct ts_obj *o = &dst->objs[i];
		const struct ts_obj *s = ts_find_obj((struct ts_disj *)src, o->key);
		unsigned mask = o->mask | (s ? s->mask : M_ENTRY);
		unsigned flags = o->flags | (s ? s->flags : 0);
		int known = s && s->known == o->known ? o->known : 0;
		if (mask != o->mask || flags != o->flags || known != o->known) {
			o->mask = mask;
			o->flags = flags;
			o->known = known;
			changed = 1;
		}
		if (s && !o->guard && s->guard) {
			o->guard = s->guard;
			changed = 1;
		}
	}
	for (i = 0; i < src->n_objs; i++) {
		const struct ts_obj *s = &src->objs[i];
		struct ts_obj *o;
		if (ts_find_obj(dst, s->key))
			continue;
		o = ts_get_obj(dst, s->key);
		if (!o)
			continue;
		*o = *s;
		o->mask |= M_ENTRY;
		o->known = 0;
		changed = 1;
	}
	for (i = 0, w = 0; i < dst->n_binds; i++) {
		if (binds_contain(src, &dst->binds[i]))
			dst->binds[w++] = dst->binds[i];
		else
			changed = 1;
	}
	dst->n_binds = w;
	return changed;
}

static void state_push(struct ts_state *st, const struct ts_disj *d)
{
	disj_copy(&st->d[st->n++], d);
}

void ts_state_remove(struct ts_state *st, unsigned i)
{
	ts_disj_release(&st->d[i]);
	memmove(&st->d[i], &st->d[i + 1], (st->n - i - 1) * sizeof(st->d[0]));
	st->n--;
}

void ts_kill_binds(struct ts_disj *d, const char *var)
{
	unsigned i, w = 0;
	for (i = 0; i < d->n_binds; i++)
		if (d->binds[i].var != var)
			d->binds[w++] = d->binds[i];
	d->n_binds = w;
}

void ts_add_bind(struct ts_disj *d, const char *var, const char *obj, enum ts_succ succ)
{
	ts_kill_binds(d, var);
	if (d->n_binds >= TS_MAX_OBJS)
		return;
	d->binds = xreallocarray(d->binds, d->n_binds + 1, sizeof(*d->binds));
	d->binds[d->n_binds].var = var;
	d->binds[d->n_binds].obj = obj;
	d->binds[d->n_binds].succ = succ;
	d->n_binds++;
}

const struct ts_bind *ts_find_bind(const struct ts_disj *d, const char *var)
{
	unsigned i;
	for (i = 0; i < d->n_binds; i++)
		if (d->binds[i].var == var)
			return &d->binds[i];
	return NULL;
}

/* text contains needle as a whole token sequence */
static int mentions(const char *text, const char *needle)
{
	size_t n = strlen(needle);
	const char *p = text;
	if (!n)
		return 0;
	while ((p = strstr(p, needle))) {
		if ((p == text || !ts_is_ident_char(p[-1])) && !ts_is_ident_char(p[n]))
			return 1;
		p++;
	}
	return 0;
}

void ts_kill_facts(struct ts_disj *d, const char *text)
{
	unsigned i, w = 0;
	for (i = 0; i < d->n_facts; i++)
		if (!mentions(d->facts[i].text, text))
			d->facts[w++] = d->facts[i];
	d->n_facts = w;
}

void *ts_state_entry(void *ctx)
{
	struct ts_state *st = xcalloc(1, sizeof(*st));
	(void)ctx;
	st->n = 1;
	return st;
}

void *ts_state_copy(void *ctx, const void *s)
{
	const struct ts_state *src = s;
	struct ts_state *st = xcalloc(1, sizeof(*st));
	unsigned i;
	(void)ctx;
	for (i = 0; i < src->n; i++)
		state_push(st, &src->d[i]);
	return st;
}

void ts_state_free(void *ctx, void *s)
{
	struct ts_state *st = s;
	unsigned i;
	(void)ctx;
	if (!st)
		return;
	for (i = 0; i < st->n; i++)
		ts_disj_release(&st->d[i]);
	free(st);
}

int ts_state_join(void *ctx, void *dst, const void *src)
{
	struct ts_state *d = dst;
	const struct ts_state *s = src;
	unsigned i, j;
	int changed = 0;
	(void)ctx;
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < d->n; j++)
			if (disj_same_objects(&d->d[j], &s->d[i]))
				break;
		if (j < d->n)
			changed |= facts_intersect(&d->d[j], &s->d[i]);
		else if (d->n < TS_MAX_DISJ) {
			state_push(d, &s->d[i]);
			changed = 1;
		} else {
			changed |= disj_merge(&d->d[d->n - 1], &s->d[i]);
		}
	}
	return changed;
}
