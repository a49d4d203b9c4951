/* Declarations of the sqlite3, libpq, MySQL and ODBC client APIs the
 * fixtures use, with their real signatures (the client headers are not
 * installed where the fixtures run). */
#ifndef NPLUS1_DB_H
#define NPLUS1_DB_H
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
#define SQLITE_OK 0
#define SQLITE_BUSY 5
#define SQLITE_ROW 100
#define SQLITE_DONE 101
int sqlite3_exec(sqlite3 *, const char *sql, int (*cb)(void *, int, char **, char **), void *,
		 char **errmsg);
int sqlite3_get_table(sqlite3 *db, const char *zSql, char ***pazResult, int *pnRow, int *pnColumn,
		      char **pzErrmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt,
		       const char **pzTail);
int sqlite3_prepare_v3(sqlite3 *db, const char *zSql, int nByte, unsigned int prepFlags,
		       sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_reset(sqlite3_stmt *pStmt);
int sqlite3_finalize(sqlite3_stmt *pStmt);
int sqlite3_bind_int(sqlite3_stmt *, int, int);
int sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, void (*)(void *));
int sqlite3_column_int(sqlite3_stmt *, int iCol);
const unsigned char *sqlite3_column_text(sqlite3_stmt *, int iCol);
const char *sqlite3_errmsg(sqlite3 *);
void sqlite3_free(void *);
void sqlite3_sleep(int);

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;
typedef enum { PGRES_EMPTY_QUERY = 0, PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_FATAL_ERROR = 7 } ExecStatusType;
PGresult *PQexec(PGconn *conn, const char *query);
PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
		       const char *const *paramValues, const int *paramLengths,
		       const int *paramFormats, int resultFormat);
PGresult *PQprepare(PGconn *conn, const char *stmtName, const char *query, int nParams,
		    const Oid *paramTypes);
PGresult *PQexecPrepared(PGconn *conn, const char *stmtName, int nParams,
			 const char *const *paramValues, const int *paramLengths,
			 const int *paramFormats, int resultFormat);
int PQsendQuery(PGconn *conn, const char *query);
ExecStatusType PQresultStatus(const PGresult *res);
int PQntuples(const PGresult *res);
char *PQgetvalue(const PGresult *res, int tup_num, int field_num);
void PQclear(PGresult *res);
void PQreset(PGconn *conn);

typedef struct st_mysql MYSQL;
typedef struct st_mysql_res MYSQL_RES;
typedef struct st_mysql_stmt MYSQL_STMT;
typedef char **MYSQL_ROW;
int mysql_query(MYSQL *mysql, const char *q);
int mysql_real_query(MYSQL *mysql, const char *q, unsigned long length);
MYSQL_RES *mysql_store_result(MYSQL *mysql);
MYSQL_ROW mysql_fetch_row(MYSQL_RES *result);
unsigned long long mysql_num_rows(MYSQL_RES *res);
void mysql_free_result(MYSQL_RES *result);
int mysql_stmt_prepare(MYSQL_STMT *stmt, const char *query, unsigned long length);
int mysql_stmt_execute(MYSQL_STMT *stmt);

typedef void *SQLHSTMT;
typedef short SQLRETURN;
typedef short SQLSMALLINT;
typedef unsigned short SQLUSMALLINT;
typedef long SQLLEN;
typedef unsigned char SQLCHAR;
typedef void *SQLPOINTER;
typedef int SQLINTEGER;
#define SQL_SUCCESS 0
#define SQL_NTS (-3)
#define SQL_C_LONG 4
#define SQL_C_CHAR 1
SQLRETURN SQLExecDirect(SQLHSTMT StatementHandle, SQLCHAR *StatementText, SQLINTEGER TextLength);
SQLRETURN SQLPrepare(SQLHSTMT StatementHandle, SQLCHAR *StatementText, SQLINTEGER TextLength);
SQLRETURN SQLExecute(SQLHSTMT StatementHandle);
SQLRETURN SQLFetch(SQLHSTMT StatementHandle);
SQLRETURN SQLGetData(SQLHSTMT StatementHandle, SQLUSMALLINT ColumnNumber, SQLSMALLINT TargetType,
		     SQLPOINTER TargetValue, SQLLEN BufferLength, SQLLEN *StrLen_or_Ind);
SQLRETURN SQLBindCol(SQLHSTMT StatementHandle, SQLUSMALLINT ColumnNumber, SQLSMALLINT TargetType,
		     SQLPOINTER TargetValue, SQLLEN BufferLength, SQLLEN *StrLen_or_Ind);
SQLRETURN SQLBindParameter(SQLHSTMT hstmt, SQLUSMALLINT ipar, SQLSMALLINT fParamType,
			   SQLSMALLINT fCType, SQLSMALLINT fSqlType, unsigned long cbColDef,
			   SQLSMALLINT ibScale, SQLPOINTER rgbValue, SQLLEN cbValueMax,
			   SQLLEN *pcbValue);

#endif
