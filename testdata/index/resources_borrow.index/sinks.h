/* Consumers defined in sinks.c. */
void print_item(char *p);
void drop_item(char *p);
void keep_item(char *p);
void pass_item(char *p);
void print_pair(char *a, char *b);
