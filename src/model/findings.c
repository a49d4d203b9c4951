/*
 * Finding lists: ownership, ordering, de-duplication and fingerprints.
 *
 * The fingerprint is what code scanning uses to recognise "the same
 * finding" across commits, so it hashes what a reviewer would call the
 * identity of a finding (rule, file, the text of the line, the function)
 * and never the line number, which moves whenever code above it changes.
 */
#include "diffvet/finding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

void dv_findings_init(struct dv_findings *list)
{
	list->items = NULL;
	list->count = 0;
	list->alloc = 0;
}

static void location_release(struct dv_location *loc)
{
	free(loc->path);
	free(loc->message);
	memset(loc, 0, sizeof(*loc));
}

void dv_finding_release(struct dv_finding *f)
{
	size_t i;

	if (!f)
		return;
	free(f->rule_id);
	free(f->message);
	location_release(&f->primary);
	for (i = 0; i < f->n_related; i++)
		location_release(&f->related[i]);
	free(f->related);
	for (i = 0; i < f->n_flow; i++)
		location_release(&f->flow[i]);
	free(f->flow);
	free(f->function);
	free(f->fingerprint_extra);
	free(f->fingerprint);
	free(f->suppression_reason);
	memset(f, 0, sizeof(*f));
}

void dv_findings_release(struct dv_findings *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++)
		dv_finding_release(&list->items[i]);
	free(list->items);
	dv_findings_init(list);
}

struct dv_finding *dv_findings_push(struct dv_findings *list)
{
	struct dv_finding *f;

	DV_GROW(list->items, list->count + 1, list->alloc);
	f = &list->items[list->count++];
	memset(f, 0, sizeof(*f));
	return f;
}

void dv_findings_move(struct dv_findings *dst, struct dv_findings *src)
{
	if (dst == src || src->count == 0)
		return;
	DV_GROW(dst->items, dst->count + src->count, dst->alloc);
	memcpy(dst->items + dst->count, src->items, src->count * sizeof(*src->items));
	dst->count += src->count;
	free(src->items);
	dv_findings_init(src);
}

void dv_location_set(struct dv_location *loc, const char *path, unsigned line, unsigned col,
		     unsigned end_line, unsigned end_col, const char *message)
{
	/* Copy before freeing: callers may pass the location's own strings. */
	char *new_path = xstrdup(path ? path : "");
	char *new_message = xstrdup(message);

	free(loc->path);
	free(loc->message);
	loc->path = new_path;
	loc->message = new_message;
	loc->line = line;
	loc->col = col;
	loc->end_line = end_line;
	loc->end_col = end_col;
}

static struct dv_location *location_append(struct dv_location **arr, size_t *n)
{
	struct dv_location *loc;

	*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
	loc = &(*arr)[(*n)++];
	memset(loc, 0, sizeof(*loc));
	return loc;
}

struct dv_location *dv_finding_add_related(struct dv_finding *f)
{
	return location_append(&f->related, &f->n_related);
}

struct dv_location *dv_finding_add_flow(struct dv_finding *f)
{
	return location_append(&f->flow, &f->n_flow);
}

/* ---- fingerprints ---- */

/* Two FNV-1a 64 streams with different offset bases: 128 bits of output
 * keep accidental collisions out of reach for any realistic code base,
 * without carrying a cryptographic hash around. */
#define FNV64_PRIME UINT64_C(0x100000001b3)
#define FNV64_BASIS_A UINT64_C(0xcbf29ce484222325)
#define FNV64_BASIS_B UINT64_C(0x84222325cbf29ce4)

struct fingerprint_hash {
	uint64_t a, b;
};

static void hash_bytes(struct fingerprint_hash *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h->a = (h->a ^ p[i]) * FNV64_PRIME;
		/* The second stream sees each byte rotated so that the two
		 * streams do not collide on the same inputs. */
		h->b = (h->b ^ (unsigned char)((p[i] << 3) | (p[i] >> 5))) * FNV64_PRIME;
	}
}

/* Each field is tagged and length-prefixed so that ("ab", "c") and
 * ("a", "bc") hash differently and a missing field differs from "". */
static void hash_field(struct fingerprint_hash *h, char tag, const char *s, size_t len)
{
	unsigned char prefix[1 + sizeof(uint64_t)];
	uint64_t n = s ? (uint64_t)len : UINT64_MAX;
	size_t i;

	prefix[0] = (unsigned char)tag;
	for (i = 0; i < sizeof(uint64_t); i++)
		prefix[1 + i] = (unsigned char)(n >> (8 * i));
	hash_bytes(h, prefix, sizeof(prefix));
	if (s)
		hash_bytes(h, s, len);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Collapses whitespace runs to one space and trims both ends, so that
 * re-indenting a line keeps its findings' fingerprints. */
static void normalize_whitespace(struct strbuf *out, const char *s)
{
	int pending_space = 0;

	for (; *s; s++) {
		if (is_blank(*s)) {
			pending_space = out->len > 0;
			continue;
		}
		if (pending_space)
			strbuf_addch(out, ' ');
		pending_space = 0;
		strbuf_addch(out, *s);
	}
}

char *dv_finding_fingerprint(const struct dv_finding *f, const char *line_text)
{
	struct fingerprint_hash h = {FNV64_BASIS_A, FNV64_BASIS_B};
	struct strbuf norm;

	strbuf_init(&norm);
	normalize_whitespace(&norm, line_text ? line_text : "");
	hash_field(&h, 'r', f->rule_id, f->rule_id ? strlen(f->rule_id) : 0);
	hash_field(&h, 'p', f->primary.path, f->primary.path ? strlen(f->primary.path) : 0);
	hash_field(&h, 'l', norm.buf, norm.len);
	hash_field(&h, 'f', f->function, f->function ? strlen(f->function) : 0);
	hash_field(&h, 'x', f->fingerprint_extra,
		   f->fingerprint_extra ? strlen(f->fingerprint_extra) : 0);
	strbuf_release(&norm);
	return xasprintf("%016llx%016llx", (unsigned long long)h.a, (unsigned long long)h.b);
}

/* ---- ordering ---- */

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_unsigned(unsigned a, unsigned b)
{
	return (a > b) - (a < b);
}

static int finding_cmp_key(const struct dv_finding *a, const struct dv_finding *b)
{
	int c;

	if ((c = strcmp_null(a->primary.path, b->primary.path)))
		return c;
	if ((c = cmp_unsigned(a->primary.line, b->primary.line)))
		return c;
	if ((c = cmp_unsigned(a->primary.col, b->primary.col)))
		return c;
	if ((c = strcmp_null(a->rule_id, b->rule_id)))
		return c;
	return strcmp_null(a->message, b->message);
}

/* Sorting pointers into the original array: equal keys keep their order
 * of appearance (the address), so the result is deterministic even though
 * qsort is not stable. */
static int finding_ptr_cmp(const void *pa, const void *pb)
{
	const struct dv_finding *a = *(const struct dv_finding *const *)pa;
	const struct dv_finding *b = *(const struct dv_finding *const *)pb;
	int c = finding_cmp_key(a, b);

	if (c)
		return c;
	return (a > b) - (a < b);
}

static int same_finding(const struct dv_finding *a, const struct dv_finding *b)
{
	return finding_cmp_key(a, b) == 0;
}

/* The duplicate goes away; a suppression on either copy applies to the
 * kept one, since both stand for the same code. */
static void absorb_duplicate(struct dv_finding *keep, struct dv_finding *dup)
{
	if (dup->suppressed && !keep->suppressed) {
		keep->suppressed = 1;
		free(keep->suppression_reason);
		keep->suppression_reason = dup->suppression_reason;
		dup->suppression_reason = NULL;
	}
	dv_finding_release(dup);
}

static void sort_and_dedupe(struct dv_findings *list)
{
	struct dv_finding **order;
	struct dv_finding *sorted;
	size_t i, n = 0;

	if (list->count == 0)
		return;
	order = xreallocarray(NULL, list->count, sizeof(*order));
	for (i = 0; i < list->count; i++)
		order[i] = &list->items[i];
	qsort(order, list->count, sizeof(*order), finding_ptr_cmp);

	sorted = xreallocarray(NULL, list->count, sizeof(*sorted));
	for (i = 0; i < list->count; i++) {
		if (n > 0 && same_finding(&sorted[n - 1], order[i])) {
			absorb_duplicate(&sorted[n - 1], order[i]);
			continue;
		}
		sorted[n++] = *order[i];
	}
	free(order);
	free(list->items);
	list->items = sorted;
	list->count = n;
	list->alloc = list->count; /* n >= 1: the first finding is always kept */
}

/* Two findings of one rule on identical lines of one file get the same
 * hash; number the later ones (":2", ":3", ...) in file order so every
 * fingerprint is unique yet still independent of line numbers.  Sorted
 * input keeps each file's findings together, and the path is part of the
 * hash, so only a file's own group needs scanning. */
/* Findings of one file with the same fingerprint are numbered in list
 * order: the first keeps it, the k-th gets ":k".  Sorting (path,
 * fingerprint, position) makes that O(n log n); comparing each finding
 * with all earlier ones of its file was quadratic. */
struct fp_slot {
	const char *path;
	const char *fp;
	size_t index;
};

static int fp_slot_cmp(const void *a, const void *b)
{
	const struct fp_slot *x = a, *y = b;
	int c;

	if ((c = strcmp_null(x->path, y->path)))
		return c;
	if ((c = strcmp(x->fp, y->fp)))
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

static void disambiguate_fingerprints(struct dv_findings *list)
{
	struct fp_slot *slots;
	size_t i, first = 0, run = 0;

	if (list->count < 2)
		return;
	slots = xcalloc(list->count, sizeof(*slots));
	for (i = 0; i < list->count; i++) {
		slots[i].path = list->items[i].primary.path;
		slots[i].fp = list->items[i].fingerprint;
		slots[i].index = i;
	}
	qsort(slots, list->count, sizeof(*slots), fp_slot_cmp);
	for (i = 0; i < list->count; i++) {
		struct dv_finding *f = &list->items[slots[i].index];
		char *numbered;

		/* compared with the run's first, whose fingerprint stays as it
		 * is (the others' are replaced below) */
		if (i == 0 || strcmp_null(slots[i].path, slots[first].path) != 0 ||
		    strcmp(slots[i].fp, slots[first].fp) != 0) {
			first = i;
			run = 1;
			continue;
		}
		run++;
		numbered = xasprintf("%s:%zu", f->fingerprint, run);
		free(f->fingerprint);
		f->fingerprint = numbered;
	}
	free(slots);
}

void dv_findings_finalize(struct dv_findings *list, dv_line_reader read_line, void *ctx)
{
	size_t i;

	sort_and_dedupe(list);
	for (i = 0; i < list->count; i++) {
		struct dv_finding *f = &list->items[i];
		const char *text = NULL;

		if (read_line && f->primary.path && f->primary.line)
			text = read_line(ctx, f->primary.path, f->primary.line);
		free(f->fingerprint);
		f->fingerprint = dv_finding_fingerprint(f, text);
	}
	disambiguate_fingerprints(list);
}
