/* A factory that keeps its argument in the object it returns. */
#include <stdlib.h>
#include "list.h"
struct entry *entry_create(char *key)
{
	struct entry *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->key = key;
	return e;
}
void list_push(struct entry **head, struct entry *e)
{
	e->next = *head;
	*head = e;
}
