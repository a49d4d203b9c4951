/* A helper that returns either a new node or the list it was given is
 * not a handle factory: callers keep appending to the same list (BlueZ's
 * sdp_list_append). */
#include <stdlib.h>

typedef struct node { struct node *next; void *data; } node_t;

node_t *list_append(node_t *p, void *d)
{
	node_t *q, *n = malloc(sizeof(node_t));

	if (!n)
		return NULL;
	n->data = d;
	n->next = 0;
	if (!p)
		return n;
	for (q = p; q->next; q = q->next)
		;
	q->next = n;
	return p;
}

void list_free(node_t *p);

int collect(void **items, int count, node_t **out)
{
	node_t *list = NULL;
	int i;

	for (i = 0; i < count; i++)
		list = list_append(list, items[i]);
	if (!list)
		return -1;
	*out = list;
	return 0;
}
