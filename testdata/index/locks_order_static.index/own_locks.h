/* Static locks defined in a header: every file that includes it has its
 * own two mutexes, although clang names them alike in every file. */
#include <pthread.h>
static pthread_mutex_t hdr_a_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t hdr_b_mu = PTHREAD_MUTEX_INITIALIZER;
