#include <sys/types.h>
struct user;
struct request {
	struct user *user;
	pid_t pid;
};
int handle_stop(struct request *r);
int handle_kill(struct request *r);
int user_may_signal(struct user *u);
int user_is_operator(struct user *u);
int is_admin(struct user *u);
