#include <pthread.h>
extern pthread_mutex_t outer_mu, inner_mu;
struct node {
	pthread_mutex_t mu;
	struct node *next;
	int v;
};
extern int total;
