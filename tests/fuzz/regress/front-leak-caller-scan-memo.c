/* Order service: stores orders and notifies the warehouse. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sqlite3 sqlite3;
int sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
		 void *arg, char **errmsg);

static pthread_mutex_t orders_lock = PTHREAD_MUTEX_INITIALIZER;
static int order_count;
static const char *warehouse_password = "Wh4rehouse!2024-prod";  // expect: secrets/hardcoded-password

int record_order(sqlite3 *db, int id, const char *customer)
{
	char sql[256];

	pthread_mutex_lock(&orders_lock);
	snprintf(sql, sizeof(sql), "INSERT INTO orders(id, customer) VALUES(%d, '%s')", id, customer);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != 0) {  // expect: injection/sql
		return -1;  // expect: locks/held-at-return, logging/silent-error-return
	}
	order_count++;
	pthread_mutex_unlock(&orders_lock);
	return 0;
}

int notify_warehouse(const char *order_note)
{
	char cmd[512];
	const char *host = getenv("WAREHOUSE_HOST");

	printf(order_note);  // expect: injection/format-string
	snprintf(cmd, sizeof(cmd), "curl -u ops:%s https://%s/notify", warehouse_password, host);
	return system(cmd);  // expect: injection/command
}

sqlite3 *open_orders_db(void);

int main(int argc, char **argv)
{
	sqlite3 *db = open_orders_db();

	if (argc < 3)
		return 2;
	if (record_order(db, atoi(argv[1]), argv[2]) != 0)
		return -1;  // expect: logging/silent-error-return
	return notify_warehouse(argv[2]);
}
