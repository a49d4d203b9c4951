/* A stray unlock on one error path is no split API's close: it does not
 * excuse, and is not excused by, a function that returns holding the same
 * global lock. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *name;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table;

/* returns holding table_lock: the caller registers, then unlocks */
struct entry *table_begin(void)
{
	pthread_mutex_lock(&table_lock);
	return table;  // expect: locks/held-at-return
}

/* never takes table_lock, but unlocks it when strdup fails */
struct entry *entry_create(const char *name)
{
	struct entry *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->name = strdup(name);
	if (!e->name) {
		pthread_mutex_unlock(&table_lock);  // expect: locks/unlock-not-held
		free(e);
		return NULL;
	}
	return e;
}
