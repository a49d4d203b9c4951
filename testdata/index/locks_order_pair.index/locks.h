/* Locks shared by the files of this project: two globals with external
 * linkage and a field of a struct every file knows. */
#include <pthread.h>
extern pthread_mutex_t accounts_mu;
extern pthread_mutex_t journal_mu;
struct conn {
	pthread_mutex_t mu;
	int n;
};
extern int balance;
