/*
 * libclang AST helpers.  Every CXString is copied and disposed at once.
 */
#include "front/ast.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Copies a CXString into a malloc'd C string and disposes it. */
static char *take_string(CXString s)
{
	const char *c = clang_getCString(s);
	char *out = xstrdup(c ? c : "");
	clang_disposeString(s);
	return out;
}

/* ---- children ---- */

struct child_list {
	CXCursor *items;
	unsigned n;
	size_t alloc;
};

static enum CXChildVisitResult collect_child(CXCursor c, CXCursor parent, void *data)
{
	struct child_list *l = data;
	(void)parent;
	DV_GROW(l->items, (size_t)l->n + 1, l->alloc);
	l->items[l->n++] = c;
	return CXChildVisit_Continue;
}

unsigned dv_ast_children(CXCursor c, CXCursor **out)
{
	struct child_list l = { NULL, 0, 0 };
	if (!clang_Cursor_isNull(c))
		clang_visitChildren(c, collect_child, &l);
	*out = l.items;
	return l.n;
}

struct nth_child {
	unsigned want, seen;
	CXCursor found;
};

static enum CXChildVisitResult find_nth_child(CXCursor c, CXCursor parent, void *data)
{
	struct nth_child *n = data;
	(void)parent;
	if (n->seen++ == n->want) {
		n->found = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

CXCursor dv_ast_child(CXCursor c, unsigned n)
{
	struct nth_child nc = { n, 0, clang_getNullCursor() };
	if (!clang_Cursor_isNull(c))
		clang_visitChildren(c, find_nth_child, &nc);
	return nc.found;
}

/* The only child when there is exactly one, else a null cursor. */
struct only_child {
	unsigned n;
	CXCursor first;
};

static enum CXChildVisitResult count_upto_two(CXCursor c, CXCursor parent, void *data)
{
	struct only_child *o = data;
	(void)parent;
	if (o->n++ == 0)
		o->first = c;
	return o->n >= 2 ? CXChildVisit_Break : CXChildVisit_Continue;
}

static CXCursor only_child(CXCursor c)
{
	struct only_child o = { 0, clang_getNullCursor() };
	clang_visitChildren(c, count_upto_two, &o);
	return o.n == 1 ? o.first : clang_getNullCursor();
}

/* The last child that is an expression (a cast's operand: a TypeRef may
 * come first). */
struct last_expr {
	CXCursor found;
};

static enum CXChildVisitResult find_last_expr(CXCursor c, CXCursor parent, void *data)
{
	struct last_expr *l = data;
	(void)parent;
	if (clang_isExpression(clang_getCursorKind(c)))
		l->found = c;
	return CXChildVisit_Continue;
}

/* ---- stripping ---- */

CXCursor dv_ast_strip(CXCursor e)
{
	unsigned guard;
	for (guard = 0; guard < 256 && !clang_Cursor_isNull(e); guard++) {
		enum CXCursorKind k = clang_getCursorKind(e);
		CXCursor next;
		if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr)
			break;
		next = only_child(e);
		if (clang_Cursor_isNull(next) || !clang_isExpression(clang_getCursorKind(next)))
			break;
		e = next;
	}
	return e;
}

static int is_explicit_cast(enum CXCursorKind k)
{
	return k == CXCursor_CStyleCastExpr || k == CXCursor_CXXStaticCastExpr ||
	       k == CXCursor_CXXDynamicCastExpr || k == CXCursor_CXXReinterpretCastExpr ||
	       k == CXCursor_CXXConstCastExpr || k == CXCursor_CXXFunctionalCastExpr ||
	       k == CXCursor_CXXAddrspaceCastExpr;
}

CXCursor dv_ast_strip_casts(CXCursor e)
{
	unsigned guard;
	for (guard = 0; guard < 256 && !clang_Cursor_isNull(e); guard++) {
		struct last_expr l = { clang_getNullCursor() };
		e = dv_ast_strip(e);
		if (!is_explicit_cast(clang_getCursorKind(e)))
			break;
		clang_visitChildren(e, find_last_expr, &l);
		if (clang_Cursor_isNull(l.found))
			break;
		e = l.found;
	}
	return e;
}

/* ---- calls ---- */

static int is_function_decl_kind(enum CXCursorKind k)
{
	return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod || k == CXCursor_Constructor ||
	       k == CXCursor_Destructor || k == CXCursor_ConversionFunction ||
	       k == CXCursor_FunctionTemplate;
}

CXCursor dv_ast_callee_decl(CXCursor call)
{
	CXCursor r;
	if (clang_Cursor_isNull(call) || clang_getCursorKind(call) != CXCursor_CallExpr)
		return clang_getNullCursor();
	r = clang_getCursorReferenced(call);
	if (clang_getCursorKind(r) == CXCursor_VarDecl)
		return dv_ast_fnptr_target(call);
	if (clang_Cursor_isNull(r) || !is_function_decl_kind(clang_getCursorKind(r)))
		return clang_getNullCursor();
	return r;
}

char *dv_ast_callee_name(CXCursor call)
{
	CXCursor d = dv_ast_callee_decl(call);
	char *name;
	if (!clang_Cursor_isNull(d))
		name = take_string(clang_getCursorSpelling(d));
	else if (clang_getCursorKind(call) == CXCursor_CallExpr)
		name = take_string(clang_getCursorSpelling(call)); /* named function pointer */
	else
		return NULL;
	if (!name[0]) {
		free(name);
		return NULL;
	}
	return name;
}

int dv_ast_call_nargs(CXCursor call)
{
	int n;
	if (clang_Cursor_isNull(call))
		return 0;
	n = clang_Cursor_getNumArguments(call);
	return n < 0 ? 0 : n;
}

CXCursor dv_ast_call_arg(CXCursor call, unsigned i)
{
	if (clang_Cursor_isNull(call) || i >= (unsigned)dv_ast_call_nargs(call))
		return clang_getNullCursor();
	return dv_ast_strip(clang_Cursor_getArgument(call, i));
}

CXCursor dv_ast_call_object(CXCursor call)
{
	CXCursor d = dv_ast_callee_decl(call), callee, base;
	enum CXCursorKind dk = clang_getCursorKind(d);
	if (clang_Cursor_isNull(d) || (dk != CXCursor_CXXMethod && dk != CXCursor_ConversionFunction &&
				       dk != CXCursor_Destructor))
		return clang_getNullCursor();
	callee = dv_ast_strip(dv_ast_child(call, 0));
	if (clang_getCursorKind(callee) != CXCursor_MemberRefExpr)
		return clang_getNullCursor();
	base = dv_ast_child(callee, 0);
	if (clang_Cursor_isNull(base) || !clang_isExpression(clang_getCursorKind(base)))
		return clang_getNullCursor();
	return dv_ast_strip(base);
}

/* ---- strings and constants ---- */

/* Follows a reference to a variable initialised by a string literal; the
 * variable must be a const array or a const pointer. */
static CXCursor constant_string_init(CXCursor ref)
{
	CXCursor var = clang_getCursorReferenced(ref), init;
	CXType t;
	if (clang_getCursorKind(var) != CXCursor_VarDecl)
		return clang_getNullCursor();
	t = clang_getCanonicalType(clang_getCursorType(var));
	if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) {
		/* canonical arrays carry the element's qualifiers themselves */
		if (!clang_isConstQualifiedType(t) &&
		    !clang_isConstQualifiedType(clang_getArrayElementType(t)))
			return clang_getNullCursor();
	} else if (t.kind == CXType_Pointer) {
		if (!clang_isConstQualifiedType(t))
			return clang_getNullCursor();
	} else {
		return clang_getNullCursor();
	}
	init = clang_Cursor_getVarDeclInitializer(var);
	if (clang_Cursor_isNull(init) || clang_isInvalid(clang_getCursorKind(init)))
		return clang_getNullCursor();
	init = dv_ast_strip_casts(init);
	if (clang_getCursorKind(init) != CXCursor_StringLiteral)
		return clang_getNullCursor();
	return init;
}

int dv_ast_is_constant_string(CXCursor e)
{
	enum CXCursorKind k;
	if (clang_Cursor_isNull(e))
		return 0;
	e = dv_ast_strip_casts(e);
	k = clang_getCursorKind(e);
	if (k == CXCursor_StringLiteral || k == CXCursor_ObjCStringLiteral)
		return 1;
	if (k == CXCursor_DeclRefExpr)
		return !clang_Cursor_isNull(constant_string_init(e));
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void add_utf8(struct strbuf *sb, uint32_t cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (char)(0xC0 | (cp >> 6)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (char)(0xE0 | (cp >> 12)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (char)(0xF0 | ((cp >> 18) & 0x07)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Decodes the body of one quoted literal starting after the opening
 * quote; returns the position after the closing quote. */
static const char *decode_literal(struct strbuf *sb, const char *p, int wide)
{
	while (*p && *p != '"') {
		uint32_t v;
		int d, i;
		if (*p != '\\') {
			strbuf_addch(sb, *p++);
			continue;
		}
		p++;
		switch (*p) {
		case 'n': strbuf_addch(sb, '\n'); p++; break;
		case 't': strbuf_addch(sb, '\t'); p++; break;
		case 'r': strbuf_addch(sb, '\r'); p++; break;
		case 'a': strbuf_addch(sb, '\a'); p++; break;
		case 'b': strbuf_addch(sb, '\b'); p++; break;
		case 'f': strbuf_addch(sb, '\f'); p++; break;
		case 'v': strbuf_addch(sb, '\v'); p++; break;
		case 'e': strbuf_addch(sb, 27); p++; break;
		case 'x':
			p++;
			v = 0;
			while ((d = hexval(*p)) >= 0) {
				v = v * 16 + (uint32_t)d;
				p++;
			}
			if (wide && v >= 0x80)
				add_utf8(sb, v);
			else
				strbuf_addch(sb, (char)(v & 0xFF));
			break;
		case 'u':
		case 'U':
			i = *p == 'u' ? 4 : 8;
			p++;
			v = 0;
			while (i-- > 0 && (d = hexval(*p)) >= 0) {
				v = v * 16 + (uint32_t)d;
				p++;
			}
			add_utf8(sb, v);
			break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			v = 0;
			for (i = 0; i < 3 && *p >= '0' && *p <= '7'; i++)
				v = v * 8 + (uint32_t)(*p++ - '0');
			if (wide && v >= 0x80)
				add_utf8(sb, v);
			else
				strbuf_addch(sb, (char)(v & 0xFF));
			break;
		case '\0':
			break;
		default: /* \\ \" \' \? and unknown escapes */
			strbuf_addch(sb, *p++);
			break;
		}
	}
	return *p == '"' ? p + 1 : p;
}

char *dv_ast_string_value(CXCursor e)
{
	struct strbuf sb;
	char *spelling;
	const char *p;
	int any = 0;
	if (clang_Cursor_isNull(e))
		return NULL;
	e = dv_ast_strip_casts(e);
	if (clang_getCursorKind(e) == CXCursor_DeclRefExpr)
		e = constant_string_init(e);
	if (clang_getCursorKind(e) != CXCursor_StringLiteral)
		return NULL;
	/* The spelling is the concatenated literal, re-escaped, with prefix. */
	spelling = take_string(clang_getCursorSpelling(e));
	strbuf_init(&sb);
	p = spelling;
	while (*p) {
		const char *q = strchr(p, '"');
		int wide;
		if (!q)
			break;
		/* L, u, U: escapes are code points; u8 and plain: bytes */
		wide = q != p && !(q - p >= 2 && q[-1] == '8' && q[-2] == 'u');
		if (q > p && q[-1] == 'R') {
			/* raw string: R"delim( ... )delim" */
			const char *open = strchr(q + 1, '('), *close;
			size_t dlen;
			if (!open)
				break;
			dlen = (size_t)(open - (q + 1));
			close = strrchr(open, ')');
			if (!close || (size_t)(strlen(close + 1)) < dlen + 1)
				break;
			strbuf_add(&sb, open + 1, (size_t)(close - open - 1));
			any = 1;
			p = close + 1 + dlen + 1;
			continue;
		}
		p = decode_literal(&sb, q + 1, wide);
		any = 1;
	}
	free(spelling);
	if (!any) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

int dv_ast_int_value(CXCursor e, long long *out)
{
	CXEvalResult r;
	int ret = -1;
	enum CXCursorKind k;
	if (clang_Cursor_isNull(e))
		return -1;
	k = clang_getCursorKind(e);
	if (!clang_isExpression(k) || k == CXCursor_StmtExpr || k == CXCursor_LambdaExpr)
		return -1;
	r = clang_Cursor_Evaluate(e);
	if (!r)
		return -1;
	if (clang_EvalResult_getKind(r) == CXEval_Int) {
		if (out) {
			if (clang_EvalResult_isUnsignedInt(r))
				*out = (long long)clang_EvalResult_getAsUnsigned(r);
			else
				*out = clang_EvalResult_getAsLongLong(r);
		}
		ret = 0;
	}
	clang_EvalResult_dispose(r);
	return ret;
}

/* ---- text ---- */

char *dv_ast_text(CXCursor c)
{
	CXTranslationUnit tu;
	CXToken *toks = NULL;
	unsigned n = 0, i;
	struct strbuf sb;
	if (clang_Cursor_isNull(c))
		return xstrdup("");
	tu = clang_Cursor_getTranslationUnit(c);
	strbuf_init(&sb);
	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	for (i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, clang_getCString(s) ? clang_getCString(s) : "");
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return strbuf_detach(&sb);
}

/* ---- lvalue keys ---- */

static int is_local_decl(CXCursor d)
{
	CXCursor p = clang_getCursorSemanticParent(d);
	enum CXCursorKind k = clang_getCursorKind(p);
	return clang_getCursorKind(d) == CXCursor_ParmDecl || is_function_decl_kind(k) ||
	       k == CXCursor_LambdaExpr || k == CXCursor_UnexposedDecl;
}

static int lvalue_key_into(struct strbuf *sb, CXCursor e, unsigned depth)
{
	enum CXCursorKind k;
	if (depth > 64 || clang_Cursor_isNull(e))
		return -1;
	e = dv_ast_strip_casts(e);
	k = clang_getCursorKind(e);
	switch (k) {
	case CXCursor_DeclRefExpr: {
		CXCursor d = clang_getCursorReferenced(e);
		enum CXCursorKind dk = clang_getCursorKind(d);
		char *name;
		if (dk != CXCursor_VarDecl && dk != CXCursor_ParmDecl && dk != CXCursor_FieldDecl)
			return -1;
		name = take_string(clang_getCursorSpelling(d));
		strbuf_addstr(sb, name);
		free(name);
		if (is_local_decl(d)) {
			unsigned off = 0;
			clang_getFileLocation(clang_getCursorLocation(d), NULL, NULL, NULL, &off);
			strbuf_addf(sb, "@%u", off);
		}
		return 0;
	}
	case CXCursor_CXXThisExpr:
		strbuf_addstr(sb, "this");
		return 0;
	case CXCursor_MemberRefExpr: {
		CXCursor base = dv_ast_child(e, 0);
		char *member = take_string(clang_getCursorSpelling(e));
		int arrow, ret = 0;
		if (clang_Cursor_isNull(base) || !clang_isExpression(clang_getCursorKind(base))) {
			/* implicit this->member */
			strbuf_addf(sb, "*this.%s", member);
			free(member);
			return 0;
		}
		arrow = clang_getCanonicalType(clang_getCursorType(base)).kind == CXType_Pointer;
		if (arrow)
			strbuf_addch(sb, '*');
		if (lvalue_key_into(sb, base, depth + 1) < 0)
			ret = -1;
		else
			strbuf_addf(sb, ".%s", member);
		free(member);
		return ret;
	}
	case CXCursor_UnaryOperator: {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(e);
		if (op == CXUnaryOperator_Deref)
			strbuf_addch(sb, '*');
		else if (op == CXUnaryOperator_AddrOf)
			strbuf_addch(sb, '&');
		else
			return -1;
		return lvalue_key_into(sb, dv_ast_child(e, 0), depth + 1);
	}
	case CXCursor_ArraySubscriptExpr:
		if (lvalue_key_into(sb, dv_ast_child(e, 0), depth + 1) < 0)
			return -1;
		strbuf_addstr(sb, "[]");
		return 0;
	default:
		return -1;
	}
}

char *dv_ast_lvalue_key(CXCursor e)
{
	struct strbuf sb;
	strbuf_init(&sb);
	if (lvalue_key_into(&sb, e, 0) < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* ---- locations ---- */

void dv_ast_location(CXCursor c, char **path, unsigned *line, unsigned *col)
{
	CXFile file = NULL;
	unsigned l = 0, co = 0, off = 0;
	clang_getExpansionLocation(clang_getCursorLocation(c), &file, &l, &co, &off);
	if (path)
		*path = file ? take_string(clang_getFileName(file)) : NULL;
	if (line)
		*line = l;
	if (col)
		*col = co;
}

char *dv_ast_enclosing_function(CXCursor c)
{
	unsigned guard;
	for (guard = 0; guard < 128 && !clang_Cursor_isNull(c); guard++) {
		enum CXCursorKind k = clang_getCursorKind(c);
		CXCursor p;
		if (is_function_decl_kind(k))
			return take_string(clang_getCursorSpelling(c));
		if (k == CXCursor_TranslationUnit || clang_isInvalid(k))
			return NULL;
		p = clang_getCursorSemanticParent(c);
		if (clang_equalCursors(p, c))
			return NULL;
		c = p;
	}
	return NULL;
}

int dv_ast_in_main_file(CXCursor c)
{
	CXSourceLocation loc;
	CXFile file = NULL, spelled = NULL, main_file;
	CXTranslationUnit tu;
	CXString main_path;
	unsigned off = 0, spelled_off = 0;
	int in_main;

	if (clang_Cursor_isNull(c))
		return 0;
	loc = clang_getCursorLocation(c);
	if (clang_Location_isFromMainFile(loc))
		return 1;
	clang_getExpansionLocation(loc, &file, NULL, NULL, &off);
	if (!file)
		return 0;
	/* Not a macro location (spelled where it expands): a header's. */
	clang_getSpellingLocation(loc, &spelled, NULL, NULL, &spelled_off);
	if (spelled && spelled_off == off && clang_File_isEqual(spelled, file))
		return 0;
	/* A macro location: is the macro used in the main file?  The files
	 * are compared by identity; clang_getLocationForOffset on a header
	 * scans the source manager's entries (up to 17 us a cursor). */
	tu = clang_Cursor_getTranslationUnit(c);
	main_path = clang_getTranslationUnitSpelling(tu);
	main_file = clang_getFile(tu, clang_getCString(main_path));
	clang_disposeString(main_path);
	in_main = main_file && clang_File_isEqual(file, main_file);
	return in_main;
}

CXCursor dv_ast_function_body(CXCursor c)
{
	CXCursor *kids = NULL;
	unsigned n, i;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k != CXCursor_LambdaExpr && !is_function_decl_kind(k))
		return clang_getNullCursor();
	if (k != CXCursor_LambdaExpr && !clang_isCursorDefinition(c))
		return clang_getNullCursor();
	n = dv_ast_children(c, &kids);
	for (i = n; i-- > 0;) {
		enum CXCursorKind ck = clang_getCursorKind(kids[i]);
		if (ck == CXCursor_CompoundStmt || ck == CXCursor_CXXTryStmt) {
			CXCursor body = kids[i];
			free(kids);
			return body;
		}
	}
	free(kids);
	return clang_getNullCursor();
}

int dv_ast_is_function_like(CXCursor c)
{
	return !clang_Cursor_isNull(dv_ast_function_body(c));
}

/* ---- noreturn ---- */

static const char *const noreturn_names[] = {
	"exit", "_exit", "_Exit", "abort", "quick_exit", "longjmp", "siglongjmp", "_longjmp",
	"__builtin_unreachable", "__builtin_trap", "__assert_fail", "__assert_rtn", "__assert",
	"err", "errx", "verr", "verrx", "pthread_exit", "__builtin_longjmp", "thrd_exit",
	"__cxa_throw", "__stack_chk_fail",
};

struct attr_scan {
	int found;
};

static int spelling_says_noreturn(const char *s)
{
	return strstr(s, "noreturn") != NULL || strstr(s, "Noreturn") != NULL;
}

static enum CXChildVisitResult scan_noreturn_attr(CXCursor c, CXCursor parent, void *data)
{
	struct attr_scan *a = data;
	CXTranslationUnit tu;
	CXToken *toks = NULL;
	unsigned n = 0, i;
	(void)parent;
	if (!clang_isAttribute(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	tu = clang_Cursor_getTranslationUnit(c);
	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	for (i = 0; i < n && i < 8 && !a->found; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *cs = clang_getCString(s);
		if (cs && spelling_says_noreturn(cs))
			a->found = 1;
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return a->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

static int decl_is_noreturn(CXCursor d)
{
	struct attr_scan a = { 0 };
	char *type;
	int ret;
	if (clang_Cursor_isNull(d))
		return 0;
	/* GNU __attribute__((noreturn)) is part of the function type. */
	type = take_string(clang_getTypeSpelling(clang_getCursorType(d)));
	ret = strstr(type, "noreturn") != NULL;
	free(type);
	if (ret)
		return 1;
	/* _Noreturn and [[noreturn]] are declaration attributes. */
	if (clang_Cursor_hasAttrs(d))
		clang_visitChildren(d, scan_noreturn_attr, &a);
	return a.found;
}

int dv_ast_callee_is_noreturn(CXCursor call)
{
	CXCursor d, canon, def;
	char *name;
	size_t i;
	if (clang_getCursorKind(call) != CXCursor_CallExpr)
		return 0;
	d = dv_ast_callee_decl(call);
	if (clang_Cursor_isNull(d))
		return 0;
	name = take_string(clang_getCursorSpelling(d));
	for (i = 0; i < sizeof(noreturn_names) / sizeof(noreturn_names[0]); i++) {
		if (!strcmp(name, noreturn_names[i])) {
			free(name);
			return 1;
		}
	}
	free(name);
	if (decl_is_noreturn(d))
		return 1;
	canon = clang_getCanonicalCursor(d);
	if (!clang_equalCursors(canon, d) && decl_is_noreturn(canon))
		return 1;
	def = clang_getCursorDefinition(d);
	if (!clang_Cursor_isNull(def) && !clang_equalCursors(def, d) && !clang_equalCursors(def, canon) &&
	    decl_is_noreturn(def))
		return 1;
	return 0;
}

void dv_ast_errors_collect(CXTranslationUnit tu, struct dv_ast_errors *out)
{
	unsigned n = clang_getNumDiagnostics(tu), i;
	size_t alloc = 0;

	out->offsets = NULL;
	out->n = 0;
	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		CXSourceLocation loc = clang_getDiagnosticLocation(d);
		unsigned off = 0;

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error &&
		    clang_Location_isFromMainFile(loc)) {
			clang_getExpansionLocation(loc, NULL, NULL, NULL, &off);
			DV_GROW(out->offsets, out->n + 1, alloc);
			out->offsets[out->n++] = off;
		}
		clang_disposeDiagnostic(d);
	}
}

int dv_ast_errors_in(const struct dv_ast_errors *e, CXCursor func)
{
	CXSourceRange r;
	unsigned b = 0, end = 0;
	size_t i;

	if (!e->n)
		return 0;
	r = clang_getCursorExtent(func);
	clang_getFileLocation(clang_getRangeStart(r), NULL, NULL, NULL, &b);
	clang_getFileLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &end);
	for (i = 0; i < e->n; i++)
		if (e->offsets[i] >= b && e->offsets[i] <= end)
			return 1;
	return 0;
}

void dv_ast_errors_release(struct dv_ast_errors *e)
{
	free(e->offsets);
	e->offsets = NULL;
	e->n = 0;
}
