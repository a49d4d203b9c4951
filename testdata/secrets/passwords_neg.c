/* Credential names without a credential: placeholders, lookups, prompts,
 * format strings, paths, names of keys, short values, metadata. */
#include <stdio.h>
#include <stdlib.h>

typedef struct MYSQL MYSQL;
MYSQL *mysql_real_connect(MYSQL *mysql, const char *host, const char *user, const char *passwd,
			  const char *db, unsigned int port, const char *unix_socket,
			  unsigned long clientflag);
int login(const char *user, const char *password);

struct conf {
	const char *user;
	const char *password;
};

static const char *password_prompt = "Enter password: ";
static const char *password_key = "db_password";
static const char *token_header = "X-Auth-Token";
static const char *password_line = "password=%s\n";
static const char *private_key = "/etc/ssl/private/server.key";
static const char *api_token = "${API_TOKEN}";
static const char *secret = "";
static const char *password = "changeme";
static const char *admin_password = "********";
static const char *short_pwd = "abc12";
static const char *db_passwd = "<db password>";
static const char *vault_token = "{{ vault_token }}";
static const char *password_policy = "min8-upper-lower-digit";
static const char *keywords[] = { "password", "token", "secret" };
static int token_len = 32;
static struct conf empty = { .user = "app", .password = NULL };

int connect_db(MYSQL *conn, const char *user_pw)
{
	const char *pw = getenv("DB_PASSWORD");
	char password_buf[64];

	if (!pw)
		return -1;
	snprintf(password_buf, sizeof(password_buf), "%s", pw);
	mysql_real_connect(conn, "db1", "app", pw, "shop", 3306, NULL, 0);
	mysql_real_connect(conn, "db1", "app", user_pw, "shop", 3306, NULL, 0);
	mysql_real_connect(conn, "db1", "app", NULL, "shop", 3306, NULL, 0);
	mysql_real_connect(conn, "db1", "app", "", "shop", 3306, NULL, 0);
	printf("password: %s\n", password_prompt);
	login("admin", getenv("ADMIN_PASSWORD"));
	(void)password_key; (void)token_header; (void)password_line; (void)private_key;
	(void)api_token; (void)secret; (void)password; (void)admin_password; (void)short_pwd;
	(void)db_passwd; (void)vault_token; (void)password_policy; (void)keywords; (void)token_len;
	(void)empty;
	return 0;
}
