/*
 * Entropy, redaction and hashing of secret values.
 *
 * Redaction is the one place that decides how much of a secret any
 * output may show: a short prefix (enough for a reviewer to recognise
 * the kind of token) and the length, never more than a third of it.
 */
#include "checkers/secrets.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

double secrets_entropy(const char *s, size_t n)
{
	size_t counts[256] = {0};
	double h = 0.0;
	size_t i;

	if (n == 0)
		return 0.0;
	for (i = 0; i < n; i++)
		counts[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		double p;
		if (!counts[i])
			continue;
		p = (double)counts[i] / (double)n;
		h -= p * log2(p);
	}
	return h;
}

int secrets_is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return n > 0;
}

char *secrets_redact(const char *s, size_t n)
{
	struct strbuf sb;
	size_t keep, i;

	/* 4 bytes of a 12+ byte token; less of short passwords, where 4
	 * bytes would give most of it away. */
	keep = n >= 12 ? 4 : n >= 8 ? 2 : 0;
	/* Only printable ASCII in the prefix: never half a UTF-8 sequence,
	 * never a control byte in a terminal. */
	for (i = 0; i < keep; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7e)
			break;
	}
	keep = i;
	strbuf_init(&sb);
	strbuf_add(&sb, s, keep);
	strbuf_addf(&sb, "\xe2\x80\xa6(%zu chars)", n);
	return strbuf_detach(&sb);
}

char *secrets_hash(const char *s, size_t n)
{
	/* FNV-1a 64 over a domain tag and the value: stable across runs and
	 * platforms; the run hashes fingerprint material again on top. */
	static const char tag[] = "diffvet-secret\n";
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < sizeof(tag) - 1; i++) {
		h ^= (unsigned char)tag[i];
		h *= 0x100000001b3ULL;
	}
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return xasprintf("s1:%016llx", (unsigned long long)h);
}

char *secrets_lower(const char *s, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
	return out;
}
