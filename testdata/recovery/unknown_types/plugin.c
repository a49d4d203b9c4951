/* A plugin of a third-party library whose header is not installed: its
 * types are unknown and its functions implicitly declared.  The statements
 * that use them are still analysed: the lock and the allocation are the
 * C library's. */
#include <pthread.h>
#include <stdlib.h>
#include <extlib/client.h>

static pthread_mutex_t host_lock = PTHREAD_MUTEX_INITIALIZER;

int host_send(struct host *h, ext_message_t *msg)
{
	ext_status_t st;

	pthread_mutex_lock(&host_lock);
	st = ext_client_send(h->client, msg);
	if (st != 0)
		return -1; // expect: locks/held-at-return
	pthread_mutex_unlock(&host_lock);
	return 0;
}

int host_poll(ext_client_t *c)
{
	ext_value_t row = ext_tree_get(c, "row");
	char *buf = malloc(64);

	if (buf == NULL)
		return -1;
	if (row == 0)
		return -1; // expect: resources/leak
	ext_consume(row, buf);
	free(buf);
	return 0;
}
