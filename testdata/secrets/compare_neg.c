/* Comparisons that hold no credential: option names, user names, prompts,
 * digests of non-passwords, passwords compared with other variables. */
#include <string.h>

char *sha256_hex(const char *s);

int parse(const char *arg, const char *user, const char *password, const char *stored,
	  const char *file)
{
	return strcmp(arg, "--password") == 0 || strcmp(user, "administrator") == 0 ||
	       strcmp(password, stored) == 0 || strcmp(password, "") == 0 ||
	       strcmp(password, "%s") == 0 ||
	       strcmp(sha256_hex(file), "4d3f8a7c2b9e1f06a5d4c3b2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2") == 0;
}
