/* Callers of the wrappers of lockw.c: the index teaches what they lock. */
#include "lockw.h"
int bump(struct conn *c, int by)
{
	conn_lock(c);
	if (by < 0)
		return -1; // expect-index: locks/held-at-return
	c->n += by;
	conn_unlock(c);
	return 0;
}
/* balanced through the wrappers: no finding with or without the index */
int bump_ok(struct conn *c, int by)
{
	conn_lock(c);
	c->n += by;
	conn_unlock(c);
	return 0;
}
/* a static lock of the other file, held on one return */
int global_bad(int x)
{
	big_lock();
	if (x)
		return 1; // expect-index: locks/held-at-return
	big_unlock();
	return 0;
}
/* the wrapper releases the lock taken with the library call (without
 * the index, a call handed the lock's owner may release it) */
int mixed_ok(struct conn *c)
{
	pthread_mutex_lock(&c->mu);
	c->n++;
	conn_unlock(c);
	return 0;
}
