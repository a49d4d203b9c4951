/*
 * Open addressing with linear probing; the table doubles at half load.
 */
#include "engine/cursor_memo.h"

#include <stdlib.h>

#include "util/xalloc.h"

struct dv_cursor_memo_slot {
	CXCursor c;
	const void *value;
	unsigned tag;
	int used;
};

static size_t slot_of(CXCursor c, unsigned tag, size_t cap)
{
	size_t h = (size_t)clang_hashCursor(c) * 0x9E3779B1u + tag * 0x85EBCA77u;
	h ^= h >> 15;
	return h & (cap - 1);
}

static struct dv_cursor_memo_slot *find(const struct dv_cursor_memo *m, CXCursor c, unsigned tag)
{
	size_t i;
	if (!m->cap)
		return NULL;
	i = slot_of(c, tag, m->cap);
	while (m->slots[i].used) {
		if (m->slots[i].tag == tag && clang_equalCursors(m->slots[i].c, c))
			return &m->slots[i];
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slots[i];
}

int dv_cursor_memo_get(const struct dv_cursor_memo *m, CXCursor c, unsigned tag,
		       const void **out)
{
	const struct dv_cursor_memo_slot *s = find(m, c, tag);
	if (!s || !s->used)
		return 0;
	*out = s->value;
	return 1;
}

static void grow(struct dv_cursor_memo *m)
{
	size_t ncap = m->cap ? 2 * m->cap : 64, j;
	struct dv_cursor_memo_slot *ns = xcalloc(ncap, sizeof(*ns));
	for (j = 0; j < m->cap; j++) {
		size_t i;
		if (!m->slots[j].used)
			continue;
		i = slot_of(m->slots[j].c, m->slots[j].tag, ncap);
		while (ns[i].used)
			i = (i + 1) & (ncap - 1);
		ns[i] = m->slots[j];
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

void dv_cursor_memo_put(struct dv_cursor_memo *m, CXCursor c, unsigned tag, const void *value)
{
	struct dv_cursor_memo_slot *s;
	if (2 * (m->n + 1) > m->cap)
		grow(m);
	s = find(m, c, tag);
	if (!s->used) {
		s->used = 1;
		s->c = c;
		s->tag = tag;
		m->n++;
	}
	s->value = value;
}

void dv_cursor_memo_release(struct dv_cursor_memo *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}
