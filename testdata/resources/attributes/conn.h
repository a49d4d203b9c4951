/* Handle factories and their releasers, taught by attributes on the
 * declarations; the definitions live in another file. */
#ifndef CONN_H
#define CONN_H
#include <stddef.h>

struct conn;
struct conn *conn_open(const char *where) __attribute__((malloc));
void conn_close(struct conn *c) __attribute__((ownership_takes(malloc, 1)));
void *pool_get(size_t n) __attribute__((ownership_returns(malloc)));
void pool_put(void *p) __attribute__((ownership_takes(malloc, 1)));
int conn_send(struct conn *c, const char *msg);
/* no attribute: where its result comes from is not known */
struct conn *conn_lookup(const char *where);
#endif
