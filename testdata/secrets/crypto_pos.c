/* Constant keys passed to cipher and MAC APIs. */
#include <stddef.h>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct evp_cipher_st EVP_CIPHER;
typedef struct evp_md_st EVP_MD;
typedef struct engine_st ENGINE;
const EVP_CIPHER *EVP_aes_128_cbc(void);
const EVP_MD *EVP_sha256(void);
int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl,
		       const unsigned char *key, const unsigned char *iv);
int EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl,
		       const unsigned char *key, const unsigned char *iv);
typedef struct aes_key_st { unsigned int rd_key[60]; int rounds; } AES_KEY;
int AES_set_encrypt_key(const unsigned char *userKey, const int bits, AES_KEY *key);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d,
		    size_t n, unsigned char *md, unsigned int *md_len);
typedef struct mbedtls_aes_context { int nr; } mbedtls_aes_context;
int mbedtls_aes_setkey_enc(mbedtls_aes_context *ctx, const unsigned char *key, unsigned int keybits);
int crypto_secretbox_easy(unsigned char *c, const unsigned char *m, unsigned long long mlen,
			  const unsigned char *n, const unsigned char *k);

static const unsigned char aes_key[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,  // expect: secrets/hardcoded-crypto-key
					   0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
static const unsigned char box_key[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,  // expect: secrets/hardcoded-crypto-key
					   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

int encrypt(EVP_CIPHER_CTX *ctx, const unsigned char *iv, const unsigned char *m, unsigned char *c,
	    unsigned char *md, unsigned int *md_len, mbedtls_aes_context *mctx)
{
	AES_KEY k;

	/* reported once, at the definitions above */
	EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, aes_key, iv);
	EVP_DecryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, (const unsigned char *)"k3Y!mQ9#vL2@xR7$", iv);  // expect: secrets/hardcoded-crypto-key
	AES_set_encrypt_key((const unsigned char *)"Zq8!wE4#rT6^yU1&", 128, &k);  // expect: secrets/hardcoded-crypto-key
	HMAC(EVP_sha256(), "hm4c-s1gning-k3y!", 17, m, 16, md, md_len);  // expect: secrets/hardcoded-crypto-key
	mbedtls_aes_setkey_enc(mctx, &aes_key[0], 128);
	return crypto_secretbox_easy(c, m, 16, iv, box_key);
}
