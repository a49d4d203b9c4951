/* Minimal declarations of sqlite3, libpq and MySQL client APIs (their
 * headers are not installed where the fixtures run). */
#ifndef DB_DECLS_H
#define DB_DECLS_H
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
#define SQLITE_OK 0
#define SQLITE_ROW 100
#define SQLITE_DONE 101
int sqlite3_open(const char *filename, sqlite3 **ppDb);
int sqlite3_open_v2(const char *filename, sqlite3 **ppDb, int flags, const char *zVfs);
int sqlite3_close(sqlite3 *);
int sqlite3_close_v2(sqlite3 *);
int sqlite3_exec(sqlite3 *, const char *sql, int (*cb)(void *, int, char **, char **), void *,
		 char **errmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt,
		       const char **pzTail);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_finalize(sqlite3_stmt *pStmt);
int sqlite3_bind_int(sqlite3_stmt *, int, int);
int sqlite3_column_int(sqlite3_stmt *, int iCol);
const char *sqlite3_errmsg(sqlite3 *);

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef enum { CONNECTION_OK, CONNECTION_BAD } ConnStatusType;
typedef enum { PGRES_EMPTY_QUERY = 0, PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_FATAL_ERROR = 7 } ExecStatusType;
PGconn *PQconnectdb(const char *conninfo);
ConnStatusType PQstatus(const PGconn *conn);
void PQfinish(PGconn *conn);
PGresult *PQexec(PGconn *conn, const char *query);
ExecStatusType PQresultStatus(const PGresult *res);
void PQclear(PGresult *res);
char *PQgetvalue(const PGresult *res, int tup_num, int field_num);
int PQntuples(const PGresult *res);
char *PQerrorMessage(const PGconn *conn);

typedef struct st_mysql MYSQL;
MYSQL *mysql_init(MYSQL *mysql);
MYSQL *mysql_real_connect(MYSQL *mysql, const char *host, const char *user, const char *passwd,
			  const char *db, unsigned int port, const char *unix_socket,
			  unsigned long clientflag);
int mysql_query(MYSQL *mysql, const char *q);
void mysql_close(MYSQL *sock);
const char *mysql_error(MYSQL *mysql);
#endif
