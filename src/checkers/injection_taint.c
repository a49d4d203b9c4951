/*
 * Taint analysis of the injection checker.
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
 * rule (reported at the caller's call site), and taint written through
 * pointer parameters.  Findings are reported only during the replay of a
 * complete solution; functions in a recursive SCC are reported in a last
 * pass, once the SCC's summaries are stable.
 */
#include "checkers/injection.h"
#include "model/paths.h"
#include "engine/callgraph.h"
#include "engine/dataflow.h"
#include "engine/taint.h"
#include "front/ast.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* marks of a taint value: a canonical path (realpath's result) */
#define INJ_CANON 0x1u
/* the value was combined with other text (a format, a concatenation):
 * a command-line argument placed inside a path the program chose */
#define INJ_JOINED 0x2u
#define INJ_MAX_STEPS 6
#define INJ_MAX_PARAMS DV_TAINT_MAX_PARAMS
#define INJ_MAX_VISITS 200
#define INJ_SCC_ROUNDS 8

enum step_kind {
	STEP_ASSIGN,    /* cursor: VarDecl or assignment operator */
	STEP_PROPAGATE, /* cursor: call of a string function */
	STEP_RETURN,    /* cursor: call of a TU function returning the value */
	STEP_OUT_PARAM, /* cursor: call of a TU function writing it through a pointer */
};

enum origin_kind { ORIGIN_NONE, ORIGIN_CALL, ORIGIN_ARGV, ORIGIN_ENTRY };

struct step {
	CXCursor cursor;
	int kind;
};

struct tval {
	struct dv_taint t;
	int origin_kind;
	unsigned n_steps;
	CXCursor origin;
	struct step steps[INJ_MAX_STEPS];
};

struct entry {
	unsigned key;
	int own; /* a field's value stands alone: its ancestors are not joined in */
	struct tval v;
};

struct alias {
	unsigned a, b; /* a < b */
};

struct tstate {
	struct entry *e;
	size_t n, alloc;
	struct alias *al;
	size_t n_al, al_alloc;
};

struct keyinfo {
	CXCursor decl;
	long parent;    /* a field's key: the key of the object it belongs to; else -1 */
	int local;      /* automatic variable of the function: absent means constant */
	int array;      /* a local array: an overwrite replaces its contents */
	int const_init; /* a const global whose initialiser is made of literals */
	int pointer;
};

struct param_sink {
	int set;
	int joined;       /* the parameter was combined with other text on the way */
	CXCursor at;      /* the innermost sink call */
	const char *name; /* its function name (points into the api) */
};

struct summary {
	int done;
	struct tval ret;
	int has_ret;
	unsigned n_params;
	struct param_sink sinks[INJ_MAX_PARAMS][INJ_NRULES];
	uint32_t out_mask;
	struct tval out[INJ_MAX_PARAMS];
};

struct taint_ctx {
	const struct inj_api *api;
	struct dv_tu_ctx *tu;
	struct dv_callgraph *cg;
	struct summary *sums; /* per call-graph function */
	/* interned keys */
	struct keyinfo *keys;
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
	int is_main, is_entry;
	/* replay modes */
	struct summary *collect; /* summary being collected, or NULL */
	int report;
	/* Non-constant formats whose only origin is a parameter are judged
	 * once every caller in the TU is known (see resolve_format_warnings). */
	struct format_warning *warnings;
	size_t n_warnings, warnings_alloc;
	struct param_use *uses;
	size_t n_uses, uses_alloc;
};

/* A printf-family call whose format depends on parameters of `fn`. */
struct format_warning {
	CXCursor call;
	const char *name;
	unsigned fn;
	dv_taint_params params; /* the parameters it depends on */
};

/* At a call of TU function `callee`, its parameter `param` receives a
 * value that is non-constant (`nonconst`) or depends on the caller's
 * parameters `caller_params` (under the format rule). */
struct param_use {
	unsigned callee, param, caller;
	int nonconst;
	dv_taint_params caller_params;
};

/* ---- keys -------------------------------------------------------------- */

static int is_const_literal_init(CXCursor init, unsigned depth)
{
	CXCursor *kids = NULL;
	unsigned n, i;
	int ok = 1;
	enum CXCursorKind k;
	if (depth > 8 || clang_Cursor_isNull(init))
		return 0;
	init = dv_ast_strip_casts(init);
	k = clang_getCursorKind(init);
	if (k == CXCursor_StringLiteral || k == CXCursor_IntegerLiteral ||
	    k == CXCursor_CharacterLiteral || k == CXCursor_GNUNullExpr ||
	    k == CXCursor_CXXNullPtrLiteralExpr)
		return 1;
	if (k != CXCursor_InitListExpr)
		return 0;
	n = dv_ast_children(init, &kids);
	for (i = 0; i < n && ok; i++)
		ok = is_const_literal_init(kids[i], depth + 1);
	free(kids);
	return ok;
}

/* Canonical array types carry their element's const qualifier on the
 * array type itself, so both are asked. */
static int type_is_const_all_the_way(CXType t)
{
	CXType c = clang_getCanonicalType(t);
	if (c.kind == CXType_ConstantArray || c.kind == CXType_IncompleteArray)
		return clang_isConstQualifiedType(c) ||
		       clang_isConstQualifiedType(clang_getArrayElementType(t));
	return clang_isConstQualifiedType(c);
}

static void fill_keyinfo(struct taint_ctx *ctx, struct keyinfo *ki, long parent, CXCursor decl)
{
	enum CXCursorKind k = clang_getCursorKind(decl);
	CXType t = clang_getCanonicalType(clang_getCursorType(decl));
	memset(ki, 0, sizeof(*ki));
	ki->decl = decl;
	ki->parent = parent;
	ki->pointer = t.kind == CXType_Pointer;
	if (parent >= 0) {
		/* a field: absent means "as its object" (see state_read) */
		ki->local = ctx->keys[parent].local;
		ki->array = ki->local &&
			    (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray);
	} else if (k == CXCursor_VarDecl) {
		if (!clang_Cursor_hasVarDeclGlobalStorage(decl) &&
		    !clang_Cursor_hasVarDeclExternalStorage(decl)) {
			ki->local = 1;
			ki->array = t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray;
		} else if (type_is_const_all_the_way(clang_getCursorType(decl))) {
			ki->const_init = is_const_literal_init(clang_Cursor_getVarDeclInitializer(decl), 0);
		}
	}
}

static unsigned key_hash(long parent, CXCursor decl)
{
	return clang_hashCursor(decl) ^ ((unsigned)(parent + 1) * 2654435761u);
}

/* The key of `decl` (a variable, a parameter, or a field of the object
 * keyed `parent`; parent -1 for a variable or an implicit this->field). */
static unsigned intern_field(struct taint_ctx *ctx, long parent, CXCursor decl)
{
	size_t i, mask;
	decl = clang_getCanonicalCursor(decl);
	if (ctx->n_keys * 2 >= ctx->table_size) {
		size_t nsize = ctx->table_size ? ctx->table_size * 2 : 256, j;
		unsigned *nt = xcalloc(nsize, sizeof(*nt));
		for (j = 0; j < ctx->n_keys; j++) {
			size_t p = key_hash(ctx->keys[j].parent, ctx->keys[j].decl) & (nsize - 1);
			while (nt[p])
				p = (p + 1) & (nsize - 1);
			nt[p] = (unsigned)j + 1;
		}
		free(ctx->table);
		ctx->table = nt;
		ctx->table_size = nsize;
	}
	mask = ctx->table_size - 1;
	for (i = key_hash(parent, decl) & mask; ctx->table[i]; i = (i + 1) & mask) {
		const struct keyinfo *ki = &ctx->keys[ctx->table[i] - 1];
		if (ki->parent == parent && clang_equalCursors(ki->decl, decl))
			return ctx->table[i] - 1;
	}
	DV_GROW(ctx->keys, ctx->n_keys + 1, ctx->keys_alloc);
	fill_keyinfo(ctx, &ctx->keys[ctx->n_keys], parent, decl);
	ctx->table[i] = (unsigned)ctx->n_keys + 1;
	return (unsigned)ctx->n_keys++;
}

static unsigned intern_key(struct taint_ctx *ctx, CXCursor decl)
{
	return intern_field(ctx, -1, decl);
}

static unsigned key_root(const struct taint_ctx *ctx, unsigned key)
{
	unsigned guard;
	for (guard = 0; guard < 64 && ctx->keys[key].parent >= 0; guard++)
		key = (unsigned)ctx->keys[key].parent;
	return key;
}

/* Is `key` a field (at any depth) of the object keyed `anc`? */
static int key_inside(const struct taint_ctx *ctx, unsigned key, unsigned anc)
{
	long p = ctx->keys[key].parent;
	unsigned guard;
	for (guard = 0; guard < 64 && p >= 0; guard++) {
		if ((unsigned)p == anc)
			return 1;
		p = ctx->keys[p].parent;
	}
	return 0;
}

/* The storage key of an lvalue-ish expression: the variable at its base.
 * *direct is set when the expression names the variable itself (`x`,
 * `&x`), so that an overwrite may replace its value. */
static long base_key(struct taint_ctx *ctx, CXCursor e, int *direct)
{
	unsigned guard;
	int d = 1;
	for (guard = 0; guard < 64 && !clang_Cursor_isNull(e); guard++) {
		enum CXCursorKind k;
		e = dv_ast_strip_casts(e);
		k = clang_getCursorKind(e);
		if (k == CXCursor_DeclRefExpr) {
			CXCursor r = clang_getCursorReferenced(e);
			enum CXCursorKind rk = clang_getCursorKind(r);
			if (rk != CXCursor_VarDecl && rk != CXCursor_ParmDecl && rk != CXCursor_FieldDecl)
				return -1;
			if (direct)
				*direct = d;
			return intern_key(ctx, r);
		}
		if (k == CXCursor_MemberRefExpr) {
			CXCursor base = dv_ast_child(e, 0), r = clang_getCursorReferenced(e);
			CXType bt;
			int bd = 0;
			long pk;
			if (clang_Cursor_isNull(base) || !clang_isExpression(clang_getCursorKind(base))) {
				if (clang_getCursorKind(r) != CXCursor_FieldDecl)
					return -1;
				if (direct)
					*direct = 0;
				return intern_key(ctx, r); /* implicit this->field */
			}
			pk = base_key(ctx, base, &bd);
			if (pk < 0)
				return -1;
			if (clang_getCursorKind(r) != CXCursor_FieldDecl) {
				if (direct)
					*direct = 0;
				return pk;
			}
			/* `s.f` of a named object replaces that field; `p->f` may
			 * be any object p points to */
			bt = clang_getCanonicalType(clang_getCursorType(dv_ast_strip(base)));
			if (direct)
				*direct = d && bd && bt.kind != CXType_Pointer;
			return intern_field(ctx, pk, r);
		}
		if (k == CXCursor_ArraySubscriptExpr) {
			d = 0;
			e = dv_ast_child(e, 0);
			continue;
		}
		if (k == CXCursor_UnaryOperator) {
			enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
			if (op == CXUnaryOperator_AddrOf) {
				/* &x names x itself; &a[i], &s.f stay inside */
			} else if (op == CXUnaryOperator_Deref) {
				d = 0;
			} else {
				return -1;
			}
			e = dv_ast_child(e, 0);
			continue;
		}
		if (k == CXCursor_BinaryOperator) {
			enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
			CXCursor lhs = dv_ast_child(e, 0), rhs = dv_ast_child(e, 1);
			CXType lt = clang_getCanonicalType(clang_getCursorType(dv_ast_strip(lhs)));
			if (op != CXBinaryOperator_Add && op != CXBinaryOperator_Sub)
				return -1;
			d = 0;
			e = (lt.kind == CXType_Pointer || lt.kind == CXType_ConstantArray ||
			     lt.kind == CXType_IncompleteArray)
				    ? lhs
				    : rhs;
			continue;
		}
		return -1;
	}
	return -1;
}

/* ---- taint values ------------------------------------------------------ */

static void tval_clean(struct tval *v)
{
	memset(v, 0, sizeof(*v));
}

static void tval_unknown(struct tval *v)
{
	tval_clean(v);
	dv_taint_unknown(&v->t);
}

static void tval_add_step(struct tval *v, CXCursor c, int kind)
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
static int tval_join(struct tval *dst, const struct tval *src)
{
	if (!dst->t.rules && src->t.rules) {
		dst->origin_kind = src->origin_kind;
		dst->origin = src->origin;
		dst->n_steps = src->n_steps;
		memcpy(dst->steps, src->steps, sizeof(src->steps[0]) * src->n_steps);
	}
	return dv_taint_join(&dst->t, &src->t);
}

/* Removes the rule bits `rules` from v (and from each parameter's dependence). */
static void tval_sanitize(struct tval *v, unsigned rules)
{
	dv_taint_sanitize(&v->t, (dv_taint_rules)rules);
}

/* ---- states ------------------------------------------------------------ */

static struct tstate *state_new(void)
{
	return xcalloc(1, sizeof(struct tstate));
}

static void state_free(struct tstate *s)
{
	if (!s)
		return;
	free(s->e);
	free(s->al);
	free(s);
}

static struct tstate *state_copy(const struct tstate *s)
{
	struct tstate *c = state_new();
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
static long state_find(const struct tstate *s, unsigned key)
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

static void key_default(const struct taint_ctx *ctx, unsigned key, struct tval *out)
{
	const struct keyinfo *ki = &ctx->keys[key];
	if (ki->local || ki->const_init)
		tval_clean(out);
	else
		tval_unknown(out);
}

static void state_get(const struct taint_ctx *ctx, const struct tstate *s, unsigned key,
		      struct tval *out)
{
	long i = state_find(s, key);
	if (i >= 0)
		*out = s->e[i].v;
	else
		key_default(ctx, key, out);
}

/* What reading the object `key` sees: its own entry, the objects it is a
 * field of (whole-object writes such as fgets(&rec) or rec = other) up to
 * the first entry that stands alone, and its own fields. */
static void state_read(const struct taint_ctx *ctx, const struct tstate *s, unsigned key,
		       struct tval *out)
{
	long i = state_find(s, key), p;
	size_t j;
	unsigned guard;
	struct tval t;
	state_get(ctx, s, key, out);
	if (!(i >= 0 && s->e[i].own)) {
		for (p = ctx->keys[key].parent, guard = 0; p >= 0 && guard < 64;
		     p = ctx->keys[p].parent, guard++) {
			long pi = state_find(s, (unsigned)p);
			state_get(ctx, s, (unsigned)p, &t);
			tval_join(out, &t);
			if (pi >= 0 && s->e[pi].own)
				break;
		}
	}
	for (j = 0; j < s->n; j++)
		if (key_inside(ctx, s->e[j].key, key))
			tval_join(out, &s->e[j].v);
}

/* Fields of `key` go back to reading through it (after a whole write). */
static void reset_fields(const struct taint_ctx *ctx, struct tstate *s, unsigned key)
{
	size_t j;
	for (j = 0; j < s->n; j++) {
		if (!key_inside(ctx, s->e[j].key, key))
			continue;
		tval_clean(&s->e[j].v);
		s->e[j].own = 0;
	}
}

/* The stored value of key, created from the default when absent. */
static struct tval *state_slot(const struct taint_ctx *ctx, struct tstate *s, unsigned key)
{
	long i = state_find(s, key);
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

static int alias_cmp(const struct alias *x, const struct alias *y)
{
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return 0;
}

static int state_add_alias(struct tstate *s, unsigned a, unsigned b)
{
	struct alias al;
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

static void state_drop_aliases(struct tstate *s, unsigned key)
{
	size_t i, o = 0;
	for (i = 0; i < s->n_al; i++)
		if (s->al[i].a != key && s->al[i].b != key)
			s->al[o++] = s->al[i];
	s->n_al = o;
}

/* ---- lattice callbacks --------------------------------------------------- */

static void *lat_entry(void *vctx)
{
	struct taint_ctx *ctx = vctx;
	struct tstate *s = state_new();
	unsigned i;
	for (i = 0; i < ctx->n_params; i++) {
		struct tval *v = state_slot(ctx, s, ctx->param_keys[i]);
		if ((ctx->is_main && i >= 1 && ctx->api->main_argv) || ctx->is_entry) {
			tval_clean(v);
			v->t.rules = INJ_ALL_RULES;
			v->origin_kind = ctx->is_main ? ORIGIN_ARGV : ORIGIN_ENTRY;
			v->origin = ctx->params[i];
		} else {
			/* non-constant through its parameter dependence, not unknown */
			tval_clean(v);
			v->t.params[i] = INJ_ALL_RULES;
		}
	}
	return s;
}

static void *lat_copy(void *vctx, const void *s)
{
	(void)vctx;
	return state_copy(s);
}

static void lat_free(void *vctx, void *s)
{
	(void)vctx;
	state_free(s);
}

static int lat_join(void *vctx, void *vdst, const void *vsrc)
{
	struct taint_ctx *ctx = vctx;
	struct tstate *dst = vdst;
	const struct tstate *src = vsrc;
	size_t i;
	int changed = 0;
	for (i = 0; i < src->n; i++) {
		long j = state_find(dst, src->e[i].key);
		if (j < 0) {
			struct tval *v = state_slot(ctx, dst, src->e[i].key);
			tval_join(v, &src->e[i].v);
			changed = 1;
		} else {
			changed |= tval_join(&dst->e[j].v, &src->e[i].v);
			if (dst->e[j].own && !src->e[i].own) {
				dst->e[j].own = 0;
				changed = 1;
			}
		}
	}
	/* keys only dst has: join with src's default */
	for (i = 0; i < dst->n; i++) {
		if (state_find(src, dst->e[i].key) < 0) {
			struct tval d;
			key_default(ctx, dst->e[i].key, &d);
			changed |= tval_join(&dst->e[i].v, &d);
			if (dst->e[i].own) {
				dst->e[i].own = 0;
				changed = 1;
			}
		}
	}
	for (i = 0; i < src->n_al; i++)
		changed |= state_add_alias(dst, src->al[i].a, src->al[i].b);
	return changed;
}

/* ---- API lookup --------------------------------------------------------- */

/*
 * The API knowledge for a call, or NULL.  Sources, sinks, sanitizers and
 * validators are C functions: a call through a function pointer or a
 * struct member that happens to be named `syslog` is not one.  C++
 * methods and constructors only match propagators (append, c_str, ...).
 */
static const struct inj_func *api_for_call(const struct taint_ctx *ctx, CXCursor call,
					   const char *name)
{
	const struct inj_func *f = inj_api_find(ctx->api, name);
	CXCursor decl;
	enum CXCursorKind k;
	if (!f)
		return NULL;
	decl = dv_ast_callee_decl(call);
	if (clang_Cursor_isNull(decl))
		return NULL;
	k = clang_getCursorKind(decl);
	if (k == CXCursor_FunctionDecl || k == CXCursor_FunctionTemplate)
		return f;
	return f->prop || f->clean_return ? f : NULL;
}

/* ---- expression evaluation ---------------------------------------------- */

static void eval(struct taint_ctx *ctx, const struct tstate *s, CXCursor e, struct tval *out,
		 unsigned depth);

static void eval_join(struct taint_ctx *ctx, const struct tstate *s, CXCursor e, struct tval *acc,
		      unsigned depth)
{
	struct tval v;
	if (clang_Cursor_isNull(e))
		return;
	eval(ctx, s, e, &v, depth);
	tval_join(acc, &v);
}

struct fmt_args {
	struct taint_ctx *ctx;
	const struct tstate *s;
	CXCursor call;
	const struct inj_func *f;
	unsigned first; /* index of the first value argument */
	const char *text; /* the format */
	struct tval *acc;
	unsigned depth;
};

static int conversion_is_numeric(char conv)
{
	return conv && strchr("diouxXeEfFgGaApn*", conv) != NULL;
}

static void fmt_arg_join(void *vfa, unsigned off, char conv, const char *spec)
{
	struct fmt_args *fa = vfa;
	struct tval v;
	unsigned i;
	CXCursor arg = dv_ast_call_arg(fa->call, fa->first + off);
	if (clang_Cursor_isNull(arg) || conversion_is_numeric(conv))
		return; /* digits cannot inject anything */
	eval(fa->ctx, fa->s, arg, &v, fa->depth);
	for (i = 0; fa->f && i < fa->f->n_escapes; i++)
		if (fa->f->escape_conv[i] == conv)
			tval_sanitize(&v, fa->f->escape_rules[i]);
	/* "/srv/data/%s": the value is placed under a directory the program
	 * chose, the shape of a path traversal; "%s.hcd" is not */
	if (spec > fa->text && spec[-1] == '/' && (v.t.rules || dv_taint_has_params(&v.t)))
		v.t.marks |= INJ_JOINED;
	tval_join(fa->acc, &v);
}

/* Joins into acc what a printf-style call copies into its output. */
static void eval_format_flow(struct taint_ctx *ctx, const struct tstate *s, CXCursor call,
			     const struct inj_func *f, int fmt_index, struct tval *acc,
			     unsigned depth)
{
	CXCursor fmt = dv_ast_call_arg(call, (unsigned)fmt_index);
	char *text = NULL;
	int nargs = dv_ast_call_nargs(call), i;
	if (clang_Cursor_isNull(fmt))
		return;
	eval_join(ctx, s, fmt, acc, depth);
	if (dv_ast_is_constant_string(fmt))
		text = dv_ast_string_value(fmt);
	if (text) {
		struct fmt_args fa = {ctx, s, call, f, (unsigned)fmt_index + 1, text, acc, depth};
		if (inj_format_walk(text, 0, fmt_arg_join, &fa) != (unsigned)-1) {
			free(text);
			return;
		}
	}
	free(text);
	for (i = fmt_index + 1; i < nargs; i++)
		eval_join(ctx, s, dv_ast_call_arg(call, (unsigned)i), acc, depth);
}

static int format_is_constant(CXCursor call, int fmt_index)
{
	return dv_ast_is_constant_string(dv_ast_call_arg(call, (unsigned)fmt_index));
}

/* The value a propagator or escaping sanitizer copies to its destination. */
static void eval_flow(struct taint_ctx *ctx, const struct tstate *s, CXCursor call,
		      const struct inj_func *f, struct tval *out, unsigned depth)
{
	int nargs = dv_ast_call_nargs(call), i;
	tval_clean(out);
	if (f->from_all || f->from_object)
		eval_join(ctx, s, dv_ast_call_object(call), out, depth);
	for (i = 0; i < nargs; i++)
		if (f->from_all || (i < 32 && (f->from_args & (1u << i))))
			eval_join(ctx, s, dv_ast_call_arg(call, (unsigned)i), out, depth);
	if (f->format_arg >= 0)
		eval_format_flow(ctx, s, call, f, f->format_arg, out, depth);
	if (f->sanitizes)
		tval_sanitize(out, f->sanitizes);
	if (f->canonical)
		out->t.marks |= INJ_CANON;
	/* Joined: tainted text appended to what the destination holds (a base
	 * directory) or combined by a concatenation; a constant suffix
	 * appended to tainted text is not.  Formats decide per conversion
	 * (fmt_arg_join), unless the format is unknown. */
	if ((f->format_arg >= 0 && !format_is_constant(call, f->format_arg)) ||
	    (!f->overwrite && (f->to == INJ_TO_ARG || f->to == INJ_TO_OBJECT) &&
	     (out->t.rules || dv_taint_has_params(&out->t))) ||
	    (f->from_all && f->to == INJ_TO_RETURN && nargs >= 2))
		out->t.marks |= INJ_JOINED;
	tval_add_step(out, call, STEP_PROPAGATE);
}

/* Value of an argument of a call to a TU function, mapped through the
 * callee's dependence `dep` (the rules per callee parameter). */
static void compose_params(struct taint_ctx *ctx, const struct tstate *s, CXCursor call,
			   const dv_taint_rules *dep, unsigned n_params, struct tval *out,
			   unsigned depth)
{
	unsigned p;
	int nargs = dv_ast_call_nargs(call);
	for (p = 0; p < n_params && p < INJ_MAX_PARAMS && (int)p < nargs; p++) {
		dv_taint_rules rules = dep[p] & INJ_ALL_RULES;
		struct tval a;
		if (!rules)
			continue;
		eval(ctx, s, dv_ast_call_arg(call, p), &a, depth);
		dv_taint_restrict(&a.t, rules);
		tval_join(out, &a);
	}
}

static void eval_call(struct taint_ctx *ctx, const struct tstate *s, CXCursor call,
		      struct tval *out, unsigned depth)
{
	char *name = dv_ast_callee_name(call);
	const struct inj_func *f = api_for_call(ctx, call, name);
	long callee;
	tval_unknown(out);
	if (f && f->src_return) {
		tval_clean(out);
		out->t.rules = INJ_ALL_RULES;
		out->origin_kind = ORIGIN_CALL;
		out->origin = call;
	} else if (f && f->clean_return) {
		tval_clean(out);
	} else if (f && f->prop) {
		if (f->to == INJ_TO_RETURN || (f->to == INJ_TO_ARG && f->format_arg < 0))
			eval_flow(ctx, s, call, f, out, depth); /* strcpy returns dst */
		else if (f->to == INJ_TO_OBJECT || f->to == INJ_TO_ARG)
			tval_clean(out); /* counts and statuses */
	} else if (!f && (callee = dv_callgraph_callee(ctx->cg, call)) >= 0 &&
		   ctx->sums[callee].done) {
		const struct summary *sum = &ctx->sums[callee];
		tval_clean(out);
		if (sum->has_ret) {
			*out = sum->ret;
			dv_taint_clear_params(&out->t);
			compose_params(ctx, s, call, sum->ret.t.params, sum->n_params, out, depth);
		}
		tval_add_step(out, call, STEP_RETURN);
	}
	free(name);
}

static void eval(struct taint_ctx *ctx, const struct tstate *s, CXCursor e, struct tval *out,
		 unsigned depth)
{
	enum CXCursorKind k;
	tval_clean(out);
	if (depth > 48 || clang_Cursor_isNull(e))
		return;
	e = dv_ast_strip_casts(e);
	k = clang_getCursorKind(e);
	switch (k) {
	case CXCursor_StringLiteral:
	case CXCursor_CharacterLiteral:
	case CXCursor_IntegerLiteral:
	case CXCursor_FloatingLiteral:
	case CXCursor_CXXNullPtrLiteralExpr:
	case CXCursor_CXXBoolLiteralExpr:
	case CXCursor_GNUNullExpr:
	case CXCursor_UnaryExpr: /* sizeof, alignof */
	case CXCursor_LambdaExpr:
		return;
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr: {
		long key;
		if (k == CXCursor_DeclRefExpr) {
			enum CXCursorKind rk = clang_getCursorKind(clang_getCursorReferenced(e));
			if (rk == CXCursor_EnumConstantDecl || rk == CXCursor_FunctionDecl ||
			    rk == CXCursor_NonTypeTemplateParameter)
				return;
			if (dv_ast_is_constant_string(e))
				return;
		}
		key = base_key(ctx, e, NULL);
		if (key >= 0)
			state_read(ctx, s, (unsigned)key, out);
		else if (k == CXCursor_DeclRefExpr)
			tval_unknown(out);
		else
			eval(ctx, s, dv_ast_child(e, 0), out, depth + 1);
		return;
	}
	case CXCursor_UnaryOperator: {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
		if (op == CXUnaryOperator_LNot)
			return;
		if (op == CXUnaryOperator_Deref || op == CXUnaryOperator_AddrOf) {
			long key = base_key(ctx, e, NULL);
			if (key >= 0) {
				state_read(ctx, s, (unsigned)key, out);
				return;
			}
		}
		eval(ctx, s, dv_ast_child(e, 0), out, depth + 1);
		return;
	}
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator: {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(e);
		switch (op) {
		case CXBinaryOperator_LT:
		case CXBinaryOperator_GT:
		case CXBinaryOperator_LE:
		case CXBinaryOperator_GE:
		case CXBinaryOperator_EQ:
		case CXBinaryOperator_NE:
		case CXBinaryOperator_LAnd:
		case CXBinaryOperator_LOr:
		case CXBinaryOperator_Cmp:
			return;
		case CXBinaryOperator_Assign:
		case CXBinaryOperator_Comma:
			eval(ctx, s, dv_ast_child(e, 1), out, depth + 1);
			return;
		default:
			eval_join(ctx, s, dv_ast_child(e, 0), out, depth + 1);
			eval_join(ctx, s, dv_ast_child(e, 1), out, depth + 1);
			return;
		}
	}
	case CXCursor_ConditionalOperator: {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(e, &kids), i;
		/* the condition is not part of the value: join the arms */
		for (i = n >= 3 ? 1 : 0; i < n; i++)
			eval_join(ctx, s, kids[i], out, depth + 1);
		free(kids);
		return;
	}
	case CXCursor_CallExpr:
		eval_call(ctx, s, e, out, depth + 1);
		return;
	default: {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(e, &kids), i, seen = 0;
		for (i = 0; i < n; i++) {
			if (!clang_isExpression(clang_getCursorKind(kids[i])))
				continue;
			eval_join(ctx, s, kids[i], out, depth + 1);
			seen++;
		}
		free(kids);
		if (!seen && k != CXCursor_InitListExpr)
			out->t.unknown = 1;
		return;
	}
	}
}

/* ---- writes -------------------------------------------------------------- */

static void note_out_param(struct taint_ctx *ctx, unsigned key, const struct tval *v)
{
	unsigned i;
	if (!ctx->collect)
		return;
	for (i = 0; i < ctx->n_params; i++) {
		if (ctx->param_keys[i] != key)
			continue;
		if (!v->t.rules && !(dv_taint_params_under(&v->t, INJ_ALL_RULES) & ~(1u << i)))
			continue;
		if (!(ctx->collect->out_mask & (1u << i))) {
			ctx->collect->out_mask |= 1u << i;
			tval_clean(&ctx->collect->out[i]);
		}
		{
			struct tval w = *v;
			w.t.params[i] = 0; /* its own pointer value */
			w.t.unknown = 0;
			tval_join(&ctx->collect->out[i], &w);
		}
	}
}

/* Replaces the value of `key` (strong update); its fields read through it again. */
static void state_set(struct taint_ctx *ctx, struct tstate *s, unsigned key, const struct tval *v)
{
	long i;
	reset_fields(ctx, s, key);
	*state_slot(ctx, s, key) = *v;
	i = state_find(s, key);
	s->e[i].own = ctx->keys[key].parent >= 0;
}

/* Joins v into the object `key` and every field of it that stands alone. */
static void join_into_object(struct taint_ctx *ctx, struct tstate *s, unsigned key,
			     const struct tval *v)
{
	size_t j;
	tval_join(state_slot(ctx, s, key), v);
	for (j = 0; j < s->n; j++)
		if (s->e[j].own && key_inside(ctx, s->e[j].key, key))
			tval_join(&s->e[j].v, v);
}

/* Joins v into the objects that share storage with `key`'s object. */
static void write_aliases(struct taint_ctx *ctx, struct tstate *s, unsigned key,
			  const struct tval *v)
{
	unsigned root = key_root(ctx, key);
	size_t i;
	note_out_param(ctx, root, v);
	for (i = 0; i < s->n_al; i++) {
		unsigned other;
		if (s->al[i].a == root)
			other = s->al[i].b;
		else if (s->al[i].b == root)
			other = s->al[i].a;
		else
			continue;
		join_into_object(ctx, s, other, v);
		note_out_param(ctx, other, v);
	}
}

/* Writes v into what `dst` designates: replaces a directly named local
 * object when `overwrite`, else joins into it; and joins into everything
 * it aliases. */
static void write_to(struct taint_ctx *ctx, struct tstate *s, CXCursor dst, const struct tval *v,
		     int overwrite)
{
	int direct = 0;
	long key;
	unsigned guard;
	/* chained C++ calls write into the first object: `(oss << a) << b`,
	 * `s.append(a).append(b)` */
	for (guard = 0; guard < 32; guard++) {
		CXCursor c = dv_ast_strip_casts(dst);
		char *name;
		const struct inj_func *f;
		if (clang_getCursorKind(c) != CXCursor_CallExpr)
			break;
		name = dv_ast_callee_name(c);
		f = api_for_call(ctx, c, name);
		free(name);
		if (f && f->prop && f->to == INJ_TO_ARG && f->to_arg == 0 && f->format_arg < 0)
			dst = dv_ast_call_arg(c, 0);
		else if (f && f->prop && f->to == INJ_TO_OBJECT)
			dst = dv_ast_call_object(c);
		else
			break;
		overwrite = 0;
	}
	key = base_key(ctx, dst, &direct);
	if (key < 0)
		return;
	if (overwrite && direct && ctx->keys[key].local)
		state_set(ctx, s, (unsigned)key, v);
	else
		join_into_object(ctx, s, (unsigned)key, v);
	write_aliases(ctx, s, (unsigned)key, v);
}

/* Removes rule bits from what `e` designates, its fields and its aliases. */
static void clean_key(struct taint_ctx *ctx, struct tstate *s, CXCursor e, unsigned rules)
{
	long key = base_key(ctx, e, NULL), idx;
	unsigned root;
	size_t i;
	struct tval v;
	if (key < 0)
		return;
	/* the field now stands alone with what it held, minus the rules */
	state_read(ctx, s, (unsigned)key, &v);
	tval_sanitize(&v, rules);
	*state_slot(ctx, s, (unsigned)key) = v;
	idx = state_find(s, (unsigned)key);
	s->e[idx].own = ctx->keys[key].parent >= 0;
	for (i = 0; i < s->n; i++)
		if (key_inside(ctx, s->e[i].key, (unsigned)key))
			tval_sanitize(&s->e[i].v, rules);
	root = key_root(ctx, (unsigned)key);
	if (root != (unsigned)key)
		return; /* the rest of the object and its aliases keep their data */
	for (i = 0; i < s->n_al; i++) {
		if (s->al[i].a == root)
			tval_sanitize(state_slot(ctx, s, s->al[i].b), rules);
		else if (s->al[i].b == root)
			tval_sanitize(state_slot(ctx, s, s->al[i].a), rules);
	}
}

static int is_pointer_valued(CXCursor e)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(e));
	return t.kind == CXType_Pointer || t.kind == CXType_ConstantArray ||
	       t.kind == CXType_IncompleteArray;
}

/* `p = buf`, `p = &x`, `p = buf + n`: p and buf now share storage. */
static void maybe_alias(struct taint_ctx *ctx, struct tstate *s, unsigned key, CXCursor rhs)
{
	CXCursor r = dv_ast_strip_casts(rhs);
	long other;
	enum CXCursorKind k = clang_getCursorKind(r);
	if (!ctx->keys[key].pointer || clang_Cursor_isNull(r) || k == CXCursor_CallExpr ||
	    !is_pointer_valued(r))
		return;
	other = base_key(ctx, r, NULL);
	if (other >= 0)
		state_add_alias(s, key, (unsigned)other);
}

/* ---- reporting ----------------------------------------------------------- */

static const char *const rule_nouns[INJ_NRULES] = {
	"command", "query", "format string", "path",
};

static char *origin_text(const struct tval *v)
{
	char *name = NULL, *text;
	switch (v->origin_kind) {
	case ORIGIN_CALL:
		name = dv_ast_callee_name(v->origin);
		text = xasprintf("'%s'", name ? name : "a source");
		break;
	case ORIGIN_ARGV: {
		CXString sp = clang_getCursorSpelling(v->origin);
		text = xasprintf("'%s'", clang_getCString(sp));
		clang_disposeString(sp);
		break;
	}
	case ORIGIN_ENTRY: {
		CXString sp = clang_getCursorSpelling(v->origin);
		name = dv_ast_enclosing_function(v->origin);
		text = xasprintf("parameter '%s' of entry point '%s'", clang_getCString(sp),
				 name ? name : "?");
		clang_disposeString(sp);
		break;
	}
	default:
		text = xstrdup("an untrusted source");
		break;
	}
	free(name);
	return text;
}

static int is_word_token(CXTranslationUnit tu, CXToken t)
{
	CXTokenKind k = clang_getTokenKind(t);
	(void)tu;
	return k == CXToken_Identifier || k == CXToken_Keyword || k == CXToken_Literal;
}

/* Source text of an expression, spaced like code: `j.command`, `buf[i++]`. */
static char *expr_text(CXCursor c)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXToken *toks = NULL;
	unsigned n = 0, i;
	struct strbuf sb;
	strbuf_init(&sb);
	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	for (i = 0; i < n && sb.len < 80; i++) {
		CXString sp = clang_getTokenSpelling(tu, toks[i]);
		if (i && is_word_token(tu, toks[i]) && is_word_token(tu, toks[i - 1]))
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, clang_getCString(sp));
		clang_disposeString(sp);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return strbuf_detach(&sb);
}

static char *step_target_text(CXCursor c)
{
	if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		CXString sp = clang_getCursorSpelling(c);
		char *t = xstrdup(clang_getCString(sp));
		clang_disposeString(sp);
		return t;
	}
	return expr_text(dv_ast_child(c, 0));
}

static void add_flow(struct dv_sink *sink, struct dv_finding *f, const struct tval *v,
		     const char *origin)
{
	unsigned i;
	dv_finding_add_flow_cursor(sink, f, v->origin, "untrusted data comes from %s", origin);
	for (i = 0; i < v->n_steps; i++) {
		CXCursor c = v->steps[i].cursor;
		char *t;
		switch (v->steps[i].kind) {
		case STEP_ASSIGN:
			t = step_target_text(c);
			dv_finding_add_flow_cursor(sink, f, c, "assigned to '%s'", t);
			break;
		case STEP_PROPAGATE:
			t = dv_ast_callee_name(c);
			dv_finding_add_flow_cursor(sink, f, c, "copied by '%s'", t ? t : "a call");
			break;
		case STEP_RETURN:
			t = dv_ast_callee_name(c);
			dv_finding_add_flow_cursor(sink, f, c, "returned by '%s'", t ? t : "a call");
			break;
		default:
			t = dv_ast_callee_name(c);
			dv_finding_add_flow_cursor(sink, f, c, "written by '%s'", t ? t : "a call");
			break;
		}
		free(t);
	}
}

/* Reports rule r at `call`: v reached `sink_name` directly, or through
 * `via` (a TU function) whose inner sink is `inner`/`inner_name`. */
static void report_taint(struct taint_ctx *ctx, int r, CXCursor call, const char *sink_name,
			 const struct tval *v, const char *via, CXCursor inner,
			 const char *inner_name)
{
	char *origin = origin_text(v);
	struct dv_finding *f;
	if (via)
		f = dv_sink_report(ctx->tu->sink, inj_rule_ids[r], call,
				   "tainted data from %s reaches the %s of '%s' through '%s'", origin,
				   rule_nouns[r], inner_name, via);
	else
		f = dv_sink_report(ctx->tu->sink, inj_rule_ids[r], call,
				   "tainted data from %s reaches the %s of '%s'", origin, rule_nouns[r],
				   sink_name);
	if (f) {
		char *plain = NULL;
		if (v->origin_kind == ORIGIN_CALL) {
			plain = dv_ast_callee_name(v->origin);
		} else if (v->origin_kind == ORIGIN_ARGV) {
			CXString sp = clang_getCursorSpelling(v->origin);
			plain = xstrdup(clang_getCString(sp));
			clang_disposeString(sp);
		}
		dv_finding_add_related_cursor(ctx->tu->sink, f, v->origin,
					      "tainted value comes from %s here",
					      plain ? plain : origin);
		free(plain);
		if (via)
			dv_finding_add_related_cursor(ctx->tu->sink, f, inner,
						      "'%s' passes it to '%s' here", via, inner_name);
		add_flow(ctx->tu->sink, f, v, origin);
		if (via) {
			dv_finding_add_flow_cursor(ctx->tu->sink, f, call, "passed to '%s'", via);
			dv_finding_add_flow_cursor(ctx->tu->sink, f, inner, "reaches '%s'",
						   inner_name);
		} else {
			dv_finding_add_flow_cursor(ctx->tu->sink, f, call, "reaches '%s'",
						   sink_name);
		}
	}
	free(origin);
}

/* Is the format value non-constant in a way worth a warning?  A value
 * that is non-constant only because it comes from the function's own
 * parameters is the logging-wrapper idiom when the function takes `...`
 * or a va_list: gcc's format attribute checks its callers, and callers
 * passing untrusted data are reported through the summary. */
static int nonconstant_format(const struct taint_ctx *ctx, const struct tval *v)
{
	if (v->t.unknown)
		return 1;
	return !ctx->wrapper && dv_taint_params_under(&v->t, INJ_BIT(INJ_FORMAT));
}

static void record_param_sink(struct taint_ctx *ctx, int r, const struct tval *v, CXCursor at,
			      const char *name)
{
	unsigned p;
	if (!ctx->collect)
		return;
	for (p = 0; p < ctx->n_params && p < INJ_MAX_PARAMS; p++) {
		struct param_sink *ps = &ctx->collect->sinks[p][r];
		if (!(v->t.params[p] & INJ_BIT(r)) || ps->set)
			continue;
		ps->set = 1;
		ps->joined = (v->t.marks & INJ_JOINED) != 0;
		ps->at = at;
		ps->name = name;
	}
}

/* Numbers are never commands, queries, formats or paths (a sink's
 * argument index may be wrong for a same-named function with another
 * signature). */
static int is_scalar_valued(CXCursor e)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(e));
	return (t.kind >= CXType_FirstBuiltin && t.kind <= CXType_LastBuiltin &&
		t.kind != CXType_Void && t.kind != CXType_NullPtr) ||
	       t.kind == CXType_Enum;
}

static int report_nonconstant_format(struct taint_ctx *ctx, CXCursor call, const char *name)
{
	struct dv_finding *f = dv_sink_report(ctx->tu->sink, inj_rule_ids[INJ_FORMAT], call,
					      "format string of '%s' is not a constant string", name);
	if (f && f->level > DV_LEVEL_WARNING)
		f->level = DV_LEVEL_WARNING;
	return f != NULL;
}

/* A direct sink argument.  Returns nonzero when a finding was made. */
static int check_sink_arg(struct taint_ctx *ctx, const struct tstate *s, int r, CXCursor call,
			  const char *name, CXCursor arg)
{
	struct tval v;
	if (clang_Cursor_isNull(arg) || is_scalar_valued(arg))
		return 0;
	eval(ctx, s, arg, &v, 0);
	record_param_sink(ctx, r, &v, call, name);
	if (!ctx->report)
		return 0;
	if (r == INJ_PATH && v.origin_kind == ORIGIN_ARGV)
		return 0; /* `cat FILE`: a whole path named on the command line is the interface */
	if (dv_taint_has(&v.t, INJ_BIT(r))) {
		report_taint(ctx, r, call, name, &v, NULL, clang_getNullCursor(), NULL);
		return 1;
	}
	if (r == INJ_FORMAT && nonconstant_format(ctx, &v)) {
		if (!v.t.unknown) {
			/* only parameters: decided once all callers are known */
			struct format_warning *w;
			DV_GROW(ctx->warnings, ctx->n_warnings + 1, ctx->warnings_alloc);
			w = &ctx->warnings[ctx->n_warnings++];
			w->call = call;
			w->name = name;
			w->fn = ctx->fn;
			w->params = dv_taint_params_under(&v.t, INJ_BIT(INJ_FORMAT));
			return 0;
		}
		return report_nonconstant_format(ctx, call, name);
	}
	return 0;
}

static int is_char_kind(enum CXTypeKind k)
{
	return k == CXType_Char_S || k == CXType_Char_U || k == CXType_SChar ||
	       k == CXType_UChar || k == CXType_WChar || k == CXType_Char16 ||
	       k == CXType_Char32;
}

static int takes_va_list(CXCursor func)
{
	int n = clang_Cursor_getNumArguments(func), i;
	for (i = 0; i < n; i++) {
		CXString sp = clang_getTypeSpelling(
			clang_getCursorType(clang_Cursor_getArgument(func, (unsigned)i)));
		int yes = strstr(clang_getCString(sp), "va_list") != NULL;
		clang_disposeString(sp);
		if (yes)
			return 1;
	}
	return 0;
}

/*
 * Does the called function's declaration have the shape the API knowledge
 * describes: parameter i is a pointer to characters, and a format sink is
 * variadic or takes a va_list?  A project's own `error(const char *msg)`
 * or `open(struct conn *)` is not libc's.  Declarations without a
 * prototype are taken on trust.
 */
/* In C, wchar_t is a typedef of int: only its spelling tells it apart. */
static int is_wchar_pointer(CXType t)
{
	CXString sp;
	int yes;

	while (t.kind == CXType_Elaborated || t.kind == CXType_Typedef) {
		CXType next = t.kind == CXType_Typedef
				      ? clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t))
				      : clang_Type_getNamedType(t);
		if (next.kind == CXType_Invalid || next.kind == t.kind)
			break;
		if (next.kind == CXType_Pointer) {
			t = next;
			break;
		}
		t = next;
	}
	if (t.kind != CXType_Pointer)
		return 0;
	sp = clang_getTypeSpelling(clang_getPointeeType(t));
	yes = strstr(clang_getCString(sp), "wchar_t") != NULL;
	clang_disposeString(sp);
	return yes;
}

static int sink_signature_matches(CXCursor call, int r, unsigned i)
{
	CXCursor decl = dv_ast_callee_decl(call);
	CXType t;
	int n;
	if (clang_Cursor_isNull(decl))
		return 0;
	n = clang_Cursor_getNumArguments(decl);
	if (n <= 0)
		return 1;
	if (r == INJ_FORMAT) {
		/* The format is the parameter just before `...` or the va_list:
		 * a project's own error(const char *fmt, ...) is not GNU
		 * error(int, int, const char *fmt, ...). */
		if (clang_Cursor_isVariadic(decl)) {
			if ((int)i != n - 1)
				return 0;
		} else if (!takes_va_list(decl) || (int)i != n - 2) {
			return 0;
		}
	}
	if ((int)i >= n)
		return clang_Cursor_isVariadic(decl);
	t = clang_getCursorType(clang_Cursor_getArgument(decl, i));
	if (clang_getCanonicalType(t).kind != CXType_Pointer)
		return 0;
	return is_char_kind(clang_getCanonicalType(clang_getPointeeType(clang_getCanonicalType(t))).kind) ||
	       is_wchar_pointer(t);
}

static int is_shell(CXCursor e)
{
	static const char *const shells[] = {"sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"};
	char *v, *base;
	size_t i;
	int found = 0;
	if (!dv_ast_is_constant_string(e) || !(v = dv_ast_string_value(e)))
		return 0;
	base = strrchr(v, '/') ? strrchr(v, '/') + 1 : v;
	for (i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		found |= !strcmp(base, shells[i]);
	free(v);
	return found;
}

static int is_dash_c(CXCursor e)
{
	char *v;
	int yes;
	if (!dv_ast_is_constant_string(e) || !(v = dv_ast_string_value(e)))
		return 0;
	yes = v[0] == '-' && strchr(v, 'c') != NULL && v[1] != '-';
	free(v);
	return yes;
}

/* Does the initialiser of the argv array `e` names contain "-c"? */
static int argv_has_dash_c(CXCursor e)
{
	CXCursor d, init, *kids = NULL;
	unsigned n, i;
	int yes = 0;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return 0;
	d = clang_getCursorReferenced(e);
	if (clang_getCursorKind(d) != CXCursor_VarDecl)
		return 0;
	init = dv_ast_strip(clang_Cursor_getVarDeclInitializer(d));
	if (clang_getCursorKind(init) != CXCursor_InitListExpr)
		return 0;
	n = dv_ast_children(init, &kids);
	for (i = 0; i < n; i++)
		yes |= is_dash_c(kids[i]);
	free(kids);
	return yes;
}

static void check_exec(struct taint_ctx *ctx, const struct tstate *s, CXCursor call,
		       const struct inj_func *f, const char *name)
{
	int nargs = dv_ast_call_nargs(call), i;
	CXCursor prog = dv_ast_call_arg(call, 0);
	if (!sink_signature_matches(call, INJ_COMMAND, 0))
		return;
	if (check_sink_arg(ctx, s, INJ_COMMAND, call, name, prog))
		return;
	if (!is_shell(prog))
		return;
	if (f->exec == INJ_EXEC_LIST) {
		for (i = 1; i + 1 < nargs; i++) {
			if (is_dash_c(dv_ast_call_arg(call, (unsigned)i))) {
				check_sink_arg(ctx, s, INJ_COMMAND, call, name,
					       dv_ast_call_arg(call, (unsigned)i + 1));
				return;
			}
		}
	} else if (nargs >= 2 && argv_has_dash_c(dv_ast_call_arg(call, 1))) {
		check_sink_arg(ctx, s, INJ_COMMAND, call, name, dv_ast_call_arg(call, 1));
	}
}

static void check_api_sinks(struct taint_ctx *ctx, const struct tstate *s, CXCursor call,
			    const struct inj_func *f, const char *name)
{
	int r, nargs = dv_ast_call_nargs(call), i;
	long long flags;
	if (f->safe_flags_arg >= 0 && f->safe_flags_arg < nargs &&
	    dv_ast_int_value(dv_ast_call_arg(call, (unsigned)f->safe_flags_arg), &flags) == 0 &&
	    (flags & f->safe_flags_mask) == f->safe_flags_mask)
		return; /* e.g. wordexp(..., WRDE_NOCMD): no command substitution */
	for (r = 0; r < INJ_NRULES; r++) {
		if (r == INJ_COMMAND && f->exec != INJ_EXEC_NONE) {
			check_exec(ctx, s, call, f, name);
			continue;
		}
		for (i = 0; i < nargs && i < 32; i++)
			if ((f->sink_args[r] & (1u << i)) &&
			    sink_signature_matches(call, r, (unsigned)i) &&
			    check_sink_arg(ctx, s, r, call, f->name, dv_ast_call_arg(call, (unsigned)i)))
				break; /* one finding per call and rule */
	}
}

static void check_summary_sinks(struct taint_ctx *ctx, const struct tstate *s, CXCursor call,
				const struct summary *sum, const char *callee_name)
{
	int r, nargs = dv_ast_call_nargs(call);
	unsigned p;
	for (r = 0; r < INJ_NRULES; r++) {
		int reported = 0;
		for (p = 0; p < sum->n_params && p < INJ_MAX_PARAMS && (int)p < nargs; p++) {
			const struct param_sink *ps = &sum->sinks[p][r];
			struct tval v;
			if (!ps->set)
				continue;
			eval(ctx, s, dv_ast_call_arg(call, p), &v, 0);
			if (ps->joined)
				v.t.marks |= INJ_JOINED;
			record_param_sink(ctx, r, &v, ps->at, ps->name);
			if (r == INJ_PATH && v.origin_kind == ORIGIN_ARGV)
				continue;
			if (ctx->report && !reported && dv_taint_has(&v.t, INJ_BIT(r))) {
				report_taint(ctx, r, call, ps->name, &v, callee_name, ps->at,
					     ps->name);
				reported = 1;
			}
		}
	}
}

/* ---- transfer ---------------------------------------------------------- */

struct scan_args {
	uint32_t mask;
	unsigned first;
};

static void scan_arg(void *vsa, unsigned off, char conv, const char *spec)
{
	(void)spec;
	struct scan_args *sa = vsa;
	/* numbers and counts store digits only */
	if (conv && strchr("diouxXaAeEfFgGpn", conv))
		return;
	if (sa->first + off < 32)
		sa->mask |= 1u << (sa->first + off);
}

/* The arguments a scanf-style call (format at fmt_index, or -1) fills with
 * text; every argument after the format when the format is not constant. */
static uint32_t scanf_string_args(CXCursor call, int fmt_index)
{
	struct scan_args sa = {0, 0};
	CXCursor fmt;
	char *text = NULL;
	int nargs = dv_ast_call_nargs(call), i;
	if (fmt_index < 0)
		return 0;
	sa.first = (unsigned)fmt_index + 1;
	fmt = dv_ast_call_arg(call, (unsigned)fmt_index);
	if (dv_ast_is_constant_string(fmt))
		text = dv_ast_string_value(fmt);
	if (text && inj_format_walk(text, 1, scan_arg, &sa) != (unsigned)-1) {
		free(text);
		return sa.mask;
	}
	free(text);
	for (sa.mask = 0, i = fmt_index + 1; i < nargs && i < 32; i++)
		sa.mask |= 1u << i;
	return sa.mask;
}

static void record_param_uses(struct taint_ctx *ctx, const struct tstate *s, CXCursor call,
			      unsigned callee)
{
	int nargs = dv_ast_call_nargs(call), i;

	for (i = 0; i < nargs && i < INJ_MAX_PARAMS; i++) {
		CXCursor arg = dv_ast_call_arg(call, (unsigned)i);
		struct param_use *u;
		struct tval v;

		if (is_scalar_valued(arg))
			continue;
		eval(ctx, s, arg, &v, 0);
		DV_GROW(ctx->uses, ctx->n_uses + 1, ctx->uses_alloc);
		u = &ctx->uses[ctx->n_uses++];
		u->callee = callee;
		u->param = (unsigned)i;
		u->caller = ctx->fn;
		u->nonconst = v.t.unknown || v.t.rules;
		u->caller_params = dv_taint_params_under(&v.t, INJ_BIT(INJ_FORMAT));
	}
}

static void transfer_call(struct taint_ctx *ctx, struct tstate *s, const struct dv_event *ev)
{
	CXCursor call = ev->cursor;
	const struct inj_func *f = api_for_call(ctx, call, ev->callee);
	int nargs = dv_ast_call_nargs(call), i;
	long callee;

	if (f) {
		struct tval v;
		if (ctx->collect || ctx->report)
			check_api_sinks(ctx, s, call, f, f->name);
		if (f->src_args || f->src_args_from >= 0 || f->src_scanf_fmt >= 0) {
			tval_clean(&v);
			v.t.rules = INJ_ALL_RULES;
			v.origin_kind = ORIGIN_CALL;
			v.origin = call;
			uint32_t scanned = scanf_string_args(call, f->src_scanf_fmt);
			for (i = 0; i < nargs; i++) {
				int hit = (i < 32 && (f->src_args & (1u << i))) ||
					  (f->src_args_from >= 0 && i >= f->src_args_from) ||
					  (i < 32 && (scanned & (1u << i)));
				if (hit)
					write_to(ctx, s, dv_ast_call_arg(call, (unsigned)i), &v, 0);
			}
		}
		if (f->prop && f->to != INJ_TO_RETURN) {
			eval_flow(ctx, s, call, f, &v, 0);
			if (f->to == INJ_TO_ARG)
				write_to(ctx, s, dv_ast_call_arg(call, (unsigned)f->to_arg), &v,
					 f->overwrite || f->sanitizes);
			else if (f->to == INJ_TO_OBJECT)
				write_to(ctx, s, dv_ast_call_object(call), &v, f->overwrite);
			else if (f->to == INJ_TO_ARGS_FROM)
				for (i = f->to_arg; i < nargs; i++)
					write_to(ctx, s, dv_ast_call_arg(call, (unsigned)i), &v, 0);
		}
		if (f->prop && f->also_to >= 0) {
			eval_flow(ctx, s, call, f, &v, 0);
			write_to(ctx, s, dv_ast_call_arg(call, (unsigned)f->also_to), &v, 1);
		}
		if (f->validator && f->valid_when == INJ_VALID_ALWAYS)
			clean_key(ctx, s, dv_ast_call_arg(call, (unsigned)f->valid_arg),
				  f->valid_rules);
		return;
	}
	callee = dv_callgraph_callee(ctx->cg, call);
	if (callee >= 0 && ctx->report)
		record_param_uses(ctx, s, call, (unsigned)callee);
	if (callee >= 0 && ctx->sums[callee].done) {
		const struct summary *sum = &ctx->sums[callee];
		unsigned p;
		if (ctx->collect || ctx->report)
			check_summary_sinks(ctx, s, call, sum, ctx->cg->funcs[callee].name);
		for (p = 0; p < sum->n_params && p < INJ_MAX_PARAMS && (int)p < nargs; p++) {
			struct tval v;
			if (!(sum->out_mask & (1u << p)))
				continue;
			v = sum->out[p];
			dv_taint_clear_params(&v.t);
			compose_params(ctx, s, call, sum->out[p].t.params, sum->n_params, &v, 0);
			if (!v.t.rules && !dv_taint_has_params(&v.t))
				continue;
			tval_add_step(&v, call, STEP_OUT_PARAM);
			write_to(ctx, s, dv_ast_call_arg(call, p), &v, 0);
		}
	}
}

static void transfer_assign(struct taint_ctx *ctx, struct tstate *s, const struct dv_event *ev)
{
	struct tval v;
	int direct = 0;
	long key;
	if (clang_Cursor_isNull(ev->rhs))
		return; /* ++ / -- */
	key = base_key(ctx, ev->lhs, &direct);
	if (key < 0)
		return;
	eval(ctx, s, ev->rhs, &v, 0);
	tval_add_step(&v, ev->cursor, STEP_ASSIGN);
	if (ev->op == CXBinaryOperator_Assign && direct && ctx->keys[key].parent < 0) {
		/* the variable itself changes: it no longer shares anything */
		state_set(ctx, s, (unsigned)key, &v);
		state_drop_aliases(s, (unsigned)key);
		maybe_alias(ctx, s, (unsigned)key, ev->rhs);
	} else if (ev->op == CXBinaryOperator_Assign && direct) {
		state_set(ctx, s, (unsigned)key, &v);
		write_aliases(ctx, s, (unsigned)key, &v);
	} else {
		write_to(ctx, s, ev->lhs, &v, 0);
	}
}

static void transfer_decl(struct taint_ctx *ctx, struct tstate *s, const struct dv_event *ev)
{
	unsigned key;
	struct tval v;
	if (clang_Cursor_hasVarDeclGlobalStorage(ev->cursor) ||
	    clang_Cursor_hasVarDeclExternalStorage(ev->cursor))
		return;
	key = intern_key(ctx, ev->cursor);
	if (clang_Cursor_isNull(ev->rhs)) {
		tval_clean(&v);
	} else {
		eval(ctx, s, ev->rhs, &v, 0);
		tval_add_step(&v, ev->cursor, STEP_ASSIGN);
	}
	state_set(ctx, s, key, &v);
	state_drop_aliases(s, key);
	if (!clang_Cursor_isNull(ev->rhs))
		maybe_alias(ctx, s, key, ev->rhs);
}

static void lat_transfer(void *vctx, void *vs, const struct dv_event *ev)
{
	struct taint_ctx *ctx = vctx;
	struct tstate *s = vs;
	switch (ev->kind) {
	case DV_EV_CALL:
		transfer_call(ctx, s, ev);
		break;
	case DV_EV_ASSIGN:
		transfer_assign(ctx, s, ev);
		break;
	case DV_EV_DECL:
		transfer_decl(ctx, s, ev);
		break;
	case DV_EV_RETURN:
		if (ctx->collect && !clang_Cursor_isNull(ev->rhs)) {
			struct tval v;
			eval(ctx, s, ev->rhs, &v, 0);
			if (!ctx->collect->has_ret)
				tval_clean(&ctx->collect->ret);
			ctx->collect->has_ret = 1;
			tval_join(&ctx->collect->ret, &v);
		}
		break;
	default:
		break;
	}
}

/* Does the string value of e contain `needle`?  Character constants count. */
static int arg_contains(CXCursor e, const char *needle)
{
	char *v;
	long long c;
	int yes = 0;
	if (clang_Cursor_isNull(e))
		return 0;
	if (dv_ast_is_constant_string(e) && (v = dv_ast_string_value(e))) {
		yes = strstr(v, needle) != NULL;
		free(v);
		return yes;
	}
	if (!dv_ast_int_value(e, &c) && strlen(needle) == 1)
		return c == (unsigned char)needle[0];
	return 0;
}

static void lat_branch(void *vctx, void *vs, const struct dv_branch *br)
{
	struct taint_ctx *ctx = vctx;
	struct tstate *s = vs;
	struct dv_cond_atom atom;
	CXCursor call, arg, other;
	const struct inj_func *f;
	char *name;
	int valid;
	if (br->kind != DV_EDGE_TRUE && br->kind != DV_EDGE_FALSE)
		return;
	if (dv_cond_normalize(br, &atom))
		return;
	call = dv_ast_strip_casts(atom.operand);
	if (clang_getCursorKind(call) != CXCursor_CallExpr)
		return;
	name = dv_ast_callee_name(call);
	f = api_for_call(ctx, call, name);
	free(name);
	if (!f || !f->validator)
		return;
	if (f->valid_when == INJ_VALID_ZERO)
		valid = dv_cond_holds(&atom, 0) && !dv_cond_holds(&atom, 1) &&
			!dv_cond_holds(&atom, -1);
	else if (f->valid_when == INJ_VALID_NONZERO)
		valid = !dv_cond_holds(&atom, 0);
	else
		valid = 0;
	if (!valid)
		return;
	arg = dv_ast_call_arg(call, (unsigned)f->valid_arg);
	other = dv_ast_call_arg(call, f->valid_arg == 0 ? 1 : 0);
	if (f->needle && !arg_contains(other, f->needle))
		return;
	if (f->other_constant && !dv_ast_is_constant_string(other))
		return;
	if (f->requires_canonical) {
		struct tval v;
		eval(ctx, s, arg, &v, 0);
		if (!(v.t.marks & INJ_CANON))
			return;
	}
	clean_key(ctx, s, arg, f->valid_rules);
}

static const struct dv_lattice taint_lattice = {
	.entry = lat_entry,
	.copy = lat_copy,
	.free = lat_free,
	.join = lat_join,
	.transfer = lat_transfer,
	.branch = lat_branch,
};

/* ---- driver -------------------------------------------------------------- */


static void setup_function(struct taint_ctx *ctx, unsigned fn, const struct dv_cfg *cfg)
{
	const struct dv_function *df = &ctx->cg->funcs[fn];
	int n = clang_Cursor_getNumArguments(cfg->func), i;
	ctx->fn = fn;
	ctx->cfg = cfg;
	ctx->func = cfg->func;
	ctx->n_params = 0;
	for (i = 0; n > 0 && i < n && i < INJ_MAX_PARAMS; i++) {
		CXCursor p = clang_Cursor_getArgument(cfg->func, (unsigned)i);
		ctx->params[i] = p;
		ctx->param_keys[i] = intern_key(ctx, p);
		ctx->n_params++;
	}
	ctx->wrapper = clang_Cursor_isVariadic(cfg->func) || takes_va_list(cfg->func);
	ctx->is_main = df->name && !strcmp(df->name, "main") &&
		       clang_getCursorKind(cfg->func) == CXCursor_FunctionDecl;
	ctx->is_entry = !ctx->is_main && inj_api_is_entry_point(ctx->api, df->name);
	ctx->collect = NULL;
	ctx->report = 0;
}

static int summary_equal(const struct summary *a, const struct summary *b)
{
	unsigned p;
	int r;
	if (a->has_ret != b->has_ret || a->out_mask != b->out_mask)
		return 0;
	if (a->has_ret && !dv_taint_equal(&a->ret.t, &b->ret.t))
		return 0;
	for (p = 0; p < INJ_MAX_PARAMS; p++) {
		if ((a->out_mask & (1u << p)) &&
		    !dv_taint_equal(&a->out[p].t, &b->out[p].t))
			return 0;
		for (r = 0; r < INJ_NRULES; r++)
			if (a->sinks[p][r].set != b->sinks[p][r].set)
				return 0;
	}
	return 1;
}

struct drive {
	struct taint_ctx *ctx;
	unsigned char *reported;
};

/* Solves fn and replays the solution, collecting its summary into `out`
 * (may be NULL) and reporting when `report`.  Returns 0 when the
 * solution was complete. */
static int analyse(struct taint_ctx *ctx, unsigned fn, struct summary *out, int report)
{
	const struct dv_cfg *cfg = dv_callgraph_cfg(ctx->cg, fn);
	struct dv_solution *sol;
	int rc = -1;
	if (!cfg || cfg->incomplete) {
		if (report && cfg)
			dv_sink_not_analysed(ctx->tu->sink, ctx->cg->funcs[fn].cursor, "injection",
					     "its control flow could not be modelled (computed goto "
					     "or a size cap)");
		return -1;
	}
	setup_function(ctx, fn, cfg);
	sol = dv_dataflow_solve(cfg, &taint_lattice, ctx, INJ_MAX_VISITS);
	if (report && (!sol || sol->incomplete))
		dv_sink_not_analysed(ctx->tu->sink, ctx->cg->funcs[fn].cursor, "injection",
				     "the analysis did not converge within its budget");
	if (sol && !sol->incomplete) {
		ctx->collect = out;
		ctx->report = report;
		if (out)
			out->n_params = ctx->n_params;
		dv_dataflow_replay(sol, &taint_lattice, ctx);
		ctx->collect = NULL;
		ctx->report = 0;
		rc = 0;
	}
	if (sol)
		dv_solution_free(sol, &taint_lattice, ctx);
	return rc;
}

static int summary_step(void *vd, unsigned fn)
{
	struct drive *d = vd;
	struct taint_ctx *ctx = d->ctx;
	struct summary *fresh = xcalloc(1, sizeof(*fresh));
	int report = !ctx->cg->funcs[fn].recursive;
	int changed;
	if (analyse(ctx, fn, fresh, report) == 0) {
		fresh->done = 1;
	} else {
		memset(fresh, 0, sizeof(*fresh));
		fresh->done = 1; /* known to know nothing */
	}
	if (report)
		d->reported[fn] = 1;
	changed = !ctx->sums[fn].done || !summary_equal(&ctx->sums[fn], fresh);
	ctx->sums[fn] = *fresh;
	free(fresh);
	return changed;
}

/* References to each TU function that are not the callee of a direct call
 * (its address is taken: it may be called from anywhere). */
struct ref_count {
	const struct dv_callgraph *cg;
	unsigned *refs, *calls;
};

static enum CXChildVisitResult count_refs(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ref_count *rc = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	long fn;

	/* the functions judged here are defined in the main file, and so are
	 * their callers; headers' declarations are skipped whole */
	if (clang_getCursorKind(parent) == CXCursor_TranslationUnit &&
	    !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k != CXCursor_DeclRefExpr && k != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	fn = dv_callgraph_lookup(rc->cg, clang_getCursorReferenced(c));
	if (fn >= 0)
		(k == CXCursor_CallExpr ? rc->calls : rc->refs)[fn]++;
	return CXChildVisit_Recurse;
}

/*
 * A format that depends only on the function's own parameters is constant
 * when every caller in the TU passes constants (or parameters that are
 * themselves constant, and so on: a greatest fixpoint).  A function that
 * other translation units or function pointers may call (external linkage
 * without callers here, address taken) keeps the warning.
 */
static void resolve_format_warnings(struct taint_ctx *ctx)
{
	unsigned n = ctx->cg->n_funcs, f, p;
	unsigned char *constant;
	struct ref_count rc;
	size_t i;
	int changed, header;

	if (!ctx->n_warnings)
		return;
	header = dv_path_is_header(ctx->tu->path);
	constant = xcalloc((size_t)n * INJ_MAX_PARAMS, 1);
	rc.cg = ctx->cg;
	rc.refs = xcalloc(n, sizeof(unsigned));
	rc.calls = xcalloc(n, sizeof(unsigned));
	clang_visitChildren(clang_getTranslationUnitCursor(ctx->tu->tu), count_refs, &rc);
	for (f = 0; f < n; f++) {
		CXCursor fc = ctx->cg->funcs[f].cursor;
		/* a static function nobody here calls is dead code in a source
		 * file, but API in a header (a static inline helper) */
		int closed = clang_getCursorKind(fc) == CXCursor_FunctionDecl &&
			     rc.refs[f] <= rc.calls[f] &&
			     (rc.calls[f] > 0 || (!header &&
				clang_getCursorLinkage(fc) == CXLinkage_Internal));
		for (p = 0; p < INJ_MAX_PARAMS; p++)
			constant[f * INJ_MAX_PARAMS + p] = (unsigned char)closed;
	}
	for (i = 0; i < ctx->n_uses; i++)
		if (ctx->uses[i].nonconst)
			constant[ctx->uses[i].callee * INJ_MAX_PARAMS + ctx->uses[i].param] = 0;
	do {
		changed = 0;
		for (i = 0; i < ctx->n_uses; i++) {
			const struct param_use *u = &ctx->uses[i];
			unsigned char *slot = &constant[u->callee * INJ_MAX_PARAMS + u->param];
			for (p = 0; *slot && p < INJ_MAX_PARAMS; p++)
				if ((u->caller_params & (1u << p)) &&
				    !constant[u->caller * INJ_MAX_PARAMS + p]) {
					*slot = 0;
					changed = 1;
				}
		}
	} while (changed);
	for (i = 0; i < ctx->n_warnings; i++) {
		const struct format_warning *w = &ctx->warnings[i];
		for (p = 0; p < INJ_MAX_PARAMS; p++)
			if ((w->params & (1u << p)) &&
			    !constant[w->fn * INJ_MAX_PARAMS + p]) {
				report_nonconstant_format(ctx, w->call, w->name);
				break;
			}
	}
	free(constant);
	free(rc.refs);
	free(rc.calls);
}

void inj_check_tu(const struct inj_api *api, struct dv_tu_ctx *tu)
{
	struct taint_ctx ctx;
	struct drive d;
	unsigned i;
	if (!tu->cg || !tu->cg->n_funcs)
		return;
	for (i = 0; i < INJ_NRULES; i++) {
		const struct dv_rule *rule = dv_ruleset_find(tu->rules, inj_rule_ids[i]);
		if (rule && rule->enabled && rule->level != DV_LEVEL_NONE)
			break;
	}
	if (i == INJ_NRULES)
		return; /* every rule of the family is disabled */
	memset(&ctx, 0, sizeof(ctx));
	ctx.api = api;
	ctx.tu = tu;
	ctx.cg = tu->cg;
	ctx.sums = xcalloc(ctx.cg->n_funcs, sizeof(*ctx.sums));
	d.ctx = &ctx;
	d.reported = xcalloc(ctx.cg->n_funcs, 1);
	dv_callgraph_bottom_up(ctx.cg, summary_step, &d, INJ_SCC_ROUNDS);
	for (i = 0; i < ctx.cg->n_funcs; i++)
		if (!d.reported[i])
			analyse(&ctx, i, NULL, 1);
	resolve_format_warnings(&ctx);
	free(d.reported);
	free(ctx.warnings);
	free(ctx.uses);
	free(ctx.sums);
	free(ctx.keys);
	free(ctx.table);
}
