/*
 * Typestate analysis shared by locks.c, resources.c and transactions.c;
 * the model is described in typestate.h.
 */
#include "checkers/typestate.h"

#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "engine/dataflow.h"
#include "engine/callgraph.h"
#include "front/ast.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ======================================================================
 * API knowledge
 * ====================================================================== */

enum ts_op { OP_ACQUIRE, OP_TRY, OP_RELEASE, OP_TAKE, OP_BORROW, OP_QUERY };
enum ts_succ { SUCC_ALWAYS, SUCC_ZERO, SUCC_NONNULL, SUCC_NONNEG, SUCC_STATUS };

struct ts_api {
	const char *name;
	enum ts_op op;
	int arg;   /* object argument, -1 = returned value */
	int deref; /* the argument is the object's address */
	enum ts_succ success;
	int member;
	int sql;   /* query: SQL argument */
};

struct ts_spec {
	const struct ts_family *fam;
	struct ts_api *apis;
	size_t n_apis;
	const char **member_classes, **guards, **borrow, **returns_held, **sql_begin, **sql_end;
	size_t n_member_classes, n_guards, n_borrow, n_returns_held, n_sql_begin, n_sql_end;
};

static const char *const op_names[] = {"acquire", "try_acquire", "release",
				       "take_ownership", "borrow", "query"};
static const char *const succ_names[] = {"always", "zero", "nonnull", "nonnegative", "status"};

static int glob_match(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		if (*p == '*') {
			while (p[1] == '*')
				p++;
			if (!p[1])
				return 1;
			for (; *s; s++)
				if (glob_match(p + 1, s))
					return 1;
			return glob_match(p + 1, s);
		}
		if (!*s || (*p != '?' && *p != *s))
			return 0;
	}
	return !*s;
}

int ts_name_matches(const char *pattern, const char *name)
{
	const char *last;
	if (!pattern || !name)
		return 0;
	if (glob_match(pattern, name))
		return 1;
	last = strrchr(name, ':');
	if (last && last > name && last[-1] == ':' && !strchr(pattern, ':'))
		return glob_match(pattern, last + 1);
	return 0;
}

static int matches_any(const char *const *pats, size_t n, const char *name)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (ts_name_matches(pats[i], name))
			return 1;
	return 0;
}

static int choice(const char *s, const char *const *names, int n)
{
	int i;
	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static int load_api_entry(const struct ts_family *fam, const cJSON *e, int index,
			  struct ts_api *a, struct dv_error *err)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(e, "op");
	const cJSON *arg = cJSON_GetObjectItemCaseSensitive(e, "arg");
	const cJSON *deref = cJSON_GetObjectItemCaseSensitive(e, "deref");
	const cJSON *succ = cJSON_GetObjectItemCaseSensitive(e, "success");
	const cJSON *member = cJSON_GetObjectItemCaseSensitive(e, "member");
	const cJSON *sql = cJSON_GetObjectItemCaseSensitive(e, "sql");
	int v;
	if (!cJSON_IsObject(e))
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions[%d]': "
				    "expected an object", fam->family, index);
	if (!cJSON_IsString(name) || !name->valuestring[0])
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions[%d].name': "
				    "expected a non-empty string", fam->family, index);
	a->name = name->valuestring;
	if (!cJSON_IsString(op) || (v = choice(op->valuestring, op_names, 6)) < 0)
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions[%d].op' "
				    "('%s'): expected one of acquire, try_acquire, release, "
				    "take_ownership, borrow, query", fam->family, index, a->name);
	a->op = (enum ts_op)v;
	a->arg = 0;
	if (arg) {
		if (!cJSON_IsNumber(arg) || arg->valuedouble < -1 || arg->valuedouble > 64)
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].arg' ('%s'): expected an integer from -1 to 64",
					    fam->family, index, a->name);
		a->arg = arg->valueint;
	}
	a->deref = a->arg >= 0 ? fam->default_deref : 0;
	if (deref) {
		if (!cJSON_IsBool(deref))
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].deref' ('%s'): expected true or false",
					    fam->family, index, a->name);
		a->deref = cJSON_IsTrue(deref);
	}
	a->success = SUCC_ALWAYS;
	if (succ) {
		if (!cJSON_IsString(succ) || (v = choice(succ->valuestring, succ_names, 5)) < 0)
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].success' ('%s'): expected one of always, zero, "
					    "nonnull, nonnegative, status", fam->family, index, a->name);
		a->success = (enum ts_succ)v;
	}
	a->member = 0;
	if (member) {
		if (!cJSON_IsBool(member))
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].member' ('%s'): expected true or false",
					    fam->family, index, a->name);
		a->member = cJSON_IsTrue(member);
	}
	a->sql = -1;
	if (sql) {
		if (!cJSON_IsNumber(sql) || sql->valuedouble < 0 || sql->valuedouble > 64)
			return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field "
					    "'api.functions[%d].sql' ('%s'): expected an integer from 0 to 64",
					    fam->family, index, a->name);
		a->sql = sql->valueint;
	}
	if (a->op == OP_QUERY && a->sql < 0)
		return dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions[%d].sql' "
				    "('%s'): required for op 'query'", fam->family, index, a->name);
	return 0;
}

int ts_spec_load(const struct dv_ruleset *rules, const struct ts_family *fam,
		 struct ts_spec **out, struct dv_error *err)
{
	const cJSON *api = dv_ruleset_api(rules, fam->family), *funcs, *e;
	struct ts_spec *spec = xcalloc(1, sizeof(*spec));
	int rc = 0, i = 0;
	spec->fam = fam;
	*out = NULL;
	if (!api) {
		*out = spec;
		return 0;
	}
	funcs = cJSON_GetObjectItemCaseSensitive(api, "functions");
	if (funcs && !cJSON_IsArray(funcs)) {
		rc = dv_error_set(err, DV_ERR_INPUT, "rules family '%s': field 'api.functions': "
				  "expected an array", fam->family);
		goto fail;
	}
	if (funcs) {
		spec->apis = xcalloc((size_t)cJSON_GetArraySize(funcs) + 1, sizeof(*spec->apis));
		cJSON_ArrayForEach(e, funcs)
		{
			if ((rc = load_api_entry(fam, e, i++, &spec->apis[spec->n_apis], err)))
				goto fail;
			spec->n_apis++;
		}
	}
	if ((rc = dv_api_strings(rules, fam->family, api, "member_classes", &spec->member_classes,
				 &spec->n_member_classes, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "guards", &spec->guards, &spec->n_guards,
				 err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "borrow", &spec->borrow, &spec->n_borrow,
				 err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "returns_held", &spec->returns_held,
				 &spec->n_returns_held, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "sql_begin", &spec->sql_begin,
				 &spec->n_sql_begin, err)) ||
	    (rc = dv_api_strings(rules, fam->family, api, "sql_end", &spec->sql_end,
				 &spec->n_sql_end, err)))
		goto fail;
	*out = spec;
	return 0;
fail:
	ts_spec_free(spec);
	return rc ? rc : DV_ERR_INPUT;
}

void ts_spec_free(struct ts_spec *spec)
{
	if (!spec)
		return;
	free(spec->apis);
	free(spec->member_classes);
	free(spec->guards);
	free(spec->borrow);
	free(spec->returns_held);
	free(spec->sql_begin);
	free(spec->sql_end);
	free(spec);
}

/* ======================================================================
 * Interned strings: keys compare by pointer; freed with the TU.
 * ====================================================================== */

struct ts_intern {
	char **slots;
	size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static const char *intern(struct ts_intern *t, const char *s)
{
	size_t i;
	if (!s)
		return NULL;
	if (2 * (t->n + 1) > t->cap) {
		size_t ncap = t->cap ? 2 * t->cap : 256, j;
		char **ns = xcalloc(ncap, sizeof(*ns));
		for (j = 0; j < t->cap; j++) {
			if (!t->slots[j])
				continue;
			i = hash_str(t->slots[j]) & (ncap - 1);
			while (ns[i])
				i = (i + 1) & (ncap - 1);
			ns[i] = t->slots[j];
		}
		free(t->slots);
		t->slots = ns;
		t->cap = ncap;
	}
	i = hash_str(s) & (t->cap - 1);
	while (t->slots[i]) {
		if (!strcmp(t->slots[i], s))
			return t->slots[i];
		i = (i + 1) & (t->cap - 1);
	}
	t->slots[i] = xstrdup(s);
	t->n++;
	return t->slots[i];
}

static const char *intern_take(struct ts_intern *t, char *s)
{
	const char *r = intern(t, s);
	free(s);
	return r;
}

static void intern_release(struct ts_intern *t)
{
	size_t i;
	for (i = 0; i < t->cap; i++)
		free(t->slots[i]);
	free(t->slots);
}

/* ======================================================================
 * Object keys
 *
 * Roots: P{i} parameter i of the analysed function, L{usr} local,
 * G{usr} global or static, T{} `this`.  Steps: "(*X)" deref, "(&X)"
 * address, "X.F{usr}" field, "X[i]" element.  Simplified so that
 * (*(&X)) == X; summaries substitute P{i} with the caller's argument.
 * ====================================================================== */

static char *take_cx(CXString s)
{
	char *r = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");
	clang_disposeString(s);
	return r;
}

static size_t match_paren(const char *s, size_t open)
{
	int depth = 0;
	size_t i;
	for (i = open; s[i]; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i;
	}
	return (size_t)-1;
}

void ts_key_simplify(char *key)
{
	int changed = 1;
	while (changed) {
		size_t i, len = strlen(key);
		changed = 0;
		for (i = 0; i + 4 < len; i++) {
			size_t inner_close, outer_close;
			if (key[i] != '(' || key[i + 2] != '(' ||
			    !((key[i + 1] == '*' && key[i + 3] == '&') ||
			      (key[i + 1] == '&' && key[i + 3] == '*')))
				continue;
			inner_close = match_paren(key, i + 2);
			outer_close = match_paren(key, i);
			if (inner_close == (size_t)-1 || outer_close != inner_close + 1)
				continue;
			/* drop "(*(&" at i and "))" at inner_close */
			memmove(key + inner_close, key + inner_close + 2, len - inner_close - 1);
			memmove(key + i, key + i + 4, strlen(key + i + 4) + 1);
			changed = 1;
			break;
		}
	}
}

char *ts_key_substitute(const char *tmpl, const char *const *args, unsigned n_args)
{
	struct strbuf sb;
	const char *p = tmpl;
	char *out;
	strbuf_init(&sb);
	while (*p) {
		if (p[0] == 'P' && p[1] == '{' && (p == tmpl || !isalnum((unsigned char)p[-1]))) {
			char *end;
			unsigned long i = strtoul(p + 2, &end, 10);
			if (*end == '}' && end > p + 2) {
				if (i >= n_args || !args[i]) {
					strbuf_release(&sb);
					return NULL;
				}
				strbuf_addstr(&sb, args[i]);
				p = end + 1;
				continue;
			}
		}
		strbuf_addch(&sb, *p++);
	}
	out = strbuf_detach(&sb);
	ts_key_simplify(out);
	return out;
}

/* Per-function analysis context (also the lattice context). */
struct ts_tu;
struct ts_fn;

static int param_index(CXCursor func, CXCursor parm)
{
	int n = clang_Cursor_getNumArguments(func), i;
	for (i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(func, (unsigned)i), parm))
			return i;
	return -1;
}

static void add_usr(struct strbuf *sb, CXCursor d)
{
	char *usr = take_cx(clang_getCursorUSR(d));
	if (usr[0]) {
		strbuf_addstr(sb, usr);
	} else {
		char *name = take_cx(clang_getCursorSpelling(d));
		unsigned off = 0;
		clang_getFileLocation(clang_getCursorLocation(d), NULL, NULL, NULL, &off);
		strbuf_addf(sb, "%s@%u", name, off);
		free(name);
	}
	free(usr);
}

static int decl_root(struct strbuf *sb, CXCursor func, CXCursor d)
{
	enum CXCursorKind k = clang_getCursorKind(d);
	if (k == CXCursor_ParmDecl) {
		int i = clang_Cursor_isNull(func) ? -1 : param_index(func, d);
		if (i >= 0) {
			strbuf_addf(sb, "P{%d}", i);
			return 0;
		}
		strbuf_addstr(sb, "L{");
		add_usr(sb, d);
		strbuf_addch(sb, '}');
		return 0;
	}
	if (k != CXCursor_VarDecl)
		return -1;
	strbuf_addstr(sb, clang_Cursor_hasVarDeclGlobalStorage(d) == 1 ? "G{" : "L{");
	add_usr(sb, d);
	strbuf_addch(sb, '}');
	return 0;
}

static int is_pointer_expr(CXCursor e)
{
	enum CXTypeKind k = clang_getCanonicalType(clang_getCursorType(e)).kind;
	return k == CXType_Pointer;
}

static int key_into(struct strbuf *sb, CXCursor func, CXCursor e, unsigned depth)
{
	if (depth > 24 || clang_Cursor_isNull(e))
		return -1;
	e = dv_ast_strip_casts(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_BinaryOperator:
		/* (check, value): OVS's CONST_CAST and friends */
		if (clang_getCursorBinaryOperatorKind(e) != CXBinaryOperator_Comma)
			return -1;
		return key_into(sb, func, dv_ast_child(e, 1), depth + 1);
	case CXCursor_DeclRefExpr:
		return decl_root(sb, func, clang_getCursorReferenced(e));
	case CXCursor_CXXThisExpr:
		strbuf_addstr(sb, "T{}");
		return 0;
	case CXCursor_MemberRefExpr: {
		CXCursor base = dv_ast_child(e, 0), field = clang_getCursorReferenced(e);
		if (clang_getCursorKind(field) != CXCursor_FieldDecl)
			return -1;
		if (clang_Cursor_isNull(base) || !clang_isExpression(clang_getCursorKind(base))) {
			strbuf_addstr(sb, "(*T{})");
		} else if (is_pointer_expr(base)) {
			strbuf_addstr(sb, "(*");
			if (key_into(sb, func, base, depth + 1) < 0)
				return -1;
			strbuf_addch(sb, ')');
		} else if (key_into(sb, func, base, depth + 1) < 0) {
			return -1;
		}
		strbuf_addstr(sb, ".F{");
		add_usr(sb, field);
		strbuf_addch(sb, '}');
		return 0;
	}
	case CXCursor_UnaryOperator: {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
		if (op != CXUnaryOperator_Deref && op != CXUnaryOperator_AddrOf)
			return -1;
		strbuf_addstr(sb, op == CXUnaryOperator_Deref ? "(*" : "(&");
		if (key_into(sb, func, dv_ast_child(e, 0), depth + 1) < 0)
			return -1;
		strbuf_addch(sb, ')');
		return 0;
	}
	case CXCursor_ArraySubscriptExpr: {
		long long v;
		CXCursor idx = dv_ast_child(e, 1);
		if (key_into(sb, func, dv_ast_child(e, 0), depth + 1) < 0)
			return -1;
		strbuf_addch(sb, '[');
		if (dv_ast_int_value(idx, &v) == 0)
			strbuf_addf(sb, "%lld", v);
		else if (key_into(sb, func, idx, depth + 1) < 0)
			return -1;
		strbuf_addch(sb, ']');
		return 0;
	}
	default:
		return -1;
	}
}

/* malloc'd key of expression e inside func, or NULL. */
static char *expr_key(CXCursor func, CXCursor e)
{
	struct strbuf sb;
	char *k;
	strbuf_init(&sb);
	if (key_into(&sb, func, e, 0) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	k = strbuf_detach(&sb);
	ts_key_simplify(k);
	return k;
}

static char *deref_key(const char *k)
{
	char *r;
	if (!k)
		return NULL;
	r = xasprintf("(*%s)", k);
	ts_key_simplify(r);
	return r;
}

static char *decl_key(CXCursor func, CXCursor d)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (decl_root(&sb, func, d) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* A key naming a plain variable (local or parameter), the only places a
 * handle is tracked in. */
static int key_is_variable(const char *k)
{
	size_t n;
	if (!k || (k[0] != 'L' && k[0] != 'P') || k[1] != '{')
		return 0;
	n = strlen(k);
	return k[n - 1] == '}' && !strchr(k + 2, '{');
}

static int key_is_local(const char *k)
{
	return k && !strstr(k, "P{") && !strstr(k, "G{") && !strstr(k, "T{") && !strstr(k, "(*");
}

/* Identity across functions for lock order: a global's key, or the field
 * (struct member) the lock is, whatever instance. */
static char *order_id_of(const char *k)
{
	size_t n;
	const char *f;
	if (!k)
		return NULL;
	if (!strstr(k, "P{") && !strstr(k, "L{") && !strstr(k, "T{") && !strchr(k, '['))
		return xstrdup(k);
	n = strlen(k);
	if (n < 4 || k[n - 1] != '}')
		return NULL;
	f = k + n - 1;
	while (f > k && *f != '{')
		f--;
	if (f - k < 2 || f[-1] != 'F' || f[-2] != '.')
		return NULL;
	return xstrdup(f - 1);
}

/* ======================================================================
 * The lattice: a short list of disjuncts.
 * ====================================================================== */

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
};

#define TS_MAX_DISJ 8
#define TS_MAX_OBJS 64
#define TS_MAX_FACTS 32

struct ts_obj {
	const char *key, *name, *via, *order_id, *guard;
	unsigned mask, flags;
	unsigned prev; /* mask before the last acquire (restored when it fails) */
	unsigned acq_depth; /* loop depth of the acquire */
	int known; /* +1: the acquire's result tested as success; -1 as failure */
	enum ts_succ succ;
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

static void disj_release(struct ts_disj *d)
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

static struct ts_obj *find_obj(struct ts_disj *d, const char *key)
{
	unsigned i;
	for (i = 0; i < d->n_objs; i++)
		if (d->objs[i].key == key)
			return &d->objs[i];
	return NULL;
}

static struct ts_obj *get_obj(struct ts_disj *d, const char *key)
{
	struct ts_obj *o = find_obj(d, key);
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

static void remove_obj(struct ts_disj *d, struct ts_obj *o)
{
	unsigned i = (unsigned)(o - d->objs);
	memmove(&d->objs[i], &d->objs[i + 1], (d->n_objs - i - 1) * sizeof(*o));
	d->n_objs--;
}

static int obj_same_state(const struct ts_obj *a, const struct ts_obj *b)
{
	return a->mask == b->mask && a->flags == b->flags && a->known == b->known &&
	       a->guard == b->guard;
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

static int fact_equal(const struct ts_fact *a, const struct ts_fact *b)
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
			if (fact_equal(&dst->facts[i], &src->facts[j]))
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
		const struct ts_obj *s = find_obj((struct ts_disj *)src, o->key);
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
		if (find_obj(dst, s->key))
			continue;
		o = get_obj(dst, s->key);
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

static void state_remove(struct ts_state *st, unsigned i)
{
	disj_release(&st->d[i]);
	memmove(&st->d[i], &st->d[i + 1], (st->n - i - 1) * sizeof(st->d[0]));
	st->n--;
}

/* ======================================================================
 * Summaries and per-TU context
 * ====================================================================== */

enum { EFF_ACQ = 1, EFF_REL, EFF_UNK };

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
};

struct ts_pair {
	const char *a, *b;
	const char *name_a, *name_b;
	CXCursor site_a, site_b;
	unsigned off_b;
	const char *func;
};

struct ts_tu {
	const struct ts_spec *spec;
	struct dv_tu_ctx *tu;
	unsigned *error_offsets; /* main-file offsets of error diagnostics */
	size_t n_errors;
	struct ts_intern in;
	struct ts_summary *sums;
	struct ts_pair *pairs;
	size_t n_pairs, alloc_pairs;
};

struct ts_exit_obj {
	const char *key;
	unsigned mask, flags;
};

struct ts_exit_rec {
	const char *key;
	int held, has_val;
	long long val;
	CXCursor site;
	struct ts_obj obj;
};

struct ts_fn {
	struct ts_tu *t;
	unsigned idx;
	CXCursor func;
	const struct dv_cfg *cfg;
	char *name;
	int report;          /* report during replay */
	int name_returns_held;
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
	/* handed off inside a loop deeper than their acquire: a leak on the
	 * path that skips the loop is usually a zero-trip loop */
	const char **loop_escaped;
	unsigned n_loop_escaped;
	size_t alloc_loop_escaped;
	size_t alloc_recs;
	/* per-event report dedup */
	const char *reported[16];
	unsigned n_reported;
};

static const struct ts_exit_obj *exit_obj(const struct ts_fn *fn, const char *key)
{
	unsigned i;
	for (i = 0; i < fn->n_exits; i++)
		if (fn->exits[i].key == key)
			return &fn->exits[i];
	return NULL;
}

static const char *in_str(struct ts_fn *fn, const char *s)
{
	return intern(&fn->t->in, s);
}

static const char *in_take(struct ts_fn *fn, char *s)
{
	return intern_take(&fn->t->in, s);
}

static void note_order_id(struct ts_fn *fn, const char *id, const char *name)
{
	unsigned i;
	if (!id)
		return;
	for (i = 0; i < fn->n_order; i++)
		if (fn->order_ids[i] == id)
			return;
	DV_GROW(fn->order_ids, (size_t)fn->n_order + 1, fn->alloc_order);
	DV_GROW(fn->order_names, (size_t)fn->n_order + 1, fn->alloc_order_names);
	fn->order_names[fn->n_order] = name;
	fn->order_ids[fn->n_order++] = id;
}

static unsigned cursor_offset(CXCursor c)
{
	unsigned off = 0;
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &off);
	return off;
}

static void add_pair(struct ts_fn *fn, const struct ts_obj *held, const char *b,
		     const char *name_b, CXCursor site_b)
{
	struct ts_tu *t = fn->t;
	struct ts_pair *p;
	size_t i;
	unsigned off = cursor_offset(site_b);
	for (i = 0; i < t->n_pairs; i++)
		if (t->pairs[i].a == held->order_id && t->pairs[i].b == b && t->pairs[i].off_b == off)
			return;
	DV_GROW(t->pairs, t->n_pairs + 1, t->alloc_pairs);
	p = &t->pairs[t->n_pairs++];
	p->a = held->order_id;
	p->b = b;
	p->name_a = held->name;
	p->name_b = name_b;
	p->site_a = held->acq;
	p->site_b = site_b;
	p->off_b = off;
	p->func = in_str(fn, fn->name);
}

/* Report dedup within one event: one finding per rule and object. */
static int first_report(struct ts_fn *fn, const char *rule, const char *key)
{
	const char *tag = in_take(fn, xasprintf("%s|%s", rule, key ? key : ""));
	unsigned i;
	for (i = 0; i < fn->n_reported; i++)
		if (fn->reported[i] == tag)
			return 0;
	if (fn->n_reported < 16)
		fn->reported[fn->n_reported++] = tag;
	return 1;
}

/* ======================================================================
 * Operations on one disjunct
 * ====================================================================== */

static const struct ts_family *FAM(const struct ts_fn *fn)
{
	return fn->t->spec->fam;
}

static int is_locks(const struct ts_fn *fn)
{
	return FAM(fn)->rule_double != NULL;
}

static void set_function(const struct ts_fn *fn, struct dv_finding *f)
{
	if (f && !f->function && fn->name)
		f->function = xstrdup(fn->name);
}

static int is_txn(const struct ts_fn *fn)
{
	return !strcmp(FAM(fn)->noun, "transaction");
}

static void acquire(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		    const char *name, const char *via, const char *order_id, enum ts_succ succ,
		    int is_try, CXCursor site)
{
	struct ts_obj *o = get_obj(d, key);
	unsigned i;
	if (!o)
		return;
	if (reporting && FAM(fn)->rule_double && !is_try && o->mask == M_HELD &&
	    !(o->flags & F_TRY) && !clang_Cursor_isNull(o->acq) &&
	    first_report(fn, FAM(fn)->rule_double, key)) {
		struct dv_finding *f = dv_sink_report(fn->t->tu->sink, FAM(fn)->rule_double, site,
						      "lock '%s' is acquired again while already held "
						      "(self-deadlock)", name);
		set_function(fn, f);
		if (f)
			dv_finding_add_related_cursor(fn->t->tu->sink, f, o->acq,
						      "'%s' first acquired here", o->name ? o->name : name);
	}
	if (order_id && !is_try) {
		note_order_id(fn, order_id, name);
		if (reporting && FAM(fn)->rule_order)
			for (i = 0; i < d->n_objs; i++) {
				const struct ts_obj *h = &d->objs[i];
				if (h->key != key && h->mask == M_HELD && h->order_id &&
				    h->order_id != order_id && !clang_Cursor_isNull(h->acq))
					add_pair(fn, h, order_id, name, site);
			}
	}
	o->prev = o->mask;
	o->mask = is_try ? (M_HELD | M_UNHELD) : M_HELD;
	o->flags = (o->flags & F_REL_ENTRY) | F_ACQ_HERE | (is_try ? F_TRY : 0) |
		   (succ != SUCC_ALWAYS ? F_REFINE : 0);
	o->known = succ == SUCC_ALWAYS ? 1 : 0;
	o->succ = succ;
	o->name = name;
	o->via = via;
	o->order_id = order_id;
	o->acq = site;
	o->last = site;
	o->acq_depth = fn->cur_depth;
}

static void release(struct ts_fn *fn, int reporting, struct ts_disj *d, const char *key,
		    const char *name, CXCursor site)
{
	struct ts_obj *o = get_obj(d, key);
	struct dv_sink *sink = fn->t->tu->sink;
	if (!o)
		return;
	if (reporting && (o->flags & F_TRY) && FAM(fn)->rule_try &&
	    !clang_Cursor_isNull(o->acq) && first_report(fn, FAM(fn)->rule_try, key)) {
		struct dv_finding *f = dv_sink_report(sink, FAM(fn)->rule_try, o->acq,
						      "the result of %s() on '%s' is not checked, but the "
						      "lock is released later as if it were held",
						      o->via ? o->via : "try-lock", o->name ? o->name : name);
		set_function(fn, f);
		if (f)
			dv_finding_add_related_cursor(sink, f, site, "'%s' released here", name);
	} else if (reporting && FAM(fn)->rule_unheld && o->mask == M_UNHELD &&
		   !clang_Cursor_isNull(o->last) && first_report(fn, FAM(fn)->rule_unheld, key)) {
		struct dv_finding *f = dv_sink_report(sink, FAM(fn)->rule_unheld, site,
						      "lock '%s' is released but not held on this path",
						      name);
		set_function(fn, f);
		if (f)
			dv_finding_add_related_cursor(sink, f, o->last, o->known == -1 ?
						      "acquiring '%s' failed here" :
						      "'%s' already released here", name);
	}
	if (o->mask & (M_ENTRY | M_UNKNOWN))
		o->flags |= F_REL_ENTRY;
	o->mask = M_UNHELD;
	o->flags &= ~(unsigned)(F_TRY | F_REFINE);
	if (!o->name)
		o->name = name;
	o->last = site;
}

static void note_loop_escape(struct ts_fn *fn, const char *key)
{
	unsigned i;
	for (i = 0; i < fn->n_loop_escaped; i++)
		if (fn->loop_escaped[i] == key)
			return;
	DV_GROW(fn->loop_escaped, (size_t)fn->n_loop_escaped + 1, fn->alloc_loop_escaped);
	fn->loop_escaped[fn->n_loop_escaped++] = key;
}

/* The object is out of our hands: returned, stored, or passed to code we
 * cannot see.  Parameter-rooted keys are recorded for the summary even
 * when untracked so far. */
static void escape(struct ts_fn *fn, struct ts_disj *d, const char *key, int returned)
{
	struct ts_obj *o = find_obj(d, key);
	if (o && (o->mask & M_HELD) && fn->cur_depth > o->acq_depth)
		note_loop_escape(fn, key);
	if (!o && key_is_local(key))
		return;
	if (!o)
		o = get_obj(d, key);
	if (!o)
		return;
	o->mask = M_UNKNOWN;
	o->flags &= ~(unsigned)(F_TRY | F_REFINE);
	if (returned)
		o->flags |= F_RETURNED;
}

static void kill_binds(struct ts_disj *d, const char *var)
{
	unsigned i, w = 0;
	for (i = 0; i < d->n_binds; i++)
		if (d->binds[i].var != var)
			d->binds[w++] = d->binds[i];
	d->n_binds = w;
}

static void add_bind(struct ts_disj *d, const char *var, const char *obj, enum ts_succ succ)
{
	kill_binds(d, var);
	if (d->n_binds >= TS_MAX_OBJS)
		return;
	d->binds = xreallocarray(d->binds, d->n_binds + 1, sizeof(*d->binds));
	d->binds[d->n_binds].var = var;
	d->binds[d->n_binds].obj = obj;
	d->binds[d->n_binds].succ = succ;
	d->n_binds++;
}

static const struct ts_bind *find_bind(const struct ts_disj *d, const char *var)
{
	unsigned i;
	for (i = 0; i < d->n_binds; i++)
		if (d->binds[i].var == var)
			return &d->binds[i];
	return NULL;
}

static int is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* text contains needle as a whole token sequence */
static int mentions(const char *text, const char *needle)
{
	size_t n = strlen(needle);
	const char *p = text;
	if (!n)
		return 0;
	while ((p = strstr(p, needle))) {
		if ((p == text || !is_ident_char(p[-1])) && !is_ident_char(p[n]))
			return 1;
		p++;
	}
	return 0;
}

static void kill_facts(struct ts_disj *d, const char *text)
{
	unsigned i, w = 0;
	for (i = 0; i < d->n_facts; i++)
		if (!mentions(d->facts[i].text, text))
			d->facts[w++] = d->facts[i];
	d->n_facts = w;
}

/* Source text with the tokenizer's spaces removed where C needs none:
 * "q -> lock" becomes "q->lock". */
static char *display_text(CXCursor e)
{
	char *t = dv_ast_text(e), *w = t;
	const char *r;
	for (r = t; *r; r++) {
		if (*r == ' ' && !(w > t && is_ident_char(w[-1]) && is_ident_char(r[1])))
			continue;
		*w++ = *r;
	}
	*w = 0;
	if (t[0] == '&')
		memmove(t, t + 1, strlen(t));
	if (strlen(t) > 60 || strpbrk(t, ";{}#")) {
		/* the extent is a whole macro expansion: name the member or
		 * variable instead */
		CXCursor s = dv_ast_strip_casts(e);
		if (clang_getCursorKind(s) == CXCursor_UnaryOperator)
			s = dv_ast_strip_casts(dv_ast_child(s, 0));
		free(t);
		t = take_cx(clang_getCursorSpelling(s));
		if (!t[0]) {
			free(t);
			t = xstrdup("?");
		}
	}
	return t;
}

/* ======================================================================
 * API lookup
 * ====================================================================== */

static char *type_name_of(CXType t)
{
	char *s, *lt;
	if (t.kind == CXType_Pointer || t.kind == CXType_LValueReference ||
	    t.kind == CXType_RValueReference)
		t = clang_getPointeeType(t);
	s = take_cx(clang_getTypeSpelling(clang_getCanonicalType(t)));
	lt = strchr(s, '<');
	if (lt)
		*lt = 0;
	if (!strncmp(s, "const ", 6))
		memmove(s, s + 6, strlen(s + 6) + 1);
	if (!strncmp(s, "struct ", 7) || !strncmp(s, "class ", 6)) {
		char *sp = strchr(s, ' ');
		memmove(s, sp + 1, strlen(sp + 1) + 1);
	}
	return s;
}

static int is_guard_type(const struct ts_spec *spec, CXType t)
{
	char *n;
	int r;
	if (!spec->n_guards)
		return 0;
	n = type_name_of(t);
	r = matches_any(spec->guards, spec->n_guards, n);
	free(n);
	return r;
}

static int is_guard_class_name(const struct ts_spec *spec, const char *name)
{
	size_t i;
	for (i = 0; i < spec->n_guards; i++) {
		const char *g = spec->guards[i], *last = strrchr(g, ':');
		if (!strcmp(g, name) || (last && !strcmp(last + 1, name)))
			return 1;
	}
	return 0;
}

/* The API entry a call matches; *guard_obj set for member calls on a
 * RAII guard object (unique_lock::unlock). */
static const struct ts_api *find_api(const struct ts_spec *spec, const char *name, CXCursor call,
				     int *on_guard)
{
	size_t i;
	CXCursor decl;
	enum CXCursorKind dk;
	*on_guard = 0;
	if (!name)
		return NULL;
	/* a call through a function pointer named like an API (class->open) */
	decl = dv_ast_callee_decl(call);
	dk = clang_getCursorKind(decl);
	if (clang_Cursor_isNull(decl) || dk == CXCursor_FieldDecl || dk == CXCursor_VarDecl ||
	    dk == CXCursor_ParmDecl)
		return NULL;
	for (i = 0; i < spec->n_apis; i++) {
		const struct ts_api *a = &spec->apis[i];
		CXCursor obj;
		char *cls;
		int ok;
		if (strcmp(a->name, name) != 0)
			continue;
		if (!a->member)
			return a;
		obj = dv_ast_call_object(call);
		if (clang_Cursor_isNull(obj))
			continue;
		cls = type_name_of(clang_getCursorType(obj));
		ok = matches_any(spec->member_classes, spec->n_member_classes, cls);
		if (!ok && matches_any(spec->guards, spec->n_guards, cls))
			ok = *on_guard = 1;
		free(cls);
		if (ok)
			return a;
	}
	return NULL;
}

static int sql_matches(const char *const *pats, size_t n, const char *sql)
{
	size_t i;
	while (*sql && isspace((unsigned char)*sql))
		sql++;
	for (i = 0; i < n; i++) {
		size_t l = strlen(pats[i]);
		if (!strncasecmp(sql, pats[i], l) && !is_ident_char(sql[l]))
			return 1;
	}
	return 0;
}

/* Key (interned) and display name of the object an API call acts on. */
static const char *api_object(struct ts_fn *fn, const struct ts_api *a, CXCursor call,
			      const char **name_out, const char **order_out)
{
	CXCursor e;
	char *k, *text;
	*name_out = NULL;
	if (order_out)
		*order_out = NULL;
	if (a->member) {
		e = dv_ast_call_object(call);
		k = expr_key(fn->func, e);
		if (k && is_pointer_expr(e)) {
			char *dk = deref_key(k);
			free(k);
			k = dk;
		}
	} else {
		if (a->arg < 0 || a->arg >= dv_ast_call_nargs(call))
			return NULL;
		e = dv_ast_call_arg(call, (unsigned)a->arg);
		k = expr_key(fn->func, e);
		if (k && a->deref) {
			char *dk = deref_key(k);
			free(k);
			k = dk;
		}
	}
	if (!k)
		return NULL;
	if (a->op == OP_QUERY || !strcmp(fn->t->spec->fam->noun, "transaction")) {
		char *tk = xasprintf("%s#txn", k);
		free(k);
		k = tk;
	}
	text = display_text(e);
	*name_out = in_take(fn, text);
	if (order_out)
		*order_out = in_take(fn, order_id_of(k));
	return in_take(fn, k);
}

/* For a query call: +1 BEGIN, -1 COMMIT/ROLLBACK, 0 other. */
static int query_kind(const struct ts_spec *spec, const struct ts_api *a, CXCursor call)
{
	char *sql;
	int r = 0;
	if (a->sql < 0 || a->sql >= dv_ast_call_nargs(call))
		return 0;
	sql = dv_ast_string_value(dv_ast_call_arg(call, (unsigned)a->sql));
	if (!sql)
		return 0;
	if (sql_matches(spec->sql_begin, spec->n_sql_begin, sql))
		r = 1;
	else if (sql_matches(spec->sql_end, spec->n_sql_end, sql))
		r = -1;
	free(sql);
	return r;
}

static const struct ts_summary *callee_summary(struct ts_fn *fn, CXCursor call)
{
	long i = dv_callgraph_callee(fn->t->tu->cg, call);
	if (i < 0)
		return NULL;
	return &fn->t->sums[i];
}

static int decl_in_system_header(CXCursor call)
{
	CXCursor d = dv_ast_callee_decl(call);
	if (clang_Cursor_isNull(d))
		return 0;
	return clang_Location_isInSystemHeader(clang_getCursorLocation(d));
}

/* ======================================================================
 * Transfer
 * ====================================================================== */

/* The call's value is consumed by the caller (argument, return): a
 * try-acquire result is then checked somewhere we do not follow. */
static const char *call_result_object(struct ts_fn *fn, CXCursor e)
{
	const struct ts_api *a;
	int on_guard;
	const char *name;
	char *callee;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return NULL;
	callee = dv_ast_callee_name(e);
	a = find_api(fn->t->spec, callee, e, &on_guard);
	free(callee);
	if (!a || (a->op != OP_ACQUIRE && a->op != OP_TRY && a->op != OP_QUERY) || a->arg < 0 ||
	    on_guard || (a->op == OP_QUERY && query_kind(fn->t->spec, a, e) <= 0))
		return NULL;
	return api_object(fn, a, e, &name, NULL);
}

/* Objects whose value the expression passes on (alias, store, return):
 * the expression itself, a cast of it, `&x`, ?: arms, initialiser lists. */
static void value_escapes(struct ts_fn *fn, struct ts_state *st, CXCursor e, int returned,
			  unsigned depth)
{
	enum CXCursorKind k;
	char *key;
	unsigned i;
	if (depth > 8 || clang_Cursor_isNull(e))
		return;
	e = dv_ast_strip_casts(e);
	k = clang_getCursorKind(e);
	if (k == CXCursor_InitListExpr || k == CXCursor_ConditionalOperator ||
	    k == CXCursor_CompoundLiteralExpr || k == CXCursor_UnexposedExpr) {
		CXCursor *kids = NULL;
		unsigned n = dv_ast_children(e, &kids), j;
		for (j = (k == CXCursor_ConditionalOperator ? 1 : 0); j < n; j++)
			value_escapes(fn, st, kids[j], returned, depth + 1);
		free(kids);
		return;
	}
	if (k == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(e) == CXBinaryOperator_Assign) {
		value_escapes(fn, st, dv_ast_child(e, 0), returned, depth + 1);
		return;
	}
	if (k == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(e) == CXBinaryOperator_Comma) {
		value_escapes(fn, st, dv_ast_child(e, 1), returned, depth + 1);
		return;
	}
	if (k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(e) == CXUnaryOperator_AddrOf) {
		CXCursor inner = dv_ast_strip_casts(dv_ast_child(e, 0));
		/* &h->member (an embedded struct handed out, container_of style)
		 * lets h escape as well */
		while (clang_getCursorKind(inner) == CXCursor_MemberRefExpr ||
		       clang_getCursorKind(inner) == CXCursor_ArraySubscriptExpr) {
			CXCursor base = dv_ast_strip_casts(dv_ast_child(inner, 0));
			if (clang_Cursor_isNull(base))
				break;
			value_escapes(fn, st, base, returned, depth + 1);
			inner = base;
		}
		value_escapes(fn, st, dv_ast_child(e, 0), returned, depth + 1);
		return;
	}
	key = expr_key(fn->func, e);
	if (!key)
		return;
	{
		const char *ik = in_take(fn, key);
		for (i = 0; i < st->n; i++) {
			struct ts_disj *d = &st->d[i];
			unsigned j;
			escape(fn, d, ik, returned);
			/* address of a lock taken: `return &m` aliases the pointee */
			for (j = 0; j < d->n_objs; j++) {
				const char *ok = d->objs[j].key;
				size_t n = strlen(ik);
				if (ok != ik && !strncmp(ok, ik, n) && ok[n] == '.')
					escape(fn, d, ok, returned);
			}
		}
	}
}

static void apply_summary(struct ts_fn *fn, int reporting, struct ts_state *st,
			  const struct ts_summary *s, const struct dv_event *ev)
{
	const char **args = xcalloc(ev->n_args + 1, sizeof(*args));
	unsigned i, j, k;
	char *text = NULL;
	for (i = 0; i < ev->n_args; i++)
		args[i] = in_take(fn, expr_key(fn->func, ev->args[i]));
	for (i = 0; i < s->n_eff; i++) {
		char *sub = ts_key_substitute(s->eff[i].key, args, ev->n_args);
		const char *key, *order;
		if (!sub)
			continue;
		key = in_take(fn, sub);
		order = in_take(fn, order_id_of(key));
		if (!text)
			text = display_text(ev->cursor);
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			if (s->eff[i].kind == EFF_ACQ)
				acquire(fn, reporting, d, key, in_str(fn, text), ev->callee, order,
					SUCC_ALWAYS, 0, ev->cursor);
			else if (s->eff[i].kind == EFF_REL)
				release(fn, reporting, d, key, in_str(fn, text), ev->cursor);
			else
				escape(fn, d, key, 0);
		}
	}
	/* locks taken inside the callee while we hold ours */
	for (i = 0; i < s->n_order; i++) {
		note_order_id(fn, s->order_ids[i], s->order_names[i]);
		if (!reporting || !FAM(fn)->rule_order)
			continue;
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			for (k = 0; k < d->n_objs; k++) {
				const struct ts_obj *h = &d->objs[k];
				if (h->mask == M_HELD && h->order_id && h->order_id != s->order_ids[i] &&
				    !clang_Cursor_isNull(h->acq)) {
					add_pair(fn, h, s->order_ids[i], s->order_names[i], ev->cursor);
				}
			}
		}
	}
	free(text);
	free(args);
}

/* Parameters reachable from an expression handed out (for the summary:
 * `push(&list, &pkt->node)` hands pkt over). */
static void escape_param_roots(struct ts_fn *fn, struct ts_disj *d, const char *k)
{
	const char *p = k;
	while ((p = strstr(p, "P{"))) {
		const char *end = strchr(p, '}');
		char *root;
		if (!end)
			break;
		root = xstrndup(p, (size_t)(end - p + 1));
		escape(fn, d, in_take(fn, root), 0);
		p = end;
	}
}

static void unknown_call(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	unsigned i, j;
	for (i = 0; i < ev->n_args; i++) {
		char *k = expr_key(fn->func, ev->args[i]);
		const char *ik, *dk;
		if (!k)
			continue;
		ik = in_take(fn, k);
		dk = in_take(fn, deref_key(ik));
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			size_t n = strlen(ik);
			unsigned o;
			escape(fn, d, dk, 0);
			if (FAM(fn)->unknown_call_escapes) {
				escape(fn, d, ik, 0);
				/* &h->node handed to hmap_insert(): h is reachable */
				for (o = 0; o < d->n_objs; o++)
					if (d->objs[o].key != ik && strstr(ik, d->objs[o].key))
						escape(fn, d, d->objs[o].key, 0);
				escape_param_roots(fn, d, ik);
			}
			/* a connection handed out may end its transaction */
			for (o = 0; o < d->n_objs; o++)
				if (!strncmp(d->objs[o].key, ik, n) && d->objs[o].key[n] == '#')
					escape(fn, d, d->objs[o].key, 0);
		}
	}
}

static void on_call(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	const struct ts_spec *spec = fn->t->spec;
	int reporting = ev->reporting && fn->report, on_guard = 0, borrowing;
	const struct ts_api *a;
	const struct ts_summary *s;
	unsigned i, j;

	/* a consumed try-acquire result, or a result variable passed on */
	borrowing = ev->callee && matches_any(spec->borrow, spec->n_borrow, ev->callee);
	for (i = 0; i < ev->n_args; i++) {
		const char *o = call_result_object(fn, ev->args[i]);
		char *vk = o ? NULL : expr_key(fn->func, ev->args[i]);
		const char *ivk = in_take(fn, vk);
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			const struct ts_bind *b = ivk ? find_bind(d, ivk) : NULL;
			struct ts_obj *obj = o ? find_obj(d, o) : b ? find_obj(d, b->obj) : NULL;
			if (obj && o && (obj->flags & F_REFINE) && !borrowing)
				escape(fn, d, o, 0); /* the result is judged by code we do not follow */
			else if (obj)
				obj->flags &= ~(unsigned)F_TRY;
		}
		/* &x handed out may change x: facts about x no longer hold */
		{
			CXCursor arg = dv_ast_strip(ev->args[i]);
			if (clang_getCursorKind(arg) == CXCursor_UnaryOperator &&
			    clang_getCursorUnaryOperatorKind(arg) == CXUnaryOperator_AddrOf) {
				char *text = dv_ast_text(dv_ast_child(arg, 0));
				for (j = 0; j < st->n; j++)
					kill_facts(&st->d[j], text);
				free(text);
			}
		}
	}
	if (ev->callee && is_guard_class_name(spec, ev->callee))
		return; /* handled at the guard's declaration */
	a = find_api(spec, ev->callee, ev->cursor, &on_guard);
	if (a) {
		const char *key, *name, *order;
		int qk = 0;
		size_t x;
		for (x = 0; x < spec->n_apis; x++) {
			const struct ts_api *b = &spec->apis[x];
			if (b != a && b->op == OP_TAKE && !b->member && !strcmp(b->name, a->name) &&
			    (key = api_object(fn, b, ev->cursor, &name, NULL)))
				for (i = 0; i < st->n; i++)
					escape(fn, &st->d[i], key, 0);
		}
		if (a->op == OP_BORROW || a->arg < 0)
			return;
		if (a->op == OP_QUERY && (qk = query_kind(spec, a, ev->cursor)) == 0)
			return;
		key = api_object(fn, a, ev->cursor, &name, &order);
		if (!key)
			return;
		for (i = 0; i < st->n; i++) {
			struct ts_disj *d = &st->d[i];
			if (on_guard) {
				/* unique_lock g: g.lock() / g.unlock() act on its mutex */
				for (j = 0; j < d->n_objs; j++) {
					struct ts_obj *o = &d->objs[j];
					if (o->guard != key)
						continue;
					if (a->op == OP_RELEASE)
						release(fn, reporting, d, o->key, o->name, ev->cursor);
					else if (a->op == OP_ACQUIRE || a->op == OP_TRY)
						acquire(fn, reporting, d, o->key, o->name, ev->callee,
							o->order_id, a->success, a->op == OP_TRY, ev->cursor);
				}
				continue;
			}
			switch (a->op) {
			case OP_ACQUIRE:
			case OP_TRY:
				acquire(fn, reporting, d, key, name, ev->callee, order, a->success,
					a->op == OP_TRY, ev->cursor);
				break;
			case OP_RELEASE:
				release(fn, reporting, d, key, name, ev->cursor);
				break;
			case OP_TAKE:
				escape(fn, d, key, 0);
				break;
			case OP_QUERY:
				if (qk > 0)
					acquire(fn, reporting, d, key, name, ev->callee, NULL, a->success,
						0, ev->cursor);
				else
					release(fn, reporting, d, key, name, ev->cursor);
				break;
			default:
				break;
			}
		}
		return;
	}
	s = callee_summary(fn, ev->cursor);
	if (s && s->valid) {
		apply_summary(fn, reporting, st, s, ev);
		return;
	}
	if (s || !ev->callee || (!matches_any(spec->borrow, spec->n_borrow, ev->callee) &&
				 !decl_in_system_header(ev->cursor)))
		unknown_call(fn, st, ev);
}

/* Code written by a macro (OVS's ovsrcu_set() keeps the value in a local
 * of a statement expression and stores it with an atomic builtin that
 * yields no event): not ours to judge. */
static int in_macro(CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	CXFile ef, sf;
	unsigned eoff = 0, soff = 0;
	clang_getExpansionLocation(loc, &ef, NULL, NULL, &eoff);
	clang_getSpellingLocation(loc, &sf, NULL, NULL, &soff);
	return eoff != soff || !clang_File_isEqual(ef, sf);
}

/* The returned value of an acquire-returning call (fopen) stored in a
 * variable, or a status result kept for a later test. */
static void on_store(struct ts_fn *fn, struct ts_state *st, const char *lhs, const char *lhs_text,
		     const char *lhs_name, CXCursor rhs, CXCursor where)
{
	const struct ts_spec *spec = fn->t->spec;
	int reporting = fn->report, on_guard;
	unsigned i, j;
	CXCursor r = dv_ast_strip_casts(rhs);
	int is_var = key_is_variable(lhs);

	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		if (lhs_text)
			kill_facts(d, lhs_text);
		if (!lhs)
			continue;
		kill_binds(d, lhs);
		if (!is_var)
			continue;
		for (j = 0; j < d->n_objs; j++) {
			struct ts_obj *o = &d->objs[j];
			if (o->key == lhs) {
				if (o->mask & M_HELD) {
					o->mask = M_UNKNOWN; /* overwritten while held: stay quiet */
					o->flags &= ~(unsigned)(F_TRY | F_REFINE);
				} else {
					remove_obj(d, o);
					j--;
				}
			} else if (strstr(o->key, lhs) && !(o->mask & M_UNKNOWN)) {
				/* the path to the object changed (p = p->next) */
				o->mask = M_UNKNOWN;
				o->flags &= ~(unsigned)(F_TRY | F_REFINE);
			}
		}
	}
	if (clang_Cursor_isNull(r))
		return;
	if (clang_getCursorKind(r) == CXCursor_CallExpr) {
		char *callee = dv_ast_callee_name(r);
		const struct ts_api *a = find_api(spec, callee, r, &on_guard);
		const struct ts_summary *s = a ? NULL : callee_summary(fn, r);
		const char *via = in_str(fn, callee);
		free(callee);
		if (!is_var || !lhs || in_macro(where))
			return;
		if (a && (a->op == OP_ACQUIRE || a->op == OP_TRY) && a->arg < 0) {
			for (i = 0; i < st->n; i++)
				acquire(fn, reporting, &st->d[i], lhs, lhs_name, via, NULL, a->success,
					0, r);
		} else if (a && (a->op == OP_ACQUIRE || a->op == OP_TRY ||
				 (a->op == OP_QUERY && query_kind(spec, a, r) > 0)) &&
			   a->success != SUCC_ALWAYS && !on_guard) {
			const char *name, *ok = api_object(fn, a, r, &name, NULL);
			if (ok)
				for (i = 0; i < st->n; i++)
					if (find_obj(&st->d[i], ok))
						add_bind(&st->d[i], lhs, ok, a->success);
		} else if (s && s->valid && s->returns_handle) {
			/* a helper returning a descriptor fails with a negative
			 * value (socket(2) style), one returning a pointer with NULL */
			CXType rt = clang_getCanonicalType(clang_getCursorType(r));
			enum ts_succ succ = rt.kind == CXType_Pointer ? SUCC_NONNULL : SUCC_NONNEG;
			for (i = 0; i < st->n; i++)
				acquire(fn, reporting, &st->d[i], lhs, lhs_name, via, NULL, succ, 0,
					r);
		}
		return;
	}
	value_escapes(fn, st, r, 0, 0);
}

/* RAII guard declared: std::lock_guard<std::mutex> g(m); */
static int on_guard_decl(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	CXCursor ctor = dv_ast_strip(ev->rhs), *kids = NULL;
	const char *gkey;
	int n, i, mode = 0, n_mutex = 0; /* 0 lock, 1 defer, 2 adopt, 3 try */
	unsigned j;
	if (!is_guard_type(fn->t->spec, clang_getCursorType(ev->cursor)))
		return 0;
	if (clang_Cursor_isNull(ctor) || clang_getCursorKind(ctor) != CXCursor_CallExpr) {
		unsigned nk = dv_ast_children(ev->cursor, &kids), k;
		ctor = clang_getNullCursor();
		for (k = 0; k < nk; k++) {
			CXCursor c = dv_ast_strip(kids[k]);
			if (clang_getCursorKind(c) == CXCursor_CallExpr) {
				ctor = c;
				break;
			}
		}
		free(kids);
	}
	if (clang_Cursor_isNull(ctor))
		return 1;
	gkey = in_take(fn, decl_key(fn->func, ev->cursor));
	n = dv_ast_call_nargs(ctor);
	for (i = 0; i < n; i++) {
		char *tn = type_name_of(clang_getCursorType(dv_ast_call_arg(ctor, (unsigned)i)));
		if (strstr(tn, "defer_lock"))
			mode = 1;
		else if (strstr(tn, "adopt_lock"))
			mode = 2;
		else if (strstr(tn, "try_to_lock"))
			mode = 3;
		else
			n_mutex++;
		free(tn);
	}
	for (i = 0; i < n; i++) {
		CXCursor arg = dv_ast_call_arg(ctor, (unsigned)i);
		char *tn = type_name_of(clang_getCursorType(arg)), *k, *text;
		const char *key, *name;
		int tag = strstr(tn, "_lock_t") != NULL;
		free(tn);
		if (tag)
			continue;
		k = expr_key(fn->func, arg);
		if (k && is_pointer_expr(arg)) {
			char *dk = deref_key(k);
			free(k);
			k = dk;
		}
		if (!k)
			continue;
		key = in_take(fn, k);
		text = display_text(arg);
		name = in_take(fn, text);
		for (j = 0; j < st->n; j++) {
			struct ts_disj *d = &st->d[j];
			struct ts_obj *o;
			if (mode == 0)
				acquire(fn, ev->reporting && fn->report, d, key, name, NULL,
					n_mutex == 1 ? in_take(fn, order_id_of(key)) : NULL, SUCC_ALWAYS, 0,
					ev->cursor);
			if (mode == 3) {
				escape(fn, d, key, 0);
				continue;
			}
			o = get_obj(d, key);
			if (o) {
				o->guard = gkey;
				if (!o->name)
					o->name = name;
			}
		}
	}
	return 1;
}

static void on_return(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	CXCursor r = dv_ast_strip_casts(ev->rhs);
	const char *o;
	char *vk;
	const char *ivk;
	unsigned i;
	if (clang_Cursor_isNull(r))
		return;
	/* `return pthread_mutex_lock(&m);`: the caller checks the result */
	o = call_result_object(fn, r);
	vk = o ? NULL : expr_key(fn->func, r);
	ivk = in_take(fn, vk);
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		const struct ts_bind *b = ivk ? find_bind(d, ivk) : NULL;
		if (o)
			escape(fn, d, o, 1);
		else if (b)
			escape(fn, d, b->obj, 1);
	}
	if (!o) {
		struct ts_obj *h;
		long long constant;
		int fresh = 0;
		for (i = 0; i < st->n; i++)
			if (ivk && (h = find_obj(&st->d[i], ivk)) && (h->flags & F_ACQ_HERE) &&
			    (h->mask & M_HELD) && !(h->mask & M_UNKNOWN))
				fresh = 1;
		if (fresh)
			fn->returns_handle = 1;
		else if (dv_ast_int_value(r, &constant) != 0 &&
			 clang_getCursorKind(r) != CXCursor_GNUNullExpr &&
			 clang_getCursorKind(r) != CXCursor_CXXNullPtrLiteralExpr)
			fn->returns_other = 1; /* not a failure constant either */
		value_escapes(fn, st, r, 1, 0);
	}
}

static void on_scope_exit(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	const char *gkey = in_take(fn, decl_key(fn->func, ev->cursor));
	unsigned i, j;
	if (!gkey)
		return;
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		for (j = 0; j < d->n_objs; j++) {
			struct ts_obj *o = &d->objs[j];
			if (o->guard != gkey)
				continue;
			if (o->mask & M_HELD) {
				o->mask = M_UNHELD;
				o->flags &= ~(unsigned)(F_TRY | F_REFINE);
			}
			o->guard = NULL;
		}
	}
}

static int exit_reportable(const struct ts_fn *fn, const struct ts_obj *o)
{
	const struct ts_exit_obj *x;
	if (!(o->mask & M_HELD) || (o->mask & (M_ENTRY | M_UNKNOWN)) ||
	    (o->flags & (F_TRY | F_REL_ENTRY | F_RETURNED)) || clang_Cursor_isNull(o->acq))
		return 0;
	if (key_is_local(o->key))
		return 1;
	if (FAM(fn)->local_objects_only || fn->name_returns_held)
		return 0;
	/* held on every way out: a wrapper that returns holding it */
	x = exit_obj(fn, o->key);
	return !(x && x->mask == M_HELD);
}

/* Exit states are buffered and reported after the replay, once every
 * way out of the function has been seen. */
static void record_exit(struct ts_fn *fn, struct ts_state *st, const struct dv_event *ev)
{
	unsigned i, k;
	long long v = 0;
	int has_val = 0;
	if (!FAM(fn)->rule_exit)
		return;
	if (clang_getCursorKind(ev->cursor) == CXCursor_ReturnStmt) {
		CXCursor e = dv_ast_child(ev->cursor, 0);
		has_val = !clang_Cursor_isNull(e) && dv_ast_int_value(e, &v) == 0;
	}
	for (i = 0; i < st->n; i++) {
		struct ts_disj *d = &st->d[i];
		for (k = 0; k < fn->n_exits; k++) {
			struct ts_obj *o = find_obj(d, fn->exits[k].key);
			struct ts_exit_rec *r;
			DV_GROW(fn->recs, (size_t)fn->n_recs + 1, fn->alloc_recs);
			r = &fn->recs[fn->n_recs++];
			memset(r, 0, sizeof(*r));
			r->key = fn->exits[k].key;
			r->held = o && exit_reportable(fn, o);
			if (r->held)
				r->obj = *o;
			r->has_val = has_val;
			r->val = v;
			r->site = ev->cursor;
		}
	}
}

/* `bool start(once) { lock(&once->m); if (!once->done) return true;
 * unlock(&once->m); return false; }`: whether the lock is held is told by
 * the return value (a conditional acquire), not a forgotten unlock.  The
 * held exits all return one constant (0 or a bool true), the others all
 * return different constants. */
static int conditional_acquire(const struct ts_fn *fn, const char *key)
{
	unsigned i;
	int have_c = 0, have_unheld = 0, is_bool;
	long long c = 0;
	CXType rt = clang_getResultType(clang_getCursorType(fn->func));
	is_bool = rt.kind == CXType_Bool;
	if (!is_bool && !(rt.kind >= CXType_Char_U && rt.kind <= CXType_LongLong))
		return 0;
	for (i = 0; i < fn->n_recs; i++) {
		const struct ts_exit_rec *r = &fn->recs[i];
		if (r->key != key || !r->held)
			continue;
		if (!r->has_val || (have_c && r->val != c))
			return 0;
		c = r->val;
		have_c = 1;
	}
	if (!have_c || !(c == 0 || (is_bool && c == 1)))
		return 0;
	for (i = 0; i < fn->n_recs; i++) {
		const struct ts_exit_rec *r = &fn->recs[i];
		if (r->key != key || r->held)
			continue;
		if (!r->has_val || r->val == c)
			return 0;
		have_unheld = 1;
	}
	return have_unheld;
}

/* Returning from main ends the process, which releases descriptors,
 * memory and connections: a "leak" there is no leak.  (Locks and open
 * transactions are still judged.) */
static int exits_process(const struct ts_fn *fn)
{
	CXString name;
	int is_main;

	if (clang_getCursorKind(fn->func) != CXCursor_FunctionDecl)
		return 0;
	name = clang_getCursorSpelling(fn->func);
	is_main = strcmp(clang_getCString(name), "main") == 0;
	clang_disposeString(name);
	return is_main;
}

static void emit_exit(struct ts_fn *fn, const struct ts_exit_rec *r)
{
	struct dv_sink *sink = fn->t->tu->sink;
	const char *rule = FAM(fn)->rule_exit;
	const struct ts_obj *o = &r->obj;
	const char *name = o->name ? o->name : "?";
	struct dv_finding *f;
	if (strcmp(FAM(fn)->rule_exit, "resources/leak") == 0 && exits_process(fn))
		return;
	if (clang_getCursorKind(r->site) == CXCursor_ReturnStmt) {
		f = is_locks(fn) ? dv_sink_report(sink, rule, r->site,
						  "lock '%s' is still held when the function "
						  "returns here", name)
		    : is_txn(fn)
		    ? dv_sink_report(sink, rule, r->site,
				     "transaction begun on '%s' is neither committed nor "
				     "rolled back when the function returns here", name)
		    : dv_sink_report(sink, rule, r->site,
				     "'%s' from %s() is not released when the function "
				     "returns here", name, o->via ? o->via : "?");
	} else {
		/* falling off the end: point at the closing brace */
		CXSourceLocation end = clang_getRangeEnd(clang_getCursorExtent(r->site));
		CXFile file;
		unsigned line = 0, col = 0;
		char *path;
		clang_getExpansionLocation(end, &file, &line, &col, NULL);
		path = take_cx(clang_getFileName(file));
		if (col > 1)
			col--;
		f = is_locks(fn) ? dv_sink_report_at(sink, rule, path, line, col, col + 1,
						     "lock '%s' is still held at the end of "
						     "the function", name)
		    : is_txn(fn)
		    ? dv_sink_report_at(sink, rule, path, line, col, col + 1,
					"transaction begun on '%s' is neither committed nor "
					"rolled back at the end of the function", name)
		    : dv_sink_report_at(sink, rule, path, line, col, col + 1,
					"'%s' from %s() is not released at the end of the "
					"function", name, o->via ? o->via : "?");
		free(path);
	}
	set_function(fn, f);
	if (f)
		dv_finding_add_related_cursor(sink, f, o->acq, is_txn(fn) ?
					      "transaction on '%s' begun here" :
					      "'%s' acquired here", name);
}

static void report_exits(struct ts_fn *fn)
{
	unsigned i, j;
	for (i = 0; i < fn->n_recs; i++) {
		const struct ts_exit_rec *r = &fn->recs[i];
		int dup = 0;
		if (!r->held)
			continue;
		for (j = 0; j < i && !dup; j++)
			dup = fn->recs[j].held && fn->recs[j].key == r->key &&
			      clang_equalCursors(fn->recs[j].site, r->site);
		for (j = 0; j < fn->n_loop_escaped && !dup; j++)
			dup = fn->loop_escaped[j] == r->key && !is_locks(fn);
		if (dup || conditional_acquire(fn, r->key))
			continue;
		emit_exit(fn, r);
	}
}

static void ts_transfer(void *ctx, void *state, const struct dv_event *ev)
{
	struct ts_fn *fn = ctx;
	struct ts_state *st = state;
	fn->n_reported = 0;
	fn->cur_depth = ev->cfg && ev->cfg->loop_depth && ev->block < ev->cfg->n_blocks
				? ev->cfg->loop_depth[ev->block] : 0;
	switch (ev->kind) {
	case DV_EV_CALL:
		on_call(fn, st, ev);
		break;
	case DV_EV_ASSIGN: {
		char *k = expr_key(fn->func, ev->lhs);
		char *text = dv_ast_text(ev->lhs);
		int saved = fn->report;
		fn->report = fn->report && ev->reporting;
		on_store(fn, st, in_take(fn, k), text, in_str(fn, text),
			 ev->op == CXBinaryOperator_Assign ? ev->rhs : clang_getNullCursor(), ev->lhs);
		fn->report = saved;
		free(text);
		break;
	}
	case DV_EV_DECL: {
		char *text, *k;
		int saved = fn->report;
		if (on_guard_decl(fn, st, ev))
			break;
		k = decl_key(fn->func, ev->cursor);
		text = take_cx(clang_getCursorSpelling(ev->cursor));
		fn->report = fn->report && ev->reporting;
		on_store(fn, st, in_take(fn, k), text, in_str(fn, text), ev->rhs, ev->cursor);
		fn->report = saved;
		free(text);
		break;
	}
	case DV_EV_RETURN:
		on_return(fn, st, ev);
		break;
	case DV_EV_SCOPE_EXIT:
		on_scope_exit(fn, st, ev);
		break;
	case DV_EV_EXIT:
		if (ev->reporting && fn->report)
			record_exit(fn, st, ev);
		break;
	}
}

/* ======================================================================
 * Branch refinement
 * ====================================================================== */

static int value_is_success(enum ts_succ s, long long v)
{
	switch (s) {
	case SUCC_ZERO:
		return v == 0;
	case SUCC_NONNULL:
		return v != 0;
	case SUCC_NONNEG:
		return v >= 0;
	default:
		return 1;
	}
}

static int atom_allows(const struct dv_cond_atom *a, enum ts_succ s, int want_success)
{
	long long samples[8] = {-2, -1, 0, 1, 2, 0, 0, 0};
	unsigned i;
	samples[5] = a->value - 1;
	samples[6] = a->value;
	samples[7] = a->value + 1;
	for (i = 0; i < 8; i++)
		if (value_is_success(s, samples[i]) == want_success && dv_cond_holds(a, samples[i]))
			return 1;
	return 0;
}

/* Returns 0 when the disjunct is infeasible on this edge. */
static int refine(struct ts_obj *o, enum ts_succ succ, const struct dv_cond_atom *a,
		  int use_known)
{
	int can_s, can_f;
	if (succ == SUCC_ALWAYS)
		return 1;
	if (succ == SUCC_STATUS) {
		if (o->flags & F_REFINE) {
			o->mask = M_UNKNOWN;
			o->flags &= ~(unsigned)(F_TRY | F_REFINE);
		}
		return 1;
	}
	can_s = atom_allows(a, succ, 1);
	can_f = atom_allows(a, succ, 0);
	if (can_s && !can_f) {
		if (o->known == -1 && use_known)
			return 0;
		if (use_known)
			o->known = 1;
		if (o->flags & F_REFINE)
			o->mask = M_HELD;
		o->flags &= ~(unsigned)F_TRY;
	} else if (can_f && !can_s) {
		if (o->known == 1 && use_known)
			return 0;
		if (use_known)
			o->known = -1;
		/* a failed acquire leaves the lock as it was: still held when we
		 * held it (trylock on our own lock), else not held */
		if (o->flags & F_REFINE)
			o->mask = o->prev == M_HELD ? M_HELD : M_UNHELD;
		o->flags &= ~(unsigned)F_TRY;
	} else {
		o->flags &= ~(unsigned)F_TRY;
	}
	return 1;
}

static int has_call(CXCursor c, unsigned depth)
{
	CXCursor *kids = NULL;
	unsigned n, i;
	int r = 0;
	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		return 1;
	if (depth > 16)
		return 1;
	n = dv_ast_children(c, &kids);
	for (i = 0; i < n && !r; i++)
		r = has_call(kids[i], depth + 1);
	free(kids);
	return r;
}

static int fact_conflicts(const struct ts_fact *a, const struct ts_fact *b)
{
	struct dv_cond_atom x = {clang_getNullCursor(), a->cmp, a->value};
	struct dv_cond_atom y = {clang_getNullCursor(), b->cmp, b->value};
	long long s[6];
	unsigned i;
	/* probe values next to both constants, saturating at the limits */
	s[0] = a->value == LLONG_MIN ? a->value : a->value - 1;
	s[1] = a->value;
	s[2] = a->value == LLONG_MAX ? a->value : a->value + 1;
	s[3] = b->value == LLONG_MIN ? b->value : b->value - 1;
	s[4] = b->value;
	s[5] = b->value == LLONG_MAX ? b->value : b->value + 1;
	for (i = 0; i < 6; i++)
		if (dv_cond_holds(&x, s[i]) && dv_cond_holds(&y, s[i]))
			return 0;
	return 1;
}

static void ts_branch(void *ctx, void *state, const struct dv_branch *br)
{
	struct ts_fn *fn = ctx;
	struct ts_state *st = state;
	struct dv_cond_atom atom;
	struct ts_fact fact;
	int have_atom = dv_cond_normalize(br, &atom) == 0, have_fact = 0;
	CXCursor op = clang_getNullCursor();
	const char *direct = NULL, *lhs_key = NULL, *var_key = NULL, *status_arg = NULL;
	enum ts_succ direct_succ = SUCC_ALWAYS;
	unsigned i;

	if (have_atom) {
		const struct ts_api *a;
		int on_guard;
		char *callee;
		op = dv_ast_strip_casts(atom.operand);
		if (clang_getCursorKind(op) == CXCursor_CallExpr) {
			callee = dv_ast_callee_name(op);
			a = find_api(fn->t->spec, callee, op, &on_guard);
			free(callee);
			if (a && !on_guard && a->arg >= 0 &&
			    (a->op == OP_ACQUIRE || a->op == OP_TRY ||
			     (a->op == OP_QUERY && query_kind(fn->t->spec, a, op) > 0))) {
				const char *name;
				direct = api_object(fn, a, op, &name, NULL);
				direct_succ = a->success;
			} else if (!a) {
				/* PQresultStatus(res): a status result judged by a call */
				int n = dv_ast_call_nargs(op), j;
				for (j = 0; j < n && !status_arg; j++)
					status_arg = in_take(fn, expr_key(fn->func,
									 dv_ast_call_arg(op, (unsigned)j)));
			}
		} else if (clang_getCursorKind(op) == CXCursor_BinaryOperator &&
			   clang_getCursorBinaryOperatorKind(op) == CXBinaryOperator_Assign) {
			lhs_key = in_take(fn, expr_key(fn->func, dv_ast_child(op, 0)));
		} else {
			var_key = in_take(fn, expr_key(fn->func, op));
		}
		if (br->kind == DV_EDGE_TRUE || br->kind == DV_EDGE_FALSE) {
			if (!has_call(op, 0)) {
				fact.text = in_take(fn, dv_ast_text(op));
				fact.cmp = atom.cmp;
				fact.value = atom.value;
				have_fact = fact.text[0] != 0;
			}
		}
	} else if ((br->kind == DV_EDGE_TRUE || br->kind == DV_EDGE_FALSE) &&
		   !clang_Cursor_isNull(br->cond) && !has_call(br->cond, 0)) {
		fact.text = in_take(fn, dv_ast_text(br->cond));
		fact.cmp = br->kind == DV_EDGE_TRUE ? DV_CMP_NE : DV_CMP_EQ;
		fact.value = 0;
		have_fact = fact.text[0] != 0;
	}

	for (i = 0; i < st->n;) {
		struct ts_disj *d = &st->d[i];
		int feasible = 1;
		unsigned j;
		if (have_fact) {
			for (j = 0; j < d->n_facts && feasible; j++)
				if (d->facts[j].text == fact.text && fact_conflicts(&d->facts[j], &fact))
					feasible = 0;
			if (feasible && d->n_facts < TS_MAX_FACTS) {
				for (j = 0; j < d->n_facts; j++)
					if (fact_equal(&d->facts[j], &fact))
						break;
				if (j == d->n_facts) {
					d->facts = xreallocarray(d->facts, d->n_facts + 1, sizeof(*d->facts));
					d->facts[d->n_facts++] = fact;
				}
			}
		}
		if (feasible && have_atom) {
			struct ts_obj *o = NULL;
			enum ts_succ s = SUCC_ALWAYS;
			int use_known = 1;
			const struct ts_bind *b;
			if (status_arg && (b = find_bind(d, status_arg)) && b->succ == SUCC_STATUS) {
				o = find_obj(d, b->obj);
				s = SUCC_STATUS;
			} else if (direct) {
				o = find_obj(d, direct);
				s = direct_succ;
			} else if (lhs_key || var_key) {
				const char *k = lhs_key ? lhs_key : var_key;
				if ((b = find_bind(d, k))) {
					o = find_obj(d, b->obj);
					s = b->succ;
				} else if ((o = find_obj(d, k))) {
					/* the handle variable itself is tested: null or
					 * negative means no resource, whatever the acquiring
					 * call returned */
					s = o->succ == SUCC_NONNEG ? SUCC_NONNEG : SUCC_NONNULL;
					use_known = o->succ == s;
				}
			}
			if (o && !refine(o, s, &atom, use_known))
				feasible = 0;
		}
		if (!feasible)
			state_remove(st, i);
		else
			i++;
	}
}

/* ======================================================================
 * Lattice glue
 * ====================================================================== */

static void *ts_entry(void *ctx)
{
	struct ts_state *st = xcalloc(1, sizeof(*st));
	(void)ctx;
	st->n = 1;
	return st;
}

static void *ts_copy(void *ctx, const void *s)
{
	const struct ts_state *src = s;
	struct ts_state *st = xcalloc(1, sizeof(*st));
	unsigned i;
	(void)ctx;
	for (i = 0; i < src->n; i++)
		state_push(st, &src->d[i]);
	return st;
}

static void ts_free(void *ctx, void *s)
{
	struct ts_state *st = s;
	unsigned i;
	(void)ctx;
	if (!st)
		return;
	for (i = 0; i < st->n; i++)
		disj_release(&st->d[i]);
	free(st);
}

static int ts_join(void *ctx, void *dst, const void *src)
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

static const struct dv_lattice ts_lattice = {
	ts_entry, ts_copy, ts_free, ts_join, ts_transfer, ts_branch,
};

/* ======================================================================
 * Per-function driver and summaries
 * ====================================================================== */

static void summary_release(struct ts_summary *s)
{
	free(s->eff);
	free(s->order_ids);
	free(s->order_names);
	memset(s, 0, sizeof(*s));
}

static int summary_equal(const struct ts_summary *a, const struct ts_summary *b)
{
	unsigned i;
	if (a->valid != b->valid || a->n_eff != b->n_eff || a->returns_handle != b->returns_handle ||
	    a->n_order != b->n_order)
		return 0;
	for (i = 0; i < a->n_eff; i++)
		if (a->eff[i].key != b->eff[i].key || a->eff[i].kind != b->eff[i].kind)
			return 0;
	for (i = 0; i < a->n_order; i++)
		if (a->order_ids[i] != b->order_ids[i])
			return 0;
	return 1;
}

static void collect_exits(struct ts_fn *fn, const struct ts_state *st)
{
	unsigned i, j, k;
	size_t alloc = 0;
	if (!st)
		return;
	for (i = 0; i < st->n; i++) {
		const struct ts_disj *d = &st->d[i];
		for (j = 0; j < d->n_objs; j++) {
			for (k = 0; k < fn->n_exits; k++)
				if (fn->exits[k].key == d->objs[j].key)
					break;
			if (k == fn->n_exits) {
				DV_GROW(fn->exits, (size_t)fn->n_exits + 1, alloc);
				fn->exits[k].key = d->objs[j].key;
				fn->exits[k].mask = 0;
				fn->exits[k].flags = 0;
				fn->n_exits++;
			}
			fn->exits[k].mask |= d->objs[j].mask;
			fn->exits[k].flags |= d->objs[j].flags;
		}
	}
	/* a disjunct without the object left it as it was */
	for (k = 0; k < fn->n_exits; k++)
		for (i = 0; i < st->n; i++)
			if (!find_obj((struct ts_disj *)&st->d[i], fn->exits[k].key))
				fn->exits[k].mask |= M_ENTRY;
}

static void build_summary(struct ts_fn *fn, struct ts_summary *s)
{
	unsigned i;
	s->valid = 1;
	/* a factory only when every return is a fresh handle or a failure
	 * constant: sdp_list_append(list, x) returns a new node or `list` */
	s->returns_handle = fn->returns_handle && !fn->returns_other;
	for (i = 0; i < fn->n_exits; i++) {
		const struct ts_exit_obj *x = &fn->exits[i];
		int kind = 0;
		if (key_is_local(x->key) || strstr(x->key, "T{") || strstr(x->key, "L{"))
			continue;
		if (x->mask & M_UNKNOWN)
			kind = EFF_UNK;
		else if (x->mask == M_HELD && !(x->flags & (F_REL_ENTRY | F_TRY)))
			kind = EFF_ACQ;
		else if (x->mask == M_UNHELD && (x->flags & F_REL_ENTRY))
			kind = EFF_REL;
		else if (x->mask == M_UNHELD || x->mask == M_ENTRY ||
			 (x->mask == M_HELD && (x->flags & F_REL_ENTRY)))
			kind = 0;
		else
			kind = EFF_UNK;
		if (!kind)
			continue;
		s->eff = xreallocarray(s->eff, s->n_eff + 1, sizeof(*s->eff));
		s->eff[s->n_eff].key = x->key;
		s->eff[s->n_eff].kind = kind;
		s->n_eff++;
	}
	if (fn->n_order) {
		s->order_ids = xmalloc(fn->n_order * sizeof(*s->order_ids));
		memcpy(s->order_ids, fn->order_ids, fn->n_order * sizeof(*s->order_ids));
		s->order_names = xmalloc(fn->n_order * sizeof(*s->order_names));
		memcpy(s->order_names, fn->order_names, fn->n_order * sizeof(*s->order_names));
		s->n_order = fn->n_order;
	}
}

/* A function with a compile error inside lost calls and declarations in
 * error recovery: a release may be among them, so it is not judged. */
static int has_errors(const struct ts_tu *t, CXCursor func)
{
	CXSourceRange r = clang_getCursorExtent(func);
	unsigned b = 0, e = 0;
	size_t i;
	if (!t->n_errors)
		return 0;
	clang_getFileLocation(clang_getRangeStart(r), NULL, NULL, NULL, &b);
	clang_getFileLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &e);
	for (i = 0; i < t->n_errors; i++)
		if (t->error_offsets[i] >= b && t->error_offsets[i] <= e)
			return 1;
	return 0;
}

static void collect_errors(struct ts_tu *t)
{
	unsigned n = clang_getNumDiagnostics(t->tu->tu), i;
	size_t alloc = 0;
	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(t->tu->tu, i);
		CXSourceLocation loc = clang_getDiagnosticLocation(d);
		unsigned off = 0;
		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error &&
		    clang_Location_isFromMainFile(loc)) {
			clang_getExpansionLocation(loc, NULL, NULL, NULL, &off);
			DV_GROW(t->error_offsets, t->n_errors + 1, alloc);
			t->error_offsets[t->n_errors++] = off;
		}
		clang_disposeDiagnostic(d);
	}
}

/* Analyses one function; returns nonzero when its summary changed. */
static int analyze(struct ts_tu *t, unsigned idx, int report)
{
	struct ts_fn fn;
	struct ts_summary s;
	struct dv_solution *sol;
	const struct dv_cfg *cfg = dv_callgraph_cfg(t->tu->cg, idx);
	int changed;
	memset(&fn, 0, sizeof(fn));
	memset(&s, 0, sizeof(s));
	fn.t = t;
	fn.idx = idx;
	fn.func = t->tu->cg->funcs[idx].cursor;
	fn.cfg = cfg;
	fn.name = t->tu->cg->funcs[idx].name;
	fn.name_returns_held = matches_any(t->spec->returns_held, t->spec->n_returns_held, fn.name);
	if (report && cfg && (cfg->incomplete || has_errors(t, fn.func)))
		dv_sink_not_analysed(t->tu->sink, fn.func, t->spec->fam->family, "%s",
				     cfg->incomplete ? "its control flow could not be modelled "
						       "(computed goto or a size cap)"
						     : "it contains compile errors");
	if (cfg && !cfg->incomplete && !has_errors(t, fn.func)) {
		sol = dv_dataflow_solve(cfg, &ts_lattice, &fn, 64);
		if (report && (!sol || sol->incomplete))
			dv_sink_not_analysed(t->tu->sink, fn.func, t->spec->fam->family,
					     "the analysis did not converge within its budget");
		if (sol && !sol->incomplete) {
			collect_exits(&fn, sol->in[cfg->exit]);
			build_summary(&fn, &s);
			if (report) {
				fn.report = 1;
				dv_dataflow_replay(sol, &ts_lattice, &fn);
				report_exits(&fn);
			}
		}
		if (sol)
			dv_solution_free(sol, &ts_lattice, &fn);
	}
	changed = !summary_equal(&s, &t->sums[idx]);
	summary_release(&t->sums[idx]);
	t->sums[idx] = s;
	free(fn.exits);
	free(fn.order_ids);
	free(fn.order_names);
	free(fn.recs);
	free(fn.loop_escaped);
	return changed;
}

static int bottom_up_step(void *ctx, unsigned idx)
{
	struct ts_tu *t = ctx;
	return analyze(t, idx, !t->tu->cg->funcs[idx].recursive);
}

static int pair_cmp_site(const struct ts_pair *a, const struct ts_pair *b)
{
	return a->off_b < b->off_b ? -1 : a->off_b > b->off_b;
}

static void report_lock_order(struct ts_tu *t)
{
	const char *rule = t->spec->fam->rule_order;
	size_t i, j;
	if (!rule)
		return;
	for (i = 0; i < t->n_pairs; i++) {
		const struct ts_pair *p = &t->pairs[i], *q = NULL, *first_p = p;
		struct dv_finding *f;
		int skip = 0;
		/* one finding per unordered lock pair: primary at the earliest site */
		for (j = 0; j < t->n_pairs; j++) {
			const struct ts_pair *r = &t->pairs[j];
			if (r->a == p->a && r->b == p->b && pair_cmp_site(r, first_p) < 0)
				first_p = r;
			if (r->a == p->b && r->b == p->a && (!q || pair_cmp_site(r, q) < 0))
				q = r;
		}
		if (!q || first_p != p)
			continue;
		if (pair_cmp_site(q, p) < 0)
			skip = 1; /* reported from q's side */
		if (skip)
			continue;
		f = dv_sink_report(t->tu->sink, rule, p->site_b,
				   "'%s' is acquired while holding '%s', but elsewhere '%s' is acquired "
				   "while holding '%s' (potential deadlock)",
				   p->name_b, p->name_a, q->name_b, q->name_a);
		if (!f)
			continue;
		if (!f->function && p->func)
			f->function = xstrdup(p->func);
		dv_finding_add_related_cursor(t->tu->sink, f, p->site_a, "'%s' acquired here",
					      p->name_a);
		dv_finding_add_related_cursor(t->tu->sink, f, q->site_b,
					      "'%s' acquired here while holding '%s'", q->name_b,
					      q->name_a);
		dv_finding_add_related_cursor(t->tu->sink, f, q->site_a, "'%s' acquired here",
					      q->name_a);
	}
}

void ts_check_tu(const struct ts_spec *spec, struct dv_tu_ctx *tu)
{
	struct ts_tu t;
	unsigned i;
	if (!tu->cg || !tu->cg->n_funcs)
		return;
	memset(&t, 0, sizeof(t));
	t.spec = spec;
	t.tu = tu;
	t.sums = xcalloc(tu->cg->n_funcs, sizeof(*t.sums));
	collect_errors(&t);
	dv_callgraph_bottom_up(tu->cg, bottom_up_step, &t, 4);
	for (i = 0; i < tu->cg->n_funcs; i++)
		if (tu->cg->funcs[i].recursive)
			analyze(&t, i, 1);
	report_lock_order(&t);
	for (i = 0; i < tu->cg->n_funcs; i++)
		summary_release(&t.sums[i]);
	free(t.sums);
	free(t.pairs);
	free(t.error_offsets);
	intern_release(&t.in);
}
