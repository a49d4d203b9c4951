/* Wrappers that copy text into a buffer before querying: when the loop
 * gives the same statement each time, or the copy is not the only write
 * into the buffer, the loop still repeats one query per element. */
#include "db.h"
#include <string.h>

struct worker {
	MYSQL *mysql;
	char buf[256];
};

static int run_copy(struct worker *w, const char *sql)
{
	strncpy(w->buf, sql, sizeof w->buf - 1);
	return mysql_query(w->mysql, w->buf);
}

/* the same statement text on every iteration */
void touch_all(struct worker *w, int n)
{
	for (int i = 0; i < n; i++)
		run_copy(w, "UPDATE counters SET n = n + 1"); // expect: nplus1/query-in-loop
}

/* the buffer is copied, then rewritten with the element's key: the text is
 * built here, not the caller's own statement */
static int run_keyed(struct worker *w, const char *table, int id)
{
	strcpy(w->buf, table);
	snprintf(w->buf, sizeof w->buf, "SELECT * FROM %s WHERE id = %d", table, id);
	return mysql_query(w->mysql, w->buf);
}

void load_all(struct worker *w, const char *const *tables, const int *ids, int n)
{
	for (int i = 0; i < n; i++)
		run_keyed(w, tables[0], ids[i]); // expect: nplus1/query-in-loop
}
