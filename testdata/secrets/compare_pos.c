/* A password, or the digest of one, only compared against: the literal
 * is the credential. */
#include <string.h>

char *sha256_hex(const char *s);
struct account { const char *password; };

int check_password(const char *password)
{
	return strcmp(password, "Wq7!mZr4Tx2#") == 0;  // expect: secrets/hardcoded-password
}

int check_account(const struct account *a)
{
	return strncmp("Hb5%rTq8Lm3@", a->password, 12) == 0;  // expect: secrets/hardcoded-password
}

int check_digest(const char *password)
{
	return strcmp(sha256_hex(password), "4d3f8a7c2b9e1f06a5d4c3b2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2") == 0;  // expect: secrets/hardcoded-password
}

int check_stored(const char *password_hash)
{
	return strcasecmp(password_hash, "7c4a8d09ca3762af61e59520943dc26494f8941b") == 0;  // expect: secrets/hardcoded-password
}
