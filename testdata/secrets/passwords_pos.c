/* Literals stored under credential names or passed to credential parameters. */
#include <stddef.h>

typedef struct MYSQL MYSQL;
MYSQL *mysql_real_connect(MYSQL *mysql, const char *host, const char *user, const char *passwd,
			  const char *db, unsigned int port, const char *unix_socket,
			  unsigned long clientflag);
typedef struct pg_conn PGconn;
PGconn *PQsetdbLogin(const char *pghost, const char *pgport, const char *pgoptions,
		     const char *pgtty, const char *dbName, const char *login, const char *pwd);
typedef struct sqlite3 sqlite3;
int sqlite3_key(sqlite3 *db, const void *pKey, int nKey);
typedef void CURL;
typedef enum { CURLOPT_URL = 10002, CURLOPT_PASSWORD = 10174 } CURLoption;
int curl_easy_setopt(CURL *curl, CURLoption option, ...);
int login(const char *user, const char *password);

struct conf {
	const char *user;
	const char *password;
	int port;
};

static const char *db_password = "Tr0ub4dor&3x";  // expect: secrets/hardcoded-password
#define ADMIN_PASSWD "hunter2hunter2"  // expect: secrets/hardcoded-password
static struct conf c1 = { .user = "app", .password = "pl4inT3xt!", .port = 5432 };  // expect: secrets/hardcoded-password
static struct conf c2 = { "app", "s3cr3t-Pa55", 5432 };  // expect: secrets/hardcoded-password

void set_conf(struct conf *c)
{
	c->password = "R0tat3Me!";  // expect: secrets/hardcoded-password
}

void connect_all(MYSQL *conn, sqlite3 *db, CURL *curl)
{
	const char *neutral = "Xy9!pa55-w0rd";

	mysql_real_connect(conn, "db1", "app", "My5ql!pass", "shop", 3306, NULL, 0);  // expect: secrets/hardcoded-password
	mysql_real_connect(conn, "db1", "app", neutral, "shop", 3306, NULL, 0);  // expect: secrets/hardcoded-password
	/* the macro was reported where it is defined */
	mysql_real_connect(conn, "db1", "admin", ADMIN_PASSWD, "shop", 3306, NULL, 0);
	PQsetdbLogin("db1", "5432", NULL, NULL, "shop", "app", "Pg-pa55w0rd!");  // expect: secrets/hardcoded-password
	sqlite3_key(db, "sqlc1pher-k3y", 13);  // expect: secrets/hardcoded-password
	curl_easy_setopt(curl, CURLOPT_PASSWORD, "ftp-Pa55!w0rd");  // expect: secrets/hardcoded-password
	login("admin", "adm1n-Pa55!");  // expect: secrets/hardcoded-password
	(void)db_password;
	(void)c1;
	(void)c2;
}
