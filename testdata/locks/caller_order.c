/* Callers are evidence that a function releases a lock they took only
 * when they hold it at the call; one that takes the lock after calling is
 * no such evidence. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct item {
	char *name;
};

static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct item *head;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int queued;

/* never takes list_lock, unlocks it when strdup fails */
static struct item *item_new(const char *name)
{
	struct item *it = calloc(1, sizeof(*it));
	if (!it)
		return NULL;
	it->name = strdup(name);
	if (!it->name) {
		pthread_mutex_unlock(&list_lock);  // expect: locks/unlock-not-held
		free(it);
		return NULL;
	}
	return it;
}

int item_add(const char *name)
{
	struct item *it = item_new(name);
	if (!it)
		return -1;
	pthread_mutex_lock(&list_lock);
	head = it;
	pthread_mutex_unlock(&list_lock);
	return 0;
}

/* drops the caller's queue_lock while it waits: its callers hold it */
static void queue_wait(void)
{
	pthread_mutex_unlock(&queue_lock);
	pthread_mutex_lock(&queue_lock);
}

void queue_push(void)
{
	pthread_mutex_lock(&queue_lock);
	queued++;
	queue_wait();
	pthread_mutex_unlock(&queue_lock);
}
