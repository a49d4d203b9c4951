#include <stdlib.h>
#include <string.h>
#include "list.h"
/* the key is kept by the entry, the entry by the list: no leak */
int add(struct entry **head, const char *name)
{
	char *key = strdup(name);
	struct entry *e;
	if (!key)
		return -1;
	e = entry_create(key);
	if (!e) {
		free(key);
		return -1;
	}
	list_push(head, e);
	return 0;
}
/* the entry from the other file's factory is lost on one path */
int add_checked(struct entry **head, const char *name, int ok)
{
	char *key = strdup(name);
	struct entry *e;
	if (!key)
		return -1;
	e = entry_create(key);
	if (!e) {
		free(key);
		return -1;
	}
	if (!ok)
		return -1; // expect-index: resources/leak
	list_push(head, e);
	return 0;
}
