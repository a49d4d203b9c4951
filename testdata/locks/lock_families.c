/* Lock families beyond POSIX and C11: GLib, APR, SDL, Windows critical
 * sections and SRW locks (declared here as their headers declare them). */
typedef struct { void *p; unsigned i[2]; } GMutex;
typedef struct { void *p; unsigned i[2]; } GRecMutex;
typedef int gboolean;
void g_mutex_lock(GMutex *m);
gboolean g_mutex_trylock(GMutex *m);
void g_mutex_unlock(GMutex *m);
void g_mutex_clear(GMutex *m);
void g_rec_mutex_lock(GRecMutex *m);
void g_rec_mutex_unlock(GRecMutex *m);

typedef struct apr_thread_mutex_t apr_thread_mutex_t;
typedef int apr_status_t;
apr_status_t apr_thread_mutex_lock(apr_thread_mutex_t *m);
apr_status_t apr_thread_mutex_unlock(apr_thread_mutex_t *m);

typedef struct SDL_mutex SDL_mutex;
int SDL_LockMutex(SDL_mutex *m);
int SDL_UnlockMutex(SDL_mutex *m);

typedef struct { void *DebugInfo; long LockCount; } CRITICAL_SECTION;
typedef struct { void *Ptr; } SRWLOCK;
void EnterCriticalSection(CRITICAL_SECTION *cs);
void LeaveCriticalSection(CRITICAL_SECTION *cs);
void DeleteCriticalSection(CRITICAL_SECTION *cs);
void AcquireSRWLockExclusive(SRWLOCK *l);
void ReleaseSRWLockExclusive(SRWLOCK *l);

struct cache {
	GMutex lock;
	GRecMutex rlock;
	apr_thread_mutex_t *amutex;
	SDL_mutex *smutex;
	CRITICAL_SECTION cs;
	SRWLOCK srw;
	int n;
};

void glib_relock(struct cache *c)
{
	g_mutex_lock(&c->lock);
	c->n++;
	g_mutex_lock(&c->lock);  // expect: locks/double-lock
	g_mutex_unlock(&c->lock);
}

int glib_early(struct cache *c)
{
	g_mutex_lock(&c->lock);
	if (c->n < 0)
		return -1;  // expect: locks/held-at-return
	g_mutex_unlock(&c->lock);
	return 0;
}

void glib_try_ignored(struct cache *c)
{
	g_mutex_trylock(&c->lock);  // expect: locks/trylock-unchecked
	c->n = 0;
	g_mutex_unlock(&c->lock);
}

void glib_clear_held(struct cache *c)
{
	g_mutex_lock(&c->lock);
	c->n = 0;
	g_mutex_clear(&c->lock);  // expect: locks/destroy-held
}

int apr_early(struct cache *c)
{
	if (apr_thread_mutex_lock(c->amutex) != 0)
		return -1;
	if (c->n > 10)
		return 1;  // expect: locks/held-at-return
	apr_thread_mutex_unlock(c->amutex);
	return 0;
}

void sdl_unlock_twice(struct cache *c)
{
	SDL_LockMutex(c->smutex);
	c->n++;
	SDL_UnlockMutex(c->smutex);
	SDL_UnlockMutex(c->smutex);  // expect: locks/unlock-not-held
}

int win_cs_early(struct cache *c)
{
	EnterCriticalSection(&c->cs);
	if (!c->n)
		return 0;  // expect: locks/held-at-return
	c->n--;
	LeaveCriticalSection(&c->cs);
	return 1;
}

void win_srw_relock(struct cache *c)
{
	AcquireSRWLockExclusive(&c->srw);
	AcquireSRWLockExclusive(&c->srw);  // expect: locks/double-lock
	ReleaseSRWLockExclusive(&c->srw);
}

/* --- negatives --- */

/* a recursive mutex may be taken again by its holder */
void glib_rec_nested(struct cache *c)
{
	g_rec_mutex_lock(&c->rlock);
	g_rec_mutex_lock(&c->rlock);
	c->n++;
	g_rec_mutex_unlock(&c->rlock);
	g_rec_mutex_unlock(&c->rlock);
}

int glib_try_right(struct cache *c)
{
	if (!g_mutex_trylock(&c->lock))
		return -1;
	c->n++;
	g_mutex_unlock(&c->lock);
	return 0;
}

void win_cs_right(struct cache *c)
{
	EnterCriticalSection(&c->cs);
	c->n++;
	LeaveCriticalSection(&c->cs);
	DeleteCriticalSection(&c->cs);
}

int apr_checked(struct cache *c)
{
	if (apr_thread_mutex_lock(c->amutex) != 0)
		return -1;
	c->n++;
	apr_thread_mutex_unlock(c->amutex);
	return 0;
}
