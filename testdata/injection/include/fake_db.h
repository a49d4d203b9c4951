/* Prototypes of the database client APIs the injection fixtures use
 * (sqlite3.h, libpq-fe.h, mysql.h, sql.h are not installed on the test
 * machines).  Signatures follow the real headers. */
#ifndef FAKE_DB_H
#define FAKE_DB_H

#include <stddef.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef void (*sqlite3_destructor_type)(void *);
#define SQLITE_TRANSIENT ((sqlite3_destructor_type)-1)
int sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
		 void *arg, char **errmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **stmt,
		       const char **tail);
int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned flags,
		       sqlite3_stmt **stmt, const char **tail);
int sqlite3_bind_text(sqlite3_stmt *stmt, int i, const char *v, int n,
		      void (*destructor)(void *));
int sqlite3_bind_int(sqlite3_stmt *stmt, int i, int v);
int sqlite3_step(sqlite3_stmt *stmt);
int sqlite3_finalize(sqlite3_stmt *stmt);
char *sqlite3_mprintf(const char *fmt, ...);
void sqlite3_free(void *p);

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;
PGresult *PQexec(PGconn *conn, const char *query);
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
		       const char *const *paramValues, const int *paramLengths,
		       const int *paramFormats, int resultFormat);
PGresult *PQprepare(PGconn *conn, const char *stmtName, const char *query, int nParams,
		    const Oid *paramTypes);
int PQsendQuery(PGconn *conn, const char *query);
char *PQescapeLiteral(PGconn *conn, const char *str, size_t len);
char *PQescapeIdentifier(PGconn *conn, const char *str, size_t len);
void PQfreemem(void *ptr);
void PQclear(PGresult *res);

typedef struct st_mysql MYSQL;
int mysql_query(MYSQL *mysql, const char *q);
int mysql_real_query(MYSQL *mysql, const char *q, unsigned long length);
unsigned long mysql_real_escape_string(MYSQL *mysql, char *to, const char *from,
				       unsigned long length);

typedef void *SQLHSTMT;
typedef unsigned char SQLCHAR;
typedef int SQLINTEGER;
typedef short SQLRETURN;
SQLRETURN SQLExecDirect(SQLHSTMT stmt, SQLCHAR *text, SQLINTEGER len);
SQLRETURN SQLPrepare(SQLHSTMT stmt, SQLCHAR *text, SQLINTEGER len);

#endif
