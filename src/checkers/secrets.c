/*
 * Hard-coded secrets checker family.
 *
 * Two views of the same code:
 *  - check_text (secrets_scan.c) reads every changed file, C or not, and
 *    finds tokens by their published format, key = value credentials in
 *    configs and scripts, and high-entropy values under key-like names;
 *  - check_tu (here) reads C through libclang, where names carry the
 *    signal: a literal stored in a variable, struct field or macro named
 *    like a password, passed to a parameter that takes one, or passed as
 *    the key of a crypto API.  It also catches tokens the text cannot
 *    see in one piece (adjacent literals, escapes).
 * A value the text scan reports by its format is not reported again here.
 */
#include "checkers/secrets.h"

#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int secrets_init(const struct dv_ruleset *rules, void **out, struct dv_error *err)
{
	struct secrets_state *st = secrets_state_new(rules, err);

	*out = st;
	return st ? 0 : (err->code ? err->code : DV_ERR_INTERNAL);
}

static void secrets_free(void *state)
{
	secrets_state_free(state);
}

static void secrets_check_text(const void *state, struct dv_text_ctx *txt)
{
	secrets_scan_text(state, txt);
}

/* ------------------------------------------------------------------ */
/* libclang side                                                       */

struct tu_walk {
	const struct secrets_state *st;
	struct dv_tu_ctx *tu;
	const char *contents; /* the main file's text */
	size_t size;
	CXFile main_file;     /* compared by identity, never looked up again */
	/* clang_hashCursor of key constants already reported: a key is
	 * reported once, at its definition or at its first use */
	unsigned *keys;
	size_t n_keys, keys_alloc;
};

static int key_seen(struct tu_walk *w, CXCursor origin, int add)
{
	unsigned h = clang_hashCursor(origin);
	size_t i;

	for (i = 0; i < w->n_keys; i++)
		if (w->keys[i] == h)
			return 1;
	if (add) {
		DV_GROW(w->keys, w->n_keys + 1, w->keys_alloc);
		w->keys[w->n_keys++] = h;
	}
	return 0;
}

static char *take(CXString s)
{
	const char *c = clang_getCString(s);
	char *out = xstrdup(c ? c : "");

	clang_disposeString(s);
	return out;
}

/* A string literal written right here (casts looked through), not a
 * reference to a variable. */
static int is_string_literal(CXCursor e)
{
	return clang_getCursorKind(dv_ast_strip_casts(e)) == CXCursor_StringLiteral;
}

/* When the literal at `e` is spelled by a macro (`login(u, DB_PASS)`),
 * the macro's name; else NULL.  (The cursor's extent of such a literal
 * runs from the #define to the use, so look at the expansion point.) */
static char *macro_spelling(struct tu_walk *w, CXCursor e)
{
	CXSourceLocation loc = clang_getCursorLocation(e);
	CXFile sfile = NULL, efile = NULL;
	unsigned soff = 0, eoff = 0;
	CXToken *tok;
	char *name = NULL;

	clang_getSpellingLocation(loc, &sfile, NULL, NULL, &soff);
	clang_getExpansionLocation(loc, &efile, NULL, NULL, &eoff);
	if (!efile || (sfile && clang_File_isEqual(sfile, efile) && soff == eoff))
		return NULL;
	tok = clang_getToken(w->tu->tu, clang_getLocationForOffset(w->tu->tu, efile, eoff));
	if (tok && clang_getTokenKind(*tok) == CXToken_Identifier)
		name = take(clang_getTokenSpelling(w->tu->tu, *tok));
	if (tok)
		clang_disposeTokens(w->tu->tu, tok, 1);
	return name;
}

/* Byte offsets in the main file of the source a cursor covers, by
 * expansion location; 0 when they are not in it. */
static int main_file_span(struct tu_walk *w, CXCursor c, size_t *start, size_t *end)
{
	CXSourceRange r = clang_getCursorExtent(c);
	unsigned s_off = 0, e_off = 0;

	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, NULL, NULL, &s_off);
	clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &e_off);
	if (e_off < s_off)
		e_off = s_off;
	if (s_off > w->size || e_off > w->size)
		return 0;
	*start = s_off;
	*end = e_off;
	return 1;
}

/* Nonzero when the text scan finds a token of a known format on the
 * source lines of `at` that overlaps `value`: it reports it, by format. */
static int text_scan_owns(struct tu_walk *w, CXCursor at, const char *value)
{
	size_t lo, hi, off, len;
	char *secret;
	int owned = 0;

	if (!main_file_span(w, at, &lo, &hi))
		return 0;
	while (lo > 0 && w->contents[lo - 1] != '\n')
		lo--;
	while (hi < w->size && w->contents[hi] != '\n')
		hi++;
	if (!secrets_match_token(w->st, w->contents + lo, hi - lo, &off, &len))
		return 0;
	secret = xstrndup(w->contents + lo + off, len);
	owned = strstr(value, secret) != NULL || strstr(secret, value) != NULL;
	free(secret);
	return owned;
}

static struct dv_finding *report_password(struct tu_walk *w, CXCursor at, const char *name,
					  const char *value)
{
	size_t n = strlen(value);
	size_t off, len;
	char *red;
	struct dv_finding *f;

	if (!secrets_password_value_ok(w->st, value, n))
		return NULL;
	/* A token the text scan names by its format is reported there (or,
	 * split over literals, by check_split_token). */
	if (secrets_match_token(w->st, value, n, &off, &len) || text_scan_owns(w, at, value) ||
	    secrets_test_muted(w->st, w->tu->path, "secrets/hardcoded-password"))
		return NULL;
	red = secrets_redact(value, n);
	f = dv_sink_report(w->tu->sink, "secrets/hardcoded-password", at,
			   "hard-coded credential in '%s': '%s'; load it from the environment or a "
			   "secret store",
			   name, red);
	if (f)
		f->fingerprint_extra = secrets_hash(value, n);
	free(red);
	return f;
}

/* A literal stored under a password-ish name (variable, field, macro). */
/* The string literal an initializer stands for: the literal itself, or
 * in C++ the one argument of a converting constructor
 * (`std::string pw = "..."`, `std::string pw{"..."}`); else null. */
static CXCursor literal_of(CXCursor e)
{
	unsigned depth;

	for (depth = 0; depth < 6; depth++) {
		CXCursor *kids = NULL;
		unsigned n;
		enum CXCursorKind k;

		e = dv_ast_strip_casts(e);
		k = clang_getCursorKind(e);
		if (k == CXCursor_StringLiteral)
			return e;
		if (k != CXCursor_CallExpr && k != CXCursor_UnexposedExpr)
			break;
		if (k == CXCursor_CallExpr &&
		    clang_getCursorKind(clang_getCursorReferenced(e)) != CXCursor_Constructor)
			break;
		/* a constructor's first argument; the others are defaults
		 * (the allocator of std::string) or make it no conversion */
		n = dv_ast_children(e, &kids);
		if (n == 0 || (n > 1 && k != CXCursor_CallExpr)) {
			free(kids);
			break;
		}
		e = kids[0];
		free(kids);
	}
	return clang_getNullCursor();
}

static void check_named_literal(struct tu_walk *w, CXCursor value_expr, const char *name)
{
	CXCursor lit = literal_of(value_expr);
	char *value;

	if (!name || clang_Cursor_isNull(lit) || !secrets_name_is_passwordish(w->st, name))
		return;
	value = dv_ast_string_value(lit);
	if (value)
		report_password(w, lit, name, value);
	free(value);
}

/* A literal argument passed to a credential parameter.  Values that come
 * through a password-ish variable or macro were reported where they are
 * defined; a literal behind a neutral name is reported here. */
static void check_credential_arg(struct tu_walk *w, CXCursor arg, const char *what)
{
	CXCursor e = dv_ast_strip_casts(arg), lit;
	char *value, *macro = NULL;
	struct dv_finding *f;

	if (clang_Cursor_isNull(e))
		return;
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr) {
		CXCursor var = clang_getCursorReferenced(e);
		char *vname;
		int named;
		if (clang_getCursorKind(var) != CXCursor_VarDecl)
			return;
		vname = take(clang_getCursorSpelling(var));
		named = secrets_name_is_passwordish(w->st, vname);
		free(vname);
		lit = clang_Cursor_getVarDeclInitializer(var);
		if (named || clang_Cursor_isNull(lit) || !is_string_literal(lit))
			return;
		lit = dv_ast_strip_casts(lit);
	} else if (clang_getCursorKind(e) != CXCursor_StringLiteral) {
		return;
	} else {
		macro = macro_spelling(w, e);
		if (macro && secrets_name_is_passwordish(w->st, macro)) {
			free(macro);
			return;
		}
		free(macro);
		lit = e;
	}
	value = dv_ast_string_value(lit);
	if (value) {
		f = report_password(w, arg, what, value);
		if (f && !clang_equalCursors(lit, e))
			dv_finding_add_related_cursor(w->tu->sink, f, lit,
						      "the value is defined here");
	}
	free(value);
}

/* ---- crypto keys ---- */

static void check_crypto_key(struct tu_walk *w, CXCursor call, const char *fn, unsigned argi)
{
	CXCursor arg = dv_ast_call_arg(call, argi);
	struct secrets_key_bytes key = {NULL, 0, clang_getNullCursor()};
	struct strbuf hex;
	char *red;
	size_t i;
	struct dv_finding *f;

	if (secrets_test_muted(w->st, w->tu->path, "secrets/hardcoded-crypto-key") ||
	    clang_Cursor_isNull(arg) || !secrets_constant_key(arg, &key))
		return;
	/* `unsigned char key[32] = {0}` filled at run time is not a key;
	 * nor is a placeholder string. */
	if (key.n < w->st->crypto_min_bytes || secrets_all_same(key.data, key.n) ||
	    secrets_is_allowlisted(w->st, key.data, key.n) || key_seen(w, key.origin, 1)) {
		free(key.data);
		return;
	}
	strbuf_init(&hex);
	for (i = 0; i < key.n; i++)
		strbuf_addf(&hex, "%02x", (unsigned char)key.data[i]);
	red = secrets_redact(hex.buf, hex.len);
	f = dv_sink_report(
		w->tu->sink, "secrets/hardcoded-crypto-key", arg,
		"constant %zu-byte key passed to %s (argument %u, hex '%s'); load keys from a "
		"key store or derive them at run time",
		key.n, fn, argi + 1, red);
	if (f) {
		f->fingerprint_extra = secrets_hash(key.data, key.n);
		if (!clang_equalCursors(key.origin, dv_ast_strip_casts(arg)))
			dv_finding_add_related_cursor(w->tu->sink, f, key.origin,
						      "the key is defined here");
	}
	free(red);
	strbuf_release(&hex);
	free(key.data);
}

/* `unsigned char aes_key[16] = {0x3a, ...}`: a constant key (16, 24 or 32
 * bytes of integer constants under a key-ish name) is a finding at its
 * definition, whoever uses it; the calls that pass it are not reported
 * again. */
static void check_byte_array_key(struct tu_walk *w, CXCursor var, CXCursor init, const char *name)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(var));
	enum CXTypeKind ek = clang_getCanonicalType(clang_getArrayElementType(t)).kind;
	long long size = clang_getArraySize(t);
	struct strbuf sb;
	char *red;
	struct dv_finding *f;

	init = dv_ast_strip_casts(init);
	if (t.kind != CXType_ConstantArray || (size != 16 && size != 24 && size != 32) ||
	    (ek != CXType_UChar && ek != CXType_Char_U && ek != CXType_Char_S &&
	     ek != CXType_SChar) ||
	    clang_getCursorKind(init) != CXCursor_InitListExpr || !secrets_name_is_keyish(w->st, name) ||
	    secrets_test_muted(w->st, w->tu->path, "secrets/hardcoded-crypto-key"))
		return;
	strbuf_init(&sb);
	if (secrets_init_list_bytes(init, &sb) && sb.len == (size_t)size && !secrets_all_same(sb.buf, sb.len) &&
	    !key_seen(w, init, 1)) {
		struct strbuf hex;
		size_t i;

		strbuf_init(&hex);
		for (i = 0; i < sb.len; i++)
			strbuf_addf(&hex, "%02x", (unsigned char)sb.buf[i]);
		red = secrets_redact(hex.buf, hex.len);
		f = dv_sink_report(w->tu->sink, "secrets/hardcoded-crypto-key", var,
				   "constant %zu-byte key '%s' (hex '%s'); load keys from a key store "
				   "or derive them at run time",
				   sb.len, name, red);
		if (f)
			f->fingerprint_extra = secrets_hash(sb.buf, sb.len);
		free(red);
		strbuf_release(&hex);
	}
	strbuf_release(&sb);
}

/* ---- comparisons: a password or its digest compared against a literal ---- */

/* The name an operand reads: a variable, a field, a called function. */
static char *operand_name(CXCursor e)
{
	enum CXCursorKind k;

	e = dv_ast_strip_casts(e);
	k = clang_getCursorKind(e);
	if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr)
		return take(clang_getCursorSpelling(e));
	if (k == CXCursor_CallExpr)
		return dv_ast_callee_name(e);
	return NULL;
}

/* Some argument of a call (the digest function) names a password. */
static int call_reads_password(struct tu_walk *w, CXCursor call)
{
	int i, n = dv_ast_call_nargs(call), hit = 0;

	for (i = 0; i < n && !hit; i++) {
		char *an = operand_name(dv_ast_call_arg(call, (unsigned)i));
		hit = an && secrets_name_is_passwordish(w->st, an);
		free(an);
	}
	return hit;
}

/* strcmp(password, "literal"), strcmp(sha256_hex(pw), "9f86…"): the
 * literal is the password (or its digest), written into the program. */
static void check_compare(struct tu_walk *w, CXCursor call, const char *fn)
{
	static const char *const cmp[] = {"strcmp", "strncmp", "strcasecmp", "strncasecmp",
					  "memcmp", "bcmp", "timingsafe_bcmp", "CRYPTO_memcmp",
					  "sodium_memcmp", "g_strcmp0", "g_str_equal"};
	int side;
	size_t i;

	for (i = 0; i < sizeof(cmp) / sizeof(cmp[0]) && strcmp(fn, cmp[i]); i++)
		;
	if (i == sizeof(cmp) / sizeof(cmp[0]) || dv_ast_call_nargs(call) < 2)
		return;
	for (side = 0; side < 2; side++) {
		CXCursor lit = literal_of(dv_ast_call_arg(call, (unsigned)side));
		CXCursor other = dv_ast_strip_casts(dv_ast_call_arg(call, (unsigned)!side));
		char *name, *value, *what = NULL;

		if (clang_Cursor_isNull(lit) || !(name = operand_name(other)))
			continue;
		value = dv_ast_string_value(lit);
		if (value && secrets_digest_word(name) && secrets_digest_shaped(value, strlen(value)) &&
		    (secrets_name_is_passwordish(w->st, name) ||
		     strstr(name, "pass") || strstr(name, "pw") ||
		     (clang_getCursorKind(other) == CXCursor_CallExpr &&
		      call_reads_password(w, other))))
			what = xasprintf("digest comparison with %s", name);
		else if (value && !secrets_digest_word(name) && secrets_name_is_passwordish(w->st, name))
			what = xasprintf("comparison with %s", name);
		if (what)
			(void)report_password(w, lit, what, value);
		free(what);
		free(value);
		free(name);
	}
}

/* ---- calls ---- */

static int arg_is_option(struct tu_walk *w, CXCursor arg, const char *const *names, size_t n)
{
	char *text = dv_ast_text(arg);
	size_t i;
	int hit = 0;

	for (i = 0; i < n && !hit; i++)
		hit = strcmp(text, names[i]) == 0;
	free(text);
	return hit;
}

static char *lvalue_name(CXCursor lhs)
{
	CXCursor e = dv_ast_strip(lhs);
	enum CXCursorKind k = clang_getCursorKind(e);

	if (k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr)
		return take(clang_getCursorSpelling(e));
	return NULL;
}

static void check_call(struct tu_walk *w, CXCursor call)
{
	char *fn = dv_ast_callee_name(call);
	CXCursor decl;
	int nargs = dv_ast_call_nargs(call), nparams;
	size_t i;
	int handled = 0;

	if (!fn)
		return;
	check_compare(w, call, fn);
	for (i = 0; i < w->st->n_crypto_args; i++)
		if (strcmp(fn, w->st->crypto_args[i].function) == 0)
			check_crypto_key(w, call, fn, w->st->crypto_args[i].arg);
	for (i = 0; i < w->st->n_password_args; i++) {
		const struct secrets_call_arg *a = &w->st->password_args[i];
		if (strcmp(fn, a->function) == 0 && (int)a->arg < nargs) {
			char *what = xasprintf("argument %u of %s", a->arg + 1, fn);
			check_credential_arg(w, dv_ast_call_arg(call, a->arg), what);
			free(what);
			handled = 1;
		}
	}
	if (strcmp(fn, "curl_easy_setopt") == 0 && nargs == 3 &&
	    arg_is_option(w, dv_ast_call_arg(call, 1), (const char *const *)w->st->curl_options,
			  w->st->n_curl_options)) {
		char *opt = dv_ast_text(dv_ast_call_arg(call, 1));
		check_credential_arg(w, dv_ast_call_arg(call, 2), opt);
		free(opt);
		handled = 1;
	}
	if (strcmp(fn, "operator=") == 0 && nargs == 2) {
		/* C++: conf.password = "..." on a std::string */
		char *name = lvalue_name(dv_ast_call_arg(call, 0));
		check_named_literal(w, dv_ast_call_arg(call, 1), name);
		free(name);
		handled = 1;
	}
	decl = dv_ast_callee_decl(call);
	if (!handled && !clang_Cursor_isNull(decl)) {
		/* the prototype's parameter names: login(user, "..."), with
		 * int login(const char *user, const char *password) */
		nparams = clang_Cursor_getNumArguments(decl);
		for (i = 0; nparams > 0 && i < (size_t)nparams && (int)i < nargs; i++) {
			char *pname = take(clang_getCursorSpelling(
				clang_Cursor_getArgument(decl, (unsigned)i)));
			if (pname[0] && secrets_name_is_passwordish(w->st, pname)) {
				char *what = xasprintf("parameter '%s' of %s", pname, fn);
				check_credential_arg(w, dv_ast_call_arg(call, (unsigned)i), what);
				free(what);
			}
			free(pname);
		}
	}
	free(fn);
}

/* ---- initializers, assignments, macros ---- */

struct field_list {
	char **names;
	size_t n, alloc;
};

static enum CXVisitorResult collect_field(CXCursor c, CXClientData data)
{
	struct field_list *fl = data;

	DV_GROW(fl->names, fl->n + 1, fl->alloc);
	fl->names[fl->n++] = take(clang_getCursorSpelling(c));
	return CXVisit_Continue;
}

/* `{ .password = "..." }` and positional `{ "app", "..." }` struct
 * initializers: each value is stored under its field's name. */
static void check_init_list(struct tu_walk *w, CXCursor list)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(list));
	struct field_list fields = {NULL, 0, 0};
	CXCursor *kids = NULL;
	unsigned n, i;

	if (t.kind != CXType_Record)
		return;
	clang_Type_visitFields(t, collect_field, &fields);
	n = dv_ast_children(list, &kids);
	for (i = 0; i < n; i++) {
		CXCursor first = dv_ast_child(kids[i], 0);
		if (clang_getCursorKind(kids[i]) == CXCursor_UnexposedExpr &&
		    clang_getCursorKind(first) == CXCursor_MemberRef) {
			char *fname = take(clang_getCursorSpelling(first));
			CXCursor *parts = NULL;
			unsigned np = dv_ast_children(kids[i], &parts);
			if (np >= 2)
				check_named_literal(w, parts[np - 1], fname);
			free(parts);
			free(fname);
		} else if (i < fields.n) {
			check_named_literal(w, kids[i], fields.names[i]);
		}
	}
	free(kids);
	for (i = 0; i < fields.n; i++)
		free(fields.names[i]);
	free(fields.names);
}


/* Decodes one plain or prefixed string-literal token: "..." u8"..." L"...".
 * Returns 0 when the token is not a string literal. */
static int decode_token_literal(const char *tok, struct strbuf *out)
{
	const char *p = strchr(tok, '"');

	if (!p || p - tok > 2 || tok[0] == 'R' || (p > tok && p[-1] == 'R'))
		return 0;
	for (p++; *p && *p != '"'; p++) {
		if (*p != '\\') {
			strbuf_addch(out, *p);
			continue;
		}
		p++;
		switch (*p) {
		case 'n': strbuf_addch(out, '\n'); break;
		case 't': strbuf_addch(out, '\t'); break;
		case 'r': strbuf_addch(out, '\r'); break;
		case '\0': return 0;
		default: strbuf_addch(out, *p); break; /* \\ \" \' and the rest verbatim */
		}
	}
	return *p == '"';
}

/* #define DB_PASSWORD "..." (object-like, only string literals). */
static void check_macro(struct tu_walk *w, CXCursor macro)
{
	CXToken *toks = NULL;
	unsigned n = 0, i;
	char *name;
	struct strbuf value;
	int ok = 1;

	if (clang_Cursor_isMacroFunctionLike(macro) || clang_Cursor_isMacroBuiltin(macro))
		return;
	name = take(clang_getCursorSpelling(macro));
	if (!secrets_name_is_passwordish(w->st, name)) {
		free(name);
		return;
	}
	strbuf_init(&value);
	clang_tokenize(w->tu->tu, clang_getCursorExtent(macro), &toks, &n);
	for (i = 1; i < n && ok; i++) {
		char *spell = take(clang_getTokenSpelling(w->tu->tu, toks[i]));
		ok = clang_getTokenKind(toks[i]) == CXToken_Literal &&
		     decode_token_literal(spell, &value);
		free(spell);
	}
	if (toks)
		clang_disposeTokens(w->tu->tu, toks, n);
	if (ok && n >= 2)
		report_password(w, macro, name, value.buf);
	strbuf_release(&value);
	free(name);
}

/* Nonzero when the token formats, run over the literal's source text
 * (what the text scan sees), find this same secret there. */
static int raw_text_has_token(struct tu_walk *w, CXCursor lit, const char *secret, size_t n)
{
	size_t start, end, off, len;

	if (!main_file_span(w, lit, &start, &end))
		return 1; /* cannot tell: stay quiet */
	if (!secrets_match_token(w->st, w->contents + start, end - start, &off, &len))
		return 0;
	return len == n && memcmp(w->contents + start + off, secret, n) == 0;
}

/* A token split over adjacent literals or spelled with escapes is
 * invisible to the text scan; report it from the decoded value. */
/* The literal's text in the file is not a string literal (a macro name). */
static int from_macro(struct tu_walk *w, CXCursor lit)
{
	size_t start, end;
	const char *t;

	if (!main_file_span(w, lit, &start, &end) || start >= w->size)
		return 0;
	t = w->contents + start;
	if (*t == 'u' && t[1] == '8')
		t += 2;
	else if (*t == 'L' || *t == 'u' || *t == 'U')
		t++;
	return *t != '"' && *t != 'R';
}

static void check_split_token(struct tu_walk *w, CXCursor lit)
{
	char *value = dv_ast_string_value(lit);
	const struct secrets_pattern *p;
	size_t off, len;

	if (!value)
		return;
	p = secrets_match_token(w->st, value, strlen(value), &off, &len);
	/* spelled by a macro whose definition in this file holds the whole
	 * token: the text scan reports it there, once, not at every expansion */
	if (p && !raw_text_has_token(w, lit, value + off, len) &&
	    !(from_macro(w, lit) && secrets_contains(w->contents, w->size, value + off, len)) &&
	    !secrets_test_muted(w->st, w->tu->path, p->rule_id)) {
		char *red = secrets_redact(value + off, len);
		struct dv_finding *f = dv_sink_report(w->tu->sink, p->rule_id, lit,
						      "hard-coded %s '%s' (assembled from adjacent "
						      "literals or escapes); revoke it "
						      "and load it at run time",
						      p->label, red);
		if (f)
			f->fingerprint_extra = secrets_hash(value + off, len);
		free(red);
	}
	free(value);
}

/* In the main file by expansion location: a literal spelled by a macro
 * (`GH_PREFIX "..."`) belongs to the line that uses the macro.
 * (clang_Location_isFromMainFile alone says no for macro locations.)
 * The expansion file is compared with the main file by identity: turning
 * it back into a location (clang_getLocationForOffset) scans the source
 * manager's entries and cost up to 17 us a header cursor. */
static int expanded_in_main_file(struct tu_walk *w, CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	CXFile file = NULL;

	if (clang_Location_isFromMainFile(loc))
		return 1;
	clang_getExpansionLocation(loc, &file, NULL, NULL, NULL);
	return file && w->main_file && clang_File_isEqual(file, w->main_file);
}

/* Which cursors the walk acts on; only those (and the top-level
 * declarations, to skip headers whole) are asked for their location:
 * libclang's location of an operator is its left operand's, found by
 * descending the operand chain, so asking it of every cursor is
 * quadratic on a long `a && b && ...` chain. */
static int acts_on(CXCursor c, enum CXCursorKind k)
{
	switch (k) {
	case CXCursor_MacroDefinition:
	case CXCursor_VarDecl:
	case CXCursor_InitListExpr:
	case CXCursor_CallExpr:
	case CXCursor_StringLiteral: return 1;
	case CXCursor_BinaryOperator:
		return clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign;
	default: return 0;
	}
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct tu_walk *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	if (clang_getCursorKind(parent) == CXCursor_TranslationUnit) {
		if (!expanded_in_main_file(w, c))
			return CXChildVisit_Continue;
	} else if (!acts_on(c, k)) {
		return CXChildVisit_Recurse;
	} else if (!expanded_in_main_file(w, c)) {
		/* text #included into a main-file body: not this file's */
		return CXChildVisit_Continue;
	}
	switch (k) {
	case CXCursor_MacroDefinition: check_macro(w, c); return CXChildVisit_Continue;
	case CXCursor_VarDecl: {
		CXCursor init = clang_Cursor_getVarDeclInitializer(c);
		if (!clang_Cursor_isNull(init) && !clang_isInvalid(clang_getCursorKind(init))) {
			char *name = take(clang_getCursorSpelling(c));
			check_named_literal(w, init, name);
			check_byte_array_key(w, c, init, name);
			free(name);
		}
		break;
	}
	case CXCursor_BinaryOperator:
		if (clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
			char *name = lvalue_name(dv_ast_child(c, 0));
			check_named_literal(w, dv_ast_child(c, 1), name);
			free(name);
		}
		break;
	case CXCursor_InitListExpr: check_init_list(w, c); break;
	case CXCursor_CallExpr: check_call(w, c); break;
	case CXCursor_StringLiteral: check_split_token(w, c); break;
	default: break;
	}
	return CXChildVisit_Recurse;
}

static void secrets_check_tu(const void *state, struct dv_tu_ctx *tu)
{
	const struct secrets_state *st = state;
	struct tu_walk w;
	CXFile file;

	if (!st || secrets_path_skipped(st, tu->path))
		return;
	memset(&w, 0, sizeof(w));
	w.st = st;
	w.tu = tu;
	{
		/* the path the TU was parsed with (tu->path may be relative to
		 * another directory than the process's) */
		CXString main_path = clang_getTranslationUnitSpelling(tu->tu);
		file = clang_getFile(tu->tu, clang_getCString(main_path));
		clang_disposeString(main_path);
	}
	w.main_file = file;
	if (file)
		w.contents = clang_getFileContents(tu->tu, file, &w.size);
	if (!w.contents) {
		w.contents = "";
		w.size = 0;
	}
	clang_visitChildren(clang_getTranslationUnitCursor(tu->tu), visit, &w);
	free(w.keys);
}

const struct dv_checker dv_checker_secrets = {
	.family = "secrets",
	.init = secrets_init,
	.free = secrets_free,
	.check_tu = secrets_check_tu,
	.check_text = secrets_check_text,
};
