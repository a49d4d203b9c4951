struct entry {
	char *key;
	struct entry *next;
};
struct entry *entry_create(char *key);
void list_push(struct entry **head, struct entry *e);
