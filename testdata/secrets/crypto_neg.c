/* Keys that come from somewhere at run time: nothing to report. */
#include <stddef.h>
#include <stdlib.h>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct evp_cipher_st EVP_CIPHER;
typedef struct engine_st ENGINE;
const EVP_CIPHER *EVP_aes_256_gcm(void);
int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *type, ENGINE *impl,
		       const unsigned char *key, const unsigned char *iv);
int RAND_bytes(unsigned char *buf, int num);
int load_key(const char *id, unsigned char *out, size_t n);

static const unsigned char fixed_iv[12] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2 };

int encrypt(EVP_CIPHER_CTX *ctx, const unsigned char *caller_key)
{
	unsigned char key[32];
	unsigned char zeroed[32] = { 0 };

	if (RAND_bytes(key, sizeof(key)) != 1 || load_key(getenv("KEY_ID"), zeroed, sizeof(zeroed)))
		return -1;
	EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL);
	EVP_EncryptInit_ex(ctx, NULL, NULL, key, fixed_iv);
	EVP_EncryptInit_ex(ctx, NULL, NULL, caller_key, fixed_iv);
	return EVP_EncryptInit_ex(ctx, NULL, NULL, zeroed, fixed_iv);
}
