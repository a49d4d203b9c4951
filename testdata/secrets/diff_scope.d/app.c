#include <stddef.h>

static const char *legacy_password = "L3gacy!pw";
static const char *admin_password = "N3w-Adm1n!";  // expect: secrets/hardcoded-password

int ok(void)
{
	return legacy_password != NULL && admin_password != NULL;
}
