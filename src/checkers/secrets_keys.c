/*
 * Secrets: pure helpers of the libclang side for constant keys (the bytes
 * behind a key argument, key-ish names), password digests and byte searches.
 */
#include "checkers/secrets.h"

#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "util/strbuf.h"

int secrets_init_list_bytes(CXCursor list, struct strbuf *out)
{
	CXCursor *kids = NULL;
	unsigned n = dv_ast_children(list, &kids), i;
	int ok = n > 0;

	for (i = 0; i < n && ok; i++) {
		long long v;
		if (dv_ast_int_value(kids[i], &v) != 0)
			ok = 0;
		else
			strbuf_addch(out, (char)(v & 0xff));
	}
	free(kids);
	return ok;
}

/* The constant bytes behind a key argument: a literal, or a variable
 * initialised by a literal / an initializer list of integer constants. */
int secrets_constant_key(CXCursor arg, struct secrets_key_bytes *out)
{
	CXCursor e = dv_ast_strip_casts(arg), init;
	struct strbuf sb;
	enum CXCursorKind k;
	char *s;

	k = clang_getCursorKind(e);
	/* &key[0], key + 0 and the like: the array itself */
	if (k == CXCursor_UnaryOperator || k == CXCursor_ArraySubscriptExpr) {
		e = dv_ast_strip_casts(dv_ast_child(e, 0));
		if (clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr)
			e = dv_ast_strip_casts(dv_ast_child(e, 0));
		k = clang_getCursorKind(e);
	}
	if (k == CXCursor_StringLiteral) {
		init = e;
	} else if (k == CXCursor_DeclRefExpr) {
		CXCursor var = clang_getCursorReferenced(e);
		if (clang_getCursorKind(var) != CXCursor_VarDecl)
			return 0;
		init = clang_Cursor_getVarDeclInitializer(var);
		if (clang_Cursor_isNull(init) || clang_isInvalid(clang_getCursorKind(init)))
			return 0;
		init = dv_ast_strip_casts(init);
	} else {
		return 0;
	}
	strbuf_init(&sb);
	k = clang_getCursorKind(init);
	if (k == CXCursor_StringLiteral) {
		s = dv_ast_string_value(init);
		if (!s) {
			strbuf_release(&sb);
			return 0;
		}
		strbuf_addstr(&sb, s);
		free(s);
	} else if (k != CXCursor_InitListExpr || !secrets_init_list_bytes(init, &sb)) {
		strbuf_release(&sb);
		return 0;
	}
	out->n = sb.len;
	out->data = strbuf_detach(&sb);
	out->origin = init;
	return 1;
}

int secrets_all_same(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (s[i] != s[0])
			return 0;
	return 1;
}

/* A word of the name says key, iv, secret, hmac or psk (aes_key, g_iv,
 * hmacKey, mac_secret); not key_len, pubkey, keyboard. */
int secrets_name_is_keyish(const struct secrets_state *st, const char *name)
{
	char word[64];
	size_t i = 0, n = 0;

	for (;; i++) {
		int c = (unsigned char)name[i];
		int split = !c || c == '_' || (n && c >= 'A' && c <= 'Z' && name[i - 1] >= 'a' &&
						name[i - 1] <= 'z');

		if (split && n) {
			word[n] = '\0';
			if (!strcmp(word, "iv") || !strcmp(word, "secret") || !strcmp(word, "hmac") ||
			    !strcmp(word, "psk") ||
			    (n >= 3 && !strcmp(word + n - 3, "key") && strcmp(word, "pubkey") &&
			     strcmp(word, "hotkey") && strcmp(word, "monkey")))
				return !secrets_name_excluded(st, name);
			n = 0;
		}
		if (!c)
			return 0;
		if (c != '_' && n < sizeof(word) - 1)
			word[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
}

int secrets_contains(const char *hay, size_t n, const char *needle, size_t len)
{
	size_t i;

	for (i = 0; len && i + len <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, len) == 0)
			return 1;
	return 0;
}


int secrets_digest_word(const char *name)
{
	static const char *const words[] = {"hash", "digest", "sha", "md5", "crypt", "hmac"};
	char *lower = secrets_lower(name, strlen(name));
	size_t i;
	int hit = 0;

	for (i = 0; i < sizeof(words) / sizeof(words[0]) && !hit; i++)
		hit = strstr(lower, words[i]) != NULL;
	free(lower);
	return hit;
}

/* Hex or base64 of an MD5..SHA-512 digest. */
int secrets_digest_shaped(const char *v, size_t n)
{
	size_t i;

	if (secrets_is_hex(v, n))
		return n == 32 || n == 40 || n == 56 || n == 64 || n == 96 || n == 128;
	for (i = 0; i < n; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", v[i]))
			return 0;
	return n == 24 || n == 28 || n == 44 || n == 64 || n == 88;
}
