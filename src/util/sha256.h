/*
 * SHA-256 (FIPS 180-4), for content keys that must not collide even when
 * the content is chosen by an adversary: the result cache
 * (session/result_cache.h) trusts an entry whose key matches, so a key a
 * change could forge would let it reuse a clean result.  FNV-1a is not
 * collision resistant; this is.
 *
 * Usage: dv_sha256_init, dv_sha256_update (any number of times),
 * dv_sha256_final (32 bytes) or dv_sha256_hex (65 bytes with the NUL).
 * No allocation, no global state; one context per thread.
 */
#ifndef DV_UTIL_SHA256_H
#define DV_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct dv_sha256 {
	uint32_t h[8];
	uint64_t len;          /* bytes hashed so far */
	unsigned char buf[64]; /* pending partial block */
	size_t n;
};

void dv_sha256_init(struct dv_sha256 *c);
void dv_sha256_update(struct dv_sha256 *c, const void *data, size_t len);
void dv_sha256_final(struct dv_sha256 *c, unsigned char out[32]);
/* Finalises into 64 lowercase hex digits and a NUL. */
void dv_sha256_hex(struct dv_sha256 *c, char out[65]);
/* One-shot hex digest of a buffer. */
void dv_sha256_hex_of(const void *data, size_t len, char out[65]);

#endif
