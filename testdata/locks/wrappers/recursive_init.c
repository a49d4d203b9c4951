/* A lock initialised as recursive (the project's init entry says so) may
 * be taken again by its holder, directly or in a callee. */
#include <pthread.h>

struct pool {
	pthread_mutex_t lock;
	int n;
};

void pool_init_recursive(struct pool *p);
void ovs_mutex_lock(struct pool *p);
void ovs_mutex_unlock(struct pool *p);

static struct pool registry;

static void registry_add(int v)
{
	ovs_mutex_lock(&registry);
	registry.n += v;
	ovs_mutex_unlock(&registry);
}

void registry_setup(void)
{
	pool_init_recursive(&registry);
	ovs_mutex_lock(&registry);
	registry_add(1);
	ovs_mutex_unlock(&registry);
}
