/* injection/sql: negatives.  No line here may get a finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "include/fake_db.h"

/* 1. a parameterised query with sqlite3_bind_text */
int bound(sqlite3 *db, int argc, char **argv)
{
	sqlite3_stmt *st;
	if (argc < 2)
		return 1;
	if (sqlite3_prepare_v2(db, "SELECT * FROM users WHERE name = ?", -1, &st, NULL))
		return 1;
	sqlite3_bind_text(st, 1, argv[1], -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	return sqlite3_finalize(st);
}

/* 2. sqlite3_mprintf with %q escapes */
void mprintf_q(sqlite3 *db)
{
	char *q = sqlite3_mprintf("SELECT * FROM t WHERE n = '%q'", getenv("N"));
	sqlite3_exec(db, q, NULL, NULL, NULL);
	sqlite3_free(q);
}

/* 3. PQexecParams: untrusted data only in the bound parameters */
void exec_params(PGconn *conn)
{
	const char *values[1];
	values[0] = getenv("NAME");
	PQexecParams(conn, "SELECT id FROM t WHERE name = $1", 1, NULL, values, NULL, NULL, 0);
}

/* 4. PQescapeLiteral */
void escaped_literal(PGconn *conn)
{
	char q[256];
	char *lit = PQescapeLiteral(conn, getenv("V"), 32);
	snprintf(q, sizeof q, "SELECT * FROM t WHERE v = %s", lit);
	PQexec(conn, q);
	PQfreemem(lit);
}

/* 5. mysql_real_escape_string into a fresh buffer */
void escaped_mysql(MYSQL *m)
{
	char esc[201];
	char q[300];
	const char *name = getenv("NAME");
	mysql_real_escape_string(m, esc, name, (unsigned long)strlen(name));
	snprintf(q, sizeof q, "SELECT * FROM t WHERE name = '%s'", esc);
	mysql_query(m, q);
}

/* 6. a numeric id */
void numeric_id(sqlite3 *db)
{
	char q[100];
	long id = strtol(getenv("ID"), NULL, 10);
	snprintf(q, sizeof q, "DELETE FROM t WHERE id = %ld", id);
	sqlite3_exec(db, q, NULL, NULL, NULL);
}

/* 7. a helper with a query sink, called with constants */
static int run_query(sqlite3 *db, const char *text)
{
	return sqlite3_exec(db, text, NULL, NULL, NULL);
}

void helper_constant(sqlite3 *db)
{
	run_query(db, "VACUUM");
	run_query(db, "ANALYZE");
}

/* 8. the table name chosen among constants */
void table_choice(sqlite3 *db, int archived)
{
	const char *q = archived ? "SELECT * FROM archive" : "SELECT * FROM live";
	sqlite3_exec(db, q, NULL, NULL, NULL);
}

/* 9. a struct field with a constant query */
struct report {
	const char *sql;
};

void struct_constant(PGconn *conn)
{
	struct report r;
	r.sql = "SELECT count(*) FROM t";
	PQexec(conn, r.sql);
}

/* 10. a loop binding each input line */
void loop_bind(sqlite3 *db, FILE *in)
{
	sqlite3_stmt *st;
	char line[128];
	if (sqlite3_prepare_v3(db, "INSERT INTO t(v) VALUES (?)", -1, 0, &st, NULL))
		return;
	while (fgets(line, sizeof line, in)) {
		sqlite3_bind_text(st, 1, line, -1, SQLITE_TRANSIENT);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
}

/* 11. PQprepare with constant text, input bound later */
void prepared(PGconn *conn)
{
	PQprepare(conn, getenv("STMT_NAME"), "SELECT * FROM t WHERE id = $1", 1, NULL);
}

/* 12. PQescapeIdentifier for a column name */
void escaped_identifier(PGconn *conn)
{
	char q[256];
	char *col = PQescapeIdentifier(conn, getenv("SORT"), 16);
	snprintf(q, sizeof q, "SELECT * FROM t ORDER BY %s", col);
	PQexec(conn, q);
	PQfreemem(col);
}

/* 13. a count of input lines, not their text */
void count_lines(MYSQL *m, FILE *in)
{
	char line[64], q[64];
	int n = 0;
	while (fgets(line, sizeof line, in))
		n++;
	snprintf(q, sizeof q, "UPDATE stats SET lines = %d", n);
	mysql_query(m, q);
}

/* 14. validated against a constant */
void validated(sqlite3 *db)
{
	const char *order = getenv("ORDER");
	char q[128];
	if (order == NULL || strcmp(order, "DESC") != 0)
		order = "ASC";
	snprintf(q, sizeof q, "SELECT * FROM t ORDER BY id %s", order);
	sqlite3_exec(db, q, NULL, NULL, NULL);
}
