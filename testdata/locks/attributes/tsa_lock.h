/* A project's lock wrappers, taught by clang's thread-safety attributes on
 * their declarations (no project config names them). */
#ifndef TSA_LOCK_H
#define TSA_LOCK_H
#include <pthread.h>

struct __attribute__((capability("mutex"))) tsa_mutex {
	pthread_mutex_t mu;
};

#define TSA_ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define TSA_RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))

void tsa_lock(struct tsa_mutex *m) __attribute__((acquire_capability(m)));
void tsa_unlock(struct tsa_mutex *m) __attribute__((release_capability(m)));
int tsa_trylock(struct tsa_mutex *m) __attribute__((try_acquire_capability(1, m)));
/* the older spelling */
void old_lock(struct tsa_mutex *m) __attribute__((exclusive_lock_function(m)));
void old_unlock(struct tsa_mutex *m) __attribute__((unlock_function(m)));
/* through the project's macros: the capability is the only pointer parameter */
void macro_lock(struct tsa_mutex *m) TSA_ACQUIRE(m);
void macro_unlock(struct tsa_mutex *m) TSA_RELEASE(m);
/* a name no lock pattern matches */
void grab(struct tsa_mutex *m) TSA_ACQUIRE(m);
void let_go(struct tsa_mutex *m) TSA_RELEASE(m);
/* no attribute: an ordinary function */
void tsa_touch(struct tsa_mutex *m);
#endif
