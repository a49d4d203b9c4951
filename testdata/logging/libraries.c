/* Library APIs declared in the project's own (vendored) headers: known by
 * name, they never log.  libpq status checks, mysql_query. */
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef enum { PGRES_EMPTY_QUERY, PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_FATAL_ERROR } ExecStatusType;
PGresult *PQexec(PGconn *conn, const char *query);
ExecStatusType PQresultStatus(const PGresult *res);
void PQclear(PGresult *res);
char *PQerrorMessage(const PGconn *conn);
int fprintf_to_log(const char *msg);

typedef struct st_mysql MYSQL;
int mysql_query(MYSQL *m, const char *q);
const char *mysql_error(MYSQL *m);

struct error { int code; };

PGresult *select_users(PGconn *c)
{
	PGresult *r = PQexec(c, "SELECT * FROM users");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return 0; // expect: logging/silent-error-return
	}
	return r;
}

int delete_users(PGconn *c)
{
	PGresult *r = PQexec(c, "DELETE FROM users");
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok ? 0 : -1;
}

int touch(MYSQL *m)
{
	if (mysql_query(m, "UPDATE t SET n = n + 1"))
		return -1; // expect: logging/silent-error-return
	return 0;
}

int touch_logged(MYSQL *m)
{
	if (mysql_query(m, "UPDATE t SET n = n + 1")) {
		fprintf_to_log(mysql_error(m));
		return -1;
	}
	return 0;
}

/* an error object of the caller, by its type */
int touch_obj(MYSQL *m, struct error *e)
{
	if (mysql_query(m, "UPDATE t SET n = n + 1")) {
		e->code = 1;
		return -1;
	}
	return 0;
}
