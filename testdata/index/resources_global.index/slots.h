extern char *shown_slot;
extern char *dropped_slot;
extern char *unknown_slot;
void show_slot(void);
void drop_slot(void);
void use_unknown_slot(void);
extern char *cached_slot;
void show_cached(void);
void release_cached(void);
