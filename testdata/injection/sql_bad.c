/* injection/sql: untrusted data in the text of a query (positives). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "include/fake_db.h"

/* 1. direct */
void direct(sqlite3 *db)
{
	sqlite3_exec(db, getenv("QUERY"), NULL, NULL, NULL); // expect: injection/sql
}

/* 2. a local buffer built with snprintf */
int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	char sql[256];
	if (argc < 2)
		return 1;
	snprintf(sql, sizeof sql, "SELECT * FROM users WHERE name = '%s'", argv[1]);
	return sqlite3_exec(db, sql, NULL, NULL, NULL); // expect: injection/sql
}

/* 3. a helper in this file runs the query */
static int run_query(sqlite3 *db, const char *text)
{
	return sqlite3_exec(db, text, NULL, NULL, NULL); // expect: injection/sql
}

void helper(sqlite3 *db)
{
	char line[128];
	if (!fgets(line, sizeof line, stdin))
		return;
	run_query(db, line);
}

/* 4. struct field */
struct filter {
	const char *column;
	const char *value;
};

void struct_field(PGconn *conn)
{
	struct filter f;
	char q[256];
	f.column = "name";
	f.value = getenv("NAME");
	snprintf(q, sizeof q, "SELECT id FROM t WHERE %s = '%s'", f.column, f.value);
	PQexec(conn, q); // expect: injection/sql
}

/* 5. a loop appending input */
void loop_append(MYSQL *m, FILE *in)
{
	char q[1024] = "DELETE FROM t WHERE id IN (";
	char line[64];
	while (fgets(line, sizeof line, in)) {
		strncat(q, line, sizeof q - strlen(q) - 1);
		strncat(q, ",", sizeof q - strlen(q) - 1);
	}
	strncat(q, "0)", sizeof q - strlen(q) - 1);
	mysql_query(m, q); // expect: injection/sql
}

/* 6. sqlite3_prepare_v2 with pasted text */
void prepare_pasted(sqlite3 *db)
{
	sqlite3_stmt *st;
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT * FROM t WHERE tag = '%s'", getenv("TAG"));
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == 0) // expect: injection/sql
		sqlite3_finalize(st);
}

/* 7. PQexecParams: the query text itself is tainted */
void exec_params_query(PGconn *conn)
{
	const char *text = getenv("REPORT_SQL");
	PQexecParams(conn, text, 0, NULL, NULL, NULL, NULL, 0); // expect: injection/sql
}

/* 8. sqlite3_mprintf with %s does not escape */
void mprintf_s(sqlite3 *db)
{
	char *q = sqlite3_mprintf("SELECT * FROM t WHERE n = '%s'", getenv("N"));
	sqlite3_exec(db, q, NULL, NULL, NULL); // expect: injection/sql
	sqlite3_free(q);
}

/* 9. escaped for SQL but used as a shell command and a query */
void escaped_wrong_rule(PGconn *conn)
{
	char *lit = PQescapeLiteral(conn, getenv("V"), 10);
	char q[128];
	snprintf(q, sizeof q, "SELECT %s", lit);
	PQexec(conn, q);
	system(lit); // expect: injection/command
}

/* 10. an entry point's parameter */
void cgi_search(MYSQL *m, const char *term)
{
	char q[256];
	snprintf(q, sizeof q, "SELECT * FROM items WHERE title LIKE '%%%s%%'", term);
	mysql_real_query(m, q, (unsigned long)strlen(q)); // expect: injection/sql
}

/* 11. a helper returning input */
static char *read_filter(void)
{
	static char buf[100];
	if (!fgets(buf, sizeof buf, stdin))
		return NULL;
	return buf;
}

void helper_source(SQLHSTMT st)
{
	char q[256];
	snprintf(q, sizeof q, "SELECT * FROM t WHERE %s", read_filter());
	SQLExecDirect(st, (SQLCHAR *)q, -1); // expect: injection/sql
}

/* 12. PQprepare: the statement text (argument 2) */
void prepare_text(PGconn *conn)
{
	char q[256];
	strcpy(q, "SELECT * FROM t ORDER BY ");
	strcat(q, getenv("ORDER"));
	PQprepare(conn, "s1", q, 0, NULL); // expect: injection/sql
}

/* 13. SQLPrepare via memcpy */
void prepare_memcpy(SQLHSTMT st, const char *unused)
{
	char q[64];
	const char *src = getenv("Q");
	(void)unused;
	memcpy(q, src, 63);
	q[63] = '\0';
	SQLPrepare(st, (SQLCHAR *)q, -1); // expect: injection/sql
}

/* 14. PQsendQuery through a pointer */
void send_query(PGconn *conn)
{
	char buf[128];
	char *p = buf;
	if (!fgets(p, sizeof buf, stdin))
		return;
	PQsendQuery(conn, buf); // expect: injection/sql
}
