/* A split lock API on a global lock: the iterator's open returns holding
 * the lock, its close releases it.  Neither half is a finding. */
#include <pthread.h>
#include <stdlib.h>

struct iter {
	int pos;
};

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static int reg_n;

struct iter *reg_iter_open(void)
{
	struct iter *it = malloc(sizeof(*it));
	if (!it)
		return NULL;
	pthread_mutex_lock(&reg_lock);
	it->pos = reg_n;
	return it;
}

void reg_iter_close(struct iter *it)
{
	pthread_mutex_unlock(&reg_lock);
	free(it);
}
