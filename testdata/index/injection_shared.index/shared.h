/* Functions and variables shared by the files of this case. */
void print_title(const char *text);
void print_user(const char *text);
void print_note(const char *text);
void relay_user(const char *text);
void run_boxed(void *box);
void run_pending(void);
void show_banner(void);
extern char *pending_cmd;
extern const char *banner_fmt;
