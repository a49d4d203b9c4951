/* Memo of path-independent edge facts (contract in logging_memo.h). */
#include "checkers/logging_memo.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void lg_memo_init(struct lg_memo *m, const struct lg_tu *t, const struct dv_cfg *cfg)
{
	unsigned n_edges = 0, i;
	memset(m, 0, sizeof(*m));
	m->t = t;
	m->cfg = cfg;
	m->edge_base = xcalloc(cfg->n_blocks ? cfg->n_blocks : 1, sizeof(*m->edge_base));
	m->macro_cond = xmalloc(cfg->n_blocks ? cfg->n_blocks : 1);
	memset(m->macro_cond, -1, cfg->n_blocks ? cfg->n_blocks : 1);
	for (i = 0; i < cfg->n_blocks; i++) {
		m->edge_base[i] = n_edges;
		n_edges += cfg->blocks[i].n_succ;
	}
	m->edges = xcalloc(n_edges ? n_edges : 1, sizeof(*m->edges));
	for (i = 0; i < n_edges; i++) {
		m->edges[i].norm = 2;
		m->edges[i].fail = -1;
	}
}

void lg_memo_release(struct lg_memo *m)
{
	free(m->edge_base);
	free(m->edges);
	free(m->macro_cond);
	memset(m, 0, sizeof(*m));
}

struct lg_edge_memo *lg_memo_edge(struct lg_memo *m, unsigned b, const struct dv_edge *e)
{
	return &m->edges[m->edge_base[b] + (unsigned)(e - m->cfg->blocks[b].succ)];
}

int lg_memo_atom(struct lg_memo *m, unsigned b, const struct dv_edge *e, struct dv_cond_atom *a)
{
	struct lg_edge_memo *em = lg_memo_edge(m, b, e);
	if (em->norm == 2) {
		struct dv_branch br;
		memset(&br, 0, sizeof(br));
		br.cond = m->cfg->blocks[b].cond;
		br.kind = e->kind;
		br.cfg = m->cfg;
		br.from = b;
		br.to = e->to;
		em->norm = dv_cond_normalize(&br, &em->atom) ? 1 : 0;
	}
	*a = em->atom;
	return em->norm;
}

int lg_memo_cond_logs(struct lg_memo *m, unsigned b)
{
	if (m->macro_cond[b] < 0)
		m->macro_cond[b] = lg_in_logging_macro(m->t, m->cfg->blocks[b].cond) ? 1 : 0;
	return m->macro_cond[b];
}
