/* Built without its generated header: absent_config.h is nowhere in the
 * tree, so struct session is incomplete, SESSION_DIRTY is undeclared and
 * session_log is an implicit declaration.  The statement that stores
 * through the incomplete type is dropped by error recovery; it calls
 * nothing, so the rest of each function is still judged. */
#include <pthread.h>
#include "absent_config.h"

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

int session_touch(struct session *s, int id)
{
	pthread_mutex_lock(&table_lock);
	if (id < 0)
		return -1; // expect: locks/held-at-return
	s->state->flags |= SESSION_DIRTY;
	session_log(s, id);
	pthread_mutex_unlock(&table_lock);
	return 0;
}

int session_touch_ok(struct session *s, int id)
{
	pthread_mutex_lock(&table_lock);
	if (id < 0) {
		pthread_mutex_unlock(&table_lock);
		return -1;
	}
	s->state->flags |= SESSION_DIRTY;
	session_log(s, id);
	pthread_mutex_unlock(&table_lock);
	return 0;
}

/* The dropped statement holds the release: not judged (a coverage gap),
 * never a false held-at-return. */
int session_touch_hidden(struct session *s)
{
	pthread_mutex_lock(&table_lock);
	s->state->flags |= SESSION_DIRTY + pthread_mutex_unlock(&table_lock);
	return 0;
}
