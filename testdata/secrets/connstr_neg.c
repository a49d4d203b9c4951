/* Connection strings without a literal password: templates, format
 * strings, environment references, documentation hosts. */
#include <stdio.h>

static const char *pg_fmt = "host=%s port=%d dbname=%s user=%s password=%s";
static const char *pg_nopw = "host=db.internal port=5432 dbname=app user=app sslmode=require";
static const char *redis_tmpl = "redis://:${REDIS_PASSWORD}@cache:6379";
static const char *redis_nopw = "redis://cache.internal:6379/0";
static const char *jdbc_tmpl = "jdbc:postgresql://db/app?user=app&password=${DB_PASSWORD}";
static const char *odbc_fmt = "Driver={ODBC Driver 18};Server=%s;UID=%s;PWD=%s;";
static const char *url_fmt = "%s://%s:%s@%s/";
static const char *doc_url = "mqtt://user:hunter2x@broker.example.com";

int build(char *buf, size_t n, const char *host, const char *pw)
{
	return snprintf(buf, n, "host=%s password=%s", host, pw);
}
