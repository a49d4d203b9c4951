/* Project lock wrappers declared in .diffvet.json, plus wrappers defined
 * in the translation unit (learned through summaries). */
#include <pthread.h>

struct ovs_mutex {
	pthread_mutex_t lock;
	const char *where;
};
struct ovs_rwlock {
	pthread_rwlock_t lock;
};

void ovs_mutex_lock(const struct ovs_mutex *);
int ovs_mutex_trylock(const struct ovs_mutex *);
void ovs_mutex_unlock(const struct ovs_mutex *);
void ovs_rwlock_rdlock(const struct ovs_rwlock *);
void ovs_rwlock_wrlock(const struct ovs_rwlock *);
void ovs_rwlock_unlock(const struct ovs_rwlock *);

struct bridge {
	struct ovs_mutex mutex;
	struct ovs_rwlock rwlock;
	int n_ports;
};

static struct ovs_mutex big_mutex;
static struct ovs_mutex other_mutex;
static int counter;

/* --- positives --- */

int bridge_add_port(struct bridge *br, int port)
{
	ovs_mutex_lock(&br->mutex);
	if (port < 0)
		return -1;  // expect: locks/held-at-return
	br->n_ports++;
	ovs_mutex_unlock(&br->mutex);
	return 0;
}

void bridge_relock(struct bridge *br)
{
	ovs_mutex_lock(&br->mutex);
	ovs_mutex_lock(&br->mutex);  // expect: locks/double-lock
	ovs_mutex_unlock(&br->mutex);
}

void bridge_unlock_twice(struct bridge *br)
{
	ovs_mutex_lock(&br->mutex);
	ovs_mutex_unlock(&br->mutex);
	ovs_mutex_unlock(&br->mutex);  // expect: locks/unlock-not-held
}

void bridge_try_ignored(struct bridge *br)
{
	ovs_mutex_trylock(&br->mutex);  // expect: locks/trylock-unchecked
	br->n_ports = 0;
	ovs_mutex_unlock(&br->mutex);
}

int bridge_read(struct bridge *br)
{
	int n;
	ovs_rwlock_rdlock(&br->rwlock);
	n = br->n_ports;
	if (n > 10)
		return n;  // expect: locks/held-at-return
	ovs_rwlock_unlock(&br->rwlock);
	return 0;
}

/* TU-defined wrapper: returns holding the lock (name says so). */
static void stats_lock(void)
{
	ovs_mutex_lock(&big_mutex);
}

static void stats_unlock(void)
{
	ovs_mutex_unlock(&big_mutex);
}

int stats_update(int v)
{
	stats_lock();
	if (v < 0)
		return -1;  // expect: locks/held-at-return
	counter += v;
	stats_unlock();
	return 0;
}

void stats_double(void)
{
	stats_lock();
	stats_lock();  // expect: locks/double-lock
	stats_unlock();
}

void order_ab(void)
{
	ovs_mutex_lock(&big_mutex);
	ovs_mutex_lock(&other_mutex);  // expect: locks/lock-order
	ovs_mutex_unlock(&other_mutex);
	ovs_mutex_unlock(&big_mutex);
}

void order_ba(void)
{
	ovs_mutex_lock(&other_mutex);
	stats_lock();
	stats_unlock();
	ovs_mutex_unlock(&other_mutex);
}

/* --- negatives --- */

void bridge_ok(struct bridge *br)
{
	ovs_mutex_lock(&br->mutex);
	br->n_ports = 1;
	ovs_mutex_unlock(&br->mutex);
}

int bridge_goto_ok(struct bridge *br, int port)
{
	int rc = -1;
	ovs_mutex_lock(&br->mutex);
	if (port < 0)
		goto out;
	br->n_ports += port;
	rc = 0;
out:
	ovs_mutex_unlock(&br->mutex);
	return rc;
}

int stats_ok(int v)
{
	stats_lock();
	counter += v;
	stats_unlock();
	return 0;
}

void bridge_lock(struct bridge *br)
{
	ovs_mutex_lock(&br->mutex);
}

void bridge_unlock(struct bridge *br)
{
	ovs_mutex_unlock(&br->mutex);
}

void bridge_via_wrappers(struct bridge *br)
{
	bridge_lock(br);
	br->n_ports = 2;
	bridge_unlock(br);
}

void bridge_try_ok(struct bridge *br)
{
	if (!ovs_mutex_trylock(&br->mutex)) {
		br->n_ports = 3;
		ovs_mutex_unlock(&br->mutex);
	}
}

/* Caller holds br->mutex; releases it and takes it back. */
void bridge_wait_locked(struct bridge *br)
{
	ovs_mutex_unlock(&br->mutex);
	counter++;
	ovs_mutex_lock(&br->mutex);
}

void bridge_wait_caller(struct bridge *br)
{
	ovs_mutex_lock(&br->mutex);
	bridge_wait_locked(br);
	ovs_mutex_unlock(&br->mutex);
}

void bridge_rw_ok(struct bridge *br)
{
	ovs_rwlock_wrlock(&br->rwlock);
	br->n_ports = 0;
	ovs_rwlock_unlock(&br->rwlock);
}

void bridge_hand_off(struct bridge *br)
{
	bridge_lock(br);
	br->n_ports++;
	bridge_unlock(br);
	bridge_lock(br);
	bridge_unlock(br);
}
