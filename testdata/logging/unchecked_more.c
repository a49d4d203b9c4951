/* More ignored results. */
#include <sqlite3.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGresult *PQexec(PGconn *conn, const char *query);

void jail(const char *dir)
{
	chroot(dir); // expect: logging/unchecked-result
	if (chdir("/") != 0)
		_exit(1); // expect: logging/silent-error-return
}

void store(sqlite3 *db, PGconn *pg)
{
	sqlite3_exec(db, "INSERT INTO t VALUES (1)", NULL, NULL, NULL); // expect: logging/unchecked-result
	PQexec(pg, "DELETE FROM q"); // expect: logging/unchecked-result
}

void notify(int sk, const void *buf, size_t n, const struct sockaddr *to, socklen_t tl)
{
	sendto(sk, buf, n, 0, to, tl); // expect: logging/unchecked-result
}

void persist(int fd)
{
	fsync(fd); // expect: logging/unchecked-result
	close(fd);
}

void report(FILE *out, int n)
{
	fprintf(out, "%d\n", n);
	fflush(out); // expect: logging/unchecked-result
}

/* diagnostics streams are not checked */
void progress(int n)
{
	fprintf(stderr, "%d\n", n);
	fflush(stderr);
}
