/* Locks handed around as opaque handles (the test-case support library of
 * NIST's Juliet suite: stdThreadLock*).  The handle value itself is the
 * lock, not what it points to. */
typedef struct _stdThreadLock *stdThreadLock;
void stdThreadLockAcquire(stdThreadLock lock);
int stdThreadLockTryAcquire(stdThreadLock lock);
void stdThreadLockRelease(stdThreadLock lock);

static stdThreadLock g_lock = 0;
static int g_counter;

void twice(void)
{
	stdThreadLockAcquire(g_lock);
	stdThreadLockAcquire(g_lock); // expect: locks/double-lock
	g_counter++;
	stdThreadLockRelease(g_lock);
}

void release_twice(void)
{
	stdThreadLockAcquire(g_lock);
	g_counter++;
	stdThreadLockRelease(g_lock);
	stdThreadLockRelease(g_lock); // expect: locks/unlock-not-held
}

int forgotten(int fail)
{
	stdThreadLockAcquire(g_lock);
	if (fail)
		return -1; // expect: locks/held-at-return
	g_counter++;
	stdThreadLockRelease(g_lock);
	return 0;
}

void balanced(void)
{
	stdThreadLockAcquire(g_lock);
	g_counter++;
	stdThreadLockRelease(g_lock);
}

void try_right(void)
{
	if (stdThreadLockTryAcquire(g_lock)) {
		g_counter++;
		stdThreadLockRelease(g_lock);
	}
}
