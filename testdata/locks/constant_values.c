/* locks: a branch on an enum constant or on a helper that returns one
 * constant has one feasible edge */
#include <pthread.h>

enum { LOCKING = 1, DEBUGGING = 0 };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static int locking_enabled(void)
{
	return LOCKING;
}

static int flip(int x)
{
	if (x > 0)
		return LOCKING;
	return DEBUGGING;
}

void bump(void)
{
	pthread_mutex_lock(&mu);
	counter++;
	if (!locking_enabled())
		return;
	pthread_mutex_unlock(&mu);
}

void bump_unless_debugging(void)
{
	pthread_mutex_lock(&mu);
	counter++;
	if (DEBUGGING)
		return;
	pthread_mutex_unlock(&mu);
}

/* --- positive: the helper's returns differ --- */

void bump_flipped(int x)
{
	pthread_mutex_lock(&mu);
	counter++;
	if (!flip(x))
		return;  // expect: locks/held-at-return
	pthread_mutex_unlock(&mu);
}
